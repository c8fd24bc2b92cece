package serve

// A learner's inbox, the server's end: the pipe into their tour (see
// machine's inbox_linux.go). The server only ever writes to it, never
// waits on it, and never reads from it: a learner whose tour stops
// reading leaves it full, and holds up nothing of the server's nor
// reaches any other learner. The cast is written at each change and again
// each second: each line is the whole cast, so a line not written (the
// pipe is full) or spoiled (the learner wrote half a line before it) is
// mended a second later.

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/roomcast"
)

type inbox struct{ fd int }

// newInbox makes the pipe: the read end for the machine, the write end,
// non-blocking, the server's.
func newInbox() (*os.File, *inbox, error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, nil, os.NewSyscallError("pipe2", err)
	}
	if err := unix.SetNonblock(p[1], true); err != nil {
		unix.Close(p[0])
		unix.Close(p[1])
		return nil, nil, os.NewSyscallError("fcntl(O_NONBLOCK)", err)
	}
	return os.NewFile(uintptr(p[0]), "inbox"), &inbox{fd: p[1]}, nil
}

// send writes the cast. A line is at most roomcast.MaxLine bytes, below
// PIPE_BUF: the kernel writes it whole or, when the pipe is full, not at
// all (EAGAIN), and the server goes on.
func (in *inbox) send(c roomcast.Cast) {
	if in != nil {
		unix.Write(in.fd, roomcast.Encode(c))
	}
}

func (in *inbox) close() {
	if in != nil {
		unix.Close(in.fd)
	}
}
