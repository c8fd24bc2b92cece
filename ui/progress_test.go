package ui

import (
	"path/filepath"
	"slices"
	"testing"
)

// Bubble Tea does not wait for the commands still running when the tour
// ends: a save of an older progress may write after the one Run makes on
// the way out, and must not win.
func TestASaveInFlightDoesNotOverwriteTheLastOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "burk", "progress.json")
	s := &saver{}
	older := s.save(progress{Current: "pivot-root", Seen: []string{"process", "chroot"}}, path)
	final := progress{Current: "hardening", Seen: []string{"process", "chroot", "hardening"}}
	if err := s.last(final, path); err != nil {
		t.Fatal(err)
	}
	older() // run late, as a command's goroutine may be
	if got := loadProgress(path); got.Current != final.Current || !slices.Equal(got.Seen, final.Seen) {
		t.Errorf("the progress file holds %+v, want the last save's %+v", got, final)
	}
}
