package ui

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The charts of a pane: files the host read again and again while the
// container's commands ran (at the cgroups step, memory.current climbing
// to memory.max, pids.current to pids.max, the CPU time against the
// quota), drawn from the samples the observation holds, as they were
// taken, live or recorded. ntcharts draws the line; --ascii turns its
// braille and box characters into ASCII as it does the rest of the tour.

// chartRows is how tall a chart is for a pane w cells wide, its axis and
// labels included: a small screen gets the shape, a projector the detail.
func chartRows(w int) int {
	if w >= 60 {
		return 8
	}
	return 6
}

// drawnChart is a chart drawn for a pane: its rows, and the pane's line
// they go under.
type drawnChart struct {
	rows []string
	line int
}

// chartsOf draws charts for a pane w cells wide: each a title, the line
// of its samples against its limit with the kernel's enforcements marked
// ✗, and what the marks and the limit line are. Each time axis spans at
// least span: a chart still running fills it from the left.
func chartsOf(st *Styles, lang i18n.Lang, charts []steps.Chart, w int, span time.Duration) []drawnChart {
	return chartsSized(st, lang, charts, w, chartRows(w), span)
}

// chartsSized is chartsOf with each chart's canvas h rows tall.
func chartsSized(st *Styles, lang i18n.Lang, charts []steps.Chart, w, h int, span time.Duration) []drawnChart {
	var out []drawnChart
	for _, c := range charts {
		if len(c.Samples) == 0 || w < 20 {
			continue
		}
		title := c.Title.In(lang) + " (" + c.Unit.In(lang) + ")"
		rows := []string{st.Title.Render(ansi.Truncate(title, w, "…"))}
		rows = append(rows, strings.Split(drawChart(st, c, w, h, span), "\n")...)
		rows = append(rows, ansi.Truncate(chartLegend(st, lang, c), w, "…"))
		out = append(out, drawnChart{rows: rows, line: c.Line})
	}
	slices.SortStableFunc(out, func(a, b drawnChart) int { return a.line - b.line })
	return out
}

// withCharts is a side's rows with each chart under the rows of the line
// it shows over time, indented as the text is.
func withCharts(side sideLines, charts []drawnChart) []string {
	if len(charts) == 0 {
		return side.lines
	}
	var out []string
	next := 0 // the first of side.lines not yet copied
	for _, c := range charts {
		end := len(side.lines) // where the rows of c.line end: the next line's start
		for j := c.line + 1; j < len(side.at); j++ {
			if side.at[j] >= 0 {
				end = side.at[j]
				break
			}
		}
		end = max(end, next)
		out = append(out, side.lines[next:end]...)
		next = end
		for _, r := range c.rows {
			out = append(out, "   "+r)
		}
	}
	return append(out, side.lines[next:]...)
}

// drawChart is the chart's canvas: samples over time, the limit as a
// dotted line, a ✗ where the kernel's count of enforcements rose.
func drawChart(st *Styles, c steps.Chart, w, h int, span time.Duration) string {
	last := c.Samples[len(c.Samples)-1].At.Seconds()
	end := max(last, span.Seconds(), 0.1)
	top := c.Limit
	for _, s := range c.Samples {
		top = max(top, s.Value)
	}
	top = niceCeil(top * 1.1)
	lc := linechart.New(w, h, 0, end, 0, top,
		linechart.WithXYSteps(8, 2),
		linechart.WithStyles(st.Dim, st.Dim, st.Changed),
		linechart.WithXLabelFormatter(func(_ int, v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "s" }),
		linechart.WithYLabelFormatter(func(_ int, v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }))
	lc.DrawXYAxisAndLabel()
	if c.Limit > 0 {
		lc.DrawRuneLineWithStyle(point(0, c.Limit), point(end, c.Limit), '┄', st.Gone)
	}
	for i := 1; i < len(c.Samples); i++ {
		a, b := c.Samples[i-1], c.Samples[i]
		lc.DrawBrailleLine(point(a.At.Seconds(), a.Value), point(b.At.Seconds(), b.Value))
	}
	for i := 1; i < len(c.Samples); i++ {
		if s := c.Samples[i]; s.Events > c.Samples[i-1].Events {
			lc.DrawRuneWithStyle(point(s.At.Seconds(), s.Value), '✗', st.TraceFailed)
		}
	}
	return lc.View()
}

// chartLegend says what the dotted line is and how often the kernel
// enforced the limit, and when it first did.
func chartLegend(st *Styles, lang i18n.Lang, c steps.Chart) string {
	var legend string
	if c.Limit > 0 {
		legend = st.Gone.Render("┄") + st.Dim.Render(" "+i18n.T("limit %s %s", strconv.FormatFloat(c.Limit, 'f', -1, 64), c.Unit).In(lang)+"  ")
	}
	first, ok := c.FirstEvent()
	if !ok {
		return legend + st.Dim.Render(i18n.T("%v: none", c.Event).In(lang))
	}
	n := c.Events()
	return legend + st.TraceFailed.Render("✗") + st.Dim.Render(" "+i18n.T("%v: %d, first seen at %v", c.Event, n, first.Round(10*time.Millisecond)).In(lang))
}

func point(x, y float64) canvas.Float64Point { return canvas.Float64Point{X: x, Y: y} }

// niceCeil rounds v up to a number an axis reads well: 1, 2 or 5 times a
// power of ten, or a multiple of the power below it.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	return math.Ceil(v/p*2) / 2 * p
}
