//go:build linux

package cli

// The tour in a served room hears the teacher: the server writes what the
// teacher says into the machine's inbox (machine's inbox_linux.go), the
// tour's fd 3, and this reads it for the tour (ui's follow.go).

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/roomcast"
	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/ui"
)

// roomInbox is what the teacher says, newest first, when this tour runs
// in a served room's machine; nil otherwise.
func roomInbox() <-chan ui.RoomCast {
	fd, err := strconv.Atoi(os.Getenv(machine.InboxEnv))
	if err != nil || os.Getenv(machine.Env) == "" || fd < 3 {
		return nil
	}
	os.Unsetenv(machine.InboxEnv)
	// The tour's containers and shells get nothing of the room's.
	unix.CloseOnExec(fd)
	f := os.NewFile(uintptr(fd), "inbox")
	if f == nil {
		return nil
	}
	casts := make(chan ui.RoomCast, 1)
	go func() {
		defer f.Close()
		defer close(casts)
		roomcast.Read(f, func(c roomcast.Cast) { newest(casts, ui.RoomCast(c)) })
	}()
	return casts
}

// newest puts c in the one-place mailbox, in place of an older cast the
// tour has not taken: each cast is the whole state, so the reader never
// waits on the tour (while a shell is open, say), and keeps the pipe
// drained.
func newest(casts chan ui.RoomCast, c ui.RoomCast) {
	for {
		select {
		case casts <- c:
			return
		default:
			select {
			case <-casts:
			default:
			}
		}
	}
}
