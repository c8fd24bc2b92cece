package record

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The recording built into burk is what burk shows off Linux: it must be
// the current tour — every step and "break it" variant, each with the
// views its probes take and the claims it checks, in that order — or a
// Mac shows a tour this burk no longer gives. When a step changes, this
// fails until scripts/record records it again.
func TestShippedMatchesTheSteps(t *testing.T) {
	rec, err := Shipped()
	if err != nil {
		t.Fatalf("%v\nrun scripts/record (as root, on Linux) to record it again", err)
	}
	if problems := mismatches(rec); len(problems) > 0 {
		t.Errorf("the built-in recording is of another tour: run scripts/record (as root, on Linux) to record it again:\n%s", strings.Join(problems, "\n"))
	}
}

// The check above fails when the recording and the steps part.
func TestShippedMismatchesAreFound(t *testing.T) {
	for name, edit := range map[string]func(*Recording){
		"a step missing":   func(r *Recording) { r.Runs = r.Runs[1:] },
		"a claim reworded": func(r *Recording) { r.Runs[2].Claims[0].Text = Msg{i18n.Raw("ps works.")} },
		"a claim failed":   func(r *Recording) { r.Runs[2].Claims[0].Result = ClaimFailed },
		"a view missing":   func(r *Recording) { r.Runs[3].Views = r.Runs[3].Views[1:] },
		"a break run missing": func(r *Recording) {
			r.Runs = slices.DeleteFunc(r.Runs, func(r Run) bool { return r.Variant == VariantBreak })
		},
		"no kernel said": func(r *Recording) { r.Machine.Kernel = "" },
	} {
		rec, err := Shipped()
		if err != nil {
			t.Fatal(err)
		}
		edit(rec)
		if len(mismatches(rec)) == 0 {
			t.Errorf("%s: not found", name)
		}
	}
}

// mismatches is where rec and the current steps part.
func mismatches(rec *Recording) []string {
	var problems []string
	var want []string
	for _, s := range steps.All() {
		for _, v := range []steps.Variant{steps.Itself, steps.BreakIt} {
			if v == steps.BreakIt && !s.HasBreak() {
				continue
			}
			want = append(want, s.ID+" "+variantName(v))
		}
	}
	want = append(want, steps.RecapID+" "+variantName(steps.Itself)) // the plain tour's last word
	var got []string
	for _, r := range rec.Runs {
		got = append(got, r.Step+" "+r.Variant)
	}
	if !slices.Equal(got, want) {
		return []string{fmt.Sprintf("runs %v, the tour's are %v", got, want)}
	}
	for _, r := range rec.Runs {
		s, _ := steps.Runnable(r.Step)
		v := variantOf(r.Variant)
		where := fmt.Sprintf("%s (%s)", r.Step, r.Variant)
		if r.Error != "" {
			problems = append(problems, fmt.Sprintf("%s: recorded as failed: %s", where, r.Error))
			continue
		}
		var views, probes []string
		for _, view := range r.Views {
			views = append(views, view.ID)
		}
		for _, p := range s.ProbesFor(v) {
			probes = append(probes, p.ID)
		}
		if !slices.Equal(views, probes) {
			problems = append(problems, fmt.Sprintf("%s: views %v, the step's probes are %v", where, views, probes))
		}
		var claims, texts []string
		for _, c := range r.Claims {
			claims = append(claims, c.Text.In(i18n.English))
			if c.Result == ClaimFailed {
				problems = append(problems, fmt.Sprintf("%s: a claim failed: %s", where, c.Text.In(i18n.English)))
			}
		}
		for _, c := range s.ClaimsFor(v) {
			texts = append(texts, c.Text.In(i18n.English))
		}
		if !slices.Equal(claims, texts) {
			problems = append(problems, fmt.Sprintf("%s: claims %q, the step's are %q", where, claims, texts))
		}
	}
	m := rec.Machine
	if m.Kernel == "" || m.OS == "" || m.Cgroup == "" || m.Taken.IsZero() || m.Burk == "" {
		problems = append(problems, fmt.Sprintf("the machine it was taken on is not all said: %+v", m))
	}
	return problems
}
