package ptyshell

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// openPTY makes a new pseudo-terminal pair: the master, which burk reads
// and writes, and the slave, the shell's terminal.
func openPTY() (master, slave *os.File, err error) {
	// Non-blocking, so that Go's poller waits on it: closing the master
	// then ends a read in flight, even while a process the shell left
	// behind still holds the slave.
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, &os.PathError{Op: "open", Path: "/dev/ptmx", Err: err}
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	// A new pty's slave is locked until its master unlocks it (pts(4)),
	// so that nobody opens it before the master is set up.
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, os.NewSyscallError("ioctl TIOCSPTLCK", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, os.NewSyscallError("ioctl TIOCGPTN", err)
	}
	name := fmt.Sprintf("/dev/pts/%d", n)
	slave, err = os.OpenFile(name, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// onTerminal makes the shell the leader of a new session, with the pty as
// its controlling terminal: ^C and ^Z from the learner's keys then reach
// the shell's foreground job, not burk.
func onTerminal(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setsid = true
	cmd.SysProcAttr.Setctty = true
	cmd.SysProcAttr.Ctty = 0 // the child's stdin: the slave
}

// followSize gives the pty the terminal's size now and whenever the
// window changes, so the shell wraps its lines where the learner sees
// them wrap. stop ends the following.
func followSize(tty, master *os.File) (stop func()) {
	resize := func() {
		ws, err := unix.IoctlGetWinsize(int(tty.Fd()), unix.TIOCGWINSZ)
		if err != nil {
			return
		}
		// Through the raw connection: master.Fd() would make the master
		// blocking again, out of the poller's hands.
		if rc, err := master.SyscallConn(); err == nil {
			rc.Control(func(fd uintptr) { unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, ws) })
		}
	}
	resize()
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, unix.SIGWINCH)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-winch:
				resize()
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(winch); close(done) }
}
