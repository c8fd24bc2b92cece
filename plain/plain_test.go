package plain

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/burk-tui/burk/steps"
)

type oneObservation struct{ obs *steps.Observation }

func (o oneObservation) Run(ctx context.Context, s *steps.Step, variant string) *steps.Observation {
	obs := *o.obs
	obs.StepID, obs.Variant = s.ID, variant
	return &obs
}

func TestWriteShowsBothSidesTheTraceAndEachClaim(t *testing.T) {
	s, _ := steps.ByID("uts-ns")
	obs := &steps.Observation{
		Views: []steps.View{{ID: "hostname", Title: steps.Text{En: "hostname", Sv: "värdnamn"},
			Host:      steps.Pane{Source: "uname(2)", Lines: []string{"vm"}},
			Container: steps.Pane{Source: "hostname", Lines: []string{"burk"}}}},
		Claims: []steps.ClaimResult{
			{Text: steps.Text{En: "held", Sv: "höll"}, Held: true},
			{Text: steps.Text{En: "did not", Sv: "höll inte"}, Held: false, Seen: "what happened"},
		},
	}
	var b strings.Builder
	if err := Write(&b, 6, s, obs, "# UTS\n\nlesson body", steps.Swedish); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"# 6. UTS-namespace", "lesson body", "**Värd** (`uname(2)`)", "vm", "**Container** (`hostname`)",
		"- ✓ höll", "- ✗ höll inte", "sett: what happened"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTourReportsAFailedClaimOrError(t *testing.T) {
	lesson := func(string, string) (string, error) { return "", nil }
	s, _ := steps.ByID("chroot")
	var b strings.Builder
	held, err := Tour(context.Background(), &b, oneObservation{&steps.Observation{Err: errors.New("boom")}}, []*steps.Step{s}, lesson, steps.English)
	if err != nil || held {
		t.Errorf("Tour with a failed step = %v, %v; want false, nil", held, err)
	}
	if !strings.Contains(b.String(), "boom") {
		t.Errorf("the error is not printed")
	}
	b.Reset()
	held, _ = Tour(context.Background(), &b, oneObservation{&steps.Observation{Claims: []steps.ClaimResult{{Held: true}}}}, []*steps.Step{s}, lesson, steps.English)
	if !held {
		t.Errorf("Tour with every claim held = false")
	}
}
