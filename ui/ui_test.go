package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	goldenfile "github.com/burk-tui/burk/internal/golden"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/steps"
)

func TestMain(m *testing.M) {
	// Golden files hold plain text: no colour, whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(testutil.RunPrivileged(m))
}

// newTestModel is a model at a size, with its first step's result in.
func newTestModel(t testing.TB, w, h int, opts Options) Model {
	t.Helper()
	if opts.Runner == nil {
		opts.Runner = fixtureRunner{}
	}
	if opts.Lesson == nil {
		opts.Lesson = lessons.Get
	}
	m := New(opts)
	m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
	return finish(m, m.stepCmd())
}

// on reports whether the tour shows a screen of type S.
func on[S screen](m Model) bool {
	_, ok := m.screen.(S)
	return ok
}

func send(m Model, msg tea.Msg) Model {
	next, _ := m.Update(msg)
	return next.(Model)
}

// finish runs a command's step run, if it has one, and feeds its result
// back; everything else it would do (spinner ticks) is left out.
func finish(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case stepDoneMsg, pickedMsg, progressSavedMsg:
		next, cmd := m.Update(msg)
		return finish(next.(Model), cmd)
	case tea.BatchMsg:
		for _, c := range msg {
			m = finish(m, c) // a spinner tick answers at once, and is left out

		}
	}
	return m
}

// runOf runs the step run in cmd, which may come in a batch with the
// spinner's tick, and returns its result.
func runOf(t testing.TB, cmd tea.Cmd) stepDoneMsg {
	t.Helper()
	switch msg := cmd().(type) {
	case stepDoneMsg:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if done, ok := c().(stepDoneMsg); ok {
				return done
			}
		}
	}
	t.Fatal("the command runs no step")
	return stepDoneMsg{}
}

// namedKeys are the keys the tests press by name; anything else is typed.
var namedKeys = map[string]tea.KeyType{
	"right": tea.KeyRight, "left": tea.KeyLeft, "up": tea.KeyUp, "down": tea.KeyDown,
	"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "enter": tea.KeyEnter, "esc": tea.KeyEsc,
	"pgdown": tea.KeyPgDown, "ctrl+c": tea.KeyCtrlC,
}

func keyMsg(k string) tea.KeyMsg {
	if t, ok := namedKeys[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// press types keys, running every step they start to its result.
func press(m Model, keys ...string) Model {
	for _, k := range keys {
		next, cmd := m.Update(keyMsg(k))
		m = finish(next.(Model), cmd)
	}
	return m
}

// toTab presses tab until the panes show the tab with the given id.
func toTab(t testing.TB, m Model, id string) Model {
	t.Helper()
	for range 20 {
		if m.panes.tab == id {
			return m
		}
		m = press(m, "tab")
	}
	t.Fatalf("no tab %q", id)
	return m
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, "ui", name, got)
}

var sizes = []struct {
	name      string
	w, h      int
	presenter bool
}{{"80x24", 80, 24, false}, {"160x45", 160, 45, false}, {"presenter-160x45", 160, 45, true}}

// Every step, reached as a learner reaches it: with → from the one
// before, so what changed is flagged.
func TestGoldenEveryStep(t *testing.T) {
	for _, size := range sizes {
		m := newTestModel(t, size.w, size.h, Options{Presenter: size.presenter})
		for i, s := range steps.All() {
			if i > 0 {
				m = press(m, "right")
			}
			golden(t, fmt.Sprintf("step-%s-%s", s.ID, size.name), m.View())
		}
	}
}

func TestGoldenStates(t *testing.T) {
	failing := fixtureRunner{err: errors.New("start the init: clone3: operation not permitted")}
	for _, size := range sizes {
		n := size.name
		p := size.presenter
		// A beginning and an end.
		dir := t.TempDir()
		state := filepath.Join(dir, "progress.json")
		golden(t, "welcome-"+n, newTestModel(t, size.w, size.h, Options{StatePath: state, Presenter: p}).View())
		golden(t, "welcome-back-"+n, newTestModel(t, size.w, size.h, Options{StatePath: state, Presenter: p}).View())
		golden(t, "end-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "hardening", Presenter: p}), "right").View())
		golden(t, "break-footer-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "mount-ns", Presenter: p}), "b").View())
		golden(t, "ran-again-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "uts-ns", Presenter: p}), "r").View())
		golden(t, "jumped-"+n, press(newTestModel(t, size.w, size.h, Options{Presenter: p}), "5").View())
		golden(t, "question-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "proc", Presenter: p, Predict: true}), "right").View())
		golden(t, "ipc-table-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "ipc-ns", Presenter: p}), "l").View())
		if p {
			continue // the states below are the same in the presenter's layout
		}
		golden(t, "help-"+n, press(newTestModel(t, size.w, size.h, Options{}), "?").View())
		golden(t, "recap-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "hardening"}), "right", "right").View())
		golden(t, "recap-swedish-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "hardening", Lang: i18n.Swedish}), "right", "right").View())
		golden(t, "glossary-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "mount-ns"}), "G").View())
		golden(t, "error-"+n, newTestModel(t, size.w, size.h, Options{Runner: failing}).View())
		golden(t, "swedish-"+n, press(newTestModel(t, size.w, size.h, Options{Lang: i18n.Swedish, StartStep: "pid-ns"}), "right").View())
		golden(t, "question-swedish-"+n, press(newTestModel(t, size.w, size.h, Options{Lang: i18n.Swedish, StartStep: "pid-ns", Predict: true}), "right").View())
		golden(t, "presenter-"+n, press(newTestModel(t, size.w, size.h, Options{Presenter: true, StartStep: "mount-ns"}), "right").View())
		golden(t, "syscalls-"+n, toTab(t, press(newTestModel(t, size.w, size.h, Options{StartStep: "proc"}), "right"), traceTab).View())
		golden(t, "break-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "pid-ns"}), "b").View())
		golden(t, "picker-"+n, press(newTestModel(t, size.w, size.h, Options{}), "g", "down", "down").View())
		golden(t, "lesson-toggled-"+n, press(newTestModel(t, size.w, size.h, Options{StartStep: "chroot"}), "l").View())
		running := New(Options{Runner: fixtureRunner{}, Lesson: lessons.Get})
		golden(t, "running-"+n, send(running, tea.WindowSizeMsg{Width: size.w, Height: size.h}).View())
		golden(t, "recovered-"+n, newTestModel(t, size.w, size.h, Options{Recovered: []string{
			"mount /var/cache/burk/rootfs/proc (proc)", "cgroup /sys/fs/cgroup/burk-4100-1364409-c9"}}).View())
		golden(t, "ns-"+n, toTab(t, press(newTestModel(t, size.w, size.h, Options{StartStep: "mount-ns"}), "right"), "ns").View())
		golden(t, "escape-"+n, toTab(t, newTestModel(t, size.w, size.h, Options{StartStep: "chroot"}), "escape").View())
	}
	golden(t, "stacked-70x24", press(newTestModel(t, 70, 24, Options{StartStep: "chroot"}), "right").View())
	golden(t, "stacked-ns-70x24", toTab(t, press(newTestModel(t, 70, 24, Options{StartStep: "mount-ns"}), "right"), "ns").View())
	golden(t, "too-small", newTestModel(t, 50, 15, Options{}).View())
}

// The screen is exactly the terminal's size, whatever the size and state:
// a line too long wraps and scrolls the whole screen.
func TestViewFitsTheScreen(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {70, 24}, {80, 24}, {100, 30}, {120, 40}, {150, 40}, {160, 45}, {220, 60}} {
		w, h := size[0], size[1]
		check := func(what string, m Model) {
			t.Helper()
			lines := strings.Split(m.View(), "\n")
			if len(lines) != h {
				t.Errorf("%dx%d %s: %d lines", w, h, what, len(lines))
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("%dx%d %s: line %d is %d wide: %q", w, h, what, i, lw, ansi.Strip(l))
				}
			}
		}
		for _, presenter := range []bool{false, true} {
			m := newTestModel(t, w, h, Options{Presenter: presenter})
			for _, s := range steps.All() {
				check(s.ID, m)
				check(s.ID+" lesson", press(m, "l"))
				check(s.ID+" syscalls", press(m, "shift+tab"))
				check(s.ID+" swedish", press(m, "L"))
				m = press(m, "right")
			}
			check("help", press(m, "?"))
			check("picker", press(m, "g"))
		}
		check("error", newTestModel(t, w, h, Options{Runner: fixtureRunner{err: errors.New(strings.Repeat("a long error ", 30))}}))
	}
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
	if m.obs[obsKey{"cgroups", ""}] == nil {
		t.Errorf("the picked step was not run")
	}
	m = press(m, "g", "down", "esc")
	if got := m.step().ID; got != "cgroups" || on[pickerScreen](m) {
		t.Errorf("esc in the picker: step %s, on %T; want cgroups, closed", got, m.screen)
	}
	last := len(steps.All())
	m = press(m, "right", "right", "right", "right")
	if m.cur != last-1 {
		t.Errorf("→ past the end: step %d, want %d", m.cur+1, last)
	}
}

func TestAStaleResultIsDropped(t *testing.T) {
	m := newTestModel(t, 160, 45, Options{})
	next, slow := m.Update(keyMsg("right")) // chroot starts
	m = next.(Model)
	next, fast := m.Update(keyMsg("right")) // proc starts; chroot is stale
	m = next.(Model)
	m = finish(m, slow)
	if !m.running || m.obs[obsKey{"chroot", ""}] != nil {
		t.Errorf("a stale result was taken: running %v, chroot %v", m.running, m.obs[obsKey{"chroot", ""}])
	}
	m = finish(m, fast)
	if m.running || m.obs[obsKey{"proc", ""}] == nil {
		t.Errorf("the current result was not taken")
	}
}

func TestAFailedStepDoesNotQuit(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{Runner: fixtureRunner{err: errors.New("boom: operation not permitted")}})
	next, cmd := m.Update(keyMsg("r"))
	if cmd == nil {
		t.Fatal("r did not run the step again")
	}
	m = finish(next.(Model), cmd)
	if m.running {
		t.Fatal("the failed step's result was not taken")
	}
	view := m.View()
	for _, want := range []string{"boom: operation not permitted", "run burk as root", "clone3"} {
		if !strings.Contains(view, want) {
			t.Errorf("the failed step's screen lacks %q:\n%s", want, view)
		}
	}
	m = press(m, "right")
	if m.step().ID != "chroot" {
		t.Errorf("after a failed step → does not move on: %s", m.step().ID)
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := newTestModel(t, 80, 24, Options{})
		_, cmd := m.Update(keyMsg(k))
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
	if m.variant != steps.BreakIt || m.current().Variant != steps.BreakIt {
		t.Errorf("b did not run the break variant")
	}
	if m.obs[obsKey{"mount-ns", ""}] == nil {
		t.Errorf("the break run replaced the step's own observation")
	}
	if !strings.Contains(m.View(), "without making / private") {
		t.Errorf("the screen does not name the variant")
	}
	m = press(m, "b")
	if m.variant != steps.Itself {
		t.Errorf("b again did not go back to the step")
	}
	m = press(m, "L")
	if !strings.Contains(m.View(), "Mount-namespace") || !strings.Contains(m.View(), "nästa steg") {
		t.Errorf("L did not switch to Swedish")
	}
	// burk's own words in the panes follow, and the diff's marks with them.
	if v := toTab(t, m, "ps").View(); !strings.Contains(v, "(PID 4100) och") || !strings.Contains(v, "andra processer på värden") {
		t.Errorf("the ps panes are not in Swedish:\n%s", v)
	}
	m = press(m, "L")
	if !strings.Contains(m.View(), "next step") {
		t.Errorf("L twice is not English again")
	}
	m = press(newTestModel(t, 160, 45, Options{StartStep: "uts-ns"}), "b")
	if m.variant != steps.Itself || !strings.Contains(m.View(), `no "break it"`) {
		t.Errorf("b on a step without a variant: %q", m.status)
	}
}

// Each step opens on the view its lesson talks about first, with its
// marked lines in view; r keeps the tab the learner chose.
func TestEachStepOpensOnItsFocus(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		m := newTestModel(t, size[0], size[1], Options{})
		for i, s := range steps.All() {
			if i > 0 {
				m = press(m, "tab", "right") // another tab chosen before →
			}
			if m.panes.tab != s.Focus {
				t.Errorf("%v %s opens on %q, want %q", size, s.ID, m.panes.tab, s.Focus)
			}
			assertMarksInView(t, m, s.ID)
		}
		m = press(newTestModel(t, size[0], size[1], Options{StartStep: "proc"}), "tab", "tab")
		chosen := m.panes.tab
		if m = press(m, "r"); m.panes.tab != chosen {
			t.Errorf("after r: tab %q, want %q, the one chosen", m.panes.tab, chosen)
		}
	}
}

// assertMarksInView fails when a pane has a marked line none of which is
// on screen.
func assertMarksInView(t *testing.T, m Model, step string) {
	t.Helper()
	v := m.current().View(m.panes.tab)
	if v == nil {
		return
	}
	screen := ansi.Strip(m.View())
	for _, side := range []struct {
		name string
		pane steps.Pane
	}{{"host", v.Host}, {"container", v.Container}} {
		if len(side.pane.Marked) == 0 {
			continue
		}
		seen := false
		for _, i := range side.pane.Marked {
			f := strings.Fields(side.pane.Lines[i].String())
			if len(f) > 0 && strings.Contains(screen, "• "+f[0]) || len(f) > 0 && regexp.MustCompile(`•\s+`+regexp.QuoteMeta(f[0])).MatchString(screen) {
				seen = true
			}
		}
		if !seen {
			t.Errorf("%s, tab %s: no marked line of the %s is on screen:\n%s", step, m.panes.tab, side.name, screen)
		}
	}
}

// At process, at 80×24, the container's ps lists every process of the
// host: burk's init, the one worth a look, is in view, not the kernel's
// threads at the top.
func TestTheFirstScreenShowsBurksProcesses(t *testing.T) {
	view := ansi.Strip(newTestModel(t, 80, 24, Options{}).View())
	if !regexp.MustCompile(`•\s+4210\s+root\s+burk-init`).MatchString(view) || strings.Contains(view, "kthreadd") {
		t.Errorf("the first screen does not show the container's init in its ps:\n%s", view)
	}
}

// Lines are paired with the previous step's one to one: by their text,
// else by their shape when they are worth a look in both steps or in
// neither. What is left is new, or gone — each line counted.
func TestDiffLines(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		prev, cur             []string
		prevMarked, curMarked []int
		added                 []bool
		gone                  int
	}{
		{"other PIDs are not news", []string{"  4249  4100 burk-init", "  4100  4098 burk"}, []string{"  4262  4100 burk-init", "  4100  4098 burk"},
			nil, nil, []bool{false, false}, 0},
		{"a namespace of the host's becomes the container's own", []string{"mnt  mnt:[4026532001]", "pid  pid:[4026531836]"},
			[]string{"mnt  mnt:[4026532177]", "pid  pid:[4026532178]"}, []int{0}, []int{0, 1}, []bool{false, true}, 1},
		{"each line gone is counted", []string{"    1 root systemd", "    2 root kthreadd", "    3 root kworker", "    4 root kworker", "    5 root kworker"},
			[]string{"    1 root burk-init"}, nil, nil, []bool{true}, 5},
		{"a line twice is new once", []string{"  10 root sh"}, []string{"  11 root sh", "  12 root sh"}, nil, nil, []bool{false, true}, 0},
		{"the same text wins over the same shape", []string{"uid_map: 0 0 4294967295", "uid_map: 0 100000 65536"},
			[]string{"uid_map: 0 100000 65536"}, nil, nil, []bool{false}, 1},
	} {
		d := diffLines(tc.cur, tc.curMarked, tc.prev, tc.prevMarked)
		if !reflect.DeepEqual(d.added, tc.added) || len(d.gone) != tc.gone {
			t.Errorf("%s: new %v, %d gone; want %v, %d", tc.name, d.added, len(d.gone), tc.added, tc.gone)
		}
	}
}

// At pid-ns the container's pid namespace is its own: that line, and the
// namespaces tab, are what is new.
func TestANewNamespaceIsNews(t *testing.T) {
	m := toTab(t, press(newTestModel(t, 160, 45, Options{StartStep: "mount-ns"}), "right"), "ns")
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "[ns+]") {
		t.Errorf("the ns tab is not flagged at pid-ns:\n%s", view)
	}
	line := func(name string) string {
		for _, l := range m.current().View("ns").Container.LinesIn(i18n.English) {
			if strings.Fields(l)[0] == name {
				return sameText(l)
			}
		}
		t.Fatalf("no line for %s", name)
		return ""
	}
	pid := line("pid")
	if !regexp.MustCompile(`\+• pid +` + strings.Fields(pid)[1]).MatchString(view) {
		t.Errorf("the container's new pid namespace %q is not flagged new:\n%s", pid, view)
	}
	mnt := line("mnt")
	if !regexp.MustCompile(`│  • mnt +` + strings.Fields(mnt)[1]).MatchString(view) {
		t.Errorf("the mnt namespace, the container's own at mount-ns already, is flagged new:\n%s", view)
	}
}

// A line is flagged new only if more than its numbers changed.
func TestWhatChangedIsFlagged(t *testing.T) {
	m := press(newTestModel(t, 160, 45, Options{StartStep: "mount-ns"}), "right")
	view := ansi.Strip(m.View())
	// The container's ps: the init is PID 1 now, marked, as it was a step
	// ago under its host PID, and flagged: becoming PID 1 is the news; the
	// host's processes, and the init's old line, are gone, and counted.
	if !strings.Contains(view, "│ +•   1  root  burk-init") {
		t.Errorf("PID 1 at pid-ns is not marked and flagged new:\n%s", view)
	}
	if !strings.Contains(view, "│      9  root  ps") {
		t.Errorf("ps, listed under another PID before, is flagged new:\n%s", view)
	}
	if !strings.Contains(view, "-  36 lines gone since mount-ns") {
		t.Errorf("the processes the container no longer sees are not counted:\n%s", view)
	}
	// The host's ps: the init's NSPID is 1 now.
	if !strings.Contains(view, "│ +• 4262  4100      1  burk-init __burk_init__") {
		t.Errorf("the init's new NSPID is not flagged new:\n%s", view)
	}
	if !strings.Contains(view, "│    4100  4098      -  burk tour") {
		t.Errorf("burk's own line is flagged new, though only the init's PID changed:\n%s", view)
	}
	if !strings.Contains(view, "[ps+]") || !strings.Contains(view, " hostname ") {
		t.Errorf("the tabs do not say which views changed:\n%s", view)
	}
	for _, tc := range []struct{ a, b string }{
		{"  4242  4000 burk", "  12  9 burk"},
		{"proc on /proc type proc (rw)", "proc  on /proc  type proc (rw)"},
	} {
		if sameShape(tc.a) != sameShape(tc.b) {
			t.Errorf("sameShape(%q) != sameShape(%q)", tc.a, tc.b)
		}
	}
	if sameShape("1 root burk-init") == sameShape("1 root systemd") {
		t.Errorf("a different process is the same shape")
	}
}

func TestScrollingAPane(t *testing.T) {
	// 32 rows: the container's lines fit, under its three-row heading.
	m := toTab(t, newTestModel(t, 80, 32, Options{StartStep: "cgroups"}), "cgroup")
	top := m.View()
	if !strings.Contains(top, "more") {
		t.Fatalf("a pane taller than the screen does not say there is more:\n%s", top)
	}
	m = press(m, "pgdown")
	if m.panes.host.vp.YOffset == 0 || m.View() == top {
		t.Errorf("pgdn did not scroll the panes")
	}
	// The container's lines all fit: it stays, while the host's scroll.
	if m.panes.container.vp.YOffset != 0 {
		t.Errorf("a pane whose lines fit scrolled to %d", m.panes.container.vp.YOffset)
	}
	m = press(m, "l", "down", "down")
	if m.lesson.vp.YOffset != 2 {
		t.Errorf("↓ with the lesson shown: lesson at %d, want 2", m.lesson.vp.YOffset)
	}
}

func TestProgressIsRememberedAndReset(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "burk", "progress.json")
	m := press(newTestModel(t, 160, 45, Options{StatePath: path, StartStep: "process"}), "right", "right", "right", "right", "right", "right", "right", "right")
	if !m.progress.failed("net-ns") {
		t.Errorf("net-ns, with a claim that did not hold, is not marked failed")
	}
	m.list.SetSize(stepListWidth, 20)
	if !strings.Contains(m.list.View(), "✗  8 Network namespace") {
		t.Errorf("the step list does not show the failed step:\n%s", m.list.View())
	}
	again := newTestModel(t, 160, 45, Options{StatePath: path})
	if got := again.step().ID; got != "user-ns" {
		t.Errorf("resumed at %s, want user-ns", got)
	}
	if !again.progress.seen("chroot") {
		t.Errorf("chroot not remembered as seen")
	}
	// R asks first; n (also "next step") keeps the progress and stays.
	asked := press(again, "R")
	if !strings.Contains(asked.View(), "forget every step you have seen? y/n") {
		t.Errorf("R does not ask before it resets:\n%s", asked.View())
	}
	if kept := press(asked, "n"); kept.step().ID != "user-ns" || len(loadProgress(path).Seen) == 0 {
		t.Errorf("R n: step %s, progress %+v; want user-ns, progress kept", kept.step().ID, loadProgress(path))
	}
	if press(asked, "x"); len(loadProgress(path).Seen) == 0 {
		t.Errorf("R and a key other than y reset the progress")
	}
	// R y forgets every step, and starts again at the first.
	if reset := press(asked, "y"); reset.cur != 0 {
		t.Errorf("R y: at step %d, want the first", reset.cur+1)
	}
	if fresh := loadProgress(path); len(fresh.Seen) != 1 || fresh.Current != "process" {
		t.Errorf("R y did not reset: %+v, want only the first step, seen again", fresh)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the state directory holds %d files, want only progress.json: %v", len(entries), entries)
	}
	// A file burk cannot read is a fresh start, not a failure.
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m := newTestModel(t, 80, 24, Options{StatePath: path}); m.cur != 0 {
		t.Errorf("a broken progress file: step %d, want the first", m.cur+1)
	}
}

func TestProgressThatCannotBeSavedIsSaid(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	m := press(newTestModel(t, 160, 45, Options{StatePath: filepath.Join(blocker, "progress.json")}), "right")
	if !strings.Contains(m.View(), "progress not saved") {
		t.Errorf("a failed save is not shown:\n%s", m.View())
	}
}

func TestMarkdownFitsTheWidth(t *testing.T) {
	st := NewStyles("dark")
	for _, id := range steps.IDs() {
		for _, lang := range i18n.Langs {
			md, err := lessons.Get(id, string(lang))
			if err != nil {
				t.Fatal(err)
			}
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

// The help screen is generated from the bindings; at the smallest usual
// size it must still show every one of them.
func TestFullHelpShowsEveryKeyAt80Columns(t *testing.T) {
	for _, lang := range i18n.Langs {
		m := press(newTestModel(t, 80, 24, Options{Lang: lang}), "?")
		view := m.View()
		for _, group := range m.keys.forStep(m.step(), m.variant, lang).FullHelp() {
			for _, b := range group {
				if b.Enabled() && !strings.Contains(view, b.Help().Desc) {
					t.Errorf("%s: the help at 80×24 lacks %q (%s)", lang, b.Help().Desc, b.Help().Key)
				}
			}
		}
		if m = press(m, "esc"); on[helpScreen](m) {
			t.Errorf("esc does not close the help")
		}
	}
}

func TestThemesAndNoColor(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetColorProfile(termenv.ANSI256)
	sample := func(st Styles) string { return st.ClaimHeld.Render("✓") + st.HostLabel.Render("HOST") }
	seen := map[string]string{}
	for _, th := range Themes {
		got := sample(NewStyles(th))
		if got == "✓HOST" {
			t.Errorf("theme %s has no colour", th)
		}
		for other, s := range seen {
			if s == got {
				t.Errorf("themes %s and %s look the same", th, other)
			}
		}
		seen[th] = got
	}
	presenter := New(Options{Runner: fixtureRunner{}, Presenter: true, Theme: "light"})
	if sample(*presenter.styles) != seen["high-contrast"] {
		t.Errorf("--presenter is not high contrast")
	}
	t.Setenv("NO_COLOR", "1")
	honourNoColor()
	if got := sample(NewStyles("dark")); got != "✓HOST" {
		t.Errorf("with NO_COLOR: %q, want plain text", got)
	}
}

func TestThemes(t *testing.T) {
	for _, th := range Themes {
		if err := CheckTheme(th); err != nil {
			t.Errorf("CheckTheme(%q) = %v", th, err)
		}
	}
	if err := CheckTheme("neon"); err == nil || !strings.Contains(err.Error(), "dark, light, high-contrast") {
		t.Errorf("CheckTheme(neon) = %v, want an error naming the themes", err)
	}
}

// The shell's container must not overlap the tour's: pressing s while a
// step runs cancels the run and opens the shell once it has returned.
func TestShellWaitsForTheRunningStep(t *testing.T) {
	opts := Options{Shell: func(string, string) *exec.Cmd { return exec.Command("true") }}
	m := newTestModel(t, 80, 24, opts)
	next, run := m.Update(keyMsg("right"))
	m = next.(Model)
	next, cmd := m.Update(keyMsg("s"))
	m = next.(Model)
	if cmd != nil || !m.pendingShell {
		t.Fatalf("s during a run: command %v, pending %v; want the shell to wait", cmd != nil, m.pendingShell)
	}
	next, cmd = m.Update(runOf(t, run))
	if cmd == nil || next.(Model).pendingShell {
		t.Fatalf("the shell did not open once the run returned")
	}
	// Back from the shell, the step runs again.
	m = next.(Model)
	next, cmd = m.Update(shellDoneMsg{})
	if cmd == nil || !next.(Model).running {
		t.Errorf("back from the shell, the step did not run again")
	}
}

func BenchmarkRender160x45(b *testing.B) {
	m := newTestModel(b, 160, 45, Options{StartStep: "mount-ns"})
	m = press(m, "right")
	for b.Loop() {
		m = press(m, "tab")
		_ = m.View()
	}
}

// BenchmarkKeyToShown: from the → key to the next step fully shown, with a
// runner that answers at once (the real step's cost is the engine's, in
// package steps).
func BenchmarkKeyToShown(b *testing.B) {
	m := newTestModel(b, 160, 45, Options{})
	for b.Loop() {
		if m.cur == len(steps.All())-1 {
			// Back to the first step as the picker goes there: the key 1
			// waits for a second digit, which would time the wait.
			next, cmd := m.goTo(0)
			m = finish(next.(Model), cmd)
		}
		m = press(m, "right")
		_ = m.View()
	}
}

// Bad options are a clear error before the screen changes.
func TestRunRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Runner: fixtureRunner{}, Theme: "neon"}, `unknown theme "neon"`},
		{Options{Runner: fixtureRunner{}, StartStep: "docker"}, `unknown step "docker"`},
		{Options{}, "needs a Runner"},
	} {
		err := Run(context.Background(), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Run(%+v) = %v, want an error with %q", tc.opts, err, tc.want)
		}
	}
}

// A step's lesson starts at its top, also when the lesson was hidden while
// the learner moved on.
func TestTheLessonStartsAtTheTop(t *testing.T) {
	m := press(newTestModel(t, 160, 45, Options{}), "J", "J", "J")
	if m.lesson.vp.YOffset != 3 {
		t.Fatalf("J J J: lesson at %d, want 3", m.lesson.vp.YOffset)
	}
	m = press(m, "l", "right", "l")
	if m.lesson.shown.step != "chroot" || m.lesson.vp.YOffset != 0 {
		t.Errorf("the lesson shows %s from line %d, want chroot's from its top", m.lesson.shown.step, m.lesson.vp.YOffset)
	}
}

// Whatever the width and language, the footer keeps ? and q, and l when
// the lesson is not on screen.
func TestTheFooterKeepsHelpQuitAndTheLesson(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, w := range []int{60, 70, 80, 100, 120, 160} {
			for _, toggled := range []bool{false, true} {
				m := newTestModel(t, w, 24, Options{Lang: lang})
				if toggled {
					m = press(m, "l")
				}
				lines := strings.Split(ansi.Strip(m.View()), "\n")
				footer := lines[len(lines)-1]
				want := []string{"? " + i18n.T("help").In(lang), "q " + i18n.T("quit").In(lang)}
				if m.layout().lessonW == 0 {
					want = append(want, "l "+i18n.T("lesson").In(lang))
				}
				for _, k := range want {
					if !strings.Contains(footer, k) {
						t.Errorf("%s at %d columns (l pressed: %v): the footer lacks %q: %q", lang, w, toggled, k, footer)
					}
				}
			}
		}
	}
}

// The numbers a learner compares are shown whole, never cut: every number
// in the namespaces and the escape, at every size the goldens have, with
// the lesson shown and hidden.
func TestTheValuesToCompareAreNotCut(t *testing.T) {
	number := regexp.MustCompile(`[0-9]{2,}`)
	// (Stacked, below 80 columns, the values fit too, but a pane may have to
	// scroll to them.)
	for _, size := range [][2]int{{80, 24}, {160, 45}, {120, 40}} {
		for _, c := range []struct{ step, tab string }{{"process", "ns"}, {"pid-ns", "ns"}, {"chroot", "escape"}, {"pivot-root", "escape"}} {
			for _, lesson := range []bool{true, false} {
				m := toTab(t, newTestModel(t, size[0], size[1], Options{StartStep: c.step}), c.tab)
				if !m.wide() && !lesson {
					continue // l puts the lesson in place of the panes
				}
				if !lesson {
					m = press(m, "l")
				}
				view := ansi.Strip(m.View())
				v := m.current().View(c.tab)
				for _, l := range append(v.Host.LinesIn(i18n.English), v.Container.LinesIn(i18n.English)...) {
					for _, n := range number.FindAllString(l, -1) {
						if !strings.Contains(view, n) {
							t.Errorf("%dx%d %s %s (l pressed: %v): %s of %q is cut:\n%s", size[0], size[1], c.step, c.tab, !lesson, n, l, view)
						}
					}
				}
			}
		}
	}
}

// What start-up removed after a killed run is said on the first screen, in
// the learner's language, until the first key — which still does its job.
func TestWhatRecoveryRemovedIsShown(t *testing.T) {
	removed := []string{"mount /var/cache/burk/rootfs/proc (proc)", "cgroup /sys/fs/cgroup/burk-4100-1364409-c9"}
	for _, lang := range i18n.Langs {
		for _, size := range [][2]int{{80, 24}, {160, 45}, {70, 24}} {
			m := newTestModel(t, size[0], size[1], Options{Lang: lang, Recovered: removed})
			view := ansi.Strip(m.View())
			for _, want := range append([]string{i18n.T("burk cleaned up after a run that was killed:").In(lang)}, removed...) {
				if !strings.Contains(view, want) {
					t.Errorf("%s %v: the first screen lacks %q:\n%s", lang, size, want, view)
				}
			}
			if lines := strings.Split(m.View(), "\n"); len(lines) != size[1] {
				t.Errorf("%s %v: the screen with the notice is %d lines", lang, size, len(lines))
			}
			m = press(m, "tab")
			if strings.Contains(m.View(), removed[0]) {
				t.Errorf("%s %v: the notice stays after a key", lang, size)
			}
			if m.panes.tab == "ps" {
				t.Errorf("%s %v: the key that closed the notice did not switch the tab", lang, size)
			}
		}
	}
}

// Lines gone since the previous step read in the learner's language too:
// burk's own words in Swedish, a command's output as it printed it.
func TestGoneLinesAreInTheLanguage(t *testing.T) {
	st := NewStyles("dark")
	p := newObsPanes(&st)
	p.SetLang(i18n.Swedish, newKeyMap(i18n.Swedish))
	prev := steps.Pane{Lines: []i18n.Msg{i18n.Raw("  PID CMD"), i18n.T("+ %d other processes on the host", 3)}}
	cur := steps.Pane{Lines: []i18n.Msg{i18n.Raw("  PID CMD")}}
	got := strings.Join(p.paneLines(cur, &prev, steps.Pane{}, 60).lines, "\n")
	if !strings.Contains(got, "+ 3 andra processer på värden") || strings.Contains(got, "other processes") {
		t.Errorf("the gone line is not in Swedish:\n%s", got)
	}
}

// Update never writes the progress file: a command does, off the UI's
// goroutine.
func TestProgressIsSavedInACommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	m := newTestModel(t, 80, 24, Options{StatePath: path, StartStep: "process"})
	os.Remove(path) // the first step's run saved it
	next, cmd := m.Update(keyMsg("right"))
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("Update wrote the progress file itself")
	}
	finish(next.(Model), cmd)
	if p := loadProgress(path); p.Current != "chroot" {
		t.Errorf("after the command: progress %+v, want current chroot", p)
	}
}

// Every table keeps its columns lined up, one row a line, at three widths
// and in the presenter's layout: a position is a gap between columns when
// every row has a space there, and a table of k columns shown has k-1 of
// them. (Squeezing the spaces of each line, as the panes once did, leaves
// none.)
func TestTablesLineUp(t *testing.T) {
	for _, size := range []struct {
		w, h      int
		presenter bool
	}{{80, 24, false}, {120, 40, false}, {160, 45, false}, {160, 45, true}} {
		m := newTestModel(t, size.w, size.h, Options{Presenter: size.presenter})
		for i, s := range steps.All() {
			if i > 0 {
				m = press(m, "right")
			}
			for _, v := range m.current().Views {
				hw := m.panes.width / 2
				for _, side := range []struct {
					name       string
					pane, peer steps.Pane
					w          int
				}{{"host", v.Host, v.Container, hw - 4}, {"container", v.Container, v.Host, m.panes.width - hw - 4}} {
					if side.pane.Table == nil {
						continue
					}
					where := fmt.Sprintf("%dx%d presenter=%v %s %s %s", size.w, size.h, size.presenter, s.ID, v.ID, side.name)
					assertTableLinesUp(t, where, m.panes, side.pane, side.peer, side.w)
				}
			}
		}
	}
}

func assertTableLinesUp(t *testing.T, where string, p obsPanes, pane, peer steps.Pane, w int) {
	t.Helper()
	out := p.paneLines(pane, nil, peer, w)
	layout := layTable(pane, peer, p.lang, w-3)
	var rowsShown []string
	if out.header != "" {
		rowsShown = append(rowsShown, string([]rune(ansi.Strip(out.header))[3:]))
	}
	n := 0
	for i := range pane.Lines {
		if isRow(pane, i) && !layout.isHeader(i) {
			n++
		}
	}
	lines := out.lines
	if len(lines) < n {
		t.Fatalf("%s: %d rows on %d lines", where, n, len(lines))
	}
	for i := range pane.Lines {
		if isRow(pane, i) && !layout.isHeader(i) {
			row := ansi.Strip(lines[out.at[i]])
			if i+1 < len(pane.Lines) && out.at[i+1] > out.at[i]+1 {
				t.Errorf("%s: row %d takes %d lines", where, i, out.at[i+1]-out.at[i])
			}
			rowsShown = append(rowsShown, string([]rune(row)[3:]))
		}
	}
	for _, l := range append(rowsShown, ansi.Strip(out.header)) {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s: a row of %d cells in a pane of %d: %q", where, lw, w, l)
		}
	}
	if len(rowsShown) < 2 || len(layout.cols) < 2 {
		return
	}
	widest := 0
	for _, r := range rowsShown {
		widest = max(widest, len([]rune(r)))
	}
	gaps, inGap := 0, false
	for x := 0; x < widest; x++ {
		blank := true
		for _, r := range rowsShown {
			if rs := []rune(r); x < len(rs) && rs[x] != ' ' {
				blank = false
			}
		}
		if blank && !inGap && x > 0 {
			gaps++
		}
		inGap = blank
	}
	if inGap {
		gaps-- // the space after the shortest last cell is no gap
	}
	if gaps < len(layout.cols)-1 {
		t.Errorf("%s: %d columns shown, %d gaps between them — not lined up:\n%s", where, len(layout.cols), gaps, strings.Join(rowsShown, "\n"))
	}
}

// With --predict, → asks the next step's question and runs nothing; the
// next → runs the step, and ← leaves the class where it was.
func TestPredictAsksBeforeEveryStep(t *testing.T) {
	for i, s := range steps.All()[1:] {
		m := newTestModel(t, 100, 30, Options{StartStep: steps.All()[i].ID, Predict: true})
		asked := press(m, "right")
		shown := strings.Join(strings.Fields(asked.View()), " ")
		if asked.cur != i || !strings.Contains(shown, s.Question.In(i18n.English)) {
			t.Errorf("→ at %s: at step %d, question shown: %v", steps.All()[i].ID, asked.cur+1, strings.Contains(shown, s.Question.In(i18n.English)))
		}
		if ran := press(asked, "right"); ran.cur != i+1 || on[questionScreen](ran) {
			t.Errorf("→ → at %s: at step %d (on %T), want %s", steps.All()[i].ID, ran.cur+1, ran.screen, s.ID)
		}
		if back := press(asked, "left"); back.cur != i || on[questionScreen](back) {
			t.Errorf("→ ← at %s: at step %d (on %T)", steps.All()[i].ID, back.cur+1, back.screen)
		}
	}
	if m := press(newTestModel(t, 100, 30, Options{StartStep: "proc"}), "right"); on[questionScreen](m) || m.cur != 3 {
		t.Errorf("without --predict → asks (on %T) or does not move (step %d)", m.screen, m.cur+1)
	}
}
