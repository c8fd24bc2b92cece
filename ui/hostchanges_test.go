package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// What the learner changed on the host from the tour's shell is a screen
// of its own when the shell returns: what the container did, and what
// burk put back or how to.

// shellChanges is a shell at pid-ns that renamed the host, took lo down
// and made a message queue.
var shellChanges = []steps.HostChange{
	{Kind: steps.ChangedHostname, Before: "vm", After: "someone-else", Restored: true},
	{Kind: steps.ChangedLink, Name: "lo", Before: "up", After: "down", Restored: true},
	{Kind: steps.ChangedMsgQueue, Name: "32768", Undo: "ipcrm -q 32768"},
}

func TestGoldenHostChanges(t *testing.T) {
	for _, size := range sizes {
		if size.presenter {
			continue
		}
		m := send(newTestModel(t, size.w, size.h, Options{StartStep: "pid-ns"}), shellDoneMsg{changes: shellChanges})
		golden(t, "host-changes-"+size.name, m.View())
	}
	m := send(newTestModel(t, 80, 24, Options{StartStep: "pid-ns", Lang: i18n.Swedish}), shellDoneMsg{changes: shellChanges})
	golden(t, "host-changes-swedish-80x24", m.View())
}

func TestHostChangesScreen(t *testing.T) {
	m := send(newTestModel(t, 80, 24, Options{StartStep: "pid-ns"}), shellDoneMsg{changes: shellChanges})
	screen := m.View()
	for _, want := range []string{
		`The container renamed your host to "someone-else"; burk renamed it back to "vm".`,
		"From step 6 (uts-ns) on, this stays inside the container.",
		"To remove it: ipcrm -q 32768",
	} {
		if !strings.Contains(strings.Join(strings.Fields(screen), " "), want) {
			t.Errorf("the screen after the shell lacks %q:\n%s", want, screen)
		}
	}
	// Any key goes back to the step; → does not also move on.
	back := press(m, "right")
	if back.cur != m.cur || strings.Contains(back.View(), "What your shell did") {
		t.Errorf("→ on the changes screen: at step %d (was %d), screen:\n%s", back.cur+1, m.cur+1, back.View())
	}

	// A shell that changed nothing shows nothing of its own.
	quiet := send(newTestModel(t, 80, 24, Options{StartStep: "pid-ns"}), shellDoneMsg{changes: []steps.HostChange{}})
	if strings.Contains(quiet.View(), "What your shell did") {
		t.Errorf("a shell that changed nothing has a changes screen:\n%s", quiet.View())
	}
	if next := press(quiet, "right"); next.cur != quiet.cur+1 {
		t.Errorf("after a shell that changed nothing, → went to step %d, want %d", next.cur+1, quiet.cur+2)
	}
}

// The shell makes the file its burk run writes to, reads it when the
// shell ends, and removes it: a tour leaves no file behind.
func TestTheShellReadsWhatItChanged(t *testing.T) {
	var path string
	// A stand-in for burk run --changes: it writes the file as burk run
	// does, with a field a later burk may add.
	script := `echo '{"changes":[{"kind":"hostname","before":"vm","after":"x","restored":true,"future":1}]}' > "$1"`
	s := &clearedShell{shell: func(changes string) *exec.Cmd {
		path = changes
		return exec.Command("sh", "-c", script, "sh", changes)
	}, found: &shellFound{}}
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	want := steps.HostChange{Kind: steps.ChangedHostname, Before: "vm", After: "x", Restored: true}
	if s.found.err != nil || len(s.found.changes) != 1 || s.found.changes[0] != want {
		t.Errorf("the shell found %+v, %v; want %+v", s.found.changes, s.found.err, want)
	}
	if _, err := os.Stat(path); path == "" || !os.IsNotExist(err) {
		t.Errorf("the changes file %q is still there after the shell: %v", path, err)
	}

	// A burk run that never got to write it: nothing is said.
	quiet := &clearedShell{shell: func(string) *exec.Cmd { return exec.Command("false") }, found: &shellFound{}}
	quiet.Run()
	if quiet.found.changes != nil || quiet.found.err != nil {
		t.Errorf("a shell that wrote nothing found %+v, %v", quiet.found.changes, quiet.found.err)
	}
}

// After the shell, the step's exercise: ✓ with the task, or ✗ with what
// was seen instead, in the tour's language.
func TestTheExerciseIsShownAfterTheShell(t *testing.T) {
	done := shellDoneMsg{exercises: []steps.ExerciseOutcome{{StepID: "uts-ns", ExerciseID: "domain-name", Held: false,
		Seen: map[i18n.Lang]string{i18n.English: `hostname inside "burk"`, i18n.Swedish: `värdnamn inuti "burk"`}}}}
	m := send(newTestModel(t, 80, 24, Options{StartStep: "uts-ns"}), done)
	screen := strings.Join(strings.Fields(m.View()), " ")
	for _, want := range []string{"Your exercise at step 6 (uts-ns)", "✗ burk named the container burk", `tried, and this is what was seen: hostname inside "burk"`} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen after the shell lacks %q:\n%s", want, m.View())
		}
	}
	if strings.Contains(screen, "What your shell did") {
		t.Errorf("a shell that changed nothing on the host speaks of it:\n%s", m.View())
	}
	done.exercises[0].Held = true
	sv := send(newTestModel(t, 80, 24, Options{StartStep: "uts-ns", Lang: i18n.Swedish}), done)
	if s := strings.Join(strings.Fields(sv.View()), " "); !strings.Contains(s, "Din övning vid steg 6 (uts-ns)") || !strings.Contains(s, "✓") {
		t.Errorf("in Swedish, a passed exercise:\n%s", sv.View())
	}
	if back := press(m, "right"); strings.Contains(back.View(), "Your exercise") {
		t.Errorf("a key does not go back to the step:\n%s", back.View())
	}
}

// The progress keeps each exercise's outcome, saved in a command; the
// step list marks the step, and the welcome back counts them.
func TestProgressKeepsTheExercises(t *testing.T) {
	state := filepath.Join(t.TempDir(), "progress.json")
	done := shellDoneMsg{exercises: []steps.ExerciseOutcome{{StepID: "uts-ns", ExerciseID: "domain-name", Held: true}}}
	m := newTestModel(t, 80, 24, Options{StartStep: "uts-ns", StatePath: state})
	next, cmd := m.Update(done)
	m = finish(next.(Model), cmd)
	if r := m.progress.Exercises["uts-ns/domain-name"]; r.Outcome != ExercisePassed || r.At.IsZero() {
		t.Errorf("the progress keeps %+v", m.progress.Exercises)
	}
	got := LoadExercises(state)
	if got["uts-ns/domain-name"].Outcome != ExercisePassed {
		t.Fatalf("saved: %+v", got)
	}
	if p := press(m, "right", "g"); !strings.Contains(p.View(), "uts-ns      ✎✓") {
		t.Errorf("the picker does not mark the exercise done:\n%s", p.View())
	}
	back := newTestModel(t, 80, 24, Options{StatePath: state})
	if !strings.Contains(back.status, "exercises passed: 1 of") {
		t.Errorf("welcome back says %q", back.status)
	}
	// A skipped one is kept as skipped, a failed one as failed.
	m.progress.recordExercises([]steps.ExerciseOutcome{{StepID: "ipc-ns", ExerciseID: "queue-key", Skipped: true}, {StepID: "uts-ns", ExerciseID: "domain-name"}}, time.Now())
	if m.progress.Exercises["ipc-ns/queue-key"].Outcome != ExerciseSkipped || m.progress.exerciseMark(steps.All()[5]) != "✎✗" {
		t.Errorf("recorded: %+v", m.progress.Exercises)
	}
	// A look around is kept as not done, where nothing was kept before,
	// and changes no pass nor attempt.
	m.progress.recordExercises([]steps.ExerciseOutcome{{StepID: "net-ns", ExerciseID: "cut-off", NotDone: true}, {StepID: "uts-ns", ExerciseID: "domain-name", NotDone: true}}, time.Now())
	if m.progress.Exercises["net-ns/cut-off"].Outcome != ExerciseNotDone || m.progress.exerciseMark(steps.All()[7]) != "✎·" ||
		m.progress.Exercises["uts-ns/domain-name"].Outcome != ExerciseFailed {
		t.Errorf("recorded: %+v", m.progress.Exercises)
	}
}

// After a shell that only looked around, the exercise is not done yet:
// neither ✗ nor "failed", and what was seen is still said.
func TestALookAroundIsNotDoneYet(t *testing.T) {
	done := shellDoneMsg{exercises: []steps.ExerciseOutcome{{StepID: "net-ns", ExerciseID: "cut-off", NotDone: true,
		Seen: map[i18n.Lang]string{i18n.English: "the container's lo has the flags <LOOPBACK,UP>", i18n.Swedish: "containerns lo har flaggorna <LOOPBACK,UP>"}}}}
	for lang, want := range map[i18n.Lang]string{i18n.English: "not done yet; seen: the container's lo", i18n.Swedish: "inte gjord än; sett: containerns lo"} {
		m := send(newTestModel(t, 100, 30, Options{StartStep: "net-ns", Lang: lang}), done)
		screen := strings.Join(strings.Fields(m.View()), " ")
		if !strings.Contains(screen, "· ") || !strings.Contains(screen, want) || strings.Contains(screen, "✗") || strings.Contains(screen, "✓") {
			t.Errorf("%s: a look around:\n%s", lang, m.View())
		}
	}
}

// An exercise the rootfs cannot do is shown skipped, ○ with the reason:
// neither ✓ nor ✗.
func TestASkippedExerciseIsNeitherPassedNorFailed(t *testing.T) {
	done := shellDoneMsg{exercises: []steps.ExerciseOutcome{{StepID: "ipc-ns", ExerciseID: "queue-key", Skipped: true,
		Seen: map[i18n.Lang]string{i18n.English: "this rootfs has no ipcmk, which the task needs"}}}}
	m := send(newTestModel(t, 100, 30, Options{StartStep: "ipc-ns"}), done)
	screen := m.View()
	if !strings.Contains(screen, "○ Make a System V message queue") || strings.Contains(screen, "✗") || strings.Contains(screen, "✓ Make") ||
		!strings.Contains(screen, "this rootfs has no ipcmk") {
		t.Errorf("a skipped exercise:\n%s", screen)
	}
}
