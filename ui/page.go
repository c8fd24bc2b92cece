package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
)

// page is a screen of text that may be longer than the terminal, scrolled
// with the arrows and the page keys: the recap and the glossary.
type page struct {
	styles *Styles
	keys   KeyMap
	lang   i18n.Lang
	vp     viewport.Model
	// content is the text in the viewport: a new text of the same page (a
	// recap that came back, the other language) keeps the place when it
	// is another text, and goes to the top when it is the first.
	content string
}

func newPage(st *Styles) page { return page{styles: st, vp: viewport.New(0, 0)} }

func (p *page) SetLang(lang i18n.Lang, keys KeyMap) { p.lang, p.keys = lang, keys }

// SetSize sizes the page; its last line is kept for the scroll indicator.
func (p *page) SetSize(w, h int) { p.vp.Width, p.vp.Height = w, max(h-1, 1) }

// SetContent puts text on the page.
func (p *page) SetContent(s string) {
	if s == p.content {
		return
	}
	p.content = s
	p.vp.SetContent(s)
}

// Top scrolls the page back to its beginning.
func (p *page) Top() { p.vp.GotoTop() }

// Update scrolls the page.
func (p page) Update(msg tea.KeyMsg) page {
	switch {
	case key.Matches(msg, p.keys.Down):
		p.vp.ScrollDown(1)
	case key.Matches(msg, p.keys.Up):
		p.vp.ScrollUp(1)
	case key.Matches(msg, p.keys.PageDown):
		p.vp.PageDown()
	case key.Matches(msg, p.keys.PageUp):
		p.vp.PageUp()
	}
	return p
}

// View is the visible part of the page and, when there is more below, how
// much.
func (p page) View() string {
	more := ""
	if below := p.vp.TotalLineCount() - p.vp.YOffset - p.vp.Height; below > 0 {
		more = p.styles.Overflow.Render(i18n.T("↓ %d more", below).In(p.lang) + "  (↓/j)")
	}
	return strings.TrimRight(p.vp.View(), "\n") + "\n" + more
}
