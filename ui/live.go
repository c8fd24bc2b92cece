package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Charts drawn while they run: a step run's chart samples (the cgroups
// step's demonstrations, steps.WithLive) come to the tour one message a
// sample, through the program, as the host reads them from the cgroup
// files — live, or a recording played back at its times — and the pane
// draws each chart growing until the step's observation, which holds
// every sample again, takes its place.

// liveSink is where a run's samples go: the running program's Send. A
// tour with no program (a test) has none, or one of its own.
type liveSink struct {
	send func(tea.Msg)
}

// liveSampleMsg is one chart sample of a run, tagged as its stepDoneMsg
// will be.
type liveSampleMsg struct {
	seq      int
	stepID   string
	baseline bool
	sample   steps.LiveSample
}

// start returns the context a run gives its samples through, and the
// function that ends it: once it has returned, every sample of the run
// has been sent, so all of them reach the model before the run's result.
// The run's goroutine never waits on the UI: a sample that finds 256
// still unsent is dropped from the live chart (the observation has it).
func (s *liveSink) start(ctx context.Context, msg liveSampleMsg) (context.Context, func()) {
	if s == nil || s.send == nil {
		return ctx, func() {}
	}
	queue, forwarded := make(chan tea.Msg, 256), make(chan struct{})
	go func() {
		defer close(forwarded)
		for m := range queue {
			s.send(m)
		}
	}()
	var mu sync.Mutex
	ended := false
	ctx = steps.WithLive(ctx, func(smp steps.LiveSample) {
		mu.Lock()
		defer mu.Unlock()
		if ended {
			return
		}
		m := msg
		m.sample = smp
		select {
		case queue <- m:
		default:
		}
	})
	return ctx, func() {
		mu.Lock()
		ended = true
		close(queue)
		mu.Unlock()
		<-forwarded
	}
}

// liveCharts are the charts of the run in flight, as far as they have
// come.
type liveCharts struct {
	seq    int
	charts []steps.Chart
}

// liveSample adds a sample of the current run to its chart. A sample of
// a baseline run, or of a run the learner has moved on from, is dropped.
// The charts are copied, not appended to: a model is a value, and an
// older copy keeps what it showed.
func (m Model) liveSample(msg liveSampleMsg) Model {
	if msg.baseline || msg.seq != m.seq || !m.running || msg.stepID != m.step().ID {
		return m
	}
	var charts []steps.Chart
	if m.live.seq == msg.seq {
		charts = slices.Clone(m.live.charts)
	}
	i := msg.sample.Chart
	if i < 0 || i > 16 {
		return m
	}
	for len(charts) <= i {
		charts = append(charts, steps.Chart{})
	}
	c := msg.sample.Of
	c.Samples = append(slices.Clone(charts[i].Samples), msg.sample.Sample)
	charts[i] = c
	m.live = liveCharts{seq: msg.seq, charts: charts}
	return m
}

// liveShown says whether the panes show the run's charts growing: while
// the current run runs, once its first sample has come.
func (m Model) liveShown() bool {
	return m.running && m.live.seq == m.seq && len(m.live.charts) > 0
}

// liveSpan is the time a live chart's axis spans at least: about one
// demonstration, so that a chart fills from the left as it runs rather
// than stretching with every sample.
const liveSpan = 500 * time.Millisecond

// liveView is the run's charts as far as they have come, under a line
// that says the step is running, in w×h cells: the newest chart, and as
// many before it as fit. Where two would not fit at their size, they are
// drawn smaller: the chart that just ended stays in sight beside the one
// that runs.
func (m Model) liveView(w, h int) string {
	st := m.styles
	head := []string{
		m.spinner.View() + " " + st.Dim.Render(i18n.T("running the step on this machine…").In(m.lang)),
		st.HostLabel.Render(i18n.T("HOST").In(m.lang)) + st.Source.Render("  "+i18n.T("the container's cgroup files").In(m.lang)),
	}
	rows := chartRows(w - 3)
	if two := len(head) + 2*(rows+3); len(m.live.charts) > 1 && two > h {
		rows = max(4, rows-(two-h+1)/2)
	}
	var drawn [][]string
	for _, c := range chartsSized(st, m.lang, m.live.charts, w-3, rows, liveSpan) {
		drawn = append(drawn, c.rows)
	}
	out, left := []string{}, h-len(head)
	from := len(drawn)
	for from > 0 && (len(drawn[from-1])+1 <= left || from == len(drawn)) {
		from--
		left -= len(drawn[from]) + 1
	}
	for _, d := range drawn[from:] {
		out = append(out, "")
		for _, r := range d {
			out = append(out, "   "+r)
		}
	}
	return strings.Join(append(head, out...), "\n")
}
