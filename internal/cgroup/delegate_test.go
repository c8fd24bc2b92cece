package cgroup_test

// The delegated subtree, made for real in this host's unified hierarchy
// as systemd makes one (a cgroup whose files are chowned to a user), with
// a process of that user's in it in burk's place. Assumes root, to make the
// cgroup; the VM test's v2 guest runs the whole rootless tour below one.

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
)

// delegatedDir makes the cgroup a test delegates, in the unified
// hierarchy, and removes it when the test ends.
func delegatedDir(t *testing.T) (cgroup.Info, string) {
	t.Helper()
	info, _ := cgroupHost(t)
	if info.V2Root == "" {
		t.Fatal("this host has no cgroup2 mount to delegate from")
	}
	dir := filepath.Join(info.V2Root, "burk-test-delegated-"+strconv.Itoa(os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(dir) })
	return info, dir
}

// A process in a delegated cgroup moves to a leaf of its own, the
// controllers it is offered are handed down, and the undo puts everything
// back: the controllers taken back, the process where it was, no leaf. A
// leaf a dead burk left there goes.
func TestPrepareMovesBurkToALeafAndUndoes(t *testing.T) {
	info, dir := delegatedDir(t)
	// "burk": a process that waits, born in the delegated cgroup.
	fd, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	burk := exec.Command("sleep", "60")
	burk.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: int(fd.Fd())}
	if err := burk.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { burk.Process.Kill(); burk.Wait() }()
	pid := burk.Process.Pid
	offered := strings.Fields(readFile(t, filepath.Join(dir, "cgroup.controllers")))
	d := cgroup.Delegation{Dir: dir, Offered: offered}

	// A lab's cgroup a killed burk left: its pid is gone, and the cgroup
	// with it, with what the lab had below it (its processes' leaf, a
	// container's cgroup and one nested in that).
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "burk-lab-"+strconv.Itoa(dead.Process.Pid))
	below := []string{stale, filepath.Join(stale, "lab"), filepath.Join(stale, "burk-1-2-c1"), filepath.Join(stale, "burk-1-2-c1", "nested")}
	for _, c := range below {
		if err := os.Mkdir(c, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { cgroup.RemoveTree(stale) })

	enabled, undo, err := d.Prepare("burk-lab-"+strconv.Itoa(pid), pid, []string{"memory", "pids", "cpu"})
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	leaf := filepath.Join(dir, "burk-lab-"+strconv.Itoa(pid))
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead burk's leaf %s is still there: %v", stale, err)
	}
	if got := strings.TrimSpace(readFile(t, filepath.Join(leaf, "cgroup.procs"))); got != strconv.Itoa(pid) {
		t.Errorf("the leaf's cgroup.procs = %q, want %d", got, pid)
	}
	if got := strings.TrimSpace(readFile(t, filepath.Join(dir, "cgroup.procs"))); got != "" {
		t.Errorf("the delegated cgroup still holds %q", got)
	}
	control := strings.Fields(readFile(t, filepath.Join(dir, "cgroup.subtree_control")))
	for _, c := range []string{"memory", "pids", "cpu"} {
		if want := slices.Contains(offered, c); slices.Contains(enabled, c) != want || slices.Contains(control, c) != want {
			t.Errorf("controller %s offered %v: enabled %v, subtree_control %v", c, want, enabled, control)
		}
	}
	// The manager below it: a container's cgroup beside burk's leaf.
	dinfo, err := cgroup.DelegatedInfo(info, dir)
	if err != nil {
		t.Fatal(err)
	}
	if dinfo.V2Root != dir || !slices.Equal(dinfo.V2Controllers, enabled) {
		t.Errorf("DelegatedInfo = %+v, want its root %s and controllers %v", dinfo, dir, enabled)
	}

	if err := undo(); err != nil {
		t.Fatalf("undo: %v", err)
	}
	if _, err := os.Stat(leaf); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leaf is still there after the undo: %v", err)
	}
	if got := strings.TrimSpace(readFile(t, filepath.Join(dir, "cgroup.procs"))); got != strconv.Itoa(pid) {
		t.Errorf("after the undo the delegated cgroup holds %q, want %d", got, pid)
	}
	if got := strings.TrimSpace(readFile(t, filepath.Join(dir, "cgroup.subtree_control"))); got != "" {
		t.Errorf("after the undo subtree_control = %q, want none", got)
	}
}

// A cgroup of root's, or a hybrid host's, is no delegation: said so.
func TestFindDelegationSaysWhyNot(t *testing.T) {
	for _, c := range []struct {
		info cgroup.Info
		want string
	}{
		{cgroup.Info{Mode: cgroup.V1}, "cgroup v1 only"},
		{cgroup.Info{Mode: cgroup.Hybrid, V2Root: "/sys/fs/cgroup/unified"}, "hybrid"},
	} {
		_, err := cgroup.FindDelegation(c.info)
		var nd *cgroup.NotDelegatedError
		if !errors.As(err, &nd) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("FindDelegation(%v) = %v, want a NotDelegatedError saying %q", c.info.Mode, err, c.want)
		}
	}
}

// A burk killed in its leaf runs no undo: its guard, waiting in a leaf of
// its own, puts the delegated cgroup back once burk's leaf is empty — the
// controllers as they were, both leaves gone, the guard up in the
// delegated cgroup, where it ends.
func TestReleaseAfterBurkWasKilled(t *testing.T) {
	_, dir := delegatedDir(t)
	startIn := func(cg string, args ...string) *exec.Cmd {
		t.Helper()
		fd, err := os.Open(cg)
		if err != nil {
			t.Fatal(err)
		}
		defer fd.Close()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: int(fd.Fd())}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	burk := startIn(dir, "sleep", "60")
	d := cgroup.Delegation{Dir: dir, Offered: strings.Fields(readFile(t, filepath.Join(dir, "cgroup.controllers")))}
	before, err := d.Controllers()
	if err != nil {
		t.Fatal(err)
	}
	leaf := "burk-lab-" + strconv.Itoa(burk.Process.Pid)
	if _, _, err := d.Prepare(leaf, burk.Process.Pid, []string{"memory", "pids", "cpu"}); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	// burk's children are born in its leaf: the guard, which moves out
	// into its own, and the lab, which dies a moment after burk.
	guard := startIn(filepath.Join(dir, leaf), "sleep", "60")
	own := "burk-lab-" + strconv.Itoa(guard.Process.Pid)
	if err := d.Join(own, guard.Process.Pid); err != nil {
		t.Fatalf("Join: %v", err)
	}
	lab := startIn(filepath.Join(dir, leaf), "sleep", "0.3")
	burk.Process.Signal(syscall.SIGKILL)
	burk.Wait()

	if err := d.Release(leaf, own, guard.Process.Pid, before, 5*time.Second); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if lab.ProcessState == nil {
		lab.Wait()
	}
	if !lab.ProcessState.Exited() {
		t.Errorf("the lab did not end on its own: %v", lab.ProcessState)
	}
	for _, l := range []string{leaf, own} {
		if _, err := os.Stat(filepath.Join(dir, l)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("leaf %s is still there: %v", l, err)
		}
	}
	if got := readFile(t, filepath.Join(dir, "cgroup.procs")); got != strconv.Itoa(guard.Process.Pid) {
		t.Errorf("the delegated cgroup holds %q, want the guard, %d", got, guard.Process.Pid)
	}
	if now, _ := d.Controllers(); !slices.Equal(now, before) {
		t.Errorf("subtree_control = %v, want %v as before", now, before)
	}
}
