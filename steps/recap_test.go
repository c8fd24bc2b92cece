package steps_test

// The recap's claims on real containers at full isolation, on every
// rootfs the claims of the steps are tested on; and checks of the checks,
// against what the test reads of the host itself (unix.Uname, its own
// clock), so that a check that passed whatever it saw would fail here.
// Privileged, as engine_test.go.

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/steps"
)

func TestTheRecapHolds(t *testing.T) {
	for _, from := range []rootfs.Source{rootfs.FromHost, rootfs.FromBusybox, bare} {
		t.Run(string(from), func(t *testing.T) {
			engine := newEngine(t, rootfsFor(t, from))
			before := testutil.Snapshot(t)
			obs := engine.Run(context.Background(), steps.Recap(), steps.Itself)
			if obs.Err != nil {
				t.Fatalf("Run: %v", obs.Err)
			}
			t.Logf("the recap took %v", obs.Duration)
			isolated, shared := steps.RecapClaims(obs)
			if len(isolated) == 0 || len(shared) == 0 {
				t.Fatalf("the recap's lists: %d isolated, %d shared", len(isolated), len(shared))
			}
			for _, c := range obs.Claims {
				t.Logf("%v %s: %s", c.Held, c.Text, c.Seen)
				if !c.Held {
					t.Errorf("claim %q did not hold: %s", c.Text, c.Seen)
				}
			}
			for _, lang := range i18n.Langs {
				for _, p := range untranslated(obs, lang) {
					t.Errorf("%s: %s", lang, p)
				}
			}
			assertRecapSawTheHost(t, obs)
			testutil.AssertClean(t, before)
		})
	}
}

// assertRecapSawTheHost compares what the recap's checks read with what
// the test reads itself: the kernel's release from uname(2), the wall
// clock from Go's, the seccomp mode from its own status.
func assertRecapSawTheHost(t *testing.T, obs *steps.Observation) {
	t.Helper()
	v := obs.View("shared")
	if v == nil {
		t.Fatal("the recap has no shared view")
	}
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		t.Fatal(err)
	}
	release := unix.ByteSliceToString(u.Release[:])
	for _, pane := range []steps.Pane{v.Host, v.Container} {
		lines := pane.LinesIn(i18n.English)
		if got := valueOf(lines, "release"); got != release {
			t.Errorf("the recap's release = %q, uname(2) says %q", got, release)
		}
		if got := valueOf(lines, "date"); !withinSeconds(strings.TrimPrefix(got, "+%s "), time.Now(), 120) {
			t.Errorf("the recap's wall clock = %q, now is %d", got, time.Now().Unix())
		}
	}
	isolated, _ := steps.RecapClaims(obs)
	if !strings.Contains(isolated[0].Seen.In(i18n.English), "shared with the host: []") {
		t.Errorf("the namespaces claim saw: %s", isolated[0].Seen)
	}
}

// valueOf is the value of the recap view's line named what.
func valueOf(lines []string, what string) string {
	for _, l := range lines {
		if f := strings.Fields(l); len(f) > 1 && f[0] == what {
			return strings.Join(f[1:], " ")
		}
	}
	return ""
}

func withinSeconds(s string, now time.Time, tolerance int64) bool {
	var n int64
	for _, f := range strings.Fields(s) {
		for _, r := range f {
			if r < '0' || r > '9' {
				return false
			}
			n = n*10 + int64(r-'0')
		}
	}
	d := now.Unix() - n
	return d >= 0 && d <= tolerance
}

// Each misconception the recap clears up is shown by one of its claims,
// but the one about Docker, which is no kernel's fact.
func TestEveryMisconceptionHasItsClaim(t *testing.T) {
	obs := &steps.Observation{}
	for _, c := range steps.Recap().Claims {
		obs.Claims = append(obs.Claims, steps.ClaimResult{Text: c.Text, Held: true})
	}
	for i, m := range steps.Misconceptions {
		if m.Belief.IsZero() || m.Instead.IsZero() {
			t.Errorf("misconception %d says nothing", i)
		}
		if got := m.ShownBy(obs); (got == nil) != (i == len(steps.Misconceptions)-1) {
			t.Errorf("misconception %q: shown by %v", m.Belief, got)
		}
	}
}
