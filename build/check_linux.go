package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// stageTimeout bounds one stage's check, whatever the runtime does.
const stageTimeout = 60 * time.Second

// Checker checks a learner's runtime, stage by stage.
type Checker struct {
	Host *sandbox.Host
	// Binary is the runtime, a Linux executable.
	Binary string
	// Rootfs is a root filesystem to copy for the runtime to run in.
	Rootfs string
	// UntilFailure stops at the first stage that does not pass: the
	// stages after it build on it.
	UntilFailure bool
	// Recovered lists what Check removed that a killed burk's check left.
	Recovered []string
	// ReadyTimeout is how long the runtime may take to start the
	// command; 10 s when zero.
	ReadyTimeout time.Duration
}

// Check checks each stage in turn, on one lab. The error is for a lab
// that could not be made; a stage that fails says why in its Result.
func (c *Checker) Check(ctx context.Context, list []*Stage) ([]Result, error) {
	if info, err := cgroup.Detect(); err == nil {
		c.Recovered = recoverLabs(info)
	}
	l, err := newLab(c.Rootfs)
	if err != nil {
		return nil, err
	}
	defer l.close()
	var out []Result
	for _, st := range list {
		r := c.stage(ctx, l, st)
		out = append(out, r)
		// A stage that needs root says nothing of the runtime: the next
		// may still be checked here.
		if ctx.Err() != nil || c.UntilFailure && !r.Passed() && !r.NeedsRoot {
			break
		}
	}
	return out, nil
}

func (c *Checker) stage(ctx context.Context, l *lab, st *Stage) Result {
	if why, ok := l.rootOnly.needsRoot(st, l.rootfs); ok {
		return Result{Stage: st, NeedsRoot: true, RootReason: why}
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, stageTimeout)
	defer cancel()
	h := &learnerHost{Host: c.Host, bin: c.Binary, lab: l, stage: st, ready: c.ReadyTimeout}
	if h.ready == 0 {
		h.ready = readyTimeout
	}
	engine := &steps.Engine{Rootfs: l.rootfs, Host: h}
	obs := engine.Run(ctx, st.Step, steps.Itself)
	res := Result{Stage: st, Err: obs.Err, Hint: obs.Hint}
	var own *msgError
	if errors.As(obs.Err, &own) {
		res.Hint = i18n.Msg{} // it says what to do itself; burk doctor would not help
	}
	if obs.Err == nil {
		res.Claims = st.claims(obs.Claims)
	}
	if r := h.run; r != nil {
		r.stop() // when the engine never had a container to close
		if obs.Err == nil {
			res.Claims = append(res.Claims, r.checks...)
		}
		res.Left, res.Output = r.left, r.out.String()
	}
	res.Seconds = time.Since(start).Seconds()
	return res
}

// binaryPath is where a runtime to check is kept: a temporary directory
// of its own, which clean removes.
func binaryPath() (binary string, clean func(), err error) {
	tmp, err := os.MkdirTemp("", "burk-build-bin-")
	if err != nil {
		return "", nil, err
	}
	// The runtime runs as root, but a user namespace's root must reach it
	// to re-execute it: /proc/self/exe is opened again by the child.
	os.Chmod(tmp, 0o755)
	return filepath.Join(tmp, "runtime"), func() { os.RemoveAll(tmp) }, nil
}

// BuildModule builds the learner's Go module in dir, as
// `CGO_ENABLED=0 go build`, into a temporary file; clean removes it.
func BuildModule(ctx context.Context, dir string) (binary string, clean func(), err error) {
	binary, clean, err = binaryPath()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		clean()
		return "", nil, msgErr(i18n.T("go build in %s failed:\n%s", dir, strings.TrimSpace(string(out))))
	}
	return binary, clean, nil
}

// Describe is a one-line account of a stage, for --stage.
func (s *Stage) Describe() i18n.Msg {
	var ids []string
	for _, n := range s.Needs() {
		ids = append(ids, n.ID)
	}
	switch len(ids) {
	case 0:
		return i18n.T("stage %d %s: the first; it needs no other", s.N, s.ID)
	case 1:
		return i18n.T("stage %d %s builds on stage 1: %s", s.N, s.ID, ids[0])
	}
	return i18n.T("stage %d %s builds on stages 1–%d: %s", s.N, s.ID, s.N-1, strings.Join(ids, ", "))
}

// binaryMax is the most bytes of a runtime read from standard input: a
// static Go runtime is a few MiB.
const binaryMax = 32 << 20

// ReadBinary keeps the runtime r gives (--binary -, as a served session
// passes an upload) in a temporary file, which clean removes. It must be
// a Linux executable: a runtime built on a Mac without GOOS=linux is not.
func ReadBinary(r io.Reader) (binary string, clean func(), err error) {
	binary, clean, err = binaryPath()
	if err != nil {
		return "", nil, err
	}
	f, err := os.OpenFile(binary, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		clean()
		return "", nil, err
	}
	n, err := io.Copy(f, io.LimitReader(r, binaryMax+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	head := make([]byte, 4)
	if g, gerr := os.Open(binary); gerr == nil {
		io.ReadFull(g, head)
		g.Close()
	}
	switch {
	case err != nil:
		clean()
		return "", nil, fmt.Errorf("read the runtime from standard input: %w", err)
	case n > binaryMax:
		clean()
		return "", nil, msgErr(i18n.T("the runtime on standard input is larger than %d MiB: a runtime built with CGO_ENABLED=0 is a few MiB", binaryMax>>20))
	case n == 0:
		clean()
		return "", nil, msgErr(i18n.T("no runtime on standard input: burk build check --binary - < FILE"))
	case string(head) != "\x7fELF":
		clean()
		return "", nil, msgErr(i18n.T("the runtime on standard input is not a Linux executable (it has no ELF header): build it with GOOS=linux go build"))
	}
	return binary, clean, nil
}
