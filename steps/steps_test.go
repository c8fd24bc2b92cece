package steps

import (
	"reflect"
	"testing"
)

// Every claim reads evidence some probe of its run gathers: a claim whose
// probe is not in the step (or the variant) is a failure here, not a
// silent zero on a learner's screen.
func TestEveryClaimReadsAProbeOfItsRun(t *testing.T) {
	for _, s := range all {
		for _, v := range []Variant{Itself, BreakIt} {
			if v == BreakIt && !s.HasBreak() {
				continue
			}
			gives := map[reflect.Type]bool{}
			for _, p := range s.ProbesFor(v) {
				if p.gives != nil {
					gives[p.gives] = true
				}
			}
			for _, c := range s.ClaimsFor(v) {
				if c.needs != nil && !gives[c.needs] {
					t.Errorf("%s%s: the claim %q reads %v, which no probe of the run gathers", s.ID, v, c.Text, c.needs)
				}
			}
		}
	}
}

// A claim whose probe did not run does not hold, and says so.
func TestAClaimWithoutItsProbeDoesNotHold(t *testing.T) {
	ev := &evidence{probes: map[reflect.Type]any{}}
	held, seen := claimPID1.check(ev)
	if held || seen.IsZero() {
		t.Errorf("claimPID1 without the ps probe: held %v, seen %q", held, seen)
	}
}

// Each probe's evidence is a type of its own: two probes filling the same
// type would overwrite each other's.
func TestEachProbeHasItsOwnEvidence(t *testing.T) {
	owner := map[reflect.Type]string{}
	for _, s := range all {
		probes := s.Probes
		if s.Break != nil {
			probes = append(append([]*Probe{}, probes...), s.Break.Probes...)
		}
		for _, p := range probes {
			if p.take == nil || p.ID == "" || p.Title.IsZero() {
				t.Errorf("probe %q: no id, title or take", p.ID)
			}
			if p.gives == nil {
				continue
			}
			if o, ok := owner[p.gives]; ok && o != p.ID {
				t.Errorf("probes %s and %s both gather %v", o, p.ID, p.gives)
			}
			owner[p.gives] = p.ID
		}
	}
}
