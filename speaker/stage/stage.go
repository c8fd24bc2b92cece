// Package stage is where a running tour says which step is on screen, for
// burk notes in a second terminal: a small JSON file in the tour's state
// directory, replaced whole at every move.
//
// The tour and the notes may run as different users — the tour with sudo,
// the notes as the speaker — so the file is readable by everyone, and the
// notes look in the state directories a tour may have used (Dirs).
package stage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"time"
)

// FileName is the position file's name in the state directory.
const FileName = "on-stage.json"

// Version is the position file's format; a reader says so when it meets
// another.
const Version = 1

// Position is where a tour is.
type Position struct {
	Version int `json:"version"`
	// PID is the tour's process, so that a file a killed tour left is
	// known for what it is.
	PID     int       `json:"pid"`
	Started time.Time `json:"started"` // when the tour started
	Step    string    `json:"step"`    // the step on screen, by id
	Index   int       `json:"index"`   // its place, from 0
	Total   int       `json:"total"`   // how many steps the tour has
	Variant string    `json:"variant,omitempty"`
	// First is the place of the step the tour started at: a talk resumed
	// at a later step is measured against the plan from there.
	First int       `json:"first"`
	Since time.Time `json:"since"` // when the step came on screen
	Lang  string    `json:"lang"`  // the tour's language
}

// Dir is the tour's state directory for the user running this burk:
// $XDG_STATE_HOME/burk, else ~/.local/state/burk (where the tour keeps
// its progress too), or "" when there is no home.
func Dir() string {
	if dir := os.Getenv("XDG_STATE_HOME"); dir != "" {
		return filepath.Join(dir, "burk")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".local", "state", "burk")
}

// Dirs are where a tour on this machine may have said where it is, in the
// order burk notes looks: this user's state directory; then, for a notes
// run with sudo, the state directory of the user who ran sudo; then root's,
// for a tour run with sudo.
func Dirs() []string {
	var dirs []string
	add := func(d string) {
		for _, have := range dirs {
			if have == d {
				return
			}
		}
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	add(Dir())
	if name := os.Getenv("SUDO_USER"); name != "" {
		if u, err := user.Lookup(name); err == nil {
			add(filepath.Join(u.HomeDir, ".local", "state", "burk"))
		}
	}
	if u, err := user.LookupId("0"); err == nil {
		add(filepath.Join(u.HomeDir, ".local", "state", "burk"))
	}
	return dirs
}

// Write replaces the position file in dir: a new file renamed over the old
// one, so the notes never read half of it. It is readable by every user
// (0644): the notes may run as another user than the tour.
func Write(dir string, p Position) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("say where the tour is: %w", err)
	}
	f, err := os.CreateTemp(dir, ".on-stage-*.json")
	if err != nil {
		return fmt.Errorf("say where the tour is: %w", err)
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, FileName))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("say where the tour is: %w", err)
	}
	return nil
}

// Remove takes the position file away when the tour ends, if it is still
// this process's: a second tour may have started since.
func Remove(dir string) {
	path := filepath.Join(dir, FileName)
	if p, err := Read(path); err == nil && p.PID == os.Getpid() {
		os.Remove(path)
	}
}

// ErrNoTour is Find's error when no tour is running.
var ErrNoTour = errors.New("no tour is running")

// DeniedError is Find's when no tour was found, but a state directory
// could not be read: a tour run by another user (with sudo) may be there.
// It wraps ErrNoTour.
type DeniedError struct{ Dir string }

func (e *DeniedError) Error() string {
	return fmt.Sprintf("no tour found; %s may hold one, and may not be read by this user", e.Dir)
}

func (e *DeniedError) Unwrap() error { return ErrNoTour }

// FormatError is a position file of another format than this burk's.
type FormatError struct {
	Path string
	Got  int
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s is of format %d, this burk reads %d", e.Path, e.Got, Version)
}

// Read reads a position file.
func Read(path string) (Position, error) {
	var p Position
	data, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	if p.Version != Version {
		return p, &FormatError{Path: path, Got: p.Version}
	}
	return p, nil
}

// Find returns the position of the newest running tour in dirs. A file
// whose tour has died is no tour. A file this user may not read is said,
// with the fix: the tour's owner can read it.
func Find(dirs []string) (Position, string, error) {
	var best Position
	var where string
	var denied *DeniedError
	for _, dir := range dirs {
		path := filepath.Join(dir, FileName)
		p, err := Read(path)
		switch {
		case errors.Is(err, fs.ErrPermission):
			denied = &DeniedError{Dir: dir}
			continue
		case err != nil && errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return p, path, err
		}
		if !alive(p.PID) {
			continue
		}
		if where == "" || p.Since.After(best.Since) {
			best, where = p, path
		}
	}
	if where == "" {
		if denied != nil {
			return best, "", denied
		}
		return best, "", ErrNoTour
	}
	return best, where, nil
}
