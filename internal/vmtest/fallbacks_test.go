package vmtest

// The fallback lines. Where burk chooses between a kernel feature and a
// fallback, the machines of the other lines all take the preferred branch;
// each fallback line is a guest that takes the others. A feature a kernel
// lacks is taken away for real: the overlay module is not loaded, or a
// seccomp filter (enosys) makes the kernel answer a syscall with ENOSYS,
// as a kernel without it does. burk is never told.
//
// Every branch, and the line that takes each side (*: both kernels):
//
//	choice                          preferred, and its lines        the other branch, and its lines
//	init's binary: overlayfs by     fsopen+fsmount of overlay:      a sealed memfd copy: */*-fallbacks
//	  the new mount API, or memfd     every other line                "nooverlay" (no overlay module);
//	                                                                  6.12/v2-fallbacks "nofsopen"
//	                                                                  (fsopen ENOSYS, as before 5.2)
//	host's check of /proc/PID/exe   open for writing says EROFS     ETXTBSY: the seals read through a
//	                                  (the overlay): every line       read-only descriptor: every memfd
//	                                                                  tour (6.1 and 6.12 both refuse to
//	                                                                  open a running memfd for writing);
//	                                                                  sandbox TestAProcessRunFromASealed…
//	                                                                  A kernel that allows that open
//	                                                                  (seals read through it): no line
//	the init into its cgroup        clone3 CLONE_INTO_CGROUP:       clone, then cgroup.procs: */v1;
//	                                  */v2, */hybrid, rootless        6.1/v1-fallbacks "nopidfd" with
//	                                                                  clone3 refused too. On cgroup2 no
//	                                                                  fallback: burk refuses, naming
//	                                                                  clone3 (6.12/v2-fallbacks, a note)
//	the payload into its cgroup     clone3 from the init: */v2,     the spawning thread joins the v1
//	                                  */hybrid, rootless              payload's tasks: */v1
//	killing a container             cgroup.kill: */v2, */hybrid,    kill pid by pid: */v1
//	                                  rootless
//	signalling one pid (killAll)    pidfd_open+pidfd_send_signal:   kill(2): 6.1/v1-fallbacks "nopidfd"
//	                                  every other line                (pidfd_* ENOSYS, as before 5.3)
//	cgroup layout                   v2: */v2                        v1, hybrid: */v1, */hybrid
//	a controller v1 lacks           -                               skipped with its reason: 6.12/v1
//	the rootfs swapped in           renameat2 RENAME_EXCHANGE:      the old moved aside: */*-fallbacks
//	                                  the host's tests                (renameat2 ENOSYS, a note)
//	rootless: cgroups               delegated: 6.12/v2-rootless     cpu not delegated: its "nocpu" tour;
//	                                                                  none: TestTourWithoutRoot (host)
//	rootless: id maps               a newuidmap range: the host's   one id: 6.12/v2-rootless (the guest
//	                                  TestTourWithoutRoot             has no newuidmap)
//	rootless: SIGKILL of burk       its undo (a normal exit):       the lab's cgroup guard: 6.12/v2-
//	                                  6.12/v2-rootless tours          rootless, after its tours (a note)
//	the tour's shell watching the   a pidfd of the tour: the        its parent pid: the host's
//	  tour (LockHolderGone)           host's TestTheTourShellEnds…    TestTheTourShellEnds…WithoutPidfds
//	                                                                  (pidfd_* ENOSYS)
//	the init sealed without the     -                               the host's TestTheInitIsSealed…
//	  new mount API, on this host                                     WithoutTheNewMountAPI
//	/ propagation                   private: every line             shared: every non-fallback line
//
// A fallback line starts each tour at the step that meets its branch, on
// busybox only: the hardening step seals the init's binary, the cgroups
// step is the first whose containers are killed with processes in them.

import (
	"strings"
	"testing"
)

// fallbackLines are the fallback lines, one per kernel series: its cgroup
// layout and its tours, those without overlay first (the guest loads it
// for the first tour that wants it, and it stays).
var fallbackLines = map[string]struct {
	cgroups string
	tours   []FallbackTour
}{
	"6.1": {"v1", []FallbackTour{
		// 6.1 refuses to open a running binary for writing (ETXTBSY),
		// a memfd's too: the seals are read through a read-only descriptor.
		{Label: "nooverlay", From: "hardening", Shows: memfdShows},
		// On v1 a container is killed pid by pid, each through a pidfd
		// where the kernel has them; and nothing there needs clone3.
		{Label: "nopidfd", From: "cgroups", Overlay: true, Refused: []string{"pidfd_open", "pidfd_send_signal", "clone3"}},
	}},
	"6.12": {"v2", []FallbackTour{
		{Label: "nooverlay", From: "hardening", Shows: memfdShows},
		// overlay is there, the new mount API is not (Linux before 5.2).
		{Label: "nofsopen", From: "hardening", Overlay: true, Refused: []string{"fsopen"},
			Shows: append([]string{`fsopen("overlay", FSOPEN_CLOEXEC) = -1 ENOSYS`}, memfdShows...)},
	}},
}

// memfdShows is the trace of an init run from a sealed memfd, checked on a
// kernel that refuses to open a running binary for writing (6.1 and 6.12
// both do): the seals read through a read-only descriptor.
var memfdShows = []string{`memfd_create("burk-init"`, "O_WRONLY|O_CLOEXEC) = -1 ETXTBSY", "O_RDONLY|O_CLOEXEC) = ", "F_GET_SEALS) = "}

// describe says what a fallback tour takes away, for the matrix's summary.
func (ft FallbackTour) describe() string {
	var gone []string
	if !ft.Overlay {
		gone = append(gone, "no overlay module")
	}
	if len(ft.Refused) > 0 {
		gone = append(gone, strings.Join(ft.Refused, ", ")+": ENOSYS")
	}
	return "from " + ft.From + "; " + strings.Join(gone, "; ")
}

// checkShows checks that a fallback tour's trace, as the guest passed it
// on, shows what its fallback does.
func checkShows(t *testing.T, ft FallbackTour, details []string) {
	t.Helper()
	var lines []string
	for _, d := range details {
		if !strings.HasPrefix(d, "- ") {
			lines = append(lines, d)
		}
	}
	trace := strings.Join(lines, "\n")
	t.Logf("tour %s, how the init's binary was sealed and checked:\n%s", ft.Label, trace)
	for _, want := range ft.Shows {
		if !strings.Contains(trace, want) {
			t.Errorf("tour %s: the trace lacks %q, which its fallback does:\n%s", ft.Label, want, trace)
		}
	}
}
