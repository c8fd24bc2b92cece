package steps

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
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
			for _, p := range claimsWithoutTheirProbe(s, v) {
				t.Error(p)
			}
		}
	}
	// And the check catches a step whose claim reads a probe it lacks.
	lacking := &Step{ID: "lacking", Probes: everyStep(), Claims: []Claim{claimOnlyLoopback}}
	if len(claimsWithoutTheirProbe(lacking, Itself)) != 1 {
		t.Errorf("a claim on the network probe, at a step without it, is not caught")
	}
}

// claimsWithoutTheirProbe lists the claims of a run of step s whose
// evidence no probe of that run gathers.
func claimsWithoutTheirProbe(s *Step, v Variant) []string {
	gives := map[reflect.Type]bool{}
	for _, p := range s.ProbesFor(v) {
		if p.gives != nil {
			gives[p.gives] = true
		}
	}
	var problems []string
	for _, c := range s.ClaimsFor(v) {
		if c.needs != nil && !gives[c.needs] {
			problems = append(problems, fmt.Sprintf("%s%s: the claim %q reads %v, which no probe of the run gathers", s.ID, v, c.Text, c.needs))
		}
	}
	return problems
}

// A claim whose probe did not run does not hold, and says so.
func TestAClaimWithoutItsProbeDoesNotHold(t *testing.T) {
	ev := &evidence{probes: map[reflect.Type]any{}}
	r := claimPID1.result(ev)
	if r.Held || r.Skipped || r.Seen.IsZero() {
		t.Errorf("claimPID1 without the ps probe: %+v", r)
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

// Every step opens on a view it has: its Focus names one of its probes,
// and so does its variant's.
func TestEveryStepsFocusIsOneOfItsViews(t *testing.T) {
	has := func(s *Step, v Variant, id string) bool {
		for _, p := range s.ProbesFor(v) {
			if p.ID == id {
				return true
			}
		}
		return false
	}
	for _, s := range all {
		for _, v := range []Variant{Itself, BreakIt} {
			if v == BreakIt && !s.HasBreak() {
				continue
			}
			if f := s.FocusFor(v); !has(s, v, f) {
				t.Errorf("%s (%q): opens on %q, which is not one of its views", s.ID, v, f)
			}
		}
	}
	if has(&Step{Probes: everyStep()}, Itself, "") {
		t.Errorf("an empty focus is found among the views")
	}
}

// A namespace step keeps the namespaces view, so that the class watches
// the container's own namespaces add up.
func TestEveryNamespaceStepShowsTheNamespaces(t *testing.T) {
	for _, s := range all {
		if !strings.HasSuffix(s.ID, "-ns") {
			continue
		}
		found := false
		for _, p := range s.Probes {
			found = found || p == probeNamespaces
		}
		if !found {
			t.Errorf("%s has no namespaces view", s.ID)
		}
	}
}

// ip -o link's lines are shown as the host shows its own: a name and a
// state, no literal \ where ip folded its second line.
func TestNetLinesAreTheHostsFormat(t *testing.T) {
	got := netLines(sandbox.ExecResult{Stdout: `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT group default qlen 1000\    link/ipip 0.0.0.0 brd 0.0.0.0
`})
	want := []string{"lo           unknown", "tunl0        down"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("netLines = %q, want %q", got, want)
	}
}

// Capability masks read as names: what the container lost of what burk had.
func TestGoneCapsAreNamed(t *testing.T) {
	if got := goneCaps([]string{"CAP_SYS_ADMIN", "CAP_CHOWN", "CAP_NET_ADMIN"}, []string{"CAP_CHOWN", "CAP_NET_ADMIN"}); !reflect.DeepEqual(got, []string{"CAP_SYS_ADMIN"}) {
		t.Errorf("goneCaps = %v, want [CAP_SYS_ADMIN]", got)
	}
}

// A claim this machine cannot show is skipped with its reason, from what
// the run did: the one-id map of a lab, a controller the host lacks. A
// skip never fails the observation; a failed claim beside it does.
func TestClaimsSkipWhatTheMachineCannotShow(t *testing.T) {
	full := []sandbox.IDMap{{ContainerID: 0, HostID: UserMapHostID, Size: 65536}}
	one := []sandbox.IDMap{{ContainerID: 0, HostID: 0, Size: 1}}
	ev := func(ran []sandbox.IDMap, uid int) *evidence {
		return &evidence{run: runFacts{Spec: sandbox.Spec{UIDMap: full}, Ran: sandbox.Spec{UIDMap: ran}, Init: sandbox.Process{UID: uid}}}
	}
	if r := claimUnprivilegedOutside.result(ev(one, 1001)); !r.Skipped || r.Held || r.Seen.IsZero() {
		t.Errorf("uid claim with one id mapped = %+v, want skipped with a reason", r)
	}
	if r := claimUnprivilegedOutside.result(ev(full, UserMapHostID)); !r.Held || r.Skipped {
		t.Errorf("uid claim with the full map = %+v, want held", r)
	}
	if r := claimUnprivilegedOutside.result(ev(full, 0)); r.Held || r.Skipped {
		t.Errorf("uid claim, full map, uid 0 outside = %+v, want failed", r)
	}
	// A range that starts elsewhere (a lab's from /etc/subuid on a
	// machine where 100000 is another user's): root inside is its first
	// id, and the claim says which.
	elsewhere := []sandbox.IDMap{{ContainerID: 0, HostID: 231072, Size: 65536}}
	if r := claimUnprivilegedOutside.result(ev(elsewhere, 231072)); !r.Held || r.Skipped || !strings.Contains(r.Seen.In(i18n.English), "uid 231072") {
		t.Errorf("uid claim, a range at 231072, uid 231072 outside = %+v, want held, naming 231072", r)
	}
	if r := claimUnprivilegedOutside.result(ev(elsewhere, UserMapHostID)); r.Held || r.Skipped {
		t.Errorf("uid claim, a range at 231072, uid %d outside = %+v, want failed", UserMapHostID, r)
	}
	cg := &evidence{probes: map[reflect.Type]any{reflect.TypeFor[cgroupSeen](): &cgroupSeen{Stats: &sandbox.CgroupStats{Missing: []string{"memory"}}}}}
	oom := claimOOMKilled.result(cg)
	if !oom.Skipped || oom.Held || !strings.Contains(oom.Seen.In(i18n.English), "no memory controller") {
		t.Errorf("OOM claim without the memory controller = %+v, want skipped, saying so", oom)
	}
	obs := &Observation{Claims: []ClaimResult{oom, {Held: true}}}
	if !obs.Held() {
		t.Errorf("an observation with a claim skipped and one held does not hold")
	}
	obs.Claims = append(obs.Claims, ClaimResult{})
	if obs.Held() {
		t.Errorf("an observation with a failed claim holds")
	}
}
