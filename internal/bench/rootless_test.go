package bench_test

// The rootless lab against root, side by side: the same step observed by
// an ordinary user's burk in its lab and by root's. The lab's observer is
// this test binary again, run as a user the benchmark makes, entering the
// lab as burk does (machine.EnterLab) and observing one step each time it
// is asked on its stdin: it starts once, as a tour does, so each round
// measures an observation, not a start. Assumes root, to make the user.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// labObserverEnv, set, makes the test binary the lab's observer of steps
// on the rootfs it names.
const labObserverEnv = "BURK_BENCH_LAB_ROOTFS"

// labObserver is the test binary as the ordinary user's burk: it makes
// its lab, then observes the step named on each line of its stdin and
// answers "ok", or what went wrong, on a line of its stdout.
func labObserver() int {
	if !sandbox.InLab() {
		code, err := machine.EnterLab()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		return code
	}
	if err := machine.LabCapabilities(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	host, err := housekeeping.New("")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer host.Close()
	engine := &steps.Engine{Rootfs: os.Getenv(labObserverEnv), Host: host.Host}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		i := steps.Index(in.Text())
		if i < 0 {
			fmt.Println("no step", in.Text())
			continue
		}
		fmt.Println(observed(engine.Run(context.Background(), steps.All()[i], "")))
	}
	return 0
}

// observed is "ok" for an observation whose claims held or were skipped,
// else what failed.
func observed(obs *steps.Observation) string {
	if obs.Err != nil {
		return "error: " + obs.Err.Error()
	}
	for _, c := range obs.Claims {
		if c.Failed() {
			return fmt.Sprintf("claim %q failed: %s", c.Text, c.Seen)
		}
	}
	return "ok"
}

// BenchmarkObserveWithoutRoot: each step observed in the rootless lab
// against the same step observed as root. Target: the lab at most 1.2×.
// The cgroups step is left out: where the lab has no delegated cgroup it
// skips the demonstrations that take root's observation most of its time.
func BenchmarkObserveWithoutRoot(b *testing.B) {
	setup(b)
	name := fmt.Sprintf("burkb%d", os.Getpid())
	if out, err := exec.Command("useradd", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", name).CombinedOutput(); err != nil {
		b.Fatalf("useradd: %v %s", err, out)
	}
	b.Cleanup(func() { exec.Command("userdel", name).Run() })
	// The test binary, where the user may run it.
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(workDir, "bench.test")
	if out, err := exec.Command("cp", self, bin).CombinedOutput(); err != nil {
		b.Fatalf("cp: %v %s", err, out)
	}
	os.Chmod(bin, 0o755)
	cmd := exec.Command("setpriv", "--reuid="+name, "--regid="+name, "--init-groups",
		"env", "HOME=/nonexistent", "TMPDIR=/tmp", labObserverEnv+"="+rootfsDir, bin, "-test.run=^$")
	cmd.Dir = "/"
	var stderr strings.Builder
	cmd.Stderr = &stderr
	toLab, _ := cmd.StdinPipe()
	fromLab, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	answers := bufio.NewReader(fromLab)
	b.Cleanup(func() {
		toLab.Close()
		io.Copy(io.Discard, fromLab)
		if err := cmd.Wait(); err != nil {
			b.Errorf("the lab's observer: %v\n%s", err, stderr.String())
		}
	})
	engine := &steps.Engine{Rootfs: rootfsDir, Host: testutil.Host(b)}
	for _, s := range steps.All() {
		if s.ID == "cgroups" {
			continue
		}
		b.Run(s.ID, func(b *testing.B) {
			rounds(b,
				contender{"rootless-ms", func(b *testing.B) {
					fmt.Fprintln(toLab, s.ID)
					answer, err := answers.ReadString('\n')
					if strings.TrimSpace(answer) != "ok" {
						b.Fatalf("observe %s in the lab: %q %v\n%s", s.ID, answer, err, stderr.String())
					}
				}},
				contender{"root-ms", func(b *testing.B) {
					if answer := observed(engine.Run(context.Background(), s, "")); answer != "ok" {
						b.Fatalf("observe %s as root: %s", s.ID, answer)
					}
				}},
			)
		})
	}
}
