package machine

// The lab's cgroup and its guard. Without root, the lab's containers get
// their cgroups below a cgroup systemd delegated to the learner: the burk
// outside the lab moves into a cgroup of the lab's own there,
// burk-lab-<pid>, and has the delegated cgroup hand its controllers down
// (labCgroup). Its undo
// puts that back when burk leaves on its own. A SIGKILL runs no undo: the
// leaf and the controllers stayed until the next start, which removes a
// dead burk's leaf but cannot know which controllers were handed down for
// it.
//
// So, as the guard does for root (housekeeping/guard_linux.go), and in the
// same shape (housekeeping.Watcher), the burk outside starts a guard beside
// its leaf. It lives in a leaf of its own, outside burk's (a cgroup with a
// process in it cannot be removed). When burk dies, the lab's PID 1 dies
// with it, and every process of the lab with that: the guard waits for
// the lab's leaf to empty, removes the cgroups the lab's containers left,
// then puts the delegated cgroup back as burk found it (releaseLab). A
// leaf of a guard that was killed too is a dead burk-lab-<pid> leaf,
// which the next start removes, with what is below it.

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/internal/cgroup"
)

// labCgroup moves this burk into a cgroup of the lab's own in its cgroup
// when that is delegated to the learner (cgroup.Delegation), and returns
// it and the undo, which this burk runs once the lab has ended. Without
// one the lab has no cgroups, and burk doctor says why.
//
// The lab's cgroup, burk-lab-<pid>, is the root of its containers'
// cgroups, and its processes (this burk, the lab's PID 1 and all it runs)
// are in its leaf labProcs below it. Each lab's containers are kept apart
// so: a container's cgroup is named after the burk that made it (its pid
// and start time), and a pid in the lab's PID namespace means nothing
// beside another lab's, where the same pid is reused; the lab's burk, in
// its own PID namespace, would take another lab's cgroups for a dead
// burk's.
func labCgroup() (dir string, leave func()) {
	nothing := func() {}
	info, err := cgroup.Detect()
	if err != nil {
		return "", nothing
	}
	d, err := cgroup.FindDelegation(info)
	if err != nil {
		return "", nothing
	}
	leaf := labLeaf(os.Getpid())
	before, _ := d.Controllers()
	want := []string{"memory", "pids", "cpu"}
	enabled, undoLeaf, err := d.Prepare(leaf, os.Getpid(), want)
	if err != nil {
		fmt.Fprintf(os.Stderr, "burk: %v\n      the cgroups step skips its demonstrations\n", err)
		return "", nothing
	}
	lab := cgroup.Delegation{Dir: filepath.Join(d.Dir, leaf), Offered: enabled}
	_, undoLab, err := lab.Prepare(labProcs, os.Getpid(), want)
	if err != nil {
		undoLeaf()
		fmt.Fprintf(os.Stderr, "burk: %v\n      the cgroups step skips its demonstrations\n", err)
		return "", nothing
	}
	undo := func() error { return errors.Join(undoLab(), undoLeaf()) }
	// What undo does, done by a guard if this burk is killed.
	guard, err := housekeeping.StartWatcher(LabGuardArg, d.Dir, leaf, strings.Join(before, ","))
	if err != nil {
		undo()
		fmt.Fprintf(os.Stderr, "burk: %v\n      the cgroups step skips its demonstrations\n", err)
		return "", nothing
	}
	return lab.Dir, func() {
		// The lab's PID 1 may still be waiting for the lab's guard to
		// recover after a burk that was killed: wait for this burk to be
		// the lab's last process.
		procs := filepath.Join(lab.Dir, labProcs, "cgroup.procs")
		for range 200 {
			data, _ := os.ReadFile(procs)
			if strings.TrimSpace(string(data)) == strconv.Itoa(os.Getpid()) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := errors.Join(stopLabGuard(guard, d), undo()); err != nil {
			fmt.Fprintf(os.Stderr, "burk: put the delegated cgroup back: %v\n", err)
		}
	}
}

// labProcs is the leaf of the lab's cgroup that holds its processes: a
// cgroup that hands controllers down (to the containers' cgroups beside
// the leaf) may hold no process itself.
const labProcs = "lab"

// labLeaf is the leaf of burk, or of its guard, in the delegated cgroup:
// named alike, so that the next start removes either if it was killed.
func labLeaf(pid int) string { return "burk-lab-" + strconv.Itoa(pid) }

// stopLabGuard tells the guard burk leaves on its own, waits for it to
// end, and removes its leaf, which burk's undo could not: a cgroup with a
// process in it cannot be removed.
func stopLabGuard(g *housekeeping.Watcher, d cgroup.Delegation) error {
	if err := g.Stop(); err != nil {
		return err
	}
	dir := filepath.Join(d.Dir, labLeaf(g.PID()))
	for range 100 {
		err := unix.Rmdir(dir)
		if err == nil || err == unix.ENOENT {
			return nil
		}
		time.Sleep(10 * time.Millisecond) // the kernel empties it a moment after the exit
	}
	return fmt.Errorf("remove the cgroup guard's leaf %s: still busy", dir)
}

// LabGuardArg is the hidden first argument that makes the burk binary the
// guard of a lab's delegated cgroup. sandbox/initentry checks for it
// before anything else runs.
const LabGuardArg = "__burk_lab_guard__"

// IsLabGuard reports whether this process was started as a lab's cgroup
// guard.
func IsLabGuard() bool { return len(os.Args) > 1 && os.Args[1] == LabGuardArg }

// releaseLab removes the lab's cgroup and everything below it once its
// processes are gone, and puts the delegated cgroup back. The lab's PID 1
// died with burk, and the kernel kills every process of its PID namespace
// with it: the lab's guard too, before it could recover the containers.
// They died all the same, but their cgroups stayed.
func releaseLab(d cgroup.Delegation, leaf, own string, before []string) error {
	lab := filepath.Join(d.Dir, leaf)
	procs := filepath.Join(lab, labProcs, "cgroup.procs")
	for deadline := time.Now().Add(labGuardWait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, err := os.ReadFile(procs)
		if err != nil || strings.TrimSpace(string(data)) == "" {
			break
		}
	}
	entries, _ := os.ReadDir(lab)
	var errs []error
	for _, e := range entries {
		if e.IsDir() {
			errs = append(errs, cgroup.RemoveTree(filepath.Join(lab, e.Name())))
		}
	}
	errs = append(errs, cgroup.HandNothingDown(lab))
	errs = append(errs, d.Release(leaf, own, os.Getpid(), before, labGuardWait))
	return errors.Join(errs...)
}

// labGuardWait is how long the guard waits for burk's leaf to empty: the
// lab's guard recovers its containers first (about a second for a few).
const labGuardWait = 30 * time.Second

// LabGuard is the lab's cgroup guard's main: burk-guard DIR LEAF BEFORE,
// where BEFORE are the controllers DIR handed down before burk enabled its
// own. It never returns.
func LabGuard() {
	args := os.Args[2:]
	if len(args) != 3 {
		os.Exit(2)
	}
	d := cgroup.Delegation{Dir: args[0]}
	leaf, before := args[1], strings.FieldsFunc(args[2], func(r rune) bool { return r == ',' })
	signal.Ignore(unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGPIPE)
	os.Chdir("/")
	own := labLeaf(os.Getpid())
	// Out of burk's leaf first. Should it fail, Release still works: it
	// waits for burk's leaf to hold no process but the guard's.
	d.Join(own, os.Getpid())
	if !housekeeping.BurkDied() {
		os.Exit(0) // burk's undo does it
	}
	if err := releaseLab(d, leaf, own, before); err != nil {
		fmt.Fprintf(os.Stderr, "burk-guard: put the delegated cgroup back: %v\n", err)
		os.Exit(1)
	}
	os.Exit(0)
}
