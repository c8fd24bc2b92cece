package notes

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	goldenfile "github.com/burk-tui/burk/internal/golden"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/speaker/stage"
	"github.com/burk-tui/burk/steps"
)

// -update, which internal/golden reads by name: defined here, as this
// package does not use teatest, whose golden package defines it.
var _ = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) {
	flag.Parse()
	lipgloss.SetColorProfile(termenv.Ascii) // goldens without colour codes
	os.Exit(m.Run())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, "speaker/notes", name, got)
}

// at is a notes model of the given size and language, its clock stopped
// at now, showing pos (nil: no tour).
func at(t *testing.T, w, h int, lang i18n.Lang, minutes float64, pos *stage.Position, now time.Time) Model {
	t.Helper()
	m, err := New(Options{Lang: lang, Minutes: minutes, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	msg := positionMsg{err: stage.ErrNoTour, at: now}
	if pos != nil {
		msg = positionMsg{pos: *pos, where: "/home/speaker/.local/state/burk/on-stage.json", at: now}
	}
	next, _ = next.Update(msg)
	return next.(Model)
}

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// pidNS is a tour 14 minutes in, at pid-ns for 5 minutes.
func pidNS(variant steps.Variant) *stage.Position {
	return &stage.Position{Version: stage.Version, PID: 1, Started: t0, Step: "pid-ns", Index: 4, Total: len(steps.All()),
		Variant: string(variant), Since: t0.Add(9 * time.Minute), Lang: "en"}
}

func TestGoldenNotes(t *testing.T) {
	now := t0.Add(14 * time.Minute)
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"140x40", 140, 40}} {
		golden(t, "step-"+size.name, at(t, size.w, size.h, i18n.English, 45, pidNS(steps.Itself), now).View())
		golden(t, "waiting-"+size.name, at(t, size.w, size.h, i18n.English, 45, nil, now).View())
	}
	golden(t, "step-sv-80x24", at(t, 80, 24, i18n.Swedish, 0, pidNS(steps.BreakIt), now).View())
}

func TestEveryStepsNotesFitA80x24Screen(t *testing.T) {
	for i, s := range steps.All() {
		for _, lang := range i18n.Langs {
			pos := &stage.Position{Version: stage.Version, PID: 1, Started: t0, Step: s.ID, Index: i, Since: t0}
			view := at(t, 80, 24, lang, 0, pos, t0.Add(time.Minute)).View()
			lines := strings.Split(view, "\n")
			if len(lines) != 24 {
				t.Errorf("%s in %s: %d lines, want 24", s.ID, lang, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > 80 {
					t.Errorf("%s in %s: a line %d wide: %q", s.ID, lang, w, l)
				}
			}
			// Cut off, the question or the typed command would be lost.
			if !strings.Contains(view, "t ") || strings.Count(view, "\n") < 10 {
				t.Errorf("%s in %s:\n%s", s.ID, lang, view)
			}
		}
	}
}

func TestThePlanSplitsTheMinutesByTheStepsFigures(t *testing.T) {
	p := newPlan([]float64{1, 2, 3}, 12)
	want := []time.Duration{2 * time.Minute, 4 * time.Minute, 6 * time.Minute}
	for i := range want {
		if p.steps[i] != want[i] {
			t.Errorf("step %d planned %v, want %v", i, p.steps[i], want[i])
		}
	}
	if p.total != 12*time.Minute {
		t.Errorf("total %v, want 12m", p.total)
	}
	if got := newPlan([]float64{1, 2, 3}, 0).total; got != 6*time.Minute {
		t.Errorf("no minutes given: total %v, want the figures' 6m", got)
	}
	// Reached step 2 after 7 minutes (planned: 6), 1 minute into it.
	if d := p.drift(0, 2, 7*time.Minute, time.Minute); d != time.Minute {
		t.Errorf("drift = %v, want 1m behind", d)
	}
	// The same, but 8 minutes on a step planned for 6: 2 more behind.
	if d := p.drift(0, 2, 7*time.Minute, 8*time.Minute); d != 3*time.Minute {
		t.Errorf("drift = %v, want 3m behind", d)
	}
	if d := p.drift(0, 1, time.Minute, 0); d != -time.Minute {
		t.Errorf("drift = %v, want 1m ahead", d)
	}
	// A tour started at step 1 (of 0, 1, 2) and at step 2 after 5 minutes:
	// step 1's 4 planned minutes are all that count, so 1m behind.
	if d := p.drift(1, 2, 5*time.Minute, 0); d != time.Minute {
		t.Errorf("drift from step 1 = %v, want 1m behind", d)
	}
	for d, want := range map[time.Duration]string{65 * time.Second: "1:05", -30 * time.Second: "-0:30", 3723 * time.Second: "1:02:03"} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestTheClocksSayBehindAndOver(t *testing.T) {
	// 50 minutes into a 45-minute talk, still at pid-ns.
	view := ansi.Strip(at(t, 100, 30, i18n.English, 45, pidNS(steps.Itself), t0.Add(50*time.Minute)).View())
	for _, want := range []string{"in all 50:00 of 45:00", "5:00 over", "behind the plan"} {
		if !strings.Contains(view, want) {
			t.Errorf("the notes do not say %q:\n%s", want, view)
		}
	}
}

func TestBadMinutesAreAnError(t *testing.T) {
	if _, err := New(Options{Minutes: -5}); err == nil || !strings.Contains(err.Error(), "--minutes") {
		t.Errorf("New(--minutes -5) = %v, want an error naming --minutes", err)
	}
}

// A tour run with sudo keeps its place where the speaker may not read:
// the waiting screen says so, and how to follow it.
func TestTheWaitingScreenSaysWhereItCouldNotLook(t *testing.T) {
	m := at(t, 80, 24, i18n.English, 0, nil, t0)
	next, _ := m.Update(positionMsg{err: &stage.DeniedError{Dir: "/root/.local/state/burk"}, at: t0})
	view := strings.Join(strings.Fields(ansi.Strip(next.(Model).View())), " ")
	if !strings.Contains(view, "No tour is running") || !strings.Contains(view, "keeps its place in /root/.local/state/burk") || !strings.Contains(view, "sudo burk notes") {
		t.Errorf("the waiting screen does not say where it could not look:\n%s", view)
	}
}
