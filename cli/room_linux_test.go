//go:build linux

package cli

import (
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/roomcast"
	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/ui"
)

// In a machine with an inbox, the tour hears each cast, the newest when
// it was slow to take them; the inbox is closed on exec, so that no
// container or shell of the tour inherits it.
func TestRoomInbox(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fd, err := unix.Dup(int(r.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	t.Setenv(machine.Env, "1")
	t.Setenv(machine.InboxEnv, strconv.Itoa(fd))
	casts := roomInbox()
	if casts == nil {
		t.Fatal("no inbox in a machine that has one")
	}
	if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil || flags&unix.FD_CLOEXEC == 0 {
		t.Errorf("the inbox is not closed on exec (flags %#x, %v)", flags, err)
	}
	if os.Getenv(machine.InboxEnv) != "" {
		t.Errorf("%s is still set, for the tour's children to see", machine.InboxEnv)
	}
	for _, c := range []roomcast.Cast{{Message: "one"}, {Message: "two"}, {Follow: true, Step: "uts-ns", Message: "three"}} {
		w.Write(roomcast.Encode(c))
	}
	want := ui.RoomCast{Follow: true, Step: "uts-ns", Message: "three"}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case c := <-casts:
			if c == want {
				return
			}
		case <-deadline:
			t.Fatalf("the newest cast never came: want %+v", want)
		}
	}
}

// Outside a machine, the tour hears no room, whatever the environment.
func TestRoomInboxOutsideAMachine(t *testing.T) {
	t.Setenv(machine.Env, "")
	t.Setenv(machine.InboxEnv, "0")
	if roomInbox() != nil {
		t.Error("an inbox outside a machine")
	}
}
