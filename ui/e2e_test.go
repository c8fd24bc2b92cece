package ui

// The tour end to end, as a learner runs it: the real burk binary in a real
// terminal (tmux), real containers, keys typed and the screen read back.
// Privileged: it assumes root, Go to build the binary, and tmux.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

type tmux struct {
	t      *testing.T
	socket string
}

func (x tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", x.socket}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (x tmux) screen() string {
	out, _ := exec.Command("tmux", "-L", x.socket, "capture-pane", "-p", "-t", "tour").CombinedOutput()
	return string(out)
}

func (x tmux) keys(keys ...string) { x.run(append([]string{"send-keys", "-t", "tour"}, keys...)...) }

// waitFor polls the screen until it shows want, or fails after a deadline.
func (x tmux) waitFor(want string) string {
	x.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := x.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// buildBurk builds the real binary and a rootfs in a directory removed
// when the test ends.
func buildBurk(t *testing.T) (dir, bin, rootfsDir string) {
	t.Helper()
	testutil.RequireRoot(t)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("the end-to-end tests need tmux (apt-get install tmux)")
	}
	dir, err := os.MkdirTemp("", "burk-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	bin = filepath.Join(dir, "burk")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("build burk: %v\n%s", err, out)
	}
	rootfsDir = filepath.Join(dir, "rootfs")
	if out, err := exec.Command(bin, "rootfs", "--dir", rootfsDir).CombinedOutput(); err != nil {
		t.Fatalf("burk rootfs: %v\n%s", err, out)
	}
	return dir, bin, rootfsDir
}

func TestEndToEndInARealTerminal(t *testing.T) {
	dir, bin, rootfsDir := buildBurk(t)
	before := testutil.Snapshot(t)

	x := tmux{t: t, socket: fmt.Sprintf("burk-e2e-%d", os.Getpid())}
	defer exec.Command("tmux", "-L", x.socket, "kill-server").Run()
	cmd := fmt.Sprintf("XDG_STATE_HOME=%s LANG=C %s tour --rootfs %s; echo BURK-EXITED $?; sleep 60", dir, bin, rootfsDir)
	x.run("new-session", "-d", "-s", "tour", "-x", "160", "-y", "45", cmd)

	all := steps.All()
	for i, s := range all {
		if i > 0 {
			x.keys("Right")
		}
		x.waitFor(fmt.Sprintf("%d/%d  %s", i+1, len(all), s.Title.En))
		// The step's claims appear once it has run on the kernel.
		screen := x.waitFor(all[i].Claims[0].Text.En[:30])
		if strings.Contains(screen, "✗") {
			t.Errorf("step %s shows a claim that did not hold:\n%s", s.ID, screen)
		}
		if s.ID == "uts-ns" {
			x.keys("Tab", "Tab")
			x.waitFor("CONTAINER hostname")
			x.keys("s")
			x.waitFor("[burk uts-ns] #")
			x.keys("hostname", "Enter")
			x.waitFor("burk\n")
			x.keys("exit", "Enter")
			x.waitFor("6/12  UTS namespace")
			x.waitFor(s.Claims[0].Text.En[:30])
			x.keys("BTab", "BTab")
		}
	}
	x.keys("q")
	x.waitFor("BURK-EXITED 0")
	testutil.AssertClean(t, before)
}

// Ctrl-C, or the terminal closing, while a step runs — an impatient
// learner, the speaker's laptop lid, a dropped SSH session — must leave
// the host as clean as quitting does.
func TestInterruptingAStepLeavesTheHostClean(t *testing.T) {
	dir, bin, rootfsDir := buildBurk(t)
	for _, how := range []string{"ctrl-c", "close the terminal"} {
		t.Run(how, func(t *testing.T) {
			before := testutil.Snapshot(t)
			x := tmux{t: t, socket: fmt.Sprintf("burk-e2e-int-%d", os.Getpid())}
			defer exec.Command("tmux", "-L", x.socket, "kill-server").Run()
			// The cgroups step runs for about two seconds: interrupt it in
			// the middle, with its container and demonstrations running.
			x.run("new-session", "-d", "-s", "tour", "-x", "100", "-y", "30",
				fmt.Sprintf("XDG_STATE_HOME=%s LANG=C %s tour --step cgroups --rootfs %s", dir, bin, rootfsDir))
			x.waitFor("10/12")
			pid := strings.TrimSpace(x.run("display-message", "-p", "-t", "tour", "#{pane_pid}"))
			time.Sleep(500 * time.Millisecond)
			if how == "ctrl-c" {
				x.keys("C-c")
			} else {
				x.run("kill-server") // burk gets SIGHUP
			}
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if _, err := os.Stat("/proc/" + pid); err != nil {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if _, err := os.Stat("/proc/" + pid); err == nil {
				t.Fatalf("burk (pid %s) still runs after %s", pid, how)
			}
			testutil.AssertClean(t, before)
		})
	}
}
