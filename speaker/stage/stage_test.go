package stage

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFindReadsTheNewestRunningTour(t *testing.T) {
	old, cur, none := t.TempDir(), t.TempDir(), t.TempDir()
	now := time.Now()
	if err := Write(old, Position{Version: Version, PID: os.Getpid(), Step: "chroot", Since: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := Write(cur, Position{Version: Version, PID: os.Getpid(), Step: "pid-ns", Since: now}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(cur, FileName))
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("the position file is %v, %v: want 0644, for notes run as another user", fi.Mode(), err)
	}
	p, where, err := Find([]string{none, old, cur})
	if err != nil || p.Step != "pid-ns" || where != filepath.Join(cur, FileName) {
		t.Errorf("Find = %+v, %q, %v: want pid-ns in %s", p, where, err, cur)
	}
}

// A tour killed before it could remove its file is no tour.
func TestFindIgnoresADeadTour(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Write(dir, Position{Version: Version, PID: cmd.Process.Pid, Step: "proc"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Find([]string{dir}); !errors.Is(err, ErrNoTour) {
		t.Errorf("Find with a dead tour's file = %v, want ErrNoTour", err)
	}
}

func TestAFileOfAnotherFormatSaysSo(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte(`{"version":99,"pid":1}`), 0o644)
	if _, _, err := Find([]string{dir}); err == nil || !strings.Contains(err.Error(), "format 99") {
		t.Errorf("Find = %v, want an error naming format 99", err)
	}
	os.WriteFile(filepath.Join(dir, FileName), []byte(`{"version":`), 0o644)
	if _, _, err := Find([]string{dir}); err == nil || !strings.Contains(err.Error(), FileName) {
		t.Errorf("Find on half a file = %v, want an error naming the file", err)
	}
}

func TestRemoveLeavesAnotherToursFile(t *testing.T) {
	dir := t.TempDir()
	Write(dir, Position{Version: Version, PID: 1, Step: "proc"})
	Remove(dir)
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Errorf("Remove took another tour's file: %v", err)
	}
	Write(dir, Position{Version: Version, PID: os.Getpid(), Step: "proc"})
	Remove(dir)
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Errorf("Remove left this tour's file: %v", err)
	}
}
