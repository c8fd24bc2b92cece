package build

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Progress is what a learner has done in build your own, kept in a file
// beside the tour's progress: the stages that passed, and how many hints
// of each were shown.
type Progress struct {
	Passed map[string]time.Time `json:"passed"`
	Hints  map[string]int       `json:"hints"`
	path   string
}

// LoadProgress reads the progress at path; a missing file is none yet.
func LoadProgress(path string) (*Progress, error) {
	p := &Progress{Passed: map[string]time.Time{}, Hints: map[string]int{}, path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || path == "" {
		return p, nil
	} else if err != nil {
		return p, err
	}
	if err := json.Unmarshal(data, p); err != nil {
		return p, err
	}
	if p.Passed == nil {
		p.Passed = map[string]time.Time{}
	}
	if p.Hints == nil {
		p.Hints = map[string]int{}
	}
	return p, nil
}

// Save writes the progress, whole or not at all.
func (p *Progress) Save() error {
	if p.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return err
	}
	tmp := p.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p.path)
}

// Record notes the stages that passed in results.
func (p *Progress) Record(results []Result) {
	for _, r := range results {
		if r.Passed() {
			p.Passed[r.Stage.ID] = time.Now().UTC()
		}
	}
}
