package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// recordedOn is the mark's machine in these tests.
var recordedOn = &Recorded{
	Machine: i18n.T("%s, Linux %s %s, cgroup %s, %v", "Debian GNU/Linux 13 (trixie)", "6.12.48+deb13-amd64", "amd64", "v2", i18n.T("as root")),
	Taken:   time.Date(2026, 11, 30, 4, 12, 0, 0, time.UTC),
	Burk:    "3f2a9c1e04b7 2026-11-30T03:54:38Z",
}

// The mark of a replay, at the sizes the tour is drawn at; and what the
// shell key says in a replay.
func TestGoldenReplay(t *testing.T) {
	for _, size := range append(sizes, struct {
		name      string
		w, h      int
		presenter bool
	}{"presenter-80x24", 80, 24, true}) {
		opts := func() Options { return Options{Replay: recordedOn, Presenter: size.presenter, StartStep: "pid-ns"} }
		golden(t, "replay-"+size.name, newTestModel(t, size.w, size.h, opts()).View())
		golden(t, "replay-shell-"+size.name, press(newTestModel(t, size.w, size.h, opts()), "s").View())
	}
	golden(t, "replay-swedish-80x24", newTestModel(t, 80, 24, Options{Replay: recordedOn, Lang: i18n.Swedish, StartStep: "pid-ns"}).View())
}

// The mark is on every screen of a replay, at every size, right under the
// header; and the screen is still exactly the terminal's size.
func TestReplayMarkOnEveryScreen(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}, {160, 45}, {220, 60}} {
		w, h := size[0], size[1]
		for _, presenter := range []bool{false, true} {
			opts := Options{Replay: recordedOn, Presenter: presenter, StatePath: t.TempDir() + "/progress.json"}
			check := func(what string, m Model) {
				t.Helper()
				lines := strings.Split(ansi.Strip(m.View()), "\n")
				if len(lines) != h {
					t.Errorf("%dx%d %s: %d lines, want %d", w, h, what, len(lines), h)
				}
				if len(lines) < 2 || !strings.Contains(lines[1], "RECORDING") {
					t.Errorf("%dx%d presenter %v %s: no mark under the header:\n%s", w, h, presenter, what, strings.Join(lines, "\n"))
				}
				for i, l := range lines {
					if lw := ansi.StringWidth(l); lw > w {
						t.Errorf("%dx%d %s: line %d is %d wide", w, h, what, i, lw)
					}
				}
			}
			m := newTestModel(t, w, h, opts)
			check("welcome", m)
			m = press(m, "right")
			for _, s := range steps.All()[1:] {
				check(s.ID, m)
				m = press(m, "right")
			}
			check("end", m)
			m = newTestModel(t, w, h, Options{Replay: recordedOn, Presenter: presenter})
			check("help", press(m, "?"))
			check("picker", press(m, "g"))
			check("break it", press(newTestModel(t, w, h, Options{Replay: recordedOn, Presenter: presenter, StartStep: "chroot"}), "b"))
			check("question", press(newTestModel(t, w, h, Options{Replay: recordedOn, Presenter: presenter, Predict: true}), "right"))
		}
	}
	// The live tour has no mark.
	if v := ansi.Strip(newTestModel(t, 80, 24, Options{}).View()); strings.Contains(v, "RECORD") {
		t.Errorf("the live tour is marked as a recording:\n%s", v)
	}
}

// A shell opened in a replay would be a live container on the machine
// replaying, not the recorded one: s says there is none.
func TestReplayHasNoShell(t *testing.T) {
	opened := false
	m := newTestModel(t, 160, 45, Options{Replay: recordedOn, StartStep: "uts-ns", Shell: nil})
	m.opts.Shell = nil
	m = press(m, "s")
	if opened || !strings.Contains(m.status, "a recording has no shell") {
		t.Errorf("s in a replay: status %q, want that a recording has no shell", m.status)
	}
	if help := ansi.Strip(press(m, "?").View()); !strings.Contains(help, "no shell: a recording") {
		t.Errorf("the help of a replay does not say s has no shell:\n%s", help)
	}
}

// lastGood is a step's last good run, as the presenter's fallback reads it.
func lastGood(id string, v steps.Variant) (*steps.Observation, error) {
	s, err := steps.ByID(id)
	if err != nil {
		return nil, err
	}
	o := fixtureObservation(s, v)
	o.Started = time.Date(2026, 11, 29, 21, 10, 0, 0, time.UTC)
	return o, nil
}

// In presenter mode, a live step that fails can be shown as it ran last
// time it held, with one key, marked as recorded until it runs live again.
func TestPresenterFallback(t *testing.T) {
	failing := fixtureRunner{err: errors.New("start the init: clone3: operation not permitted")}
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		name := map[int]string{80: "80x24", 160: "160x45"}[size[0]]
		m := newTestModel(t, size[0], size[1], Options{Presenter: true, Runner: failing, StartStep: "uts-ns", LastGood: lastGood})
		if !m.canFallBack() || !strings.Contains(ansi.Strip(m.footerView()), "f") {
			t.Fatalf("%s: a failed live step offers no fallback: footer %q", name, ansi.Strip(m.footerView()))
		}
		m = press(m, "f")
		if o := m.current(); o == nil || o.Err != nil || !m.recorded[obsKey{"uts-ns", steps.Itself}] {
			t.Fatalf("%s: f shows %+v, want the last good run", name, o)
		}
		view := ansi.Strip(m.View())
		if !strings.Contains(strings.Split(view, "\n")[1], "RECORDED") || !strings.Contains(view, "2026-11-29 21:10") {
			t.Errorf("%s: the last good run is not marked as recorded, with when:\n%s", name, view)
		}
		golden(t, "fallback-presenter-"+name, m.View())
		// Run live again: the mark goes with the recorded run.
		m = press(m, "r")
		if m.recorded[obsKey{"uts-ns", steps.Itself}] || strings.Contains(ansi.Strip(m.View()), "RECORDED") {
			t.Errorf("%s: run again live still shows the recorded run", name)
		}
	}
	// Not in presenter mode, nor with nothing kept.
	m := newTestModel(t, 160, 45, Options{Runner: failing, StartStep: "uts-ns", LastGood: lastGood})
	if m = press(m, "f"); m.current().Err == nil {
		t.Errorf("f outside presenter mode replaced the live run")
	}
	none := func(string, steps.Variant) (*steps.Observation, error) { return nil, errors.New("none kept") }
	m = press(newTestModel(t, 160, 45, Options{Presenter: true, Runner: failing, StartStep: "uts-ns", LastGood: none}), "f")
	if m.current().Err == nil || !strings.Contains(m.status, "no good run") {
		t.Errorf("f with nothing kept: status %q, want that none is kept", m.status)
	}
	// A step that held offers none.
	if m := newTestModel(t, 160, 45, Options{Presenter: true, StartStep: "uts-ns", LastGood: lastGood}); m.canFallBack() {
		t.Errorf("a step that held offers the fallback")
	}
}

// A recorded tour keeps how the exercises came out in its shells.
func TestExercisesAreToldToTheRecorder(t *testing.T) {
	var told []steps.ExerciseOutcome
	m := newTestModel(t, 160, 45, Options{StartStep: "uts-ns", Exercised: func(o []steps.ExerciseOutcome) { told = append(told, o...) }})
	out := steps.ExerciseOutcome{StepID: "uts-ns", ExerciseID: "hostname", Held: true}
	send(m, shellDoneMsg{exercises: []steps.ExerciseOutcome{out}})
	if len(told) != 1 || told[0].ExerciseID != out.ExerciseID || !told[0].Held {
		t.Errorf("told %+v, want %+v", told, out)
	}
}
