package serve

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/roomcast"
)

// A learner whose tour reads nothing leaves their pipe full: the server's
// next casts to them are dropped, at once, and the server goes on; once
// the tour reads again, the next cast arrives whole.
func TestInboxNeverWaits(t *testing.T) {
	r, in, err := newInbox()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer in.close()
	c := roomcast.Cast{Follow: true, Step: "uts-ns", Message: strings.Repeat("five minutes left ", 7)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 10000 { // over a megabyte: far more than a pipe holds
			in.send(c)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a full pipe held the server up")
	}
	// The tour reads again: what it drains, then the next cast, whole.
	r.SetReadDeadline(time.Now().Add(5 * time.Second))
	drained := make([]byte, 1<<20)
	n, _ := io.ReadAtLeast(r, drained, 1)
	if n == 0 {
		t.Fatal("nothing in the pipe")
	}
	c.Message = "coffee"
	in.send(c)
	var got []roomcast.Cast
	rest := make([]byte, 4096)
	m, _ := r.Read(rest)
	roomcast.Read(strings.NewReader(string(drained[:n])+string(rest[:m])), func(c roomcast.Cast) { got = append(got, c) })
	if len(got) == 0 || got[len(got)-1].Message != "coffee" {
		t.Errorf("after the pipe drained, the newest cast read is %+v, want coffee", got[len(got)-1:])
	}
}

// Each change closes the channel the sessions wait on; a cast set again
// as it was is no change.
func TestCasterSaysWhenItChanges(t *testing.T) {
	c := newCaster()
	_, changed := c.get()
	if c.set(roomcast.Cast{}) {
		t.Error("the empty cast again is a change")
	}
	if !c.set(roomcast.Cast{Follow: true, Step: "proc"}) {
		t.Fatal("following is no change")
	}
	select {
	case <-changed:
	default:
		t.Error("the change was not said")
	}
	if got, _ := c.get(); got != (roomcast.Cast{Follow: true, Step: "proc"}) {
		t.Errorf("get = %+v", got)
	}
}

// burk class and the server share the cast through CastFile.
func TestCastFile(t *testing.T) {
	dir := t.TempDir()
	if c, err := ReadCast(dir); err != nil || c != (roomcast.Cast{}) {
		t.Errorf("no file: %+v, %v", c, err)
	}
	want := roomcast.Cast{Follow: true, Step: "pid-ns", Message: "five minutes left"}
	if err := ClassDir(dir).SetCast(want); err != nil {
		t.Fatal(err)
	}
	if c, err := ClassDir(dir).Cast(); err != nil || c != want {
		t.Errorf("read back %+v, %v", c, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left beside the cast: %v", entries)
	}
	// The server takes what burk class wrote, within its second.
	s := &Server{cfg: Config{Dir: dir}, cast: newCaster()}
	s.loadCast()
	if c, _ := s.Cast(); c != want {
		t.Errorf("the server took %+v from burk class's file, want %+v", c, want)
	}
}
