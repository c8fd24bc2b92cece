package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// layout is where each part of the body goes at the current size.
type layout struct {
	listW, lessonW, panesW, bodyH int
	lessonOnly                    bool // the lesson in place of the panes
}

// wide is the projector layout: lesson and panes side by side.
func (m Model) wide() bool { return m.width >= 120 }

// layout splits the screen: a header and a footer line; in between, from
// 200 columns the step list, from 120 the lesson beside the panes, and
// below that the panes or, toggled with l, the lesson. The panes get the
// room: at 160 columns the step list is a strip in the header, and the
// lesson a third of the width.
func (m Model) layout() layout {
	l := layout{bodyH: max(m.height-2-m.markHeight(), 0)}
	w := m.width
	if m.width >= 200 && !m.opts.Presenter {
		l.listW = stepListWidth
		w -= stepListWidth + 1
	}
	switch {
	case m.wide() && m.showLesson:
		l.lessonW = w / 3
		w -= l.lessonW + 1
	case !m.wide() && m.lessonOnly:
		l.lessonOnly, l.lessonW, w = true, w, 0
	}
	l.panesW = w
	return l
}

// View draws the screen from the state; it changes nothing. In ASCII mode
// it is drawn as ever, then in ASCII (ascii.go).
func (m Model) View() string {
	if m.opts.ASCII {
		return asciiOnly(m.view())
	}
	return m.view()
}

func (m Model) view() string {
	if m.width == 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		// Wrapped at spaces only, so that --plain stays one word.
		msg := wordwrap(i18n.T("burk needs a terminal of at least %d×%d (this one is %d×%d): make it larger, or run burk tour --plain.", minWidth, minHeight, m.width, m.height).In(m.lang), min(m.width, 50))
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.styles.Text.Render(msg))
	}
	l := m.layout()
	body := m.screen.view(m, l)
	head := m.headerView(l) + "\n"
	if mark := m.markView(); mark != "" {
		head += mark + "\n" // a recording, on every screen
	}
	return head + fit(body, m.width, l.bodyH) + "\n" + m.footerView()
}

// headerView is the step, where it is in the tour, and how its run went.
func (m Model) headerView(l layout) string {
	s := m.step()
	left := m.styles.Title.Render("burk") + fmt.Sprintf("  %d/%d  ", m.cur+1, len(steps.All()))
	if l.listW == 0 {
		left += m.list.Strip() + "  "
	}
	left += m.styles.Title.Render(s.Title.In(m.lang))
	if m.variant == steps.BreakIt {
		left += m.styles.Error.Render(" — " + i18n.T("break it").In(m.lang) + ": " + s.Break.Title.In(m.lang))
	} else {
		left += "  " + m.styles.Summary.Render(s.Summary.In(m.lang))
	}
	var right string
	switch {
	case m.status != "":
		right = m.styles.Status.Render(m.status)
	case m.running:
		right = m.spinner.View() + " " + m.styles.Status.Render(i18n.T("running…").In(m.lang))
	case m.current() != nil:
		o := m.current()
		right = m.styles.Status.Render(o.Duration.Round(time.Millisecond).String())
		if !o.Started.IsZero() {
			// When it ran: r is seen to run again even where it shows
			// the same.
			right = m.styles.Status.Render(o.Started.Format("15:04:05")+"  ") + right
		}
	}
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(m.width-lipgloss.Width(right)-1, 0), "…")
		gap = 1
	}
	line := ansi.Truncate(left+strings.Repeat(" ", gap)+right, m.width, "")
	if m.flash {
		return m.styles.Flash.Render(ansi.Strip(line))
	}
	return line
}

// footerView is the keys a learner needs first, as many as fit the width.
// ? and q are always there, l when the lesson is not on screen (a
// learner who sees neither the lesson nor the key to it never finds it),
// and in a "break it" variant, b, the way back.
func (m Model) footerView() string {
	k := m.stepKeys()
	shown := map[string]bool{k.Help.Help().Key: true, k.Quit.Help().Key: true}
	if m.layout().lessonW == 0 {
		shown[k.Lesson.Help().Key] = true
	}
	if m.variant == steps.BreakIt {
		shown[k.Break.Help().Key] = true // the way back from the variant
	}
	if k.Type.Enabled() {
		shown[k.Type.Help().Key] = true // the presenter's: on stage, at hand
	}
	if k.Fallback.Enabled() {
		shown[k.Fallback.Help().Key] = true // the speaker's way out of a failed step
	}
	h := m.help
	h.Width = 0 // measured here rather than cut by help.Model
	view := func() string {
		var bs []key.Binding
		for _, b := range k.ShortHelp() {
			if shown[b.Help().Key] && b.Enabled() {
				bs = append(bs, b)
			}
		}
		return h.ShortHelpView(bs)
	}
	// The others in the footer's order, each while it fits.
	for _, b := range k.ShortHelp() {
		if name := b.Help().Key; !shown[name] {
			shown[name] = true
			if lipgloss.Width(view()) > m.width {
				shown[name] = false
			}
		}
	}
	return ansi.Truncate(view(), m.width, "…")
}

// helpView is every key, and what the flags in the panes mean.
func (m Model) helpView() string {
	h := m.help
	h.ShowAll = true
	st := m.styles
	legend := []string{st.Title.Render(i18n.T("In the panes:").In(m.lang)),
		"  " + st.Changed.Render("+") + " " + i18n.T("new since the previous step").In(m.lang),
		"  " + st.Gone.Render("-") + " " + i18n.T("gone since the previous step").In(m.lang),
		"  " + st.Marked.Render("•") + " " + i18n.T("worth a look").In(m.lang),
		"  " + st.TraceFailed.Render("✗") + " " + i18n.T("refused by the kernel").In(m.lang),
		"",
		st.Dim.Render(i18n.T("esc, q or ? closes this help").In(m.lang))}
	return h.FullHelpView(m.stepKeys().FullHelp()) + "\n\n" + strings.Join(legend, "\n")
}

// bodyView is the columns: step list, lesson, panes and claims.
func (m Model) bodyView(l layout) string {
	var cols []string
	if l.listW > 0 {
		cols = append(cols, fit(m.list.View(), l.listW, l.bodyH))
	}
	if l.lessonW > 0 {
		cols = append(cols, fit(m.lesson.View(), l.lessonW, l.bodyH))
	}
	if l.panesW > 0 {
		cols = append(cols, fit(m.observationView(l), l.panesW, l.bodyH))
	}
	return strings.Join(joinColumns(cols), "\n")
}

// observationView is the panes and the claims, or the spinner while the
// step has not shown anything yet.
func (m Model) observationView(l layout) string {
	var parts []string
	if n := m.noticeView(l.panesW, m.noticeHeight(l)); n != "" {
		parts = append(parts, n)
	}
	if b := m.breakNoteLines(l.panesW); len(b) > 0 {
		parts = append(parts, strings.Join(b, "\n"))
	}
	switch {
	case m.liveShown():
		used := len(strings.Split(strings.Join(parts, "\n"), "\n"))
		if len(parts) == 0 {
			used = 0
		}
		parts = append(parts, m.liveView(l.panesW, l.bodyH-used))
	case m.current() == nil:
		parts = append(parts, m.spinner.View()+" "+m.styles.Dim.Render(i18n.T("running the step on this machine…").In(m.lang)))
	case m.claims.Height() == 0:
		parts = append(parts, m.panes.View())
	default:
		parts = append(parts, m.panes.View(), m.claims.View())
	}
	return strings.Join(parts, "\n")
}

// fit pads or cuts a block to exactly w×h cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		l = ansi.Truncate(l, w, "")
		if pad := w - ansi.StringWidth(l); pad > 0 {
			l += strings.Repeat(" ", pad)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// joinColumns puts blocks of equal height side by side, a space apart.
func joinColumns(cols []string) []string {
	if len(cols) == 0 {
		return nil
	}
	split := make([][]string, len(cols))
	for i, c := range cols {
		split[i] = strings.Split(c, "\n")
	}
	rows := make([]string, len(split[0]))
	for r := range rows {
		parts := make([]string, len(split))
		for i := range split {
			if r < len(split[i]) {
				parts[i] = split[i][r]
			}
		}
		rows[r] = strings.Join(parts, " ")
	}
	return rows
}
