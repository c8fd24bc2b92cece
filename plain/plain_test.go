package plain

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

type oneObservation struct{ obs *steps.Observation }

func (o oneObservation) Run(ctx context.Context, s *steps.Step, variant steps.Variant) *steps.Observation {
	obs := *o.obs
	obs.StepID, obs.Variant = s.ID, variant
	return &obs
}

func TestWriteShowsBothSidesTheTraceAndEachClaim(t *testing.T) {
	s, _ := steps.ByID("uts-ns")
	obs := &steps.Observation{
		Views: []steps.View{{ID: "hostname", Title: i18n.T("hostname"),
			Host:      steps.Pane{Source: i18n.Raw("uname(2)"), Lines: []i18n.Msg{i18n.Raw("vm")}},
			Container: steps.Pane{Source: i18n.Raw("hostname"), Lines: []i18n.Msg{i18n.Raw("burk")}}}},
		Claims: []steps.ClaimResult{
			{Text: s.Claims[0].Text, Held: true},
			{Text: s.Claims[1].Text, Held: false, Seen: i18n.Raw("what happened")},
		},
	}
	var b strings.Builder
	if err := Write(&b, 6, s, obs, "# UTS\n\nlesson body", i18n.Swedish); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"# 6. UTS-namespace", "lesson body", "### värdnamn (`hostname`)", "**Värd** (`uname(2)`)", "vm", "**Container** (`hostname`)",
		"- ✓ " + s.Claims[0].Text.In(i18n.Swedish), "- ✗ " + s.Claims[1].Text.In(i18n.Swedish), "sett: what happened"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTourReportsAFailedClaimOrError(t *testing.T) {
	lesson := func(string, string) (string, error) { return "", nil }
	s, _ := steps.ByID("chroot")
	var b strings.Builder
	held, err := Tour(context.Background(), &b, oneObservation{&steps.Observation{Err: errors.New("boom")}}, []*steps.Step{s}, lesson, i18n.English)
	if err != nil || held {
		t.Errorf("Tour with a failed step = %v, %v; want false, nil", held, err)
	}
	if !strings.Contains(b.String(), "boom") {
		t.Errorf("the error is not printed")
	}
	b.Reset()
	held, _ = Tour(context.Background(), &b, oneObservation{&steps.Observation{Claims: []steps.ClaimResult{{Held: true}}}}, []*steps.Step{s}, lesson, i18n.English)
	if !held {
		t.Errorf("Tour with every claim held = false")
	}
}

// A skipped claim is neither ✓ nor ✗: it shows ○ and the reason, and
// does not fail the tour; a failed claim beside it still does.
func TestASkippedClaimShowsItsReasonAndFailsNothing(t *testing.T) {
	lesson := func(string, string) (string, error) { return "", nil }
	s, _ := steps.ByID("cgroups")
	skipped := steps.ClaimResult{Text: s.Claims[0].Text, Skipped: true, Seen: i18n.Raw("no memory controller here")}
	var b strings.Builder
	held, err := Tour(context.Background(), &b, oneObservation{&steps.Observation{Claims: []steps.ClaimResult{{Text: s.Claims[1].Text, Held: true}, skipped}}}, []*steps.Step{s}, lesson, i18n.English)
	if err != nil || !held {
		t.Errorf("Tour with a claim held and one skipped = %v, %v; want true, nil", held, err)
	}
	out := b.String()
	for _, want := range []string{"- ○ " + s.Claims[0].Text.In(i18n.English) + "\n  - skipped: no memory controller here\n", "- ✓ " + s.Claims[1].Text.In(i18n.English)} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "✗") {
		t.Errorf("a skipped claim shows ✗:\n%s", out)
	}
	b.Reset()
	failed := steps.ClaimResult{Text: s.Claims[1].Text, Seen: i18n.Raw("what happened")}
	if held, _ := Tour(context.Background(), &b, oneObservation{&steps.Observation{Claims: []steps.ClaimResult{skipped, failed}}}, []*steps.Step{s}, lesson, i18n.English); held {
		t.Errorf("Tour with a claim skipped and one failed = true")
	}
}

// --step starts the plain tour at a step and goes on to the end, as the
// help says.
func TestFromStartsAtTheStepAndGoesOn(t *testing.T) {
	s, _ := steps.ByID("cgroups")
	var got []string
	for _, st := range From(s) {
		got = append(got, st.ID)
	}
	all := steps.IDs()
	if want := all[steps.Index("cgroups"):]; !slices.Equal(got, want) {
		t.Errorf("From(cgroups) = %v, want %v", got, want)
	}
	if n := len(From(nil)); n != len(all) {
		t.Errorf("From(nil) has %d steps, want all %d", n, len(all))
	}
}

// The trace's sides are in the reader's language, the interactive tour's
// words for them.
func TestTheTraceSidesAreInTheLanguage(t *testing.T) {
	s, _ := steps.ByID("uts-ns")
	obs := &steps.Observation{Trace: []steps.Call{
		{Host: true, Call: "clone3({flags=CLONE_NEWUTS})", Result: "4242"},
		{Call: `sethostname("burk")`, Result: "0"},
	}}
	for lang, want := range map[i18n.Lang][]string{
		i18n.English: {"host      clone3", "container sethostname"},
		i18n.Swedish: {"värd      clone3", "container sethostname"},
	} {
		var b strings.Builder
		if err := Write(&b, 6, s, obs, "", lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: the trace lacks %q:\n%s", lang, w, b.String())
			}
		}
	}
}

// burk's own words in a pane are in the reader's language; a command's
// output is as it printed it.
func TestPanesAreInTheLanguage(t *testing.T) {
	s, _ := steps.ByID("process")
	pane := steps.Pane{Source: i18n.T("/proc: burk (PID %d) and its children", 7),
		Lines: []i18n.Msg{i18n.Raw("  PID CMD"), i18n.T("+ %d other processes on the host", 3)},
		Err:   i18n.T("exit status %d", 1)}
	obs := &steps.Observation{Views: []steps.View{{ID: "ps", Host: pane, Container: pane}},
		Claims: []steps.ClaimResult{{Text: s.Claims[0].Text, Seen: i18n.T("false")}}}
	for lang, want := range map[i18n.Lang][]string{
		i18n.English: {"burk (PID 7) and its children", "  PID CMD", "+ 3 other processes on the host", "! exit status 1", ": false"},
		i18n.Swedish: {"burk (PID 7) och dess barn", "  PID CMD", "+ 3 andra processer på värden", "! avslutades med status 1", ": nej"},
	} {
		var b strings.Builder
		if err := Write(&b, 1, s, obs, "", lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: no %q in:\n%s", lang, w, b.String())
			}
		}
	}
}

// Every step's question comes before its views, and a tour that goes to
// the end closes with the recap, its claims counted like a step's.
func TestQuestionsFirstAndTheRecapLast(t *testing.T) {
	lesson := func(string, string) (string, error) { return "", nil }
	last := steps.Last()
	obs := &steps.Observation{Views: []steps.View{{ID: "caps", Title: i18n.T("privileges")}}}
	for _, c := range steps.Recap().Claims {
		obs.Claims = append(obs.Claims, steps.ClaimResult{Text: c.Text, Held: true})
	}
	var b strings.Builder
	held, err := Tour(context.Background(), &b, oneObservation{obs}, []*steps.Step{last}, lesson, i18n.English)
	if err != nil || !held {
		t.Fatalf("Tour = %v, %v", held, err)
	}
	out := b.String()
	q, views := strings.Index(out, last.Question.In(i18n.English)), strings.Index(out, "### privileges")
	if q < 0 || views < 0 || q > views {
		t.Errorf("the question (at %d) is not before the views (at %d):\n%s", q, views, out)
	}
	recap := strings.Index(out, "# Recap")
	if recap < views {
		t.Errorf("no recap after the last step:\n%s", out)
	}
	for _, want := range []string{"Isolated now", "Still shared with the host", steps.Misconceptions[0].Belief.In(i18n.English)} {
		if !strings.Contains(out[recap:], want) {
			t.Errorf("the recap lacks %q", want)
		}
	}
	// A failed recap claim fails the tour.
	obs.Claims[len(obs.Claims)-1].Held = false
	if held, _ := Tour(context.Background(), &strings.Builder{}, oneObservation{obs}, []*steps.Step{last}, lesson, i18n.English); held {
		t.Errorf("a failed recap claim does not fail the tour")
	}
}

// A lesson's "Under the hood" section, which the tour folds, is printed in
// full under its heading, in its place, in both languages.
func TestUnderTheHoodIsPrintedInFull(t *testing.T) {
	s, _ := steps.ByID("cgroup-ns")
	for lang, heading := range map[i18n.Lang]string{i18n.English: "## Under the hood", i18n.Swedish: "## Under huven"} {
		section := heading + "\n\nRCU: a grace period first.\n\n## " + "In a real runtime"
		var b strings.Builder
		if err := Write(&b, 11, s, &steps.Observation{}, "# T\n\nintro\n\n"+section+"\n\nrunc", lang); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "intro\n\n"+section+"\n\nrunc") {
			t.Errorf("%s: the section is not printed in full in its place:\n%s", lang, b.String())
		}
	}
}

// A recording's exercises are printed with their marks: a look around is
// "not done yet", never ✗.
func TestRecordedExercisesAreMarked(t *testing.T) {
	outcomes := []steps.ExerciseOutcome{
		{StepID: "uts-ns", ExerciseID: "domain-name", Held: true, Seen: map[i18n.Lang]string{i18n.English: "set"}},
		{StepID: "net-ns", ExerciseID: "cut-off", NotDone: true, Seen: map[i18n.Lang]string{i18n.English: "lo up", i18n.Swedish: "lo aktivt"}},
		{StepID: "user-ns", ExerciseID: "find-uid", Seen: map[i18n.Lang]string{i18n.English: "uid0"}},
	}
	var b strings.Builder
	if err := WriteExercises(&b, outcomes, i18n.Swedish); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"- ✓ uts-ns/domain-name: burk döpte", "- · net-ns/cut-off: ", "inte gjord än; sett: lo aktivt", "- ✗ user-ns/find-uid: ", "prövad, och det här sågs: uid0"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// A pane's charts are drawn as small text charts: a column a sample, the
// limit as a row of -, an x where the kernel enforced it, and what each is.
func TestChartsAreDrawnAsText(t *testing.T) {
	s, _ := steps.ByID("cgroups")
	var samples []steps.Sample
	for i := range 10 {
		smp := steps.Sample{At: time.Duration(i) * 50 * time.Millisecond, Value: float64(2 * i)}
		if i == 9 {
			smp.Value, smp.Events = 1, 1
		}
		samples = append(samples, smp)
	}
	obs := &steps.Observation{Views: []steps.View{{ID: "cgroup", Title: i18n.T("cgroup limits"),
		Host: steps.Pane{Source: i18n.Raw("files"), Lines: []i18n.Msg{i18n.Raw("OOM kills: 1")},
			Charts: []steps.Chart{{Controller: "memory", Title: i18n.T("memory.current against memory.max"), Unit: i18n.T("MiB"), Limit: 16,
				Event: i18n.T("OOM kill"), Samples: samples}}}}}}
	var b strings.Builder
	if err := Write(&b, 10, s, obs, "", i18n.English); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	want := strings.Join([]string{
		"memory.current against memory.max (MiB), sampled 10 times in 450ms",
		"    16 |-------##-",
		"       |     #### ",
		"       |    ##### ",
		"       |  ####### ",
		"     0 | ########x",
		"       - limit 16 MiB",
		"       x OOM kill: 1, first seen at 450ms",
	}, "\n")
	if !strings.Contains(out, want) {
		t.Errorf("the chart is not drawn as\n%s\nin\n%s", want, out)
	}
}
