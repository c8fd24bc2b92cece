package steps

import (
	"reflect"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/caps"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// The hostname claim holds only on what its sentence names: the command
// refused, CAP_SYS_ADMIN not in CapEff, and the kernel's hostname inside
// unchanged. Each part differing on its own makes it fail.
func TestNoSysAdminClaimNeedsEveryPart(t *testing.T) {
	const good = "CapInh:\t0000000000000000\nCapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\nNoNewPrivs:\t1\n" +
		"/proc/kcore: 0 bytes read\nhostname: sethostname: Operation not permitted\nsethostname refused\nhostname now: burk\n"
	run := runFacts{Spec: sandbox.Spec{Hostname: ContainerHostname}}
	check := func(stdout string) ClaimResult {
		seen := &capsSeen{Inside: sandbox.ExecResult{Stdout: stdout}}
		return claimNoSysAdmin.result(&evidence{run: run, probes: map[reflect.Type]any{reflect.TypeFor[capsSeen](): seen}})
	}
	if r := check(good); !r.Held {
		t.Fatalf("does not hold on a real run's evidence: %s", r.Seen)
	}
	differ := map[string]string{
		// hostname missing from the rootfs: it failed, but CAP_SYS_ADMIN is there.
		"failed for another reason with CAP_SYS_ADMIN": strings.Replace(strings.Replace(good, "00000000a80425fb", "000001ffffffffff", 1),
			"hostname: sethostname: Operation not permitted", "sh: hostname: not found", 1),
		"the name changed":      strings.Replace(good, "hostname now: burk", "hostname now: "+triedHostname, 1),
		"the name not read":     strings.Replace(good, "hostname now: burk\n", "", 1),
		"the command succeeded": strings.Replace(good, "sethostname refused\n", "", 1),
		"no CapEff line":        strings.Replace(good, "CapEff:\t00000000a80425fb\n", "", 1),
	}
	for name, stdout := range differ {
		if r := check(stdout); r.Held || r.Skipped {
			t.Errorf("%s: holds: %s", name, r.Seen)
		}
	}
}

// The caps view says "all" only for a set that holds every capability the
// kernel knows, and names the ones missing otherwise.
func TestCapsCountSaysAllOnlyForAll(t *testing.T) {
	all := make([]string, 41)
	for n := range all {
		all[n] = caps.Name(n)
	}
	if got := capsCount(all, 40).In(i18n.English); got != "  = all 41 capabilities" {
		t.Errorf("every capability: %q", got)
	}
	lacking := append(append([]string{}, all[:24]...), all[25:]...)
	if got := capsCount(lacking, 40).In(i18n.English); got != "  = 40 of this kernel's 41 capabilities (missing: CAP_SYS_RESOURCE)" {
		t.Errorf("without CAP_SYS_RESOURCE: %q", got)
	}
	if got := capsCount(all[:40], 39).In(i18n.English); got != "  = all 40 capabilities" {
		t.Errorf("a kernel of 40: %q", got)
	}
}

// The escape claims hold only when the escape ended at the rootfs itself:
// somewhere that is neither the rootfs nor the host's / does not pass.
func TestEscapeClaimsNeedTheRootfs(t *testing.T) {
	seen := func(dev, ino uint64) *escapeSeen {
		return &escapeSeen{Escape: &sandbox.EscapeResult{RootDev: dev, RootIno: ino, Listing: []string{"bin"}},
			HostRootDev: 65024, HostRootIno: 2, RootfsDev: 65024, RootfsIno: 802818}
	}
	for _, c := range []Claim{claimEscapeFails, claimRootOwn} {
		check := func(s *escapeSeen) ClaimResult {
			return c.result(&evidence{probes: map[reflect.Type]any{reflect.TypeFor[escapeSeen](): s}})
		}
		if r := check(seen(65024, 802818)); !r.Held {
			t.Errorf("%s: does not hold at the rootfs: %s", c.Text, r.Seen)
		}
		for name, s := range map[string]*escapeSeen{
			"the host's /":       seen(65024, 2),
			"another directory":  seen(65024, 4711),
			"another filesystem": seen(2049, 802818),
		} {
			if r := check(s); r.Held {
				t.Errorf("%s: holds at %s: %s", c.Text, name, r.Seen)
			}
		}
	}
}

// The cgroup mount claim holds only when the mount's root inside is the
// container's cgroup itself (its inode), not any cgroup with the same
// files.
func TestCgroupMountClaimNeedsTheSameCgroup(t *testing.T) {
	good := func() *cgroupNSSeen {
		return &cgroupNSSeen{
			Mount:     sandbox.ExecResult{Stdout: "the mount's root: inode 4711\ncgroup.procs\nmemory.max\n"},
			MountRoot: "/sys/fs/cgroup/burk-1", HostListing: []string{"memory.max", "cgroup.procs"}, HostInode: 4711,
		}
	}
	check := func(s *cgroupNSSeen) ClaimResult {
		return claimCgroupMountOwnSubtree.result(&evidence{probes: map[reflect.Type]any{reflect.TypeFor[cgroupNSSeen](): s}})
	}
	if r := check(good()); !r.Held {
		t.Fatalf("does not hold on the container's own cgroup: %s", r.Seen)
	}
	for name, differ := range map[string]func(*cgroupNSSeen){
		"another cgroup with the same files": func(s *cgroupNSSeen) { s.HostInode = 4712 },
		"the inode not read":                 func(s *cgroupNSSeen) { s.Mount.Stdout = "cgroup.procs\nmemory.max\n" },
		"other files":                        func(s *cgroupNSSeen) { s.HostListing = append(s.HostListing, "payload") },
	} {
		s := good()
		differ(s)
		if r := check(s); r.Held || r.Skipped {
			t.Errorf("%s: holds: %s", name, r.Seen)
		}
	}
}

// The propagation that decides whether the proc mount leaks is that of
// the mount holding the rootfs, which need not be /: a rootfs under a
// private /var does not leak on a host whose / is shared, and the claim
// holds there and fails where the kernel did otherwise.
func TestPropagationClaimReadsTheMountHoldingTheRootfs(t *testing.T) {
	mounts := []sandbox.Mount{
		{MountPoint: "/", Propagation: "shared:1"},
		{MountPoint: "/var", Propagation: ""},
		{MountPoint: "/variable", Propagation: "shared:7"},
		{MountPoint: "/var/lib/burk/other", Propagation: "shared:9"},
	}
	for path, want := range map[string]string{
		"/var/lib/burk/rootfs/proc": "/var",
		"/tmp/burk/rootfs/proc":     "/",
		"/variable/rootfs/proc":     "/variable",
	} {
		if got, _ := holdingMount(mounts, path); got != want {
			t.Errorf("%s: held by %q, want %q", path, got, want)
		}
	}
	at, prop := holdingMount(mounts, "/var/lib/burk/rootfs/proc")
	run := runFacts{RootfsMount: at, RootPropagation: prop}
	check := func(leaks int) ClaimResult {
		return claimPropagationBreak.result(&evidence{run: run, probes: map[reflect.Type]any{reflect.TypeFor[mountSeen](): &mountSeen{ProcMountsDuring: leaks}}})
	}
	if r := check(0); !r.Held {
		t.Errorf("nothing leaked under a private /var: %s", r.Seen)
	}
	if r := check(1); r.Held {
		t.Errorf("a leak under a private /var holds: %s", r.Seen)
	}
}

// The throttled claim counts the busy loop's own periods: a cgroup whose
// count rose only before it (the hog or the fork loop throttled) fails.
func TestThrottledClaimCountsTheBusyLoopOnly(t *testing.T) {
	check := func(before *periodCount) ClaimResult {
		seen := &cgroupSeen{Stats: &sandbox.CgroupStats{NrThrottled: 6, NrPeriods: 15}, BusyBefore: before}
		return claimThrottled.result(&evidence{probes: map[reflect.Type]any{reflect.TypeFor[cgroupSeen](): seen}})
	}
	if r := check(&periodCount{Throttled: 1, Periods: 10}); !r.Held || !strings.Contains(r.Seen.In(i18n.English), "throttled in 5 of its 5 periods (the cgroup since it was made: 6 of 15)") {
		t.Errorf("throttled in the busy loop: held %v, %s", r.Held, r.Seen.In(i18n.English))
	}
	if r := check(&periodCount{Throttled: 6, Periods: 10}); r.Held || r.Skipped {
		t.Errorf("throttled only before the busy loop: holds: %s", r.Seen.In(i18n.English))
	}
	if r := check(nil); r.Held || r.Skipped {
		t.Errorf("not read before the busy loop: holds: %s", r.Seen.In(i18n.English))
	}
}
