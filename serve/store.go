package serve

// Each learner's directory on the server: Dir/learners/<name>/, the
// server's own (mode 0700), never the machine's. It holds the owner (the
// key the name was first used with) and the learner's state, which the
// server copies into each new machine (Config.Seed) and back out of the
// running one (Machine.ReadState), at most stateMax bytes a file.

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// stateFiles are the tour's files the server keeps for a learner, below
// the tour's state directory.
var stateFiles = []string{"burk/progress.json", "burk/on-stage.json"}

// stateMax is the most bytes the server keeps of one state file.
const stateMax = 64 << 10

func (s *Server) learnerDir(name string) string { return filepath.Join(s.cfg.Dir, "learners", name) }

// errNameTaken is returned when a name is another key's.
var errNameTaken = errors.New("name taken")

// claim makes name's directory and checks that it is the caller's: a
// name first used with a key is that key's from then on; one first used
// with the class code is anyone's with the code (docs/serve.md says so).
func (s *Server) claim(name, key string) error {
	dir := s.learnerDir(name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	owner := filepath.Join(dir, "owner")
	data, err := os.ReadFile(owner)
	if errors.Is(err, fs.ErrNotExist) {
		if key == "" {
			key = "class code"
		}
		return os.WriteFile(owner, []byte(key+"\n"), 0o600)
	}
	if err != nil {
		return err
	}
	have := strings.TrimSpace(string(data))
	if have == "class code" && key == "" || have == key {
		return nil
	}
	return errNameTaken
}

// loadSeed reads the learner's kept state.
func (s *Server) loadSeed(name string) map[string][]byte {
	seed := map[string][]byte{}
	for _, f := range stateFiles {
		if data, err := os.ReadFile(filepath.Join(s.learnerDir(name), "state", f)); err == nil && len(data) <= stateMax {
			seed[f] = data
		}
	}
	return seed
}

// saveState keeps what the learner's machine holds now.
func (s *Server) saveState(name string, read func(rel string, max int64) ([]byte, error)) {
	for _, f := range stateFiles {
		data, err := read(f, stateMax)
		if err != nil || len(data) == 0 {
			continue
		}
		p := filepath.Join(s.learnerDir(name), "state", f)
		os.MkdirAll(filepath.Dir(p), 0o700)
		tmp := p + ".new"
		if os.WriteFile(tmp, data, 0o600) == nil {
			os.Rename(tmp, p)
		}
	}
}
