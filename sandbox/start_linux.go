package sandbox

// Start, step by step: what the host does to bring a container up, each
// step one function, in the order the kernel needs them. The init's half,
// inside the container, is setupContainer (setup_linux.go).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/trace"
)

// Start starts a container from spec and returns once its init has set it
// up and is ready to serve. The caller must Close it.
func (h *Host) Start(ctx context.Context, spec Spec) (*Container, error) {
	return h.start(ctx, spec, false, false)
}

// start starts a container; with run, its init runs spec.Args on spec's
// stdio and, with stay, serves requests after they end. A step that fails
// leaves the undo of the steps before it to Close.
func (h *Host) start(ctx context.Context, spec Spec, run, stay bool) (c *Container, err error) {
	spec = labSpec(spec)
	if err := h.check(spec); err != nil {
		return nil, err
	}
	// Before anything is made that the guard would have to clean up.
	if err := h.startGuard(); err != nil {
		return nil, err
	}
	c, err = h.newContainer(spec)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			c.Close()
			c = nil
		}
	}()
	// What the init inherits is ours to close once it has it.
	defer c.closeInherited()
	name := h.nextName()
	init := InitSpec{Spec: spec, Run: run, Stay: stay, Start: c.start}
	init.Env = spec.env()
	for _, step := range []func() error{
		func() error { return c.watchLeakedMounts(name) },
		func() error { return c.makeCgroup(name) },
		c.openControlSocket,
		c.makeInitCommand,
		c.bornInCgroup,
		c.delegateCgroup,
		func() error { return c.passPayloadCgroups(&init) },
		func() error { return c.launchInit(init) },
		func() error { return c.awaitSetup(ctx) },
	} {
		if err := step(); err != nil {
			return c, err
		}
	}
	return c, nil
}

// check refuses a spec the kernel cannot run, or a host that cannot start
// containers at all, before anything is made.
func (h *Host) check(spec Spec) error {
	if err := spec.Validate(); err != nil {
		return err
	}
	return h.cgroupErr
}

// startGuard asks the keeper, if there is one, to make sure something
// cleans up after this burk should it die from now on.
func (h *Host) startGuard() error {
	if h.keeper == nil {
		return nil
	}
	return h.keeper.StartGuard()
}

// newContainer notes what the container could change of the host, as it is
// now, and makes sure the container's root user can reach its rootfs.
func (h *Host) newContainer(spec Spec) (*Container, error) {
	before := noteHost(spec)
	if spec.Namespaces.User && spec.Rootfs != "" && len(spec.UIDMap) > 0 && len(spec.GIDMap) > 0 {
		if err := checkReachable(spec.Rootfs, rootOutside(spec.UIDMap), rootOutside(spec.GIDMap)); err != nil {
			return nil, err
		}
	}
	c := &Container{on: h, spec: spec, before: before, start: time.Now(), exited: make(chan struct{}), stderr: &bytes.Buffer{}}
	c.host = trace.New(trace.HostSide, c.start)
	c.inner = trace.New(trace.ContainerSide, c.start)
	return c, nil
}

// watchLeakedMounts: mounts the container makes in the host's mount table
// (a proc mount without a mount namespace, or one that propagates) are
// found and undone by what is under the rootfs now and at Close. In a mount
// namespace whose / is private, no mount can reach the host.
func (c *Container) watchLeakedMounts(name string) error {
	if c.spec.Rootfs == "" || (c.spec.Namespaces.Mount && !c.spec.KeepSharedRoot) {
		return nil
	}
	undo, err := c.on.watchMounts(c.spec.Rootfs, name)
	if err != nil {
		return err
	}
	c.undo = append(c.undo, undo)
	return nil
}

// makeCgroup makes the container's cgroup, with its limits: every
// container gets one, so that all its processes can be found and killed.
func (c *Container) makeCgroup(name string) error {
	newCgroup := c.on.cgroups.New
	if c.spec.Namespaces.Cgroup {
		newCgroup = c.on.cgroups.NewForCgroupNamespace
	}
	cg, removeCgroup, err := newCgroup(name, c.spec.Limits, c.host)
	if err != nil {
		return fmt.Errorf("create the container's cgroup: %w", err)
	}
	c.cg = cg
	c.undo = append(c.undo, removeCgroup)
	return nil
}

// openControlSocket makes the socket pair the host and the init talk over:
// the host keeps one end, the init inherits the other as fd 3.
func (c *Container) openControlSocket() error {
	pair, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("control socket: %w", os.NewSyscallError("socketpair", err))
	}
	// Our end non-blocking, so that os puts it in Go's poller: only then
	// does SetDeadline unblock a read of an init that will never answer
	// (Ctrl-C during the start, a setup stuck in the kernel).
	if err := unix.SetNonblock(pair[0], true); err != nil {
		unix.Close(pair[0])
		unix.Close(pair[1])
		return fmt.Errorf("control socket: %w", os.NewSyscallError("fcntl", err))
	}
	c.ctl = os.NewFile(uintptr(pair[0]), "control")
	c.dec = json.NewDecoder(c.ctl)
	c.enc = json.NewEncoder(c.ctl)
	c.inherit(os.NewFile(uintptr(pair[1]), "control-child"))
	return nil
}

// makeInitCommand is the init's command: this binary again (or its sealed
// copy), cloned into the new namespaces, dying with burk, root inside a
// user namespace.
func (c *Container) makeInitCommand() error {
	c.cloneFlags = c.spec.Namespaces.cloneFlags()
	exe, err := c.on.initBinary(c.spec.Hardening.Enabled && c.spec.Hardening.SealedBinary, c.host)
	if err != nil {
		return err
	}
	c.cmd = &exec.Cmd{
		Path:       exe,
		Args:       []string{initName, InitArg},
		Env:        []string{},
		ExtraFiles: c.inherited, // the control socket, as fd 3
		Stdin:      c.spec.Stdin,
		Stdout:     c.spec.Stdout,
		Stderr:     c.spec.Stderr,
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags: uintptr(c.cloneFlags),
			// The init dies with burk, however burk dies. The kernel sends
			// this when the *thread* that forked the init exits, so that
			// thread stays locked to its goroutine for the container's life.
			Pdeathsig: syscall.SIGKILL,
		},
	}
	if c.spec.Stderr == nil {
		c.cmd.Stderr = c.stderr
	}
	if c.spec.Namespaces.User {
		c.cmd.SysProcAttr.UidMappings = idMaps(c.spec.UIDMap)
		c.cmd.SysProcAttr.GidMappings = idMaps(c.spec.GIDMap)
		// Root inside: setuid(0) in the new namespace makes the init the
		// mapped uid outside. setgroups stays denied, so no group list.
		c.cmd.SysProcAttr.Credential = &syscall.Credential{Uid: 0, Gid: 0, NoSetGroups: true}
	}
	return nil
}

// bornInCgroup has the init cloned straight into its cgroup where cgroup2
// allows it: clone3(CLONE_INTO_CGROUP), with no moment outside it.
func (c *Container) bornInCgroup() error {
	fd, ok, err := c.cg.OpenV2()
	if err != nil || !ok {
		return err
	}
	c.afterStart = append(c.afterStart, fd)
	c.cmd.SysProcAttr.UseCgroupFD = true
	c.cmd.SysProcAttr.CgroupFD = int(fd.Fd())
	return nil
}

// delegateCgroup gives the container's cgroup to its root user, where a
// user namespace maps root to another uid outside.
func (c *Container) delegateCgroup() error {
	if !c.spec.Namespaces.User || len(c.spec.UIDMap) == 0 || len(c.spec.GIDMap) == 0 {
		return nil
	}
	return c.cg.Delegate(rootOutside(c.spec.UIDMap), rootOutside(c.spec.GIDMap))
}

// passPayloadCgroups hands the init the cgroups its payload — everything
// it starts, but not itself — is limited by: the unified one's directory,
// and each v1 hierarchy's tasks file, with their fd numbers in init.
func (c *Container) passPayloadCgroups(init *InitSpec) error {
	payloadV2, payloadV1, err := c.cg.PayloadFiles()
	for _, f := range append(payloadV1, payloadV2) {
		if f != nil {
			c.afterStart = append(c.afterStart, f)
		}
	}
	if err != nil {
		return err
	}
	// The init's fd of ExtraFiles[i] is 3+i.
	if payloadV2 != nil {
		c.inherit(payloadV2)
		init.PayloadCgroupFD = 2 + len(c.cmd.ExtraFiles)
	}
	for _, f := range payloadV1 {
		c.inherit(f)
		init.PayloadTasks = append(init.PayloadTasks, tasksFile{FD: 2 + len(c.cmd.ExtraFiles), Path: f.Name()})
	}
	return nil
}

// launchInit starts the init and gives it its InitSpec once it is in its
// cgroup: an init born in its cgroup (clone3) may start on it the moment it
// runs, so it waits for it in the socket; on cgroup v1, which has no
// CLONE_INTO_CGROUP, the init is moved before it runs anything, blocked
// reading it until then.
func (c *Container) launchInit(init InitSpec) error {
	send := func() error {
		if err := c.enc.Encode(init); err != nil {
			return fmt.Errorf("send the init its spec: %w", c.initError(err))
		}
		return nil
	}
	bornInCgroup := c.cmd.SysProcAttr.UseCgroupFD
	if bornInCgroup && !c.cg.Pending() {
		if err := send(); err != nil {
			return err
		}
	}
	cloneAt, err := c.startInit()
	if err != nil {
		return err
	}
	// The init has its ends now. Ours must go: while we hold the control
	// socket's, the init's death is no end of file to us, and we would
	// wait for it.
	c.closeInherited()
	c.recordClone(cloneAt)
	if bornInCgroup && !c.cg.Pending() {
		return nil
	}
	if err := c.cg.Add(c.pid); err != nil {
		return fmt.Errorf("put the init in its cgroup: %w", err)
	}
	// Born in a cgroup namespace's root, it moves to its leaves.
	if err := c.cg.Settle(c.pid); err != nil {
		return fmt.Errorf("put the init in its cgroup: %w", err)
	}
	return send()
}

// awaitSetup waits for the init's word that the container is set up, with
// the trace of what it did inside.
func (c *Container) awaitSetup(ctx context.Context) error {
	var r reply
	if err := c.receive(ctx, setupTimeout, &r); err != nil {
		return fmt.Errorf("wait for the init: %w", c.initError(err))
	}
	c.inner.Add(r.Events...)
	if r.Kind == replyFailed {
		err := errors.New(r.Err)
		if r.Errno != 0 {
			err = &setupError{msg: r.Err, errno: unix.Errno(r.Errno)}
		}
		return fmt.Errorf("set up the container: %w", err)
	}
	return nil
}

// inherit passes f to the init, as its next fd from 3 on.
func (c *Container) inherit(f *os.File) {
	c.inherited = append(c.inherited, f)
	if c.cmd != nil {
		c.cmd.ExtraFiles = c.inherited
	}
}

// closeInherited closes the host's copies of what the init inherits, and
// of what was opened only to start it; twice is harmless.
func (c *Container) closeInherited() {
	for _, f := range append(c.inherited, c.afterStart...) {
		f.Close()
	}
}
