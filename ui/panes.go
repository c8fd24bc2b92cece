package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// traceTab is the id of the syscall trace's tab; no view has it.
const traceTab = "\x00trace"

// minSideBySide is the narrowest screen that shows HOST and CONTAINER side
// by side; below it they are stacked, each the full width.
const minSideBySide = 80

// obsPanes shows one observation: a tab per view with the host's and the
// container's pane side by side, and a tab with the syscall trace. Lines
// new since the previous step are flagged.
type obsPanes struct {
	styles        *Styles
	keys          KeyMap
	lang          i18n.Lang
	width, height int

	obs, prev *steps.Observation
	prevName  string          // what prev is, for the legend
	tab       string          // the chosen view's id, or traceTab
	changed   map[string]bool // tabs with something new since prev

	host, container, trace scrollBox
}

func newObsPanes(st *Styles) obsPanes { return obsPanes{styles: st} }

func (p *obsPanes) SetLang(lang i18n.Lang, keys KeyMap) {
	p.lang, p.keys = lang, keys
	p.fill()
}

func (p *obsPanes) SetSize(w, h int) {
	if w == p.width && h == p.height {
		return
	}
	p.width, p.height = w, h
	p.fill()
}

// SetObservation shows o, compared with prev (nil: nothing to compare
// with). The chosen tab stays when o has it and it changed, so stepping
// through the tour on the mounts tab shows the mounts change.
func (p *obsPanes) SetObservation(o, prev *steps.Observation, prevName string) {
	moved := p.obs == nil || o == nil || o.StepID != p.obs.StepID || o.Variant != p.obs.Variant
	p.obs, p.prev, p.prevName = o, prev, prevName
	if o != nil && !slices.Contains(p.tabs(), p.tab) {
		p.tab = ""
		if tabs := p.tabs(); len(tabs) > 0 {
			p.tab = tabs[0]
		}
	}
	p.changed = changedTabs(o, prev)
	// Arriving at a step, follow the change: stay on a view that changed,
	// else go to the first that did, so that → shows what the step did.
	if moved && o != nil && prev != nil && !p.changed[p.tab] {
		for _, v := range o.Views {
			if p.changed[v.ID] {
				p.tab = v.ID
				break
			}
		}
	}
	if moved {
		p.host.vp.GotoTop()
		p.container.vp.GotoTop()
		p.trace.vp.GotoTop()
	}
	p.fill()
}

// tabs are the observation's views, by id, and the trace.
func (p obsPanes) tabs() []string {
	if p.obs == nil {
		return nil
	}
	ids := make([]string, 0, len(p.obs.Views)+1)
	for _, v := range p.obs.Views {
		ids = append(ids, v.ID)
	}
	return append(ids, traceTab)
}

// Update switches tabs and scrolls the chosen one; host and container
// scroll together, so their lines stay side by side.
func (p obsPanes) Update(msg tea.Msg) (obsPanes, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || p.obs == nil {
		return p, nil
	}
	switch {
	case key.Matches(k, p.keys.NextView), key.Matches(k, p.keys.PrevView):
		tabs := p.tabs()
		i := slices.Index(tabs, p.tab)
		if key.Matches(k, p.keys.NextView) {
			i = (i + 1) % len(tabs)
		} else {
			i = (i + len(tabs) - 1) % len(tabs)
		}
		p.tab = tabs[i]
		p.host.vp.GotoTop()
		p.container.vp.GotoTop()
		p.trace.vp.GotoTop()
		p.fill()
	case key.Matches(k, p.keys.Down):
		p.scroll(1)
	case key.Matches(k, p.keys.Up):
		p.scroll(-1)
	case key.Matches(k, p.keys.PageDown):
		p.scroll(p.page())
	case key.Matches(k, p.keys.PageUp):
		p.scroll(-p.page())
	}
	return p, nil
}

// showsTrace reports whether the trace is the box on screen.
func (p obsPanes) showsTrace() bool { return p.tab == traceTab || p.obs.Err != nil }

// page is how many lines a page is: the box's rows.
func (p obsPanes) page() int {
	if p.showsTrace() {
		return p.trace.vp.Height
	}
	return p.host.vp.Height
}

func (p *obsPanes) scroll(n int) {
	if p.showsTrace() {
		p.trace.scroll(n)
		return
	}
	p.host.scroll(n)
	p.container.scroll(n)
}

// fill lays out the boxes for the size and renders the chosen tab's lines
// into them. It runs when something changes, never in View.
func (p *obsPanes) fill() {
	if p.obs == nil || p.lang == "" || p.width <= 0 {
		return
	}
	h := p.height - 1 // the tab bar
	if p.obs.Err != nil {
		p.trace.set(p.styles.Dim.Render(i18n.T("syscalls").In(p.lang)), p.traceLines(p.width-4), p.width, h+1-p.errorHeight(), p.lang)
		return
	}
	if p.tab == traceTab {
		p.trace.set(p.styles.Dim.Render(i18n.T("syscalls").In(p.lang)), p.traceLines(p.width-4), p.width, h, p.lang)
		return
	}
	v := p.obs.View(p.tab)
	if v == nil {
		return
	}
	var prev *steps.View
	if p.prev != nil {
		prev = p.prev.View(v.ID)
	}
	hw, hh, cw, ch := p.width/2, h, p.width-p.width/2, h
	if p.width < minSideBySide {
		hw, hh, cw, ch = p.width, h/2, p.width, h-h/2
	}
	p.host.set(p.heading(p.styles.HostLabel.Render(i18n.T("HOST").In(p.lang)), v.Host.Source.In(p.lang), hw),
		p.paneLines(v.Host, prevPane(prev, true), hw-4), hw, hh, p.lang)
	p.container.set(p.heading(p.styles.ContainerLabel.Render(i18n.T("CONTAINER").In(p.lang)), v.Container.Source.In(p.lang), cw),
		p.paneLines(v.Container, prevPane(prev, false), cw-4), cw, ch, p.lang)
}

// heading names the side and the command its lines came from.
func (p obsPanes) heading(label, source string, w int) string {
	return ansi.Truncate(label+"  "+p.styles.Source.Render(source), w-4, "…")
}

// View is the tab bar and the chosen tab.
func (p obsPanes) View() string {
	if p.obs == nil {
		return ""
	}
	if p.obs.Err != nil {
		if len(p.obs.Trace) == 0 || p.trace.height < 4 {
			return p.errorView()
		}
		return lipgloss.JoinVertical(lipgloss.Left, p.errorView(), p.trace.view(p.styles))
	}
	bar := p.tabBar()
	if p.tab == traceTab {
		return bar + "\n" + p.trace.view(p.styles)
	}
	if p.obs.View(p.tab) == nil {
		return bar
	}
	if p.width < minSideBySide {
		return lipgloss.JoinVertical(lipgloss.Left, bar, p.host.view(p.styles), p.container.view(p.styles))
	}
	return bar + "\n" + lipgloss.JoinHorizontal(lipgloss.Top, p.host.view(p.styles), p.container.view(p.styles))
}

// tabBar names every tab by its view's id — the command the article runs —
// with the chosen one in brackets and a + on those with something new.
// On the right, when there is room, what the flags in the panes mean.
func (p obsPanes) tabBar() string {
	var b strings.Builder
	for _, id := range p.tabs() {
		label := id
		if id == traceTab {
			label = i18n.T("syscalls").In(p.lang)
		}
		if p.changed[id] {
			label += "+"
		}
		if id == p.tab {
			b.WriteString(p.styles.TabActive.Render("[" + label + "]"))
		} else {
			b.WriteString(p.styles.Tab.Render(" " + label + " "))
		}
	}
	bar := b.String()
	legend := i18n.T("• worth a look").In(p.lang)
	if p.prev != nil {
		legend = i18n.T("+ new since %s", p.prevName).In(p.lang) + "  " + legend
	}
	if p.tab == traceTab {
		legend = i18n.T("✗ refused by the kernel").In(p.lang)
		if p.prev != nil {
			legend = i18n.T("+ new since %s", p.prevName).In(p.lang) + "  " + legend
		}
	}
	if gap := p.width - lipgloss.Width(bar) - lipgloss.Width(legend); gap >= 2 {
		return bar + strings.Repeat(" ", gap) + p.styles.Dim.Render(legend)
	}
	return ansi.Truncate(bar, p.width, "…")
}

// errorHeight is how tall the error box is at this width.
func (p obsPanes) errorHeight() int { return lipgloss.Height(p.errorView()) }

// errorView is a step that could not run: what went wrong and what the
// learner can do about it, where the panes would be.
func (p obsPanes) errorView() string {
	inner := max(p.width-4, 10)
	text := p.styles.Text.Width(inner)
	msg := p.styles.Error.Render("✗ "+i18n.T("This step could not run").In(p.lang)) + "\n" +
		text.Render(p.obs.Err.Error()) + "\n\n" +
		p.styles.Title.Render(i18n.T("What to do").In(p.lang)+":") + "\n" +
		text.Render(p.obs.Hint.In(p.lang))
	return p.styles.Pane.Width(p.width - 2).Render(msg)
}

func prevPane(v *steps.View, host bool) *steps.Pane {
	switch {
	case v == nil:
		return nil
	case host:
		return &v.Host
	}
	return &v.Container
}

// paneLines renders one side's lines for a width: a gutter with + for a
// line new since the previous step and • for a marked one, then the line,
// wrapped rather than cut; at the end, the lines the previous step had and
// this one has not.
func (p obsPanes) paneLines(pane steps.Pane, prev *steps.Pane, w int) []string {
	var d lineDiff
	if prev != nil {
		d = diffPanes(pane, *prev)
	}
	// Marks and the diff go by index on the English lines; the lines
	// shown are in the learner's language, index for index.
	shown := pane.LinesIn(p.lang)
	text := make([]string, len(shown))
	for i, l := range shown {
		text[i] = strings.ReplaceAll(l, "\t", " ")
	}
	text = squeezeToFit(text, w-3)
	lines := make([]string, 0, len(pane.Lines)+1)
	for i, l := range text {
		isMarked := slices.Contains(pane.Marked, i)
		gutter := p.gutter(d.isNew(i), isMarked, "•", p.styles.Marked)
		for _, row := range wrapLine(l, w-3, "  ") {
			if isMarked {
				row = p.styles.Marked.Render(row)
			}
			lines = append(lines, gutter+row)
			gutter = "   "
		}
	}
	if !pane.Err.IsZero() {
		for _, row := range wrapLine("! "+pane.Err.In(p.lang), w-3, "  ") {
			lines = append(lines, "   "+p.styles.Error.Render(row))
		}
	}
	var gone []string
	if prev != nil {
		was := prev.LinesIn(p.lang)
		for _, j := range d.gone {
			gone = append(gone, was[j])
		}
	}
	return append(lines, p.goneLines(gone, w)...)
}

// gutter is three columns: + when a line is new, a mark of its own, and a
// space before the line.
func (p obsPanes) gutter(isNew, marked bool, mark string, style lipgloss.Style) string {
	g := " "
	if isNew {
		g = p.styles.Changed.Render("+")
	}
	if marked {
		return g + style.Render(mark) + " "
	}
	return g + "  "
}

// goneLines are what vanished since the previous step: each line when
// there are a few, how many when there are more.
func (p obsPanes) goneLines(gone []string, w int) []string {
	if len(gone) > 3 {
		return []string{p.styles.Changed.Render("-") + "  " + p.styles.Dim.Render(
			ansi.Truncate(i18n.T("%d lines gone since %s", len(gone), p.prevName).In(p.lang), w-3, "…"))}
	}
	text := make([]string, len(gone))
	for i, l := range gone {
		text[i] = strings.ReplaceAll(l, "\t", " ")
	}
	var lines []string
	for _, l := range squeezeToFit(text, w-3) {
		gutter := p.styles.Changed.Render("-") + "  "
		for _, row := range wrapLine(l, w-3, "  ") {
			lines = append(lines, gutter+p.styles.Dim.Render(row))
			gutter = "   "
		}
	}
	return lines
}
