package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/speaker/notes"
	"github.com/burk-tui/burk/speaker/stage"
	"github.com/burk-tui/burk/steps"
)

// fileStage says where the tour is in the file burk notes reads, as
// burk's own (cli/speaker_stage.go) does.
type fileStage struct{ dir string }

func (s fileStage) Say(w Where) error {
	return stage.Write(s.dir, stage.Position{Version: stage.Version, PID: os.Getpid(), Started: w.Started, First: w.First,
		Step: w.Step, Index: w.Index, Total: len(steps.All()), Variant: string(w.Variant), Since: w.Since, Lang: string(w.Lang)})
}

func (s fileStage) Leave() { stage.Remove(s.dir) }

// waitPosition waits until the tour's position file names step id and
// variant.
func waitPosition(t *testing.T, dir, id string, v steps.Variant) stage.Position {
	t.Helper()
	var p stage.Position
	var err error
	if testutil.Eventually(deadline, func() bool {
		p, err = stage.Read(filepath.Join(dir, stage.FileName))
		return err == nil && p.Step == id && steps.Variant(p.Variant) == v
	}) {
		return p
	}
	t.Fatalf("the tour never said it was at %s%s: last %+v, %v", id, v, p, err)
	return p
}

// notesView is what burk notes shows, following the tour in dir.
func notesView(t *testing.T, dir string) string {
	t.Helper()
	n, err := notes.New(notes.Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	var m tea.Model = n
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(n.Init()()) // the look for the tour, run here
	return ansi.Strip(m.View())
}

// The tour says where it is as it moves — in commands, as the real
// program loop runs them — and burk notes, reading the same file, shows
// that step.
func TestTheTourSaysWhereItIsAndTheNotesFollow(t *testing.T) {
	dir := t.TempDir()
	tm := teatest.NewTestModel(t, New(Options{Runner: fixtureRunner{}, Lesson: lessons.Get, Stage: fileStage{dir}}),
		teatest.WithInitialTermSize(80, 24))
	first := waitPosition(t, dir, "process", steps.Itself)
	if view := notesView(t, dir); !strings.Contains(view, "Step 1 of 14: A plain process") {
		t.Errorf("the notes do not follow the tour to step 1:\n%s", view)
	}

	tm.Send(keyMsg("n"))
	tm.Send(keyMsg("n"))
	tm.Send(keyMsg("n"))
	tm.Send(keyMsg("n"))
	p := waitPosition(t, dir, "pid-ns", steps.Itself)
	if !p.Started.Equal(first.Started) || !p.Since.After(first.Since) || p.Index != 4 {
		t.Errorf("at pid-ns: %+v, after %+v: want the tour's start kept, the step's clock restarted", p, first)
	}
	tm.Send(keyMsg("b"))
	broken := waitPosition(t, dir, "pid-ns", steps.BreakIt)
	if !broken.Since.Equal(p.Since) {
		t.Errorf("\"break it\" restarted the step's clock: %v, was %v", broken.Since, p.Since)
	}
	view := notesView(t, dir)
	for _, want := range []string{"Step 5 of 14: PID namespace — break it", "t types in the shell  ps", "following " + dir[:10]} {
		if !strings.Contains(view, want) {
			t.Errorf("the notes do not say %q:\n%s", want, view)
		}
	}
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(deadline))
}

// --ascii: the panes' boxes in + - |, none of Unicode's box characters.
func TestASCIIDrawsEveryScreenInASCII(t *testing.T) {
	for _, size := range sizes {
		opts := Options{ASCII: true, Presenter: size.presenter}
		m := newTestModel(t, size.w, size.h, opts)
		screens := map[string]string{"welcome": m.View()}
		for i, s := range steps.All() {
			if i > 0 {
				m = press(m, "right")
			}
			screens[s.ID] = m.View()
		}
		screens["end"] = press(m, "right").View()
		screens["recap"] = press(m, "right", "right").View()
		screens["help"] = press(m, "?").View()
		screens["glossary"] = press(m, "G").View()
		screens["break"] = press(newTestModel(t, size.w, size.h, Options{ASCII: true, StartStep: "mount-ns"}), "b").View()
		for name, view := range screens {
			for _, r := range ansi.Strip(view) {
				if r >= 0x80 {
					t.Errorf("%s at %s in ASCII draws %q:\n%s", name, size.name, r, ansi.Strip(view))
					break
				}
			}
		}
		// The same layout: only the characters differ, never a width.
		plain := newTestModel(t, size.w, size.h, Options{Presenter: size.presenter})
		if got, want := lipgloss.Width(screens["welcome"]), lipgloss.Width(plain.View()); got != want {
			t.Errorf("at %s the ASCII welcome is %d wide, the Unicode one %d", size.name, got, want)
		}
	}
}

// The speaker's notes are in the lesson files, and never on the tour's
// screen: the lesson pane renders every lesson without them.
func TestTheLessonPaneLeavesTheSpeakerNotesOut(t *testing.T) {
	for _, s := range steps.All() {
		for _, lang := range []string{"en", "sv"} {
			md, err := lessons.Get(s.ID, lang)
			if err != nil {
				t.Fatal(err)
			}
			minutes := map[string]string{"en": "Minutes:", "sv": "Minuter:"}[lang]
			shown := ansi.Strip(renderMarkdown(md, 100, NewStyles("dark")))
			if strings.Contains(shown, lessons.NotesHeading[lang]) || strings.Contains(shown, minutes) {
				t.Errorf("the %s lesson of %s shows the speaker's notes:\n%s", lang, s.ID, shown)
			}
		}
	}
}

// Update itself never writes: the position is written by the command it
// returns, off the UI's goroutine.
func TestUpdateLeavesTheWritingToACommand(t *testing.T) {
	dir := t.TempDir()
	m := newTestModel(t, 80, 24, Options{Stage: fileStage{dir}})
	path := filepath.Join(dir, stage.FileName)
	next, cmd := m.Update(keyMsg("n"))
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the position file is there before any command ran: %v", err)
	}
	runAll(cmd)
	if p, err := stage.Read(path); err != nil || p.Step != "chroot" || next.(Model).cur != 1 {
		t.Errorf("after the command: %+v, %v; want chroot", p, err)
	}
}

// runAll runs a command and, for a batch, every command in it, dropping
// their messages; a step run (fixtureRunner) returns at once.
func runAll(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			runAll(c)
		}
	}
}
