package serve

// What the teacher says to the room (roomcast.Cast): whether the tours
// follow the teacher's step, which step, and a message. The server holds
// it and sends it into every learner's tour (inbox_linux.go). It is kept
// in CastFile too, so that burk class on the server, a process of its
// own, shows it and changes it: the server reads the file back each
// second.

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/burk-tui/burk/internal/roomcast"
)

// CastFile is the cast in the server's directory; root's only (0600).
const CastFile = "cast.json"

// caster holds the cast, and says when it changes.
type caster struct {
	mu      sync.Mutex
	cast    roomcast.Cast
	changed chan struct{} // closed at the next change
}

func newCaster() *caster { return &caster{changed: make(chan struct{})} }

// get is the cast now, and a channel closed when it changes.
func (c *caster) get() (roomcast.Cast, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cast, c.changed
}

// set changes the cast, and reports whether it was a change.
func (c *caster) set(cast roomcast.Cast) bool {
	cast = cast.Clean()
	c.mu.Lock()
	defer c.mu.Unlock()
	if cast == c.cast {
		return false
	}
	c.cast = cast
	close(c.changed)
	c.changed = make(chan struct{})
	return true
}

// ReadCast reads the cast a server in dir keeps; none is the empty cast.
func ReadCast(dir string) (roomcast.Cast, error) {
	f, err := os.Open(filepath.Join(dir, CastFile))
	if errors.Is(err, os.ErrNotExist) {
		return roomcast.Cast{}, nil
	}
	if err != nil {
		return roomcast.Cast{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, roomcast.MaxLine))
	if err != nil {
		return roomcast.Cast{}, err
	}
	var c roomcast.Cast
	if err := json.Unmarshal(data, &c); err != nil {
		return roomcast.Cast{}, err
	}
	return c.Clean(), nil
}

// WriteCast keeps the cast in dir, whole: written beside, then renamed.
func WriteCast(dir string, c roomcast.Cast) error {
	tmp, err := os.CreateTemp(dir, ".cast-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(roomcast.Encode(c)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, CastFile))
}

// Class is the room as the teacher's view reads and changes it.
type Class interface {
	Learners() ([]LearnerView, error)
	Cast() (roomcast.Cast, error)
	SetCast(roomcast.Cast) error
}

// Learners is the room now, for the teacher connected over SSH.
func (s *Server) Learners() ([]LearnerView, error) { return s.room.Snapshot(), nil }

// Cast is what the teacher says to the room now.
func (s *Server) Cast() (roomcast.Cast, error) {
	c, _ := s.cast.get()
	return c, nil
}

// SetCast says c to every learner's tour, and keeps it for burk class.
func (s *Server) SetCast(c roomcast.Cast) error {
	if !s.cast.set(c) {
		return nil
	}
	c, _ = s.cast.get()
	s.logf("the teacher: follow %v, step %q, message %q", c.Follow, c.Step, c.Message)
	return WriteCast(s.cfg.Dir, c)
}

// loadCast takes what burk class wrote, if it changed the cast.
func (s *Server) loadCast() {
	if c, err := ReadCast(s.cfg.Dir); err == nil && s.cast.set(c) {
		s.logf("the teacher (burk class): follow %v, step %q, message %q", c.Follow, c.Step, c.Message)
	}
}

// ClassDir is the room a server in dir serves, as burk class on the
// server sees it: through the files the server keeps there.
type ClassDir string

func (d ClassDir) Learners() ([]LearnerView, error) { return ReadRoom(string(d)) }
func (d ClassDir) Cast() (roomcast.Cast, error)     { return ReadCast(string(d)) }
func (d ClassDir) SetCast(c roomcast.Cast) error    { return WriteCast(string(d), c) }
