package housekeeping

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// mountJournal remembers which mounts were under a rootfs before a
// container started, so that what it added can be undone: by the runtime
// at Close, or by the next burk (Recover) or the guard after a crash.
type mountJournal struct {
	Rootfs string   `json:"rootfs"`
	Before []string `json:"before"` // mount points under Rootfs at start
}

// JournalMounts writes down, before the container named container starts,
// the mount points under rootfs (before), for Recover should this burk
// die (sandbox.Keeper). forget removes the note once the container's
// mounts are gone; when undoing them failed (undone is the error), the
// note stays for the recovery to try again.
func (k *Keeper) JournalMounts(rootfs, container string, before []string) (forget func(undone error), err error) {
	if err := k.makeInstanceDir(); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	k.mu.Lock()
	k.live++
	k.mu.Unlock()
	path := filepath.Join(k.instanceDir(), "mounts-"+container+".json")
	data, _ := json.Marshal(mountJournal{Rootfs: rootfs, Before: before})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		k.release()
		return nil, fmt.Errorf("write mount journal: %w", err)
	}
	return func(undone error) {
		if undone == nil {
			os.Remove(path)
		}
		k.release()
	}, nil
}

// release drops the state dir when the instance has no container left.
func (k *Keeper) release() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.live--
	if k.live <= 0 {
		k.removeEmptyDirs()
	}
}
