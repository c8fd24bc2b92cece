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
	marks     marks           // the flags on the chosen tab, for the legend
	// reveal asks the next fill to scroll each pane to its first marked
	// line: the panes show a step, or a tab, for the first time.
	reveal bool

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
// with). Arriving at a step, or at its "break it" run, the panes open on
// the view its lesson talks about first (focus), with the lines marked
// worth a look scrolled into view; a run again of the same step keeps the
// tab and the scroll.
func (p *obsPanes) SetObservation(o, prev *steps.Observation, prevName, focus string) {
	moved := p.obs == nil || o == nil || o.StepID != p.obs.StepID || o.Variant != p.obs.Variant
	p.obs, p.prev, p.prevName = o, prev, prevName
	if moved && o != nil && o.View(focus) != nil {
		p.tab = focus
	}
	if o != nil && !slices.Contains(p.tabs(), p.tab) {
		p.tab = ""
		if tabs := p.tabs(); len(tabs) > 0 {
			p.tab = tabs[0]
		}
	}
	p.changed = changedTabs(o, prev)
	if moved {
		p.reveal = true
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
		p.reveal = true
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
	p.marks = marks{}
	if p.obs.Err != nil || p.tab == traceTab {
		if p.obs.Err != nil {
			h = h + 1 - p.errorHeight()
		}
		lines, m := p.traceLines(p.width - 4)
		p.marks = m
		if p.obs.Err == nil && p.legendOwnLine() {
			h--
		}
		p.trace.set(p.styles.Dim.Render(i18n.T("syscalls").In(p.lang)), "", lines, p.width, h, p.lang)
		if p.reveal {
			p.trace.vp.GotoTop()
			p.reveal = false
		}
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
	host := p.paneLines(v.Host, prevPane(prev, true), v.Container, hw-4)
	container := p.paneLines(v.Container, prevPane(prev, false), v.Host, cw-4)
	host.lines = withCharts(host, chartsOf(p.styles, p.lang, v.Host.Charts, hw-7, 0))
	p.marks.add(host.marks)
	p.marks.add(container.marks)
	if p.legendOwnLine() {
		h--
		hh, ch = h, h
		if p.width < minSideBySide {
			hh, ch = h/2, h-h/2
		}
	}
	// Side by side, the rows stay level: both sides have a header row
	// when one has.
	if p.width >= minSideBySide && (host.header != "") != (container.header != "") {
		host.header, container.header = host.header+" ", container.header+" "
	}
	hostHeading := p.heading(p.styles.HostLabel, i18n.T("HOST").In(p.lang), v.Host.Source.In(p.lang), hw)
	containerHeading := p.heading(p.styles.ContainerLabel, i18n.T("CONTAINER").In(p.lang), v.Container.Source.In(p.lang), cw)
	if p.width >= minSideBySide {
		// Side by side, the rows stay level: both headings as tall.
		for len(hostHeading) < len(containerHeading) {
			hostHeading = append(hostHeading, "")
		}
		for len(containerHeading) < len(hostHeading) {
			containerHeading = append(containerHeading, "")
		}
	}
	p.host.set(strings.Join(hostHeading, "\n"), host.header, host.lines, hw, hh, p.lang)
	p.container.set(strings.Join(containerHeading, "\n"), container.header, container.lines, cw, ch, p.lang)
	if p.reveal {
		reveal(&p.host, host.firstMark)
		reveal(&p.container, container.firstMark)
		p.reveal = false
	}
}

// reveal scrolls a box that shows something for the first time so that
// line mark is in view, a third of the way down, the lines before it its
// context; from the top when nothing is marked.
func reveal(b *scrollBox, mark int) {
	b.vp.GotoTop()
	if mark >= b.vp.Height {
		b.vp.SetYOffset(mark - b.vp.Height/3)
	}
}

// maxHeadingRows is the most rows a pane's heading takes; a source too
// long even for those is cut.
const maxHeadingRows = 3

// heading names the side and the command its lines came from, for a box w
// cells wide: a source too long for one row wraps, since it is what the
// learner would type to look for themselves.
func (p obsPanes) heading(labelStyle lipgloss.Style, label, source string, w int) []string {
	rows := wrapLine(label+"  "+source, w-4, "  ")
	if len(rows) > maxHeadingRows {
		rows = rows[:maxHeadingRows]
		last := len(rows) - 1
		rows[last] = ansi.Truncate(rows[last]+" …", w-4, "…")
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		if i == 0 && strings.HasPrefix(r, label) {
			out[i] = labelStyle.Render(label) + p.styles.Source.Render(r[len(label):])
			continue
		}
		out[i] = p.styles.Source.Render(r)
	}
	return out
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
	if p.legendOwnLine() {
		bar += "\n" + ansi.Truncate(p.legend(false), p.width, "…")
	}
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
	bar := p.tabsView()
	for _, short := range []bool{false, true} {
		legend := p.legend(short)
		if gap := p.width - lipgloss.Width(bar) - lipgloss.Width(legend); gap >= 2 {
			return bar + strings.Repeat(" ", gap) + legend
		}
	}
	return ansi.Truncate(bar, p.width, "…")
}

// tabsView is the tabs of the tab bar, without the legend.
func (p obsPanes) tabsView() string {
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
	return b.String()
}

// legendOwnLine says the legend fits beside the tabs in neither of its
// forms, and takes a line of its own under them: a learner who sees a +
// must be able to read what it means.
func (p obsPanes) legendOwnLine() bool {
	legend := p.legend(true)
	return legend != "" && p.width-lipgloss.Width(p.tabsView())-lipgloss.Width(legend) < 2
}

// legend says what the flags on the chosen tab mean: exactly those it
// has, each in its own colour as well as its own character. The short
// form leaves out which step the + and - compare with.
func (p obsPanes) legend(short bool) string {
	var parts []string
	newText, goneText := i18n.T("new since %s", p.prevName), i18n.T("gone since %s", p.prevName)
	if short {
		newText, goneText = i18n.T("new"), i18n.T("gone")
	}
	if p.marks.added {
		parts = append(parts, p.styles.Changed.Render("+")+p.styles.Dim.Render(" "+newText.In(p.lang)))
	}
	if p.marks.gone {
		parts = append(parts, p.styles.Gone.Render("-")+p.styles.Dim.Render(" "+goneText.In(p.lang)))
	}
	if p.marks.marked {
		parts = append(parts, p.styles.Marked.Render("•")+p.styles.Dim.Render(" "+i18n.T("worth a look").In(p.lang)))
	}
	if p.marks.refused {
		parts = append(parts, p.styles.TraceFailed.Render("✗")+p.styles.Dim.Render(" "+i18n.T("refused by the kernel").In(p.lang)))
	}
	return strings.Join(parts, "  ")
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

// marks are the flags a tab has on it, so that the legend explains
// exactly those.
type marks struct{ added, gone, marked, refused bool }

func (m *marks) add(o marks) {
	m.added, m.gone, m.marked, m.refused = m.added || o.added, m.gone || o.gone, m.marked || o.marked, m.refused || o.refused
}

// sideLines is one side rendered for a width: its table's header, which
// stays when the pane scrolls, its lines, the first marked one among
// them (-1: none), and the flags on them.
type sideLines struct {
	header    string
	lines     []string
	at        []int // by pane line: where it starts in lines; -1 for the header
	firstMark int
	marks     marks
}

// paneLines renders one side's lines for a width: a gutter with + for a
// line new since the previous step and • for a marked one, then the line.
// A table's rows are laid out for the width, one row a line, its columns
// lined up with peer's (the other side) when they are the same; any other
// line wraps rather than being cut. At the end, the lines the previous
// step had and this one has not.
func (p obsPanes) paneLines(pane steps.Pane, prev *steps.Pane, peer steps.Pane, w int) sideLines {
	var d lineDiff
	if prev != nil {
		d = diffPanes(pane, *prev)
	}
	// Marks and the diff go by index on the English lines; the lines
	// shown are in the learner's language, index for index.
	shown := pane.LinesIn(p.lang)
	table := layTable(pane, peer, p.lang, w-3)
	text := make([]string, len(shown))
	var free []string // the lines that are not rows, to squeeze together
	for i, l := range shown {
		if isRow(pane, i) && table != nil {
			text[i] = table.row(splitRow(l, table.spec.Columns))
			continue
		}
		text[i] = strings.ReplaceAll(l, "\t", " ")
		free = append(free, text[i])
	}
	free = squeezeToFit(free, w-3)
	for i := range text {
		if !(isRow(pane, i) && table != nil) {
			text[i], free = free[0], free[1:]
		}
	}
	out := sideLines{firstMark: -1}
	if table != nil && table.spec.Header {
		out.header = "   " + table.header(pane, p.lang)
	}
	out.lines = make([]string, 0, len(pane.Lines)+1)
	out.at = make([]int, len(text))
	for i, l := range text {
		out.at[i] = len(out.lines)
		if table.isHeader(i) {
			out.at[i] = -1
			continue
		}
		isMarked := slices.Contains(pane.Marked, i)
		isNew := d.isNew(i)
		out.marks.add(marks{added: isNew, marked: isMarked})
		if isMarked && out.firstMark < 0 {
			out.firstMark = len(out.lines)
		}
		gutter := p.gutter(isNew, isMarked, "•", p.styles.Marked)
		rowsOf := wrapLine(l, w-3, "  ")
		if isRow(pane, i) && table != nil {
			rowsOf = []string{l}
		}
		for _, row := range rowsOf {
			if isMarked {
				row = p.styles.Marked.Render(row)
			}
			out.lines = append(out.lines, gutter+row)
			gutter = "   "
		}
	}
	if !pane.Err.IsZero() {
		for _, row := range wrapLine("! "+pane.Err.In(p.lang), w-3, "  ") {
			out.lines = append(out.lines, "   "+p.styles.Error.Render(row))
		}
	}
	var gone []string
	if prev != nil {
		was := prev.LinesIn(p.lang)
		for _, j := range d.gone {
			l := was[j]
			if table != nil && isRow(*prev, j) && prev.Table.Columns == table.spec.Columns {
				l = table.row(splitRow(l, table.spec.Columns))
			}
			gone = append(gone, l)
		}
	}
	out.marks.gone = len(gone) > 0
	out.lines = append(out.lines, p.goneLines(gone, w)...)
	return out
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
		return []string{p.styles.Gone.Render("-") + "  " + p.styles.Dim.Render(
			ansi.Truncate(i18n.T("%d lines gone since %s", len(gone), p.prevName).In(p.lang), w-3, "…"))}
	}
	text := make([]string, len(gone))
	for i, l := range gone {
		text[i] = strings.ReplaceAll(l, "\t", " ")
	}
	var lines []string
	for _, l := range squeezeToFit(text, w-3) {
		gutter := p.styles.Gone.Render("-") + "  "
		for _, row := range wrapLine(l, w-3, "  ") {
			lines = append(lines, gutter+p.styles.Dim.Render(row))
			gutter = "   "
		}
	}
	return lines
}
