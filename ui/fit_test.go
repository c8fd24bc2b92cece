package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/steps"
)

// The end screen keeps its last line, the way back, on every screen from
// the smallest the tour runs on: at 80×22 with these steps as at 80×24
// with two more.
func TestTheEndFitsTheScreen(t *testing.T) {
	for h := minHeight; h <= 26; h++ {
		m := press(newTestModel(t, 80, h, Options{StartStep: steps.Last().ID}), "right")
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		body := lines[1 : len(lines)-1]
		var last string
		for i := len(body) - 1; i >= 0 && last == ""; i-- {
			last = strings.TrimSpace(body[i])
		}
		if !strings.Contains(last, "q quit") || !strings.Contains(body[0], "The end") {
			t.Errorf("at 80×%d the end screen starts %q and ends %q, want its title and the way back:\n%s", h, body[0], last, m.View())
		}
		for _, s := range steps.All() {
			if !strings.Contains(m.View(), " "+s.ID+" ") {
				t.Errorf("at 80×%d the end screen lacks step %s", h, s.ID)
			}
		}
	}
}

// A pane's heading is never cut at 80 columns: the source wraps under
// itself, the learner can read the whole command.
func TestPaneHeadingsAreWholeAt80Columns(t *testing.T) {
	for _, s := range steps.All() {
		m := newTestModel(t, 80, 24, Options{StartStep: s.ID})
		o := m.current()
		for _, v := range o.Views {
			m = toTab(t, m, v.ID)
			screen := ansi.Strip(m.View())
			for _, side := range []struct {
				box scrollBox
				src string
			}{{m.panes.host, v.Host.Source.String()}, {m.panes.container, v.Container.Source.String()}} {
				heading := strings.Join(strings.Fields(ansi.Strip(side.box.heading)), "")
				if !strings.Contains(heading, strings.Join(strings.Fields(side.src), "")) {
					t.Errorf("%s, tab %s: the heading %q is cut: %q", s.ID, v.ID, side.src, heading)
				}
				for _, row := range strings.Split(ansi.Strip(side.box.heading), "\n") {
					if !strings.Contains(screen, strings.TrimSpace(row)) {
						t.Errorf("%s, tab %s: the heading's row %q is not on screen:\n%s", s.ID, v.ID, row, screen)
					}
				}
			}
		}
	}
}

// The legend is on screen wherever a flag is: beside the tabs, shorter,
// or on a line of its own.
func TestTheLegendIsNeverDropped(t *testing.T) {
	for _, w := range []int{60, 70, 80, 100, 160} {
		for _, s := range steps.All()[1:] {
			m := press(newTestModel(t, w, 24, Options{StartStep: steps.All()[steps.Index(s.ID)-1].ID}), "right")
			for _, id := range m.panes.tabs() {
				m = toTab(t, m, id)
				screen := ansi.Strip(m.View())
				if m.panes.marks.added && !strings.Contains(screen, "+ new") {
					t.Errorf("%d columns, %s, tab %s: a + on screen and no legend for it:\n%s", w, s.ID, id, screen)
				}
			}
		}
	}
}
