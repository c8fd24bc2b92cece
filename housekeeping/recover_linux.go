package housekeeping

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/sandbox"
)

// Recover removes what crashed burk instances left on the host: the
// processes in their cgroups, the cgroups, the mounts under their rootfs.
// It never touches a live instance. It returns one line per thing removed.
func (k *Keeper) Recover() ([]string, error) {
	return recoverWhere(k.Host, k.stateDir, func(id string) bool { return !instanceAlive(id) })
}

// recoverWhere recovers, on host, the instances dead says are dead, and
// their state in stateDir.
func recoverWhere(host *sandbox.Host, stateDir string, dead func(id string) bool) ([]string, error) {
	var removed []string
	cgErr := host.CgroupsErr()
	if cgErr == nil {
		removed, cgErr = cgroup.Recover(host.Cgroups(), func(id string) bool { return !dead(id) })
	}
	var errs []error
	if cgErr != nil {
		errs = append(errs, cgErr)
	}
	entries, err := os.ReadDir(stateDir)
	if err != nil && !os.IsNotExist(err) {
		errs = append(errs, fmt.Errorf("read %s: %w", stateDir, err))
	}
	for _, e := range entries {
		if !e.IsDir() || !dead(e.Name()) {
			continue
		}
		dir := filepath.Join(stateDir, e.Name())
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
			if err := sandbox.UnmountAdded(j.Rootfs, j.Before); err != nil {
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
	os.Remove(stateDir)
	return removed, errors.Join(errs...)
}

func containsMount(mounts []mountinfo.Mount, point string) bool {
	for _, m := range mounts {
		if m.MountPoint == point {
			return true
		}
	}
	return false
}
