package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
)

// lessonKey is one rendering of a lesson: the same Markdown wraps
// differently at every width.
type lessonKey struct {
	step  string
	lang  i18n.Lang
	width int
	hood  bool // its "Under the hood" section open
}

// lessonPane is the step's lesson, rendered for the terminal and scrolled
// in a viewport.
type lessonPane struct {
	styles *Styles
	keys   KeyMap
	lang   i18n.Lang // the UI's, for the pane's own words
	get    func(stepID, lang string) (string, error)
	// cache is shared by every copy of the model: rendering a lesson is
	// the slowest thing the UI does, and a lesson never changes.
	cache map[lessonKey]string
	vp    viewport.Model
	want  lessonKey // the lesson to show
	shown lessonKey // the lesson in the viewport
	// hoodOpen opens every lesson's "Under the hood" section, which is
	// folded by default: the beginner's path goes past it.
	hoodOpen bool
}

func newLessonPane(st *Styles, get func(stepID, lang string) (string, error)) lessonPane {
	return lessonPane{styles: st, get: get, cache: map[lessonKey]string{}, vp: viewport.New(0, 0)}
}

func (l *lessonPane) SetLang(lang i18n.Lang, keys KeyMap) { l.lang, l.keys = lang, keys }

// SetSize sizes the pane; the last line is kept for the scroll indicator.
func (l *lessonPane) SetSize(w, h int) {
	l.vp.Width, l.vp.Height = w, max(h-1, 1)
	l.Show(l.want.step, l.want.lang)
}

// Show puts a step's lesson in the pane, from the top when it is another
// step's than before.
func (l *lessonPane) Show(stepID string, lang i18n.Lang) {
	k := lessonKey{step: stepID, lang: lang, width: l.vp.Width, hood: l.hoodOpen}
	l.want = k
	if k == l.shown || stepID == "" || k.width <= 0 {
		return // hidden, or shown already
	}
	text, ok := l.cache[k]
	if !ok {
		text = l.render(k)
		l.cache[k] = text
	}
	if stepID != l.shown.step {
		l.vp.GotoTop()
	}
	l.shown = k
	l.vp.SetContent(text)
}

func (l *lessonPane) render(k lessonKey) string {
	if l.get == nil {
		return ""
	}
	md, err := l.get(k.step, string(k.lang))
	if err != nil {
		return l.styles.Error.Render(fmt.Sprintf("%s: %v", i18n.T("no lesson").In(l.lang), err))
	}
	return renderMarkdown(foldHood(md, k.lang, k.hood, l.keys.Hood.Help().Key), k.width, *l.styles)
}

// ToggleHood opens or folds the "Under the hood" sections, in place: the
// lesson stays where it was scrolled to.
func (l *lessonPane) ToggleHood() {
	l.hoodOpen = !l.hoodOpen
	l.Show(l.want.step, l.want.lang)
}

// UnderTheHood is the heading, by language, of a lesson's section of
// implementation detail that a beginner can skip: the tour shows it
// folded, --plain prints it in full.
var UnderTheHood = map[i18n.Lang]string{i18n.English: "Under the hood", i18n.Swedish: "Under huven"}

// foldHood is a lesson with its "Under the hood" section folded into one
// line that says what it is and which key opens it, or, open, with a
// heading that says which key folds it. The section runs to the next
// level-2 heading or the end.
func foldHood(md string, lang i18n.Lang, open bool, key string) string {
	title := UnderTheHood[lang]
	before, rest, ok := strings.Cut(md, "\n## "+title+"\n")
	if !ok {
		return md
	}
	body, after, more := strings.Cut(rest, "\n## ")
	if more {
		after = "\n## " + after
	}
	if open {
		return before + "\n## ▾ " + title + " — " + i18n.T("%s folds it", key).In(lang) + "\n" + body + after
	}
	return before + "\n▸ **" + title + "** — " + i18n.T("the kernel's details, for the curious: %s opens them", key).In(lang) + "\n" + after
}

// Update scrolls the lesson. keys are its own (J/K) unless it is the
// focused pane, when the arrows and pages scroll it too.
func (l lessonPane) Update(msg tea.Msg, focused bool) (lessonPane, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return l, nil
	}
	switch {
	case key.Matches(k, l.keys.LessonDown), focused && key.Matches(k, l.keys.Down):
		l.vp.ScrollDown(1)
	case key.Matches(k, l.keys.LessonUp), focused && key.Matches(k, l.keys.Up):
		l.vp.ScrollUp(1)
	case focused && key.Matches(k, l.keys.PageDown):
		l.vp.PageDown()
	case focused && key.Matches(k, l.keys.PageUp):
		l.vp.PageUp()
	}
	return l, nil
}

// View is the visible part of the lesson and, when there is more below,
// how much.
func (l lessonPane) View() string {
	more := ""
	if below := l.vp.TotalLineCount() - l.vp.YOffset - l.vp.Height; below > 0 {
		more = l.styles.Overflow.Render(i18n.T("↓ %d more", below).In(l.lang) + "  (J)")
	}
	return strings.TrimRight(l.vp.View(), "\n") + "\n" + more
}

// GlossaryID is the name the glossary is asked for by, as a lesson is by
// its step's id.
const GlossaryID = "glossary"

// rendered is a lesson's text (or the glossary's) rendered at width,
// from the cache every copy of the model shares.
func (l *lessonPane) rendered(stepID string, lang i18n.Lang, width int) string {
	k := lessonKey{step: stepID, lang: lang, width: width}
	text, ok := l.cache[k]
	if !ok {
		text = l.render(k)
		l.cache[k] = text
	}
	return text
}
