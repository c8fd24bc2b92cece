package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// byName finds a check by its name.
func byName(t *testing.T, checks []stageCheck, name string) stageCheck {
	t.Helper()
	for _, c := range checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q in %+v", name, checks)
	return stageCheck{}
}

var goodTerminal = terminalInfo{IsTerminal: true, Width: 120, Height: 36, Profile: termenv.ANSI256, Locale: "en_US.UTF-8"}

func TestStageTerminalGoes(t *testing.T) {
	for _, c := range terminalChecks(goodTerminal) {
		if !c.Go || c.Fix != "" {
			t.Errorf("on a good terminal: %+v", c)
		}
	}
}

// A projector's terminal at 1024×768 with a large font: too small.
func TestStageTerminalTooSmall(t *testing.T) {
	term := goodTerminal
	term.Width, term.Height = 72, 20
	c := byName(t, terminalChecks(term), "size")
	if c.Go || !strings.Contains(c.Detail, "72×20") || !strings.Contains(c.Fix, "80 columns and 24 lines") {
		t.Errorf("a 72×20 terminal: %+v, want a no-go naming its size and 80×24", c)
	}
}

func TestStageTerminalWithoutColour(t *testing.T) {
	term := goodTerminal
	term.NoColor = true
	if c := byName(t, terminalChecks(term), "colours"); c.Go || !strings.Contains(c.Fix, "unset NO_COLOR") {
		t.Errorf("NO_COLOR set: %+v, want a no-go saying to unset it", c)
	}
	term = goodTerminal
	term.Profile = termenv.Ascii
	if c := byName(t, terminalChecks(term), "colours"); c.Go || !strings.Contains(c.Fix, "TERM=xterm-256color") {
		t.Errorf("a terminal with no colour: %+v, want a no-go naming TERM", c)
	}
	term.Profile = termenv.ANSI // the presenter's theme needs only these
	if c := byName(t, terminalChecks(term), "colours"); !c.Go {
		t.Errorf("16 colours: %+v, want go", c)
	}
}

func TestStageTerminalWithoutUnicode(t *testing.T) {
	term := goodTerminal
	term.Locale = ""
	if c := byName(t, terminalChecks(term), "box drawing"); c.Go || !strings.Contains(c.Fix, "burk tour --ascii") {
		t.Errorf("the C locale: %+v, want a no-go offering --ascii", c)
	}
	term.Locale = "sv_SE.utf8"
	if c := byName(t, terminalChecks(term), "box drawing"); !c.Go {
		t.Errorf("sv_SE.utf8: %+v, want go", c)
	}
}

func TestStageTerminalNotATerminal(t *testing.T) {
	checks := terminalChecks(terminalInfo{})
	if len(checks) != 1 || checks[0].Go || !strings.Contains(checks[0].Fix, "not into a pipe") {
		t.Errorf("no terminal: %+v", checks)
	}
}

// stageRunner makes up the runs the pre-flight judges: pid-ns's claim
// fails, cgroups cannot run, the rest hold.
func stageRunner(_ context.Context, s *steps.Step, v steps.Variant) *steps.Observation {
	o := &steps.Observation{StepID: s.ID, Variant: v, Claims: []steps.ClaimResult{{Text: i18n.Raw("it holds"), Held: true}}}
	switch {
	case s.ID == "cgroups":
		o.Err, o.Hint = errors.New("mkdir /sys/fs/cgroup/burk: permission denied"), i18n.Raw("mount cgroup2 read-write")
	case s.ID == "pid-ns" && v == steps.Itself:
		o.Claims = append(o.Claims, steps.ClaimResult{Text: i18n.Raw("the first process is PID 1"), Seen: i18n.Raw("PID 7")})
	}
	return o
}

func TestStageStepsSayGoAndNoGoWithTheFix(t *testing.T) {
	var checks []stageCheck
	var kept []string
	keep := func(o *steps.Observation) error {
		kept = append(kept, o.StepID+string(o.Variant))
		return nil
	}
	fix := func(s *steps.Step) string { return "the fix for " + s.ID }
	stageSteps(context.Background(), stageRunner, keep, fix, func(c stageCheck) { checks = append(checks, c) })

	runs := 0
	for _, s := range steps.All() {
		runs++
		if s.HasBreak() {
			runs++
		}
	}
	if len(checks) != runs {
		t.Fatalf("%d checks, want one for every step and variant, %d", len(checks), runs)
	}
	cg := byName(t, checks, "10 cgroups")
	if cg.Go || !strings.Contains(cg.Detail, "permission denied") || cg.Fix != "mount cgroup2 read-write" {
		t.Errorf("cgroups, which could not run: %+v, want a no-go with its error and its hint", cg)
	}
	pid := byName(t, checks, " 5 pid-ns")
	if pid.Go || !strings.Contains(pid.Detail, "the first process is PID 1 (seen: PID 7)") || pid.Fix != "the fix for pid-ns" {
		t.Errorf("pid-ns, whose claim failed: %+v, want a no-go naming the claim and what was seen", pid)
	}
	if c := byName(t, checks, " 5 pid-ns (break it)"); !c.Go || !strings.Contains(c.Detail, "fallback kept") {
		t.Errorf("pid-ns's break it held: %+v, want go, kept", c)
	}
	// Only what held is kept as the fallback.
	if len(kept) != runs-2 || strings.Contains(strings.Join(kept, " "), "cgroups") {
		t.Errorf("kept %v: want every run but cgroups and pid-ns", kept)
	}
}
