package housekeeping

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/burk-tui/burk/sandbox"
)

// DefaultStateDir is where instances keep their journals: a tmpfs, so a
// reboot (which also clears every mount and cgroup) clears it too.
const DefaultStateDir = "/run/burk"

// Keeper is the housekeeping of one burk process around the host its
// containers run on (Host, whose methods it has): the instance that names
// what this burk makes — its cgroups burk-<instance>-…, its journals of
// mounts under <state dir>/<instance>/ — its lock, its guard and the
// recovery of what dead instances left.
type Keeper struct {
	*sandbox.Host

	id       string
	stateDir string

	mu   sync.Mutex
	live int // containers whose mount journal is not yet forgotten

	// sharedWith is the pid of the parent whose lock this burk shares, or 0.
	sharedWith atomic.Int64

	// The guard, which cleans up after this burk when it dies (guard_linux.go).
	guardOnce sync.Once
	guardErr  error
	guard     *Watcher
	guardPID  int
}

// New names this burk process as an instance (by its pid and start time)
// and makes the host its containers run on, kept by the Keeper. stateDir
// is where it keeps its journals; "" is $BURK_STATE_DIR, or
// DefaultStateDir.
func New(stateDir string) (*Keeper, error) {
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
	k := &Keeper{id: id, stateDir: stateDir}
	k.Host, err = sandbox.NewHost(sandbox.HostOptions{Instance: id, Keeper: k})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// StateDir is where this host keeps the journals of its instances.
func (k *Keeper) StateDir() string { return k.stateDir }

// makeInstanceDir makes this instance's directory, and the state directory
// above it if need be. Another burk leaving removes the state directory
// when it holds nothing (Close): between MkdirAll's two mkdirs it may, and
// the second then finds no parent; made again, it holds ours.
func (k *Keeper) makeInstanceDir() error {
	var err error
	for range 3 {
		if err = os.MkdirAll(k.instanceDir(), 0o700); !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return err
}

// FilesDir is this instance's directory in the state directory, made if
// need be, for the files burk hands other processes of its own (the tour's
// shell's report): the guard removes it should burk be killed, and Close
// when burk leaves and it is empty.
func (k *Keeper) FilesDir() (string, error) {
	if err := k.makeInstanceDir(); err != nil {
		return "", fmt.Errorf("create state dir: %w", err)
	}
	return k.instanceDir(), nil
}

// ScratchDir is FilesDir for the runtime (sandbox.Keeper): done removes
// the directory again, and the state directory, when they are empty.
func (k *Keeper) ScratchDir() (dir string, done func(), err error) {
	dir, err = k.FilesDir()
	return dir, k.removeEmptyDirs, err
}

// instanceDir is this instance's directory in the state directory.
func (k *Keeper) instanceDir() string { return filepath.Join(k.stateDir, k.id) }

// removeEmptyDirs removes this instance's directory and the state
// directory above it, each only if empty: /run is left as burk found it.
func (k *Keeper) removeEmptyDirs() {
	os.Remove(k.instanceDir())
	os.Remove(k.stateDir)
}
