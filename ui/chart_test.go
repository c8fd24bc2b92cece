package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// A chart is drawn from its samples: the kernel's enforcement marked where
// its count rose, and said with when; none where it never rose; nothing
// for a chart without samples.
func TestChartsDrawTheirSamples(t *testing.T) {
	st := NewStyles("dark")
	chart := func(events ...int64) steps.Chart {
		c := steps.Chart{Title: i18n.T("pids.current against pids.max"), Unit: i18n.T("tasks"), Limit: 24, Event: i18n.T("fork refused")}
		for i, e := range events {
			c.Samples = append(c.Samples, steps.Sample{At: time.Duration(i) * 50 * time.Millisecond, Value: float64(3 * i), Events: e})
		}
		return c
	}
	drawn := func(c steps.Chart) string {
		var rows []string
		for _, d := range chartsOf(&st, i18n.English, []steps.Chart{c}, 70, 0) {
			rows = append(rows, d.rows...)
		}
		return ansi.Strip(strings.Join(rows, "\n"))
	}
	hit := drawn(chart(0, 0, 0, 0, 0, 0, 0, 0, 1, 1))
	if strings.Count(hit, "✗") != 2 || !strings.Contains(hit, "fork refused: 1, first seen at 400ms") || !strings.Contains(hit, "limit 24 tasks") {
		t.Errorf("a fork refused at the 9th sample is not drawn and said:\n%s", hit)
	}
	missed := drawn(chart(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	if strings.Count(missed, "✗") != 0 || !strings.Contains(missed, "fork refused: none") {
		t.Errorf("no fork refused, yet:\n%s", missed)
	}
	if got := drawn(chart()); got != "" {
		t.Errorf("a chart without samples is drawn:\n%s", got)
	}
}
