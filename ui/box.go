package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/viewport"

	"github.com/burk-tui/burk/internal/i18n"
)

// scrollBox is one bordered pane: a heading (a line or a few) and a
// table's header that stay, and lines that scroll under them in a viewport. When the lines do not fit, the last row
// says how many more there are.
type scrollBox struct {
	heading       string
	header        string // a table's header row, or ""
	vp            viewport.Model
	width, height int
	overflows     bool
	lang          i18n.Lang // for the line that says how many more
}

// set fills the box, w×h cells with its border, keeping the scroll
// position as far as the new lines allow.
func (b *scrollBox) set(heading, header string, lines []string, w, h int, lang i18n.Lang) {
	b.heading, b.header, b.width, b.height, b.lang = heading, header, w, h, lang
	rows := max(h-2-strings.Count(heading, "\n")-1, 1) // the border's two rows and the heading
	if header != "" {
		rows = max(rows-1, 1)
	}
	b.overflows = len(lines) > rows && rows > 1
	if b.overflows {
		rows--
	}
	b.vp.Width, b.vp.Height = max(w-4, 1), rows
	b.vp.SetContent(strings.Join(lines, "\n"))
}

func (b *scrollBox) scroll(n int) {
	if n > 0 {
		b.vp.ScrollDown(n)
	} else {
		b.vp.ScrollUp(-n)
	}
}

func (b scrollBox) view(st *Styles) string {
	if b.width <= 0 {
		return ""
	}
	content := b.heading + "\n"
	if b.header != "" {
		content += st.TableHeader.Render(b.header) + "\n"
	}
	content += b.vp.View()
	if b.overflows {
		more := ""
		if below := b.vp.TotalLineCount() - b.vp.YOffset - b.vp.Height; below > 0 {
			more = st.Overflow.Render(i18n.T("↓ %d more", below).In(b.lang))
		}
		content += "\n" + more
	}
	return st.Pane.Width(b.width - 2).Render(content)
}
