package plain

import (
	"fmt"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// chartRows is how tall the plain tour draws a chart: enough for the shape.
const chartRows = 5

// writeChart draws a chart as a small text chart, in ASCII for any reader:
// a column a sample, # up to its value, the limit as a row of -, and x
// where the kernel's count of enforcements rose.
func writeChart(b *strings.Builder, c steps.Chart, lang i18n.Lang) {
	if len(c.Samples) == 0 {
		return
	}
	last := c.Samples[len(c.Samples)-1].At
	fmt.Fprintf(b, "%s (%s), %s\n", c.Title.In(lang), c.Unit.In(lang), i18n.T("sampled %d times in %v", len(c.Samples), last.Round(time.Millisecond)).In(lang))
	top := c.Limit
	for _, s := range c.Samples {
		top = max(top, s.Value)
	}
	if top <= 0 {
		top = 1
	}
	// Row r (from the top) holds the values above its floor.
	floor := func(r int) float64 { return top * float64(chartRows-1-r) / chartRows }
	limitRow := -1
	if c.Limit > 0 {
		limitRow = min(int((top-c.Limit)/top*chartRows), chartRows-1)
	}
	for r := range chartRows {
		label := ""
		switch r {
		case 0:
			label = fmt.Sprintf("%.4g", top)
		case chartRows - 1:
			label = "0"
		}
		fmt.Fprintf(b, "%6s |", label)
		for i, s := range c.Samples {
			rose := i > 0 && s.Events > c.Samples[i-1].Events
			filled := s.Value > floor(r)
			switch {
			case rose && filled && (r == 0 || s.Value <= floor(r-1)):
				b.WriteByte('x') // the top of its bar
			case rose && !filled && r == chartRows-1:
				b.WriteByte('x') // nothing left to stand on
			case filled:
				b.WriteByte('#')
			case r == limitRow:
				b.WriteByte('-')
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString("\n")
	}
	if c.Limit > 0 {
		fmt.Fprintf(b, "       - %s\n", i18n.T("limit %s %s", fmt.Sprintf("%g", c.Limit), c.Unit).In(lang))
	}
	if first, ok := c.FirstEvent(); ok {
		fmt.Fprintf(b, "       x %s\n", i18n.T("%v: %d, first seen at %v", c.Event, c.Events(), first.Round(10*time.Millisecond)).In(lang))
	} else {
		fmt.Fprintf(b, "         %s\n", i18n.T("%v: none", c.Event).In(lang))
	}
	b.WriteString("\n")
}
