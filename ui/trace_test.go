package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// A call the step before made otherwise shows what changed: at mount-ns
// the clone3's new flag, not the whole call.
func TestTheTraceHighlightsTheNewFlag(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetColorProfile(termenv.ANSI256)
	m := toTab(t, press(newTestModel(t, 160, 45, Options{StartStep: "proc"}), "right"), traceTab)
	lines, _ := m.panes.traceLines(100)
	st := m.styles
	var clone string
	for _, l := range lines {
		if strings.Contains(ansi.Strip(l), "clone3(") {
			clone = l
			break
		}
	}
	if !strings.Contains(clone, st.Changed.Render("CLONE_NEWNS")) {
		t.Errorf("the clone3 line does not highlight CLONE_NEWNS: %q", clone)
	}
	for _, same := range []string{"SIGCHLD", "CLONE_INTO_CGROUP", "clone3"} {
		if strings.Contains(clone, st.Changed.Render(same)) {
			t.Errorf("the clone3 line highlights %s, which the step before had too: %q", same, clone)
		}
	}
}

// The step's own calls come first; burk's keeping of the container's
// cgroup, the same at every step, after them. Calls on the cgroup that
// are the step's point (the limits at cgroups) stay in place.
func TestTheStepsOwnCallsComeFirst(t *testing.T) {
	for _, tc := range []struct{ step, first string }{
		{"mount-ns", "clone3("},
		{"cgroups", `/payload/memory.max"`},
	} {
		prev := "proc"
		if tc.step == "cgroups" {
			prev = "user-ns"
		}
		m := toTab(t, press(newTestModel(t, 160, 45, Options{StartStep: prev}), "right"), traceTab)
		lines, _ := m.panes.traceLines(200)
		var calls []string
		for _, l := range lines {
			if s := ansi.Strip(l); strings.Contains(s, ") = ") || strings.Contains(s, "cgroup for the container") {
				calls = append(calls, ansi.Strip(l))
			}
		}
		if len(calls) == 0 || !strings.Contains(calls[0], tc.first) {
			t.Fatalf("%s: the trace starts %q, want %s", tc.step, calls, tc.first)
		}
		label := -1
		for i, c := range calls {
			if strings.Contains(c, "cgroup for the container") {
				label = i
			}
			if (strings.Contains(c, "mkdir(") || strings.Contains(c, "rmdir(")) && (label < 0 || i < label) {
				t.Errorf("%s: the cgroup's %q comes before the step's own calls:\n%s", tc.step, c, strings.Join(calls, "\n"))
			}
		}
	}
}

// r flashes the header for a moment, besides saying the time: a run
// again that shows the same is seen to have run.
func TestRunAgainFlashesTheHeader(t *testing.T) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetColorProfile(termenv.ANSI256)
	m := newTestModel(t, 160, 45, Options{StartStep: "uts-ns"})
	header := func(m Model) string { return strings.SplitN(m.View(), "\n", 2)[0] }
	before := header(m)
	m = press(m, "r")
	if !m.flash || header(m) == before || !strings.Contains(ansi.Strip(header(m)), "ran again at") {
		t.Fatalf("after r the header does not flash: %q", header(m))
	}
	if stale := send(m, flashDoneMsg{m.flashSeq - 1}); !stale.flash {
		t.Errorf("the end of an earlier flash ended this one")
	}
	m = send(m, flashDoneMsg{m.flashSeq})
	if m.flash || header(m) == before {
		t.Errorf("after the flash the header is %q (flash %v), want it plain again with the time", header(m), m.flash)
	}
}

// A "break it" run says what breaking the step did on this machine, from
// what its claims saw, above the panes; the step itself does not.
func TestBreakItSaysWhatItDidHere(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{StartStep: "mount-ns"})
	if strings.Contains(m.View(), "On this machine:") {
		t.Errorf("the step itself has a break note:\n%s", m.View())
	}
	m = press(m, "b")
	screen := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	if !strings.Contains(screen, "On this machine: the mount holding the rootfs, /, is shared:1 here, so the container's proc mount leaked to the host") {
		t.Errorf("the break variant does not say what it did here:\n%s", m.View())
	}
}

// At pid-ns the container's init becomes PID 1: its line, worth a look
// before and after, is flagged new; at uts-ns, still PID 1, it is not.
func TestTheInitBecomingPID1IsNews(t *testing.T) {
	pid1 := regexp.MustCompile(`│ (\+| )• +1 +root +burk-init`)
	for _, tc := range []struct {
		from string
		news bool
	}{{"mount-ns", true}, {"pid-ns", false}} {
		m := toTab(t, press(newTestModel(t, 160, 45, Options{StartStep: tc.from}), "right"), "ps")
		view := ansi.Strip(m.View())
		got := pid1.FindStringSubmatch(view)
		if got == nil {
			t.Fatalf("after %s: no PID 1 line in the container's ps:\n%s", tc.from, view)
		}
		if (got[1] == "+") != tc.news {
			t.Errorf("after %s: the PID 1 line is %q, flagged new: %v, want %v", tc.from, got[0], got[1] == "+", tc.news)
		}
	}
	// Another run's PIDs are still not news: at mount-ns the init's line
	// is marked as at proc, under another PID, and not flagged.
	m := toTab(t, press(newTestModel(t, 160, 45, Options{StartStep: "proc"}), "right"), "ps")
	if regexp.MustCompile(`│ \+• +\d+ +root +burk-init`).MatchString(ansi.Strip(m.View())) {
		t.Errorf("at mount-ns the init's line, another PID of another run, is flagged new:\n%s", ansi.Strip(m.View()))
	}
}
