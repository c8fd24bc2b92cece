package machine

// The server's side of a machine: clone burk into the new namespaces, put
// it in its cgroup, and take it all away again.

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/cgroup"
)

// Cgroups makes a machine's cgroup: sandbox.Host.MachineCgroup, whose
// guard removes it when the server is killed.
type Cgroups interface {
	MachineCgroup(name string, l cgroup.Limits) (*cgroup.Cgroup, func() error, error)
}

// Machine is one running machine, as the server holds it.
type Machine struct {
	Config
	// PID is the machine's PID 1, as the server numbers it.
	PID int

	cmd      *exec.Cmd
	cg       *cgroup.Cgroup
	removeCg func() error
	// delegated is the cgroup handed to the machine's root ("" if none):
	// what it made below is the server's to remove when it stops.
	delegated string
	done      chan struct{}
	stopOnce  sync.Once
	stopErr   error
}

// flags are the namespaces a machine is born in. The user namespace is
// made first by the kernel, so every other one belongs to it: root in the
// machine may mount, name the host, set up its network and its clocks
// there, and nowhere else. The cgroup namespace is made by PID 1 itself,
// once the server has put it in its cgroup (see Init): clone would root
// it at the server's own cgroup.
const flags = unix.CLONE_NEWUSER | unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWUTS |
	unix.CLONE_NEWIPC | unix.CLONE_NEWNET | unix.CLONE_NEWTIME

// seq names each machine's cgroup apart from a machine of the same name
// that is still going.
var seq atomic.Int64

// idMaps maps the machine's 0–65535 and its 100000–165535 to its range.
func idMaps(r IDRange) []syscall.SysProcIDMap {
	half := r.Count / 2
	return []syscall.SysProcIDMap{
		{ContainerID: 0, HostID: r.Start, Size: half},
		{ContainerID: 100000, HostID: r.Start + half, Size: r.Count - half},
	}
}

// Stdio is what the machine's program reads and writes: the learner's
// terminal (the same *os.File, a pty, for all three), or the streams of an
// SSH session without one.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
	// Inbox is the read end of a pipe the server writes to the program
	// (inbox_linux.go); nil: none.
	Inbox *os.File
}

// Start makes a machine and starts cfg.Args in it. limits hold for
// everything in the machine, PID 1 included.
func Start(cfg Config, cgroups Cgroups, limits cgroup.Limits, stdio Stdio) (m *Machine, err error) {
	if err := CheckName(cfg.Name); err != nil {
		return nil, err
	}
	if cfg.IDs.Count != RangeSize {
		return nil, fmt.Errorf("machine %s: an id range of %d ids, want %d", cfg.Name, cfg.IDs.Count, RangeSize)
	}
	if err := checkAlone(cfg.Binary); err != nil {
		return nil, fmt.Errorf("machine %s: %w", cfg.Name, err)
	}
	if err := checkStatic(cfg.Binary); err != nil {
		return nil, fmt.Errorf("machine %s: %w", cfg.Name, err)
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	m = &Machine{Config: cfg, done: make(chan struct{})}
	m.cg, m.removeCg, err = cgroups.MachineCgroup("m"+strconv.FormatInt(seq.Add(1), 10)+"-"+cfg.Name, limits)
	if err != nil {
		return nil, fmt.Errorf("machine %s: make its cgroup: %w", cfg.Name, err)
	}
	defer func() {
		if err != nil {
			m.Stop()
		}
	}()
	gateR, gateW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer gateR.Close()
	defer gateW.Close()
	inbox, inboxEnv := stdio.inboxFiles()
	m.cmd = &exec.Cmd{
		Path:       "/proc/self/exe",
		Args:       []string{"burk-machine", InitArg},
		Env:        append([]string{configEnv + "=" + string(config)}, inboxEnv...),
		Stdin:      stdio.In,
		Stdout:     stdio.Out,
		Stderr:     stdio.Err,
		ExtraFiles: append([]*os.File{gateR}, inbox...),
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags:  flags,
			UidMappings: idMaps(cfg.IDs),
			GidMappings: idMaps(cfg.IDs),
			// The new user namespace leaves the process's ids as they
			// were, the server's root, which its map does not name: it
			// becomes the machine's root (the range's first id) only by
			// setuid(0) there, and holds the namespace's capabilities
			// only after that, at exec. The server's supplementary groups
			// (root's among them) are dropped: a file of group root must
			// not be the machine's to write.
			Credential:                 &syscall.Credential{Uid: 0, Gid: 0, Groups: []uint32{}},
			GidMappingsEnableSetgroups: true,
			// A session of its own: the server's terminal signals are not
			// the machine's.
			Setsid: true,
			// The machine dies with the server, even by SIGKILL: PID 1's
			// death ends its PID namespace, and with it the machine.
			Pdeathsig: syscall.SIGKILL,
		},
	}
	started := make(chan error, 1)
	go func() {
		// PR_SET_PDEATHSIG fires when the thread that forked exits, not
		// the process: this thread stays the machine's parent.
		runtime.LockOSThread()
		if err := m.cmd.Start(); err != nil {
			started <- err
			close(m.done)
			return
		}
		started <- nil
		m.cmd.Wait()
		close(m.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("machine %s: clone(%s): %w", cfg.Name, "CLONE_NEWUSER|NEWNS|NEWPID|NEWUTS|NEWIPC|NEWNET|NEWTIME", err)
	}
	m.PID = m.cmd.Process.Pid
	// PID 1 waits at the gate, alone: it moves into its cgroup before it
	// forks, so that every process of the machine is born inside the limits.
	if err := m.cg.AddPayload(m.PID); err != nil {
		return nil, fmt.Errorf("machine %s: %w", cfg.Name, err)
	}
	if err := m.delegate(); err != nil {
		return nil, fmt.Errorf("machine %s: %w", cfg.Name, err)
	}
	if _, err := gateW.Write([]byte{1}); err != nil {
		return nil, fmt.Errorf("machine %s: open the gate: %w", cfg.Name, err)
	}
	return m, nil
}

// delegate gives the machine's root its cgroup in the unified hierarchy,
// as systemd's Delegate=yes does for a user: the directory and the files
// that make and fill cgroups below it become its own, so the tour's
// cgroups step can make cgroups inside it. The limits' files stay the
// server's: the machine cannot raise them. cgroup v1 has no safe way to
// delegate, so there the machine gets none.
func (m *Machine) delegate() error {
	v2 := m.cg.Unified()
	if v2 == "" {
		return nil
	}
	dir := filepath.Join(v2, "payload")
	if _, err := os.Stat(dir); err != nil {
		return nil // no controller on v2 (hybrid): nothing worth delegating
	}
	m.delegated = dir
	for _, f := range []string{"", "cgroup.procs", "cgroup.subtree_control", "cgroup.threads"} {
		if err := os.Chown(filepath.Join(dir, f), m.IDs.Start, m.IDs.Start); err != nil {
			return fmt.Errorf("delegate the cgroup: %w", err)
		}
	}
	return nil
}

// undelegate removes the cgroups the machine made in the one it was
// delegated (its PID 1's leaf, the tour's containers'), deepest first:
// rmdir(2) refuses a cgroup that still has children, so without this the
// machine's own cgroup could not be removed either. Their processes are
// dead by now (cgroup.kill of the machine's cgroup reaches them all); a
// cgroup is busy for a moment while the last of them leaves it.
func (m *Machine) undelegate() error {
	if m.delegated == "" {
		return nil
	}
	var dirs []string
	filepath.WalkDir(m.delegated, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != m.delegated {
			dirs = append(dirs, p)
		}
		return nil
	})
	var errs []error
	for i := len(dirs) - 1; i >= 0; i-- { // WalkDir lists a parent before its children
		err := unix.Rmdir(dirs[i])
		for deadline := time.Now().Add(time.Second); err == unix.EBUSY && time.Now().Before(deadline); err = unix.Rmdir(dirs[i]) {
			time.Sleep(5 * time.Millisecond)
		}
		if err != nil && err != unix.ENOENT {
			errs = append(errs, &os.PathError{Op: "rmdir", Path: dirs[i], Err: err})
		}
	}
	return errors.Join(errs...)
}

// Done is closed when PID 1 has ended.
func (m *Machine) Done() <-chan struct{} { return m.done }

// ExitCode is PID 1's exit status, once Done; 128+N if signal N ended
// it, as a shell says.
func (m *Machine) ExitCode() int {
	if m.cmd == nil || m.cmd.ProcessState == nil {
		return 1
	}
	if ws, ok := m.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return m.cmd.ProcessState.ExitCode()
}

// Signal sends sig to the machine's PID 1, which passes SIGTERM and
// SIGHUP to the program.
func (m *Machine) Signal(sig os.Signal) {
	if m.cmd != nil && m.cmd.Process != nil {
		m.cmd.Process.Signal(sig)
	}
}

// Stop ends the machine and removes its cgroup: SIGKILL to PID 1, which
// the kernel passes to every process in the machine's PID namespace; then
// whatever is still in the cgroup is killed, and the cgroup removed.
func (m *Machine) Stop() error {
	m.stopOnce.Do(func() {
		if m.cmd != nil && m.cmd.Process != nil {
			m.cmd.Process.Kill()
			select {
			case <-m.done:
			case <-time.After(2 * time.Second):
				m.stopErr = fmt.Errorf("machine %s: PID 1 (%d) did not end", m.Name, m.PID)
			}
		}
		if m.cg != nil {
			m.stopErr = errors.Join(m.stopErr, m.cg.Kill())
		}
		m.stopErr = errors.Join(m.stopErr, m.undelegate())
		if m.removeCg != nil {
			m.stopErr = errors.Join(m.stopErr, m.removeCg())
		}
	})
	return m.stopErr
}

// ErrDynamic is returned for a burk that needs a dynamic loader: the
// machine's root holds burk's binary and nothing of the server's /lib.
var ErrDynamic = errors.New("burk is linked dynamically, and a machine has no /lib: build it with CGO_ENABLED=0, as the README says")

// checkStatic refuses a binary with an ELF interpreter.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("read burk's binary: %w", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return ErrDynamic
		}
	}
	return nil
}

// checkAlone refuses a binary that is not alone in its directory: the
// machine gets the whole directory.
func checkAlone(path string) error {
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("burk's binary: %w", err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(path) {
		return fmt.Errorf("burk's binary %s is not alone in its directory, which the machine would see", path)
	}
	return nil
}

// CopyBinary copies this burk's binary into dir/burk, alone there (mode
// 0755 both), for machines to run: the running binary's own directory may
// hold anything. It returns the copy's path.
func CopyBinary(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	os.Chmod(dir, 0o755)
	self, err := os.Open("/proc/self/exe")
	if err != nil {
		return "", err
	}
	defer self.Close()
	dst := filepath.Join(dir, "burk")
	tmp, err := os.CreateTemp(dir, ".burk-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, self); err != nil {
		tmp.Close()
		return "", fmt.Errorf("copy burk's binary: %w", err)
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return dst, os.Rename(tmp.Name(), dst)
}
