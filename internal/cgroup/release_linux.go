package cgroup

// The delegated cgroup put back after a burk that was killed. Prepare's
// undo runs when burk leaves on its own; a SIGKILL runs nothing, and burk's
// leaf and the controllers it had the delegated cgroup hand down would
// stay. So a guard, a process of the learner's that outlives burk, does it
// instead (sandbox's lab guard). The guard cannot wait in burk's leaf: a
// cgroup with a process in it cannot be removed. Nor in the delegated
// cgroup itself: while it hands controllers down, cgroup v2 lets it hold
// no process. So it waits in a leaf of its own beside burk's.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Controllers are the controllers Dir hands down now: its
// cgroup.subtree_control.
func (d Delegation) Controllers() ([]string, error) {
	data, err := readFile(filepath.Join(d.Dir, "cgroup.subtree_control"))
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(data)), nil
}

// Join makes Dir/leaf and moves the process pid into it.
func (d Delegation) Join(leaf string, pid int) error {
	if leaf == "" || leaf == "." || leaf == ".." || strings.ContainsRune(leaf, '/') {
		return fmt.Errorf("cgroup name %q: must be one non-empty path element", leaf)
	}
	dir := filepath.Join(d.Dir, leaf)
	if err := unix.Mkdir(dir, 0o755); err != nil && err != unix.EEXIST {
		return cgroupError("make a leaf", &os.PathError{Op: "mkdir", Path: dir, Err: err})
	}
	if err := writeFile(filepath.Join(dir, "cgroup.procs"), strconv.Itoa(pid)); err != nil {
		return cgroupError("move into the leaf", err)
	}
	return nil
}

// Release puts Dir back as it was before Prepare, once the process
// Prepare moved into leaf has died without its undo. It is called by
// another process, guard, waiting in Dir/own (Join). It waits at most
// wait for leaf to hold no process: what burk started there (its lab,
// whose own guard first recovers the lab's containers) dies after it.
// Then it takes back each controller Dir hands down that was not in
// before, moves guard up into Dir, which may hold a process again once it
// hands no controller down, and removes both leaves.
func (d Delegation) Release(leaf, own string, guard int, before []string, wait time.Duration) error {
	burk := filepath.Join(d.Dir, leaf)
	deadline := time.Now().Add(wait)
	for {
		data, err := readFile(filepath.Join(burk, "cgroup.procs"))
		if errors.Is(err, unix.ENOENT) {
			break // burk left on its own after all
		}
		left := slices.DeleteFunc(strings.Fields(string(data)), func(p string) bool { return p == strconv.Itoa(guard) })
		if err == nil && len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s still holds processes %v after %v", burk, left, wait)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var errs []error
	now, err := d.Controllers()
	if err != nil {
		return err
	}
	var back []string
	for _, c := range now {
		if !slices.Contains(before, c) {
			back = append(back, "-"+c)
		}
	}
	if len(back) > 0 {
		if err := writeFile(filepath.Join(d.Dir, "cgroup.subtree_control"), strings.Join(back, " ")); err != nil {
			errs = append(errs, cgroupError("take the controllers back", err))
		}
	}
	if err := writeFile(filepath.Join(d.Dir, "cgroup.procs"), strconv.Itoa(guard)); err != nil {
		errs = append(errs, cgroupError("move the guard up", err))
	}
	for _, l := range []string{burk, filepath.Join(d.Dir, own)} {
		if err := rmdirRetry(l); err != nil && !errors.Is(err, unix.ENOENT) {
			errs = append(errs, cgroupError("remove a leaf", &os.PathError{Op: "rmdir", Path: l, Err: err}))
		}
	}
	return errors.Join(errs...)
}

// RemoveTree removes the cgroup dir and every cgroup below it, deepest
// first: rmdir removes only a cgroup without children, and only once its
// processes have exited (it waits a moment for the kernel to see that).
// A cgroup gone already is no error.
func RemoveTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() {
			errs = append(errs, RemoveTree(filepath.Join(dir, e.Name())))
		}
	}
	if err := rmdirRetry(dir); err != nil && !errors.Is(err, unix.ENOENT) {
		errs = append(errs, cgroupError("remove a cgroup", &os.PathError{Op: "rmdir", Path: dir, Err: err}))
	}
	return errors.Join(errs...)
}

// HandNothingDown takes back every controller dir hands its children (its
// cgroup.subtree_control): its parent can take back a controller only when
// no child of its hands it on.
func HandNothingDown(dir string) error {
	data, err := readFile(filepath.Join(dir, "cgroup.subtree_control"))
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return err
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return nil
	}
	if err := writeFile(filepath.Join(dir, "cgroup.subtree_control"), "-"+strings.Join(f, " -")); err != nil {
		return cgroupError("take the controllers back", err)
	}
	return nil
}
