package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
)

// progress is what the tour remembers between runs, per user.
type progress struct {
	Current string   `json:"current"`
	Seen    []string `json:"seen"`
	Failed  []string `json:"failed,omitempty"` // steps with a claim that did not hold
}

func loadProgress(path string) progress {
	var p progress
	if path == "" {
		return p
	}
	if data, err := os.ReadFile(path); err == nil {
		json.Unmarshal(data, &p)
	}
	return p
}

func (p *progress) see(id string, held bool) {
	if !slices.Contains(p.Seen, id) {
		p.Seen = append(p.Seen, id)
	}
	p.Failed = slices.DeleteFunc(p.Failed, func(s string) bool { return s == id })
	if !held {
		p.Failed = append(p.Failed, id)
	}
}

// save writes the progress atomically: a crash never leaves half a file.
func (p progress) save(path string) {
	if path == "" {
		return
	}
	data, err := json.Marshal(p)
	if err != nil || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, data, 0o644) == nil {
		os.Rename(tmp, path)
	}
}
