package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// skippingRunner is a machine without cgroup controllers: the cgroups
// step's demonstrations are skipped, with their reason, as the engine does
// on such a host (steps.TestClaimsSkipWhatTheMachineCannotShow).
type skippingRunner struct{ fixtureRunner }

func (r skippingRunner) Run(ctx context.Context, s *steps.Step, v steps.Variant) *steps.Observation {
	obs := r.fixtureRunner.Run(ctx, s, v)
	if s.ID == "cgroups" {
		for i, c := range []string{"memory", "pids", "cpu"} {
			if i < len(obs.Claims) {
				obs.Claims[i].Held, obs.Claims[i].Skipped = false, true
				obs.Claims[i].Seen = i18n.T("this host has no %s controller (see burk doctor)", c)
			}
		}
		// Nor is there anything to chart.
		if v := obs.View("cgroup"); v != nil {
			v.Host.Charts = nil
		}
	}
	return obs
}

// A skipped claim is neither ✓ nor ✗: ○ with its reason, and the count
// says how many were skipped; no "a ✗ here?" where nothing failed.
func TestASkippedClaimIsShownWithItsReason(t *testing.T) {
	for _, size := range sizes {
		m := newTestModel(t, size.w, size.h, Options{StartStep: "cgroups", Runner: skippingRunner{}, Presenter: size.presenter})
		golden(t, "skipped-claims-"+size.name, m.View())
		screen := strings.Join(strings.Fields(m.View()), " ")
		for _, want := range []string{"○", "skipped: this host has no memory controller"} {
			if size.name == "80x24" && !strings.Contains(screen, want) {
				t.Errorf("%s: the claims lack %q:\n%s", size.name, want, m.View())
			}
		}
		if strings.Contains(screen, "✗") {
			t.Errorf("%s: a skipped claim shows ✗:\n%s", size.name, m.View())
		}
	}
}
