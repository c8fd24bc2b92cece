package ui

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) {
	// Golden files hold plain text: no colour, whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(testutil.RunPrivileged(m))
}

// fixtureRunner returns the same made-up observation for a step every
// time: UI fixtures for stable golden files. What the kernel really shows
// is tested in steps and sandbox.
type fixtureRunner struct{ err error }

func (f fixtureRunner) Run(ctx context.Context, s *steps.Step, variant string) *steps.Observation {
	o := &steps.Observation{StepID: s.ID, Variant: variant, Duration: 42 * time.Millisecond}
	if f.err != nil {
		o.Err = f.err
		o.Hint = steps.Text{En: "Run burk as root.", Sv: "Kör burk som root."}
		return o
	}
	n := steps.Index(s.ID) + 1
	for _, p := range s.Probes {
		o.Views = append(o.Views, steps.View{ID: p.ID, Title: p.Title,
			Host: steps.Pane{Source: "host " + p.ID, Lines: []string{
				"  PID  PPID CMD", fmt.Sprintf(" 4242  4000 burk (step %d)", n), " 4250  4242 burk-init"}, Marked: []int{2}},
			Container: steps.Pane{Source: p.ID + " -o pid,comm", Lines: []string{
				"PID COMMAND", "  1 burk-init", fmt.Sprintf("  %d %s", n+1, p.ID)}, Marked: []int{1}},
		})
	}
	o.Trace = []sandbox.Event{
		{Side: sandbox.HostSide, Call: "clone(CLONE_NEWNS|SIGCHLD)", Result: "4250"},
		{Side: sandbox.ContainerSide, Call: `mount("", "/", "", MS_REC|MS_PRIVATE, "")`, Result: "0"},
		{Side: sandbox.ContainerSide, Call: `sethostname("burk")`, Result: "-1 EPERM (operation not permitted)", Errno: 1},
	}
	for i, c := range s.Claims {
		o.Claims = append(o.Claims, steps.ClaimResult{Text: c.Text, Held: i != 1 || n%4 != 0, Seen: "what the fixture saw"})
	}
	return o
}

// newTestModel is a model at a size, with its first step's result in.
func newTestModel(t testing.TB, w, h int, opts Options) Model {
	t.Helper()
	if opts.Runner == nil {
		opts.Runner = fixtureRunner{}
	}
	opts.Lesson = lessons.Get
	m := New(opts)
	m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
	return finish(m, m.stepCmd())
}

func send(m Model, msg tea.Msg) Model {
	next, _ := m.Update(msg)
	return next.(Model)
}

// finish runs a command to its step result and feeds it back.
func finish(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	if msg, ok := cmd().(stepDoneMsg); ok {
		next, _ := m.Update(msg)
		return next.(Model)
	}
	return m
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "right":
			msg = tea.KeyMsg{Type: tea.KeyRight}
		case "left":
			msg = tea.KeyMsg{Type: tea.KeyLeft}
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		next, cmd := m.Update(msg)
		m = finish(next.(Model), cmd)
	}
	return m
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	got = ansi.Strip(got)
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./ui -update to accept):\n%s", name, got)
	}
}

var sizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"160x45", 160, 45}}

func TestGoldenEveryStep(t *testing.T) {
	for _, size := range sizes {
		for _, s := range steps.All() {
			m := newTestModel(t, size.w, size.h, Options{StartStep: s.ID})
			golden(t, fmt.Sprintf("step-%s-%s", s.ID, size.name), m.View())
		}
	}
}

func TestGoldenStates(t *testing.T) {
	for _, size := range sizes {
		golden(t, "help-"+size.name, press(newTestModel(t, size.w, size.h, Options{}), "?").View())
		golden(t, "error-"+size.name, newTestModel(t, size.w, size.h, Options{Runner: fixtureRunner{err: errors.New("start the init: clone: operation not permitted")}}).View())
		golden(t, "swedish-"+size.name, newTestModel(t, size.w, size.h, Options{Lang: steps.Swedish, StartStep: "uts-ns"}).View())
		golden(t, "presenter-"+size.name, newTestModel(t, size.w, size.h, Options{Presenter: true, StartStep: "pid-ns"}).View())
		golden(t, "syscalls-"+size.name, press(newTestModel(t, size.w, size.h, Options{StartStep: "mount-ns"}), "tab", "tab", "tab", "tab").View())
		golden(t, "picker-"+size.name, press(newTestModel(t, size.w, size.h, Options{}), "g", "down", "down").View())
		lessonToggled := press(newTestModel(t, size.w, size.h, Options{StartStep: "chroot"}), "l")
		golden(t, "lesson-toggled-"+size.name, lessonToggled.View())
		running := New(Options{Runner: fixtureRunner{}, Lesson: lessons.Get})
		running = send(running, tea.WindowSizeMsg{Width: size.w, Height: size.h})
		golden(t, "running-"+size.name, running.View())
	}
	small := newTestModel(t, 50, 15, Options{})
	golden(t, "too-small", small.View())
}

func TestKeysMoveBetweenSteps(t *testing.T) {
	m := newTestModel(t, 160, 45, Options{})
	m = press(m, "right", "right", "n")
	if got := m.step().ID; got != "mount-ns" {
		t.Errorf("after → → n: step %s, want mount-ns", got)
	}
	m = press(m, "left", "p")
	if got := m.step().ID; got != "chroot" {
		t.Errorf("after ← p: step %s, want chroot", got)
	}
	m = press(m, "9")
	if got := m.step().ID; got != "user-ns" {
		t.Errorf("after 9: step %s, want user-ns", got)
	}
	m = press(m, "g", "down", "enter")
	if got := m.step().ID; got != "cgroups" {
		t.Errorf("after the picker: step %s, want cgroups", got)
	}
	if m.obs["cgroups"] == nil {
		t.Errorf("the picked step was not run")
	}
}

func TestAStaleResultIsDropped(t *testing.T) {
	m := newTestModel(t, 160, 45, Options{})
	next, slow := m.Update(tea.KeyMsg{Type: tea.KeyRight}) // chroot starts
	m = next.(Model)
	next, fast := m.Update(tea.KeyMsg{Type: tea.KeyRight}) // proc starts; chroot is stale
	m = next.(Model)
	m = send(m, slow())
	if !m.running || m.obs["chroot"] != nil {
		t.Errorf("a stale result was taken: running %v, chroot %v", m.running, m.obs["chroot"])
	}
	m = send(m, fast())
	if m.running || m.obs["proc"] == nil {
		t.Errorf("the current result was not taken")
	}
}

func TestAFailedStepDoesNotQuit(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{Runner: fixtureRunner{err: errors.New("boom")}})
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")})
	if cmd == nil {
		t.Fatal("r did not run the step again")
	}
	if _, quit := cmd().(tea.QuitMsg); quit {
		t.Fatal("a failed step quit the tour")
	}
	if !strings.Contains(next.(Model).View(), "boom") {
		t.Errorf("the error is not shown")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("q")}, {Type: tea.KeyCtrlC}} {
		m := newTestModel(t, 80, 24, Options{})
		_, cmd := m.Update(k)
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s does not quit", k)
		}
	}
}

func TestBreakItAndLanguage(t *testing.T) {
	m := newTestModel(t, 160, 45, Options{StartStep: "mount-ns"})
	m = press(m, "b")
	if m.variant != "break" || m.obs["mount-ns"].Variant != "break" {
		t.Errorf("b did not run the break variant")
	}
	m = press(m, "L")
	if !strings.Contains(m.View(), "Mount-namespace") {
		t.Errorf("L did not switch to Swedish")
	}
	m = press(newTestModel(t, 160, 45, Options{StartStep: "uts-ns"}), "b")
	if m.variant != "" || !strings.Contains(m.View(), "no \"break it\"") {
		t.Errorf("b on a step without a variant: %q", m.status)
	}
}

func TestProgressIsRememberedAndReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "burk", "progress.json")
	press(newTestModel(t, 160, 45, Options{StatePath: path}), "right", "right")
	again := newTestModel(t, 160, 45, Options{StatePath: path})
	if got := again.step().ID; got != "proc" {
		t.Errorf("resumed at %s, want proc", got)
	}
	if !again.progress.seen("chroot") {
		t.Errorf("chroot not remembered as seen")
	}
	again = press(again, "R")
	if fresh := loadProgress(path); len(fresh.Seen) != 0 {
		t.Errorf("R did not reset: %+v", fresh)
	}
}

func TestMarkdownFitsTheWidth(t *testing.T) {
	st := NewStyles("dark")
	for _, id := range steps.IDs() {
		for _, lang := range lessons.Langs() {
			md, _ := lessons.Get(id, lang)
			for _, w := range []int{30, 60, 100} {
				for _, line := range strings.Split(renderMarkdown(md, w, st), "\n") {
					if lw := ansi.StringWidth(line); lw > w {
						t.Errorf("%s/%s at %d: a line of %d: %q", lang, id, w, lw, line)
					}
				}
			}
		}
	}
}

func BenchmarkRender160x45(b *testing.B) {
	m := newTestModel(b, 160, 45, Options{StartStep: "pid-ns"})
	for b.Loop() {
		m = press(m, "tab")
		_ = m.View()
	}
}

// BenchmarkKeyToShown: from the → key to the next step fully shown, with a
// runner that answers at once (the real step's cost is BenchmarkObserve in
// package steps).
func BenchmarkKeyToShown(b *testing.B) {
	m := newTestModel(b, 160, 45, Options{})
	for b.Loop() {
		if m.cur == len(steps.All())-1 {
			m = press(m, "1")
		}
		m = press(m, "right")
		_ = m.View()
	}
}

// The help screen is generated from the bindings; at the smallest size it
// must still show every one of them.
func TestFullHelpShowsEveryKeyAt80Columns(t *testing.T) {
	for _, lang := range steps.Langs {
		m := press(newTestModel(t, 80, 24, Options{Lang: lang}), "?")
		view := m.View()
		for _, group := range m.keys.FullHelp() {
			for _, b := range group {
				if !strings.Contains(view, b.Help().Desc) {
					t.Errorf("%s: the help at 80×24 lacks %q (%s)", lang, b.Help().Desc, b.Help().Key)
				}
			}
		}
	}
}

// The shell's container must not overlap the tour's: pressing s while a
// step runs cancels the run and opens the shell once it has returned.
func TestShellWaitsForTheRunningStep(t *testing.T) {
	opts := Options{Shell: func(string) *exec.Cmd { return exec.Command("true") }}
	m := newTestModel(t, 80, 24, opts)
	next, run := m.Update(tea.KeyMsg{Type: tea.KeyRight})
	m = next.(Model)
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
	m = next.(Model)
	if cmd != nil || !m.pendingShell {
		t.Fatalf("s during a run: command %v, pending %v; want the shell to wait", cmd != nil, m.pendingShell)
	}
	next, cmd = m.Update(run())
	if cmd == nil || next.(Model).pendingShell {
		t.Fatalf("the shell did not open once the run returned")
	}
}
