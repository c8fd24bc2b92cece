package cli

// burk tour --record, and the last good run of each step that the live
// tour keeps for a speaker's fallback.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/record"
	"github.com/burk-tui/burk/rootfs"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// thisMachine is where a recording is taken: what a replay's mark says.
func thisMachine(host *sandbox.Host, rootfsDir string) record.Machine {
	m := record.Machine{
		OS:     osName(),
		Arch:   runtime.GOARCH,
		Cgroup: host.Cgroups().Mode.String(),
		Rootfs: rootfsKind(rootfsDir),
		User:   record.UserRoot,
		Taken:  time.Now(),
	}
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		m.Kernel = unix.ByteSliceToString(u.Release[:])
	}
	if sandbox.InLab() {
		m.User = record.UserRootless
	}
	return m
}

// osName is the distribution's name for itself (os-release(5)).
func osName() string {
	for _, path := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "PRETTY_NAME="); ok {
				return strings.Trim(v, `"'`)
			}
		}
	}
	return "Linux"
}

// rootfsKind is what the root filesystem was built from, in a word.
func rootfsKind(dir string) string {
	switch from := rootfs.BuiltFrom(dir); from {
	case "":
		return "own directory"
	case rootfs.FromHost, rootfs.FromBusybox:
		return string(from)
	default:
		return "tarball " + filepath.Base(string(from))
	}
}

// canWrite says, before the tour starts, whether a recording can be saved
// at path: a tour of ten minutes must not end in "no such directory".
func canWrite(path string) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return errors.New(tr(i18n.T("--record %s: there is no directory %s to save it in", path, dir)))
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return errors.New(tr(i18n.T("--record %s: that is a directory; name a file", path)))
	}
	return unix.Access(dir, unix.W_OK)
}

// saveRecording saves what the recorder kept to path and says so on w;
// err is the tour's own error, which a failed save does not hide.
func saveRecording(r *record.Recorder, path string, w io.Writer, err error) error {
	rec := r.Recording()
	if len(rec.Runs) == 0 {
		fmt.Fprintln(w, tr(i18n.T("burk: nothing was recorded: no step ran to its end")))
		return err
	}
	if serr := rec.Save(path); serr != nil {
		serr = fmt.Errorf("save the recording: %w", serr)
		if err != nil {
			return fmt.Errorf("%w; %v", err, serr)
		}
		return serr
	}
	fmt.Fprintln(w, tr(i18n.T("burk: recorded %d runs of the steps to %s (burk tour --replay %s shows them)", len(rec.Runs), path, path)))
	return err
}

// stateDir is burk's directory in the learner's state home: the tour's
// progress, and each step's last good run.
func stateDir() string {
	p := progressPath()
	if p == "" {
		return ""
	}
	return filepath.Dir(p)
}

// lastGoodRunner keeps each step's last good run in dir, for the
// presenter's fallback (tour --presenter, f).
type lastGoodRunner struct {
	runner record.Runner
	dir    string
}

func (r *lastGoodRunner) Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation {
	obs := r.runner.Run(ctx, step, variant)
	if r.dir != "" {
		// Best effort: a state directory that cannot be written costs the
		// fallback, never the tour.
		_ = record.SaveLastGood(r.dir, obs)
	}
	return obs
}
