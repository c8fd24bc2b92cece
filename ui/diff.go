package ui

import (
	"regexp"
	"slices"
	"strings"

	"github.com/burk-tui/burk/steps"
)

// What changed since the previous step: lines compared by their shape, so
// that new PIDs alone are not news while a new mount or process is.

// lineDiff is how lines compare with the previous step's, by shape.
type lineDiff struct {
	added []bool   // by line: not in the previous step's
	gone  []string // the previous step's lines that are not in these
}

func (d lineDiff) isNew(i int) bool { return i < len(d.added) && d.added[i] }

func (d lineDiff) changed() bool { return slices.Contains(d.added, true) || len(d.gone) > 0 }

func diffLines(cur, prev []string) lineDiff {
	had, has := shapes(prev), shapes(cur)
	d := lineDiff{added: make([]bool, len(cur))}
	for i, l := range cur {
		d.added[i] = !had[sameShape(l)]
	}
	for _, l := range prev {
		if k := sameShape(l); !has[k] {
			d.gone = append(d.gone, l)
			has[k] = true // once each
		}
	}
	return d
}

// changedTabs says which tabs of o have a line, or are a view, that prev
// did not have, or lack one it had.
func changedTabs(o, prev *steps.Observation) map[string]bool {
	changed := map[string]bool{}
	if o == nil || prev == nil {
		return changed
	}
	for _, v := range o.Views {
		pv := prev.View(v.ID)
		changed[v.ID] = pv == nil || diffLines(v.Host.Lines, pv.Host.Lines).changed() ||
			diffLines(v.Container.Lines, pv.Container.Lines).changed()
	}
	changed[traceTab] = diffLines(calls(o), calls(prev)).changed()
	return changed
}

func calls(o *steps.Observation) []string {
	out := make([]string, len(o.Trace))
	for i, ev := range o.Trace {
		out[i] = ev.Call
	}
	return out
}

func shapes(lines []string) map[string]bool {
	set := make(map[string]bool, len(lines))
	for _, l := range lines {
		set[sameShape(l)] = true
	}
	return set
}

var digits = regexp.MustCompile(`[0-9]+`)

// sameShape is a line as compared with the previous step's: every number
// is "#" and spacing is one space, so a PID that changed — or ps widening
// its columns for it — is not news, while a new mount or process is.
func sameShape(line string) string {
	return strings.Join(strings.Fields(digits.ReplaceAllString(line, "#")), " ")
}
