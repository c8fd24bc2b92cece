package steps

import (
	"reflect"
	"testing"
	"time"

	"github.com/burk-tui/burk/sandbox"
)

// Each of the recap's shared-with-the-host checks holds on what a real
// run sees, and fails when one side differs: a check that passed whatever
// it saw would fail here.
func TestRecapChecksCatchADifference(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	good := func() *sharedSeen {
		return &sharedSeen{
			Release: sandbox.ExecResult{Stdout: "6.12.48-amd64\n"}, HostRelease: "6.12.48-amd64",
			MemInfo: sandbox.ExecResult{Stdout: "MemTotal: 16284092 kB\n"}, HostMemInfo: "MemTotal: 16284092 kB\n",
			Uptime:       sandbox.ExecResult{Stdout: "8651515.04 8000.00\n"},
			UptimeBefore: 11515.03, UptimeAfter: 11515.05,
			Date:       sandbox.ExecResult{Stdout: "1800000000\n"},
			WallBefore: now, WallAfter: now.Add(time.Millisecond),
			Mounts:  sandbox.ExecResult{Stdout: "22 1 0:40 / / rw - overlay overlay rw\n"},
			Devices: sandbox.ExecResult{Stdout: "Character devices:\n  1 mem\n"}, HostDevices: "Character devices:\n  1 mem\n",
			Status: sandbox.ExecResult{Stdout: "Seccomp:\t0\n"}, HostStatus: "Seccomp:\t0\n",
		}
	}
	run := runFacts{Spec: sandbox.Spec{TimeOffsets: TimeOffsets}}
	check := func(c Claim, seen *sharedSeen) ClaimResult {
		return c.result(&evidence{run: run, probes: map[reflect.Type]any{reflect.TypeFor[sharedSeen](): seen}})
	}
	cases := []struct {
		claim  Claim
		differ func(*sharedSeen)
	}{
		{claimSameKernel, func(s *sharedSeen) { s.Release.Stdout = "6.1.0-vm\n" }},
		{claimHostMemory, func(s *sharedSeen) { s.MemInfo.Stdout = "MemTotal: 16384 kB\n" }},
		{claimWallClockNotUptime, func(s *sharedSeen) { s.Date.Stdout = "1800003600\n" }},
		{claimWallClockNotUptime, func(s *sharedSeen) { s.Uptime.Stdout = "11515.04 8000.00\n" }},
		{claimNoSysfs, func(s *sharedSeen) { s.Mounts.Stdout += "23 22 0:21 / /sys ro - sysfs sysfs ro\n" }},
		{claimNoSysfs, func(s *sharedSeen) { s.Sys.Stdout = "block\nclass\n" }},
		{claimSameDevices, func(s *sharedSeen) { s.Devices.Stdout = "Character devices:\n" }},
		{claimEverySyscall, func(s *sharedSeen) { s.Status.Stdout = "Seccomp:\t2\n" }},
	}
	for _, c := range cases {
		if r := check(c.claim, good()); !r.Held {
			t.Errorf("%s: does not hold on a real run's evidence: %s", c.claim.Text, r.Seen)
		}
		seen := good()
		c.differ(seen)
		if r := check(c.claim, seen); r.Held || r.Skipped {
			t.Errorf("%s: holds where the sides differ: %s", c.claim.Text, r.Seen)
		}
	}
}
