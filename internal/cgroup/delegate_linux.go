package cgroup

// A delegated subtree: cgroups without root. Making a cgroup is writing
// to the cgroup filesystem, and its files belong to root — except below a
// cgroup that root handed to a user. systemd does that for a unit started
// with Delegate=yes (`systemd-run --user --scope -p Delegate=yes burk`):
// it chowns the unit's directory and its cgroup.procs,
// cgroup.subtree_control and cgroup.threads to the user. The user may then
// make cgroups below it, move their own processes between them, and hand
// down the controllers the parent hands to it — cgroup v2 only: v1 has no
// safe delegation.
//
// One rule stands in the way, cgroup v2's "no internal processes": a
// cgroup that hands controllers to its children may hold no process of
// its own. burk was started in the delegated cgroup, so it first moves to
// a leaf of its own below it; only then may the delegated cgroup hand its
// controllers to the containers' cgroups, which go beside that leaf.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// delegatedFiles are what a delegation chowns besides the directory: who
// may move processes in (cgroup.procs, and threads: cgroup.threads) and
// who may hand controllers down (cgroup.subtree_control).
var delegatedFiles = []string{"cgroup.procs", "cgroup.subtree_control", "cgroup.threads"}

// Delegation is a cgroup of the unified hierarchy that is this user's to
// manage: the one burk was started in.
type Delegation struct {
	// Dir is the delegated cgroup, where cgroup2 is mounted joined with
	// the path /proc/self/cgroup names.
	Dir string
	// Offered are the controllers Dir's parent hands it
	// (cgroup.controllers): the most it can hand on to its children.
	Offered []string
}

// NotDelegatedError says why this process's cgroup is not the user's to
// manage, and what would make it so.
type NotDelegatedError struct {
	Dir    string // the cgroup looked at, or ""
	Reason string
}

func (e *NotDelegatedError) Error() string {
	if e.Dir == "" {
		return e.Reason
	}
	return e.Dir + ": " + e.Reason
}

// FindDelegation finds this process's cgroup in the unified hierarchy of
// info and checks that it is delegated to this process's user.
func FindDelegation(info Info) (Delegation, error) {
	switch {
	case info.Mode == V1:
		return Delegation{}, &NotDelegatedError{Reason: "this host has cgroup v1 only, which cannot be delegated to a user"}
	case info.Mode == Hybrid:
		return Delegation{}, &NotDelegatedError{Reason: "this host's cgroups are hybrid: the controllers are on v1, which cannot be delegated to a user"}
	case info.V2Root == "":
		return Delegation{}, &NotDelegatedError{Reason: "no cgroup2 is mounted"}
	}
	self, err := readFile("/proc/self/cgroup")
	if err != nil {
		return Delegation{}, err
	}
	rel := ""
	for _, line := range strings.Split(string(self), "\n") {
		if p, ok := strings.CutPrefix(line, "0::"); ok {
			rel = p
		}
	}
	if rel == "" || strings.HasPrefix(rel, "/..") {
		return Delegation{}, &NotDelegatedError{Reason: "/proc/self/cgroup names no cgroup v2 path below this mount"}
	}
	d := Delegation{Dir: filepath.Join(info.V2Root, rel)}
	for _, f := range append([]string{""}, delegatedFiles...) {
		if unix.Access(filepath.Join(d.Dir, f), unix.W_OK) != nil {
			what := "the directory"
			if f != "" {
				what = f
			}
			return d, &NotDelegatedError{Dir: d.Dir, Reason: what + " is not yours to write (only a delegated cgroup's are)"}
		}
	}
	data, err := readFile(filepath.Join(d.Dir, "cgroup.controllers"))
	if err != nil {
		return d, err
	}
	d.Offered = strings.Fields(string(data))
	return d, nil
}

// Prepare makes the delegated cgroup ready to hold containers' cgroups:
// the process pid (burk) moves into a leaf of its own, Dir/leaf, and Dir
// hands down each controller of want that it is offered. It returns the
// controllers handed down, and the undo: those controllers taken back,
// pid back in Dir, the leaf gone. On error nothing it did is left.
//
// Any other process in Dir keeps Dir from handing controllers down; that
// is an error naming them, and the undo has put pid back.
func (d Delegation) Prepare(leaf string, pid int, want []string) (enabled []string, undo func() error, err error) {
	var undos []func() error
	undo = func() error {
		var errs []error
		for i := len(undos) - 1; i >= 0; i-- {
			if err := undos[i](); err != nil {
				errs = append(errs, err)
			}
		}
		undos = nil
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			undo()
			enabled, undo = nil, nil
		}
	}()
	if leaf == "" || leaf == "." || leaf == ".." || strings.ContainsRune(leaf, '/') {
		return nil, nil, fmt.Errorf("cgroup name %q: must be one non-empty path element", leaf)
	}
	d.removeDeadLeaves(leaf)
	leafDir := filepath.Join(d.Dir, leaf)
	if err := unix.Mkdir(leafDir, 0o755); err != nil {
		return nil, nil, cgroupError("create burk's own leaf", &os.PathError{Op: "mkdir", Path: leafDir, Err: err})
	}
	undos = append(undos, func() error {
		if err := rmdirRetry(leafDir); err != nil && !errors.Is(err, unix.ENOENT) {
			return cgroupError("remove burk's own leaf", &os.PathError{Op: "rmdir", Path: leafDir, Err: err})
		}
		return nil
	})
	// A v2 cgroup.procs write moves the whole process, every thread.
	if err := writeFile(filepath.Join(leafDir, "cgroup.procs"), strconv.Itoa(pid)); err != nil {
		return nil, nil, cgroupError("move burk into its own leaf", err)
	}
	undos = append(undos, func() error {
		// Back where it was started, so the leaf can go: a cgroup with a
		// process in it cannot be removed.
		if err := writeFile(filepath.Join(d.Dir, "cgroup.procs"), strconv.Itoa(pid)); err != nil && !errors.Is(err, unix.ESRCH) {
			return cgroupError("move burk back", err)
		}
		return nil
	})
	have, _ := readFile(filepath.Join(d.Dir, "cgroup.subtree_control"))
	var add []string
	for _, c := range want {
		if slices.Contains(d.Offered, c) && !slices.Contains(strings.Fields(string(have)), c) {
			add = append(add, c)
		}
	}
	control := filepath.Join(d.Dir, "cgroup.subtree_control")
	if len(add) > 0 {
		if err := writeFile(control, "+"+strings.Join(add, " +")); err != nil {
			if errors.Is(err, unix.EBUSY) {
				procs, _ := readFile(filepath.Join(d.Dir, "cgroup.procs"))
				return nil, nil, fmt.Errorf("%s holds processes besides burk (%s), and a cgroup v2 directory with processes of its own "+
					"hands no controller down: start burk alone in it (systemd-run --user --scope -p Delegate=yes burk): %w",
					d.Dir, strings.Join(strings.Fields(string(procs)), " "), err)
			}
			return nil, nil, controllerError(add[0], d.Dir, d.Dir, err)
		}
		undos = append(undos, func() error {
			// Taken back only once the containers' cgroups are gone: a
			// controller a child still uses cannot be.
			if err := writeFile(control, "-"+strings.Join(add, " -")); err != nil {
				return cgroupError("take the controllers back", err)
			}
			return nil
		})
	}
	now, err := readFile(control)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range want {
		if slices.Contains(strings.Fields(string(now)), c) {
			enabled = append(enabled, c)
		}
	}
	return enabled, undo, nil
}

// DelegatedInfo is the Info of a manager whose containers' cgroups go
// below the delegated cgroup dir, as its children: the controllers are
// those dir hands down (its cgroup.subtree_control).
func DelegatedInfo(host Info, dir string) (Info, error) {
	data, err := readFile(filepath.Join(dir, "cgroup.subtree_control"))
	if err != nil {
		return Info{}, cgroupError("read the delegated cgroup's controllers", err)
	}
	return Info{Mode: V2, V2Root: dir, V1: map[string]string{}, V2Controllers: strings.Fields(string(data)), HasKill: host.HasKill}, nil
}

// removeDeadLeaves removes the leaves a killed burk left beside where
// leaf goes, with the cgroups below them: named like it, <name>-<pid>, the
// pid no longer running, and empty (the kernel refuses to remove a cgroup
// with a process in it).
func (d Delegation) removeDeadLeaves(leaf string) {
	i := strings.LastIndexByte(leaf, '-')
	if i < 0 {
		return
	}
	entries, _ := os.ReadDir(d.Dir)
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimPrefix(e.Name(), leaf[:i+1]))
		if !e.IsDir() || !strings.HasPrefix(e.Name(), leaf[:i+1]) || err != nil || pid <= 0 {
			continue
		}
		if unix.Kill(pid, 0) == unix.ESRCH {
			RemoveTree(filepath.Join(d.Dir, e.Name()))
		}
	}
}
