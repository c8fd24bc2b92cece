// Package cgroup gives each container a cgroup of its own, in every
// hierarchy it needs, on cgroup v1, v2 and hybrid hosts: to limit its
// memory, processes and CPU, to count its processes, and to kill them as one.
package cgroup

// Every container gets a cgroup of burk's own, in every hierarchy
// it needs, so that its processes can be limited, counted and killed as one
// — also without a PID namespace, where killing the init kills nothing else.
// A container's cgroup is burk-<instance>-<container> right under each
// hierarchy's root: one directory, with no parent shared with another
// container that one could remove while the other creates it. <instance>
// names the burk process that owns it, so a later burk can tell what a
// dead one left behind (recover_linux.go).

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// cgroup is one container's cgroup, in each hierarchy it lives in.
//
// Where the unified (v2) hierarchy holds a limit, the container's directory
// there has two leaves: init/ holds burk's init, payload/ everything the
// init starts, and only payload/ is limited. The init is burk's own Go
// program: were it inside the limits, a fork bomb at pids.max would leave
// the Go runtime unable to start a thread, and the OOM killer could pick
// it. v2 needs the leaves then anyway: a cgroup that hands controllers to
// its children may hold no processes itself. With no limit there, the init
// and everything it starts share the one directory.
//
// A v1 hierarchy holds only the payload when cgroup2 tracks the init (the
// container's directory is then the payload itself), and both leaves when
// there is no cgroup2 at all. With a cgroup namespace, which is rooted at
// the container's directory in every hierarchy where the init is born, a
// v1 directory gets only a payload/ leaf: v1 lets a cgroup hold processes
// beside its children, so the init stays in the namespace's root, outside
// the limits, and is never moved (see Settle for why that matters).
type Cgroup struct {
	info     Info
	instance string
	name     string
	limits   Limits
	rec      *trace.Recorder
	v2       string   // the container's directory in the unified hierarchy, or ""
	v2Leaves bool     // whether v2 is split into init/ and payload/
	v2Enable []string // the controllers the container's v2 directory hands to its leaves
	// namespaced is set for a container with a cgroup namespace: its v1
	// directories are split into leaves too.
	namespaced bool
	// pending is set while the init waits in the container's directories
	// themselves, their leaves made but no controller handed down nor
	// limit written: see NewForCgroupNamespace and Settle.
	pending bool
	v1      map[string]string // controller -> the container's directory in its v1 hierarchy
	missing []string          // controllers the limits need that this host lacks
	// adopted is set for a cgroup burk did not make (Adopt): its
	// directories are where they are, with no leaves of burk's.
	adopted bool
}

const (
	initLeaf    = "init"
	payloadLeaf = "payload"
	// burkPrefix starts the name of every cgroup burk makes.
	burkPrefix = "burk-"
)

// Manager makes the cgroups of one burk instance's containers, in the
// hierarchies Info describes. A rootless burk would give it the subtree
// systemd delegated to the user instead of the hierarchies' roots.
type Manager struct {
	Info Info
	// Instance names the burk process that owns the cgroups: its pid and
	// start time, so that a later burk can tell whether it still runs.
	Instance string
}

// New creates the cgroup of the container name and writes its limits, and
// returns it with its undo, which removes it. A limit whose controller this
// host lacks is skipped and named in Stats().Missing, so that the tour can
// say so instead of failing. On error nothing it made is left. Every call is
// recorded in rec.
func (m Manager) New(name string, l Limits, rec *trace.Recorder) (cg *Cgroup, undo func() error, err error) {
	cg, err = newCgroup(m.Info, m.Instance, name, l, rec, false)
	if err != nil {
		return nil, nil, err
	}
	return cg, cg.Remove, nil
}

// NewForCgroupNamespace is New for a container whose init is cloned into
// a cgroup namespace of its own. clone roots a new cgroup namespace at the
// cgroups the child is born in: in the unified hierarchy the one clone3
// puts it in (CLONE_INTO_CGROUP), in each v1 hierarchy its parent
// thread's (see JoinV1). The namespace must be rooted at the container's
// directory in every hierarchy, so the init is born there; and on a host
// where cgroup2 mounts with nsdelegate, a clone into a cgroup outside the
// cloner's namespace root is refused, so everything the container runs
// must be below it. The init must still stay out of the limits, which
// are on a payload/ leaf in every hierarchy. A v1 directory may hold the
// init beside that leaf; a v2 directory cannot hold a process once it
// hands controllers down, so there the directory is split into init/ and
// payload/, and the controllers and the limits wait for Settle, which
// moves the init into its init/ leaf first.
func (m Manager) NewForCgroupNamespace(name string, l Limits, rec *trace.Recorder) (cg *Cgroup, undo func() error, err error) {
	cg, err = newCgroup(m.Info, m.Instance, name, l, rec, true)
	if err != nil {
		return nil, nil, err
	}
	return cg, cg.Remove, nil
}

func newCgroup(info Info, instance, name string, l Limits, rec *trace.Recorder, namespaced bool) (cg *Cgroup, err error) {
	if err := checkLimits(l); err != nil {
		return nil, err
	}
	for _, part := range []string{instance, name} {
		if part == "" || part == "." || part == ".." || strings.ContainsRune(part, '/') {
			return nil, fmt.Errorf("cgroup name %q: must be one non-empty path element", part)
		}
	}
	cg = &Cgroup{info: info, instance: instance, name: name, limits: l, rec: rec, v1: map[string]string{}, missing: info.Missing(l), namespaced: namespaced}
	defer func() {
		if err != nil {
			cg.Remove()
			cg = nil
		}
	}()
	dir := dirName(instance, name)
	if info.V2Root != "" {
		// The unified hierarchy holds every container, limits or not: it
		// is how burk finds and kills all of a container's processes.
		var enable []string
		for _, c := range l.needs() {
			if v, _ := info.ControllerVersion(c); v == "v2" {
				enable = append(enable, c)
			}
		}
		cg.v2 = filepath.Join(info.V2Root, dir)
		cg.v2Enable = enable
		cg.v2Leaves = len(enable) > 0
	}
	for _, c := range cg.v1Controllers() {
		cg.v1[c] = filepath.Join(info.V1[c], dir)
	}
	// The init is born in the namespace's root; in the unified hierarchy
	// it leaves it for its own leaf before it runs anything (Settle).
	cg.pending = namespaced && cg.v2Leaves
	if cg.v2 != "" {
		var leaves []string
		if cg.v2Leaves {
			leaves = []string{initLeaf, payloadLeaf}
		}
		if err := cg.create(info.V2Root, dir, cg.v2Enable, leaves); err != nil {
			return cg, err
		}
	}
	for _, root := range cg.v1Roots() {
		leaves := cg.v1LeafNames()
		if err := cg.create(root, dir, nil, leaves); err != nil {
			return cg, err
		}
	}
	if cg.pending {
		return cg, nil
	}
	return cg, cg.writeLimits()
}

// Pending reports whether the container's cgroup waits for Settle.
func (cg *Cgroup) Pending() bool { return cg.pending }

// v1LeafNames are the leaves of the container's v1 directories: with a
// cgroup namespace only payload/, the init staying in the namespace's
// root where it is born; without cgroup2, which tracks the init
// otherwise, init/ and payload/; else none.
func (cg *Cgroup) v1LeafNames() []string {
	switch {
	case cg.namespaced:
		return []string{payloadLeaf}
	case cg.v2 == "":
		return []string{initLeaf, payloadLeaf}
	}
	return nil
}

// Settle finishes a cgroup made by NewForCgroupNamespace once the init,
// pid, is born in the container's directories: in the unified hierarchy,
// whose directories hold processes or hand controllers down but not both,
// the init moves into its init/ leaf, then the directory hands its
// controllers down; then the payload gets its limits. It does nothing for
// a cgroup that is not pending.
//
// Moving a process between cgroups takes the kernel's cgroup threadgroup
// lock for writing, which first waits for an RCU grace period: a few
// milliseconds, or tens on a quiet machine, for every container. So the
// init is moved only where cgroup2 forces it, and never in v1, where it
// stays in the namespace's root.
func (cg *Cgroup) Settle(pid int) error {
	if !cg.pending {
		return nil
	}
	if cg.v2Leaves {
		if err := cg.write(filepath.Join(cg.v2, initLeaf, "cgroup.procs"), strconv.Itoa(pid),
			"the init leaves the namespace's root for its leaf, outside the limits"); err != nil {
			return cgroupError("put the init in its leaf", err)
		}
	}
	// A cgroup that hands controllers down holds no process: only now.
	if err := cg.enable(cg.info.V2Root, cg.v2, cg.v2Enable, true); err != nil {
		return err
	}
	cg.pending = false
	return cg.writeLimits()
}

func (cg *Cgroup) v1Controllers() []string { return v1ControllersFor(cg.info, cg.limits) }

// v1ControllersFor are the v1 hierarchies a container with limits l needs:
// one per limit that v1 enforces here, plus one to track its processes
// when there is no cgroup2 to do it (pids if there is one: any would do).
func v1ControllersFor(info Info, l Limits) []string {
	var out []string
	for _, c := range l.needs() {
		if v, _ := info.ControllerVersion(c); v == "v1" {
			out = append(out, c)
		}
	}
	if info.V2Root == "" && len(out) == 0 && len(info.V1) > 0 {
		track := "pids"
		if info.V1[track] == "" {
			track = sortedKeys(info.V1)[0]
		}
		out = append(out, track)
	}
	return out
}

// v1Roots are the mount points of the container's v1 hierarchies, each
// once: cpu and cpuacct, for one, are often mounted together.
func (cg *Cgroup) v1Roots() []string {
	var out []string
	for c := range cg.v1 {
		if r := cg.info.V1[c]; !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// tops are the container's directories, one per hierarchy.
func (cg *Cgroup) tops() []string {
	var out []string
	if cg.v2 != "" {
		out = append(out, cg.v2)
	}
	if cg.adopted {
		for _, c := range sortedKeys(cg.v1) {
			if !slices.Contains(out, cg.v1[c]) {
				out = append(out, cg.v1[c])
			}
		}
		return out
	}
	for _, r := range cg.v1Roots() {
		out = append(out, filepath.Join(r, dirName(cg.instance, cg.name)))
	}
	return out
}

// leafNames are the leaves below one of the container's tops.
func (cg *Cgroup) leafNames(top string) []string {
	if cg.adopted {
		return nil
	}
	if top == cg.v2 {
		if cg.v2Leaves {
			return []string{initLeaf, payloadLeaf}
		}
		return nil
	}
	return cg.v1LeafNames()
}

// leavesOf names the leaf directories below one of the container's tops.
func (cg *Cgroup) leavesOf(top string) []string {
	var out []string
	for _, leaf := range cg.leafNames(top) {
		out = append(out, filepath.Join(top, leaf))
	}
	return out
}

// dirs are every directory of the container's cgroup, leaves first.
func (cg *Cgroup) Dirs() []string {
	var out []string
	for _, top := range cg.tops() {
		out = append(out, cg.leavesOf(top)...)
		out = append(out, top)
	}
	return out
}

// payloadDir is where the container's processes are limited in a hierarchy.
func (cg *Cgroup) payloadDir(top string) string {
	if slices.Contains(cg.leafNames(top), payloadLeaf) {
		return filepath.Join(top, payloadLeaf)
	}
	return top
}

// LimitDir is the payload directory where a controller's files are.
func (cg *Cgroup) LimitDir(controller string) string {
	if v, _ := cg.info.ControllerVersion(controller); v == "v2" {
		if cg.adopted {
			return cg.v2
		}
		return filepath.Join(cg.v2, payloadLeaf)
	}
	if d := cg.v1[controller]; d != "" {
		return cg.payloadDir(d)
	}
	return ""
}

// Unified is the container's directory in the unified hierarchy, or "".
func (cg *Cgroup) Unified() string { return cg.v2 }

// dirName is the name of a container's cgroup in every hierarchy.
func dirName(instance, name string) string { return burkPrefix + instance + "-" + name }

// create makes the container's directory root/name, then its leaves,
// enabling the given v2 controllers on the way down so that the leaves
// get them.
func (cg *Cgroup) create(root, name string, enable, leaves []string) error {
	if err := cg.enable(root, root, enable, false); err != nil {
		return err
	}
	dir := filepath.Join(root, name)
	why := "the container's cgroup: its processes counted, limited and killed as one; named after this burk's pid and start time, so a later burk can tell if it died"
	if err := cg.rec.Mkdir(dir, 0o755, why); err != nil {
		return cgroupError("create cgroup", err)
	}
	if len(leaves) > 0 && !cg.pending {
		if err := cg.enable(root, dir, enable, true); err != nil {
			return err
		}
	}
	for _, leaf := range leaves {
		d := filepath.Join(dir, leaf)
		why := "burk's init: tracked, but outside the limits"
		if leaf == payloadLeaf {
			why = "everything the container runs: inside the limits"
		}
		if err := cg.rec.Mkdir(d, 0o755, why); err != nil {
			return cgroupError("create cgroup", err)
		}
	}
	return nil
}

// enable hands v2 controllers down from dir to its children through its
// cgroup.subtree_control; a fresh directory has none enabled yet.
func (cg *Cgroup) enable(root, dir string, controllers []string, fresh bool) error {
	want := controllers
	path := filepath.Join(dir, "cgroup.subtree_control")
	if !fresh && len(want) > 0 {
		// Already enabled is fine; reading first keeps the host's own
		// cgroups (the root) from being written to for nothing.
		data, _ := readFile(path)
		have := strings.Fields(string(data))
		want = slices.DeleteFunc(slices.Clone(want), func(c string) bool { return slices.Contains(have, c) })
	}
	if len(want) == 0 {
		return nil
	}
	why := "let the cgroups below use the " + strings.Join(want, ", ") + " controller"
	if len(want) > 1 {
		why += "s"
	}
	if cg.write(path, "+"+strings.Join(want, " +"), why) == nil {
		return nil
	}
	// The kernel takes all or none: ask for each to name the one it refuses.
	for _, c := range want {
		if err := cg.write(path, "+"+c, "which controller does the kernel refuse?"); err != nil {
			return controllerError(c, root, dir, err)
		}
	}
	return nil
}

// remove deletes the container's cgroup directories, leaves first.
func (cg *Cgroup) Remove() error {
	if cg == nil {
		return nil
	}
	var errs []error
	for _, dir := range cg.Dirs() {
		err := rmdirRetry(dir)
		if errors.Is(err, unix.ENOENT) {
			continue // never made: newCgroup failed before it
		}
		if cg.rec.Record(fmt.Sprintf("rmdir(%q)", dir), "", 0, err) != nil {
			errs = append(errs, cgroupError("remove cgroup", &os.PathError{Op: "rmdir", Path: dir, Err: err}))
		}
	}
	return errors.Join(errs...)
}

// Roots are the mount points of every hierarchy, each once.
func (i Info) Roots() []string {
	var out []string
	if i.V2Root != "" {
		out = append(out, i.V2Root)
	}
	for _, c := range sortedKeys(i.V1) {
		if !slices.Contains(out, i.V1[c]) {
			out = append(out, i.V1[c])
		}
	}
	return out
}

// rmdirRetry removes a cgroup directory. The kernel refuses (EBUSY) while
// the last task is still leaving it, so it retries for up to a second.
func rmdirRetry(dir string) error {
	deadline := time.Now().Add(time.Second)
	for wait := 50 * time.Microsecond; ; wait = min(wait*2, 10*time.Millisecond) {
		err := unix.Rmdir(dir)
		if err != unix.EBUSY || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}
