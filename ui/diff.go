package ui

import (
	"regexp"
	"slices"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// What changed since the previous step. Each line is paired with one line
// of the previous step's, if it can be:
//
//  1. the same text (spacing aside): nothing new;
//  2. else the same shape — the same text with other numbers — and worth
//     a look (marked) in both steps or in neither: the numbers are those
//     of another run (PIDs, times, a fresh namespace of a kind the step
//     before had too), not news. In a marked line a 1 is not just any
//     number: a process that becomes PID 1 is news.
//
// A line left unpaired is new, and a line of the previous step's left
// unpaired is gone, each counted once. A line whose numbers changed and
// that became worth a look, or stopped being, is news: at pid-ns the
// container's pid:[4026532178] was the host's pid namespace a step ago.

// lineDiff is how lines compare with the previous step's.
type lineDiff struct {
	added []bool // by line: not in the previous step's
	gone  []int  // indexes of the previous step's lines that are not in these
}

func (d lineDiff) isNew(i int) bool { return i < len(d.added) && d.added[i] }

func (d lineDiff) changed() bool { return slices.Contains(d.added, true) || len(d.gone) > 0 }

// diffPanes compares a pane with the previous step's.
func diffPanes(cur, prev steps.Pane) lineDiff {
	return diffLines(cur.LinesIn(i18n.English), cur.Marked, prev.LinesIn(i18n.English), prev.Marked)
}

// diffLines compares lines, and the indexes of those marked, with the
// previous step's.
func diffLines(cur []string, curMarked []int, prev []string, prevMarked []int) lineDiff {
	paired := make([]bool, len(prev))
	d := lineDiff{added: make([]bool, len(cur))}
	// pairWith pairs every unpaired line with the first unpaired previous
	// line that key says is the same, text first so that an exact match is
	// never taken by a line that only has its shape.
	pairWith := func(key func(line string, marked bool) string) {
		waiting := map[string][]int{}
		for j, l := range prev {
			if !paired[j] {
				k := key(l, slices.Contains(prevMarked, j))
				waiting[k] = append(waiting[k], j)
			}
		}
		for i, l := range cur {
			if !d.added[i] {
				continue
			}
			k := key(l, slices.Contains(curMarked, i))
			if js := waiting[k]; len(js) > 0 {
				paired[js[0]], d.added[i] = true, false
				waiting[k] = js[1:]
			}
		}
	}
	for i := range d.added {
		d.added[i] = true
	}
	pairWith(func(l string, _ bool) string { return sameText(l) })
	pairWith(func(l string, marked bool) string {
		if marked {
			return "•" + markedShape(l)
		}
		return " " + sameShape(l)
	})
	for j := range prev {
		if !paired[j] {
			d.gone = append(d.gone, j)
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
		changed[v.ID] = pv == nil || diffPanes(v.Host, pv.Host).changed() ||
			diffPanes(v.Container, pv.Container).changed()
	}
	changed[traceTab] = diffLines(calls(o), nil, calls(prev), nil).changed()
	return changed
}

func calls(o *steps.Observation) []string {
	out := make([]string, len(o.Trace))
	for i, c := range o.Trace {
		out[i] = c.Call
	}
	return out
}

// sameText is a line with its spacing made one space: ps widening its
// columns for a longer PID is not news.
func sameText(line string) string { return strings.Join(strings.Fields(line), " ") }

var digits = regexp.MustCompile(`[0-9]+`)

// markedShape is the shape of a line worth a look, where a number 1 stays
// itself: the init that becomes PID 1 at pid-ns, its line marked before
// and after, is the step's news, while its PID of another run is not.
func markedShape(line string) string {
	return sameText(digits.ReplaceAllStringFunc(line, func(n string) string {
		if n == "1" {
			return n
		}
		return "#"
	}))
}

// sameShape is a line with every number "#" and its spacing one space, so
// that a line of another run — other PIDs, other times — has the shape of
// this one, while a new mount or process has another.
func sameShape(line string) string {
	return sameText(digits.ReplaceAllString(line, "#"))
}
