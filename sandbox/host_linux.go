package sandbox

// The host: the machine containers run on, and this burk's place on it.
// Everything a burk puts on the host is named after its instance — its
// cgroups burk-<instance>-…, its journal of mounts under
// /run/burk/<instance>/ — so that a later burk can tell what a dead one
// left behind, and never touches what a live one owns.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/mountinfo"
)

// DefaultStateDir is where instances keep their journals: a tmpfs, so a
// reboot (which also clears every mount and cgroup) clears it too.
const DefaultStateDir = "/run/burk"

// Host is the machine containers are started on, as one burk process sees
// it: the instance that names what this burk makes, the state directory of
// its journals, the cgroups it makes containers in, and the sealed copy of
// its binary the hardened containers run from. Start, Recover, Doctor and
// the readers of the host's side are its methods.
//
// This is a host where burk runs as root. A rootless burk is a second kind
// of host: the same methods, its cgroups under a delegated subtree.
type Host struct {
	id       string
	stateDir string
	cgroups  cgroup.Manager
	// cgroupErr is why the host's cgroups could not be read: burk doctor
	// says so, and no container can start.
	cgroupErr error

	mu   sync.Mutex
	n    int // containers started
	live int // containers whose mount journal is not yet undone

	sealOnce sync.Once
	sealed   sealedExe
	sealErr  error

	// sharedWith is the pid of the parent whose lock this burk shares, or 0.
	sharedWith atomic.Int64

	// The guard, which cleans up after this burk when it dies (guard_linux.go).
	guardOnce sync.Once
	guardErr  error
	guardPipe *os.File
	guardPID  int
	guardCmd  *exec.Cmd
}

// NewHost names this burk process as an instance (by its pid and start
// time) and finds the host's cgroups. stateDir is where it keeps its
// journals; "" is $BURK_STATE_DIR, or DefaultStateDir.
func NewHost(stateDir string) (*Host, error) {
	if stateDir == "" {
		stateDir = os.Getenv("BURK_STATE_DIR")
	}
	if stateDir == "" {
		stateDir = DefaultStateDir
	}
	id, err := instanceID(os.Getpid())
	if err != nil {
		return nil, fmt.Errorf("name this burk instance: %w", err)
	}
	info, err := hostCgroups()
	h := &Host{id: id, stateDir: stateDir, cgroups: cgroup.Manager{Info: info, Instance: id}}
	if err != nil {
		h.cgroupErr = fmt.Errorf("detect cgroups: %w", err)
	}
	return h, nil
}

func hostCgroups() (cgroup.Info, error) {
	if InLab() {
		// The host's cgroups are root's. A lab has cgroups only below the
		// one delegated to the learner, which the burk outside prepared
		// (labCgroup); without one every limit is missing, the cgroups
		// step says so, and each container is killed by its process tree
		// instead (killTree).
		dir := os.Getenv(labCgroupEnv)
		if dir == "" {
			return cgroup.Info{}, nil
		}
		info, err := cgroup.Detect()
		if err != nil {
			return cgroup.Info{}, err
		}
		return cgroup.DelegatedInfo(info, dir)
	}
	return cgroup.Detect()
}

// StateDir is where this host keeps the journals of its instances.
func (h *Host) StateDir() string { return h.stateDir }

// Cgroups is how this host mounts its cgroups.
func (h *Host) Cgroups() cgroup.Info { return h.cgroups.Info }

// makeInstanceDir makes this instance's directory, and the state directory
// above it if need be. Another burk leaving removes the state directory
// when it holds nothing (Close): between MkdirAll's two mkdirs it may, and
// the second then finds no parent; made again, it holds ours.
func (h *Host) makeInstanceDir() error {
	var err error
	for range 3 {
		if err = os.MkdirAll(h.instanceDir(), 0o700); !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return err
}

// FilesDir is this instance's directory in the state directory, made if
// need be, for the files burk hands other processes of its own (the tour's
// shell's report): the guard removes it should burk be killed, and Close
// when burk leaves and it is empty.
func (h *Host) FilesDir() (string, error) {
	if err := h.makeInstanceDir(); err != nil {
		return "", fmt.Errorf("create state dir: %w", err)
	}
	return h.instanceDir(), nil
}

// instanceDir is this instance's directory in the state directory.
func (h *Host) instanceDir() string { return filepath.Join(h.stateDir, h.id) }

func (h *Host) nextName() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	return fmt.Sprintf("c%d", h.n)
}

// mountJournal remembers which mounts were under a rootfs before a
// container started, so that what it added can be undone, by this burk at
// Close or by the next one after a crash.
type mountJournal struct {
	Rootfs string   `json:"rootfs"`
	Before []string `json:"before"` // mount points under Rootfs at start
	path   string
	host   *Host
}

func (h *Host) journal(rootfs, name string) (*mountJournal, error) {
	mounts, err := mountinfo.Read(0)
	if err != nil {
		return nil, err
	}
	j := &mountJournal{Rootfs: rootfs, host: h}
	for _, m := range mountinfo.Under(mounts, rootfs) {
		j.Before = append(j.Before, m.MountPoint)
	}
	if err := h.makeInstanceDir(); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	h.mu.Lock()
	h.live++
	h.mu.Unlock()
	j.path = filepath.Join(h.instanceDir(), "mounts-"+name+".json")
	data, _ := json.Marshal(j)
	if err := os.WriteFile(j.path, data, 0o600); err != nil {
		h.release()
		return nil, fmt.Errorf("write mount journal: %w", err)
	}
	return j, nil
}

// undo unmounts whatever appeared under the rootfs since the journal was
// written, deepest first, then forgets the journal.
func (j *mountJournal) undo() error {
	err := unmountNew(j.Rootfs, j.Before)
	if err == nil {
		os.Remove(j.path)
	}
	j.host.release()
	return err
}

// release drops the state dir when the instance has no container left.
func (h *Host) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.live--
	if h.live <= 0 {
		os.Remove(h.instanceDir()) // only if empty
		os.Remove(h.stateDir)      // likewise: leave /run as we found it
	}
}

func unmountNew(rootfs string, before []string) error {
	mounts, err := mountinfo.Read(0)
	if err != nil {
		return err
	}
	had := map[string]bool{}
	for _, p := range before {
		had[p] = true
	}
	var added []string
	for _, m := range mountinfo.Under(mounts, rootfs) {
		if !had[m.MountPoint] {
			added = append(added, m.MountPoint)
		}
	}
	// Deepest first; one mount point can be stacked more than once.
	sort.Slice(added, func(i, j int) bool { return len(added[i]) > len(added[j]) })
	var errs []error
	for _, p := range added {
		// MNT_DETACH: a process that still has it open cannot keep the
		// mount on the host's table.
		if err := unix.Unmount(p, unix.MNT_DETACH); err != nil && err != unix.EINVAL && err != unix.ENOENT {
			errs = append(errs, fmt.Errorf("unmount %s: %w", p, os.NewSyscallError("umount2", err)))
		}
	}
	return errors.Join(errs...)
}

// Recover removes what crashed burk instances left on the host: the
// processes in their cgroups, the cgroups, the mounts under their rootfs.
// It never touches a live instance. It returns one line per thing removed.
func (h *Host) Recover() ([]string, error) {
	return h.recoverWhere(func(id string) bool { return !instanceAlive(id) })
}

// recoverWhere recovers the instances dead says are dead.
func (h *Host) recoverWhere(dead func(id string) bool) ([]string, error) {
	var removed []string
	cgErr := h.cgroupErr
	if cgErr == nil {
		removed, cgErr = cgroup.Recover(h.cgroups.Info, func(id string) bool { return !dead(id) })
	}
	var errs []error
	if cgErr != nil {
		errs = append(errs, cgErr)
	}
	entries, err := os.ReadDir(h.stateDir)
	if err != nil && !os.IsNotExist(err) {
		errs = append(errs, fmt.Errorf("read %s: %w", h.stateDir, err))
	}
	for _, e := range entries {
		if !e.IsDir() || !dead(e.Name()) {
			continue
		}
		dir := filepath.Join(h.stateDir, e.Name())
		files, _ := filepath.Glob(filepath.Join(dir, "mounts-*.json"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			var j mountJournal
			if json.Unmarshal(data, &j) != nil || j.Rootfs == "" {
				os.Remove(f)
				continue
			}
			before, _ := mountinfo.Read(0)
			if err := unmountNew(j.Rootfs, j.Before); err != nil {
				errs = append(errs, err)
				continue
			}
			after, _ := mountinfo.Read(0)
			for _, m := range mountinfo.Under(before, j.Rootfs) {
				if !containsMount(after, m.MountPoint) {
					removed = append(removed, fmt.Sprintf("mount %s (%s)", m.MountPoint, m.FSType))
				}
			}
			os.Remove(f)
		}
		// What is left is the dead burk's own: the overlay's empty layer,
		// if it died sealing; a file it had handed its shell.
		if os.RemoveAll(dir) == nil {
			removed = append(removed, "state "+dir)
		}
	}
	os.Remove(h.stateDir)
	return removed, errors.Join(errs...)
}

func containsMount(mounts []Mount, point string) bool {
	for _, m := range mounts {
		if m.MountPoint == point {
			return true
		}
	}
	return false
}
