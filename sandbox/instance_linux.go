package sandbox

// An instance is one running burk process. Everything it puts on the host
// is named after it — its cgroups burk-<instance>-…, its journal of mounts
// under /run/burk/<instance>/ — so that a later burk can tell what a dead
// one left behind, and never touches what a live one owns.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"golang.org/x/sys/unix"
)

// StateDir is where instances keep their journals: a tmpfs, so a reboot
// (which also clears every mount and cgroup) clears it too.
func StateDir() string {
	if d := os.Getenv("BURK_STATE_DIR"); d != "" {
		return d
	}
	return "/run/burk"
}

type instance struct {
	id      string
	dir     string
	cgroups CgroupInfo

	mu   sync.Mutex
	n    int // containers started
	live int // containers not yet closed
}

var (
	instOnce sync.Once
	inst     *instance
	instErr  error
)

func currentInstance() (*instance, error) {
	instOnce.Do(func() {
		id, err := instanceID(os.Getpid())
		if err != nil {
			instErr = fmt.Errorf("name this burk instance: %w", err)
			return
		}
		info, err := DetectCgroups()
		if err != nil {
			instErr = fmt.Errorf("detect cgroups: %w", err)
			return
		}
		inst = &instance{id: id, dir: filepath.Join(StateDir(), id), cgroups: info}
	})
	return inst, instErr
}

func (in *instance) nextName() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.n++
	return fmt.Sprintf("c%d", in.n)
}

// mountJournal remembers which mounts were under a rootfs before a
// container started, so that what it added can be undone, by this burk at
// Close or by the next one after a crash.
type mountJournal struct {
	Rootfs string   `json:"rootfs"`
	Before []string `json:"before"` // mount points under Rootfs at start
	path   string
	in     *instance
}

func (in *instance) journal(rootfs, name string) (*mountJournal, error) {
	mounts, err := ReadMounts(0)
	if err != nil {
		return nil, err
	}
	j := &mountJournal{Rootfs: rootfs, in: in}
	for _, m := range MountsUnder(mounts, rootfs) {
		j.Before = append(j.Before, m.MountPoint)
	}
	if err := os.MkdirAll(in.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	in.mu.Lock()
	in.live++
	in.mu.Unlock()
	j.path = filepath.Join(in.dir, "mounts-"+name+".json")
	data, _ := json.Marshal(j)
	if err := os.WriteFile(j.path, data, 0o600); err != nil {
		in.release()
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
	j.in.release()
	return err
}

// release drops the state dir when the instance has no container left.
func (in *instance) release() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.live--
	if in.live <= 0 {
		os.Remove(in.dir)     // only if empty
		os.Remove(StateDir()) // likewise: leave /run as we found it
	}
}

func unmountNew(rootfs string, before []string) error {
	mounts, err := ReadMounts(0)
	if err != nil {
		return err
	}
	had := map[string]bool{}
	for _, p := range before {
		had[p] = true
	}
	var added []string
	for _, m := range MountsUnder(mounts, rootfs) {
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
func Recover() ([]string, error) {
	info, err := DetectCgroups()
	if err != nil {
		return nil, fmt.Errorf("detect cgroups: %w", err)
	}
	removed, cgErr := recoverCgroups(info)
	var errs []error
	if cgErr != nil {
		errs = append(errs, cgErr)
	}
	entries, err := os.ReadDir(StateDir())
	if err != nil && !os.IsNotExist(err) {
		errs = append(errs, fmt.Errorf("read %s: %w", StateDir(), err))
	}
	for _, e := range entries {
		if !e.IsDir() || instanceAlive(e.Name()) {
			continue
		}
		dir := filepath.Join(StateDir(), e.Name())
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
			before, _ := ReadMounts(0)
			if err := unmountNew(j.Rootfs, j.Before); err != nil {
				errs = append(errs, err)
				continue
			}
			after, _ := ReadMounts(0)
			for _, m := range MountsUnder(before, j.Rootfs) {
				if !containsMount(after, m.MountPoint) {
					removed = append(removed, fmt.Sprintf("mount %s (%s)", m.MountPoint, m.FSType))
				}
			}
			os.Remove(f)
		}
		os.Remove(filepath.Join(dir, "lower")) // the overlay's empty layer, if it died sealing
		if os.Remove(dir) == nil {
			removed = append(removed, "state "+dir)
		}
	}
	os.Remove(StateDir())
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
