package ui

// The tour end to end, as a learner runs it: the real burk binary in a real
// terminal (tmux), real containers, keys typed and the screen read back.
// Privileged: it assumes root (CI runs it as root and must not skip it),
// Go to build the binary, and tmux. It kills only its own tmux server,
// found by its socket name.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// e2eDeadline bounds every wait for the screen: a deadline for a broken
// tour, not a measurement (the cgroups step alone runs for seconds).
const e2eDeadline = 30 * time.Second

// tmux drives one tmux server of the test's own, on its own socket.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, name string) tmux {
	x := tmux{t: t, socket: fmt.Sprintf("%s-%d", name, os.Getpid())}
	t.Cleanup(func() {
		exec.Command("tmux", "-L", x.socket, "kill-server").Run()
		// tmux leaves its socket file behind.
		dir := os.Getenv("TMUX_TMPDIR")
		if dir == "" {
			dir = "/tmp"
		}
		os.Remove(filepath.Join(dir, fmt.Sprintf("tmux-%d", os.Getuid()), x.socket))
	})
	return x
}

func (x tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", x.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// start runs a shell command in a detached session of the given size.
// With remain, the pane stays when the command exits, so the test can ask
// whether it did.
func (x tmux) start(w, h int, remain bool, command string) {
	x.t.Helper()
	onOff := "off"
	if remain {
		onOff = "on"
	}
	x.run("start-server", ";", "set-option", "-g", "remain-on-exit", onOff, ";",
		"new-session", "-d", "-s", "tour", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), command)
}

func (x tmux) screen() string {
	out, _ := exec.Command("tmux", "-L", x.socket, "capture-pane", "-p", "-t", "tour").CombinedOutput()
	return string(out)
}

func (x tmux) keys(keys ...string) { x.run(append([]string{"send-keys", "-t", "tour"}, keys...)...) }

// waitFor polls the screen until ok says yes, or fails after a deadline.
func (x tmux) waitFor(what string, ok func(screen string) bool) string {
	x.t.Helper()
	var s string
	if !testutil.Eventually(e2eDeadline, func() bool { s = x.screen(); return ok(s) }) {
		x.t.Fatalf("the screen never showed %s; it shows:\n%s", what, s)
	}
	return s
}

func (x tmux) waitForText(text string) string {
	x.t.Helper()
	return x.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

var exitLine = regexp.MustCompile(`burk exited with (\d+)`)

// paneExit waits for the pane's process to exit and returns burk's exit
// status, which tourCommand prints (tmux 3.3 does not always know it).
func (x tmux) paneExit() int {
	x.t.Helper()
	screen := x.waitFor("the pane's process exit", func(s string) bool {
		dead := strings.TrimSpace(x.run("display-message", "-p", "-t", "tour", "#{pane_dead}"))
		return dead == "1" && exitLine.MatchString(s)
	})
	code, _ := strconv.Atoi(exitLine.FindStringSubmatch(screen)[1])
	return code
}

var claimsHeld = regexp.MustCompile(`Claims  (\d+)/(\d+) held`)

// showsClaimsOf reports whether a screen shows the claims of step i, as
// they come once the step has run: its first claim, by as much of its text
// as no other step's claim begins with. Never by less: tmux may be read
// between the pieces a frame is written in, with the next step's number
// and title over the last step's claims, and cgroup-ns's first claim and
// time-ns's differ only from their 32nd character.
func showsClaimsOf(sc string, i int) bool {
	all := steps.All()
	s := all[i]
	first := s.Claims[0].Text.String()
	n := 20
	for _, other := range all {
		if other == s {
			continue
		}
		for _, c := range slices.Concat(other.Claims, other.ClaimsFor(steps.BreakIt)) {
			text := c.Text.String()
			for n < len(first) && strings.HasPrefix(text, first[:n]) {
				n++
			}
		}
	}
	return strings.Contains(sc, fmt.Sprintf("%d/%d", i+1, len(all))) && strings.Contains(sc, s.Title.String()) &&
		strings.Contains(sc, first[:n]) && claimsHeld.MatchString(sc)
}

// buildBurk builds the real binary and a root filesystem, in a directory
// removed when the test ends.
func buildBurk(t *testing.T) (dir, bin, rootfsDir string) {
	t.Helper()
	testutil.RequireRoot(t)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("the end-to-end tests need tmux (apt-get install tmux)")
	}
	// Not t.TempDir: its parent is private to root, and a container whose
	// root is mapped to another uid must be able to reach its rootfs.
	dir, err := os.MkdirTemp("", "burk-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
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

// tourCommand is burk's tour as a shell command, with a state directory of
// the test's own.
func tourCommand(dir, bin, rootfsDir string, args ...string) string {
	return fmt.Sprintf(`env XDG_STATE_HOME=%s LANG=C.UTF-8 %s tour --rootfs %s --lang en %s`,
		filepath.Join(dir, "state"), bin, rootfsDir, strings.Join(args, " "))
}

func TestEndToEndInARealTerminal(t *testing.T) {
	dir, bin, rootfsDir := buildBurk(t)
	before := testutil.Snapshot(t)

	x := newTmux(t, "burk-e2e")
	// The shell around burk prints its exit status, then ends the pane.
	x.start(160, 45, true, tourCommand(dir, bin, rootfsDir, "--step", "process")+`; echo "burk exited with $?"`)

	all := steps.All()
	for i, s := range all {
		if i > 0 {
			x.keys("Right")
		}
		// The step's claims appear once it has run on this kernel, and
		// every one of them holds.
		screen := x.waitFor(s.ID+"'s claims", func(sc string) bool { return showsClaimsOf(sc, i) })
		if m := claimsHeld.FindStringSubmatch(screen); m[1] != m[2] {
			t.Errorf("step %s: only %s of %s claims held on this kernel:\n%s", s.ID, m[1], m[2], screen)
		}
		if i == 0 {
			// A speaker closes the help with q: the tour goes on.
			x.keys("?")
			x.waitForText("esc, q or ? closes this help")
			x.keys("q")
			x.waitFor("the tour after q closed the help", func(sc string) bool {
				return claimsHeld.MatchString(sc) && !strings.Contains(sc, "closes this help")
			})
			if dead := strings.TrimSpace(x.run("display-message", "-p", "-t", "tour", "#{pane_dead}")); dead != "0" {
				t.Fatalf("q on the help screen quit the tour")
			}
		}
		if s.ID == "mount-ns" {
			walkBreakMountNS(t, x, rootfsDir)
		}
		if s.ID == "pid-ns" {
			walkHostChanges(t, x)
		}
		if s.ID == "uts-ns" {
			walkUTS(t, x)
		}
	}

	// → after the last step: what the class built.
	x.keys("Right")
	x.waitForText("The end: you built a container")
	x.keys("q")
	if code := x.paneExit(); code != 0 {
		t.Errorf("burk exited with %d:\n%s", code, x.screen())
	}
	// The terminal is as before burk, and one line says the progress is
	// kept: no transcript of the shells opened on the way.
	// (With its history: the last lines may have scrolled the first off.)
	screen := x.run("capture-pane", "-p", "-S", "-200", "-t", "tour")
	saved := fmt.Sprintf("burk: progress saved, at step %d of %d", len(all), len(all))
	if !strings.Contains(screen, saved) || strings.Contains(screen, "[burk uts-ns] #") {
		t.Errorf("after quitting the terminal should hold %q and no shell transcript:\n%s", saved, screen)
	}
	progress := loadProgress(filepath.Join(dir, "state", "burk", "progress.json"))
	if progress.Current != steps.Last().ID || len(progress.Seen) != len(all) {
		t.Errorf("the progress file says %+v, want every step seen and the last current", progress)
	}

	// Started again, the tour resumes where the learner was.
	again := newTmux(t, "burk-e2e-resume")
	again.start(160, 45, true, tourCommand(dir, bin, rootfsDir)+`; echo "burk exited with $?"`)
	again.waitForText(fmt.Sprintf("welcome back: step %d of %d", len(all), len(all)))
	again.waitFor("the last step's claims", func(sc string) bool {
		return strings.Contains(sc, steps.Last().Title.String()) && claimsHeld.MatchString(sc)
	})
	again.keys("q")
	if code := again.paneExit(); code != 0 {
		t.Errorf("the resumed burk exited with %d:\n%s", code, again.screen())
	}
	testutil.AssertClean(t, before)
	assertNoOrphanCgroups(t)
}

// walkUTS is the article's moment at uts-ns: the hostname tab, the
// syscall that set it, and a shell in the container that says it.
func walkUTS(t *testing.T, x tmux) {
	t.Helper()
	tabTo := func(label string) string {
		var screen string
		for range 8 {
			if screen = x.screen(); strings.Contains(screen, "["+label) {
				return screen
			}
			x.keys("Tab")
			time.Sleep(100 * time.Millisecond)
		}
		return x.waitForText("[" + label)
	}
	screen := tabTo("hostname")
	if !regexp.MustCompile(`CONTAINER  hostname\s+│`).MatchString(screen) || !regexp.MustCompile(`│ \+\S? +burk\s+│`).MatchString(screen) {
		t.Errorf("the hostname tab does not show the container's hostname burk, new since pid-ns:\n%s", screen)
	}
	screen = tabTo("syscalls")
	if !strings.Contains(screen, `sethostname("burk") = 0`) {
		t.Errorf("the syscalls tab does not show sethostname:\n%s", screen)
	}

	x.keys("s")
	x.waitForText("[burk uts-ns] #")
	x.keys("hostname", "Enter")
	x.waitFor("the shell's hostname, burk", func(s string) bool {
		return regexp.MustCompile(`(?m)^burk\s*$`).MatchString(s)
	})
	// The step's exercise, done in the shell, is checked in its container
	// when the shell ends.
	x.keys("echo "+steps.ExerciseHostname+" > /proc/sys/kernel/domainname", "Enter")
	x.keys("exit", "Enter")
	screen = x.waitForText("Your exercise at step 6 (uts-ns)")
	if !strings.Contains(screen, "✓ burk named the container burk") {
		t.Errorf("the exercise done in the shell is not ✓:\n%s", screen)
	}
	if h, _ := os.Hostname(); h == steps.ExerciseHostname {
		t.Errorf("the host was renamed %s at uts-ns", h)
	}
	x.keys("Space")
	// Back in the tour, which runs the step again.
	backInTheTour := func(s string) bool {
		return strings.Contains(s, "UTS namespace") && claimsHeld.MatchString(s) && !strings.Contains(s, "running…")
	}
	x.waitFor("the tour again", backInTheTour)

	// A second shell starts on a clear screen, not under the first one's
	// transcript, and its first line says where the learner is.
	x.keys("s")
	screen = x.waitFor("the second shell's banner and prompt at the top of a clear screen", func(s string) bool {
		lines := strings.Split(s, "\n")
		return strings.HasPrefix(lines[0], "burk: a shell in a container at step 6") && len(lines) > 1 &&
			strings.HasPrefix(lines[1], "[burk uts-ns] #") && strings.Count(s, "[burk uts-ns] #") == 1
	})
	if strings.Contains(screen, "hostname") {
		t.Errorf("the second shell opens under the first one's transcript:\n%s", screen)
	}
	// A shell that does nothing does not pass the exercise, and is not told
	// it failed: the exercise is not done yet.
	x.keys("exit", "Enter")
	screen = x.waitForText("Your exercise at step 6 (uts-ns)")
	if !strings.Contains(screen, "· burk named the container burk") || !strings.Contains(screen, "not done yet") || strings.Contains(screen, "✗") {
		t.Errorf("a shell that did nothing is not told the exercise is not done yet:\n%s", screen)
	}
	x.keys("Space")
	x.waitFor("the tour again", backInTheTour)
}

// walkBreakMountNS breaks mount-ns (/ left as the host has it) and reads
// what the panes say it did here against the host's own mount table: a
// leak where the mount holding the rootfs is shared, none where it is
// private.
func walkBreakMountNS(t *testing.T, x tmux, rootfsDir string) {
	t.Helper()
	info, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	shared, holder, proc := false, "", filepath.Join(rootfsDir, "proc")
	for _, l := range strings.Split(string(info), "\n") {
		f := strings.Fields(l)
		if len(f) <= 6 || len(f[4]) < len(holder) {
			continue
		}
		if f[4] == "/" || strings.HasPrefix(proc, f[4]+"/") {
			holder, shared = f[4], strings.Contains(strings.Join(f[6:], " "), "shared:")
		}
	}
	x.keys("b")
	screen := x.waitFor("the break variant's note", func(s string) bool {
		return strings.Contains(s, "On this machine:") && claimsHeld.MatchString(s) && !strings.Contains(s, "running…")
	})
	said := strings.Join(strings.Fields(screen), " ")
	want := "so nothing leaked"
	if shared {
		want = "so the container's proc mount leaked to the host"
	}
	if !strings.Contains(said, want) {
		t.Errorf("the mount holding the rootfs (%s) is shared: %v, and the break variant does not say %q:\n%s", holder, shared, want, screen)
	}
	x.keys("b")
	x.waitFor("the step itself again", func(s string) bool {
		return !strings.Contains(s, "On this machine:") && claimsHeld.MatchString(s) && !strings.Contains(s, "running…")
	})
}

// walkHostChanges is the lesson of a step that still shares the UTS
// namespace: a shell that renames the host renames the host, and burk
// says so when the shell returns, and names it back.
func walkHostChanges(t *testing.T, x tmux) {
	t.Helper()
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	x.keys("s")
	x.waitForText("[burk pid-ns] #")
	x.keys("hostname someone-else; hostname", "Enter")
	x.waitFor("the shell's hostname, someone-else", func(s string) bool {
		return regexp.MustCompile(`(?m)^someone-else\s*$`).MatchString(s)
	})
	x.keys("exit", "Enter")
	screen := x.waitForText("What your shell did to the host")
	want := fmt.Sprintf(`The container renamed your host to "someone-else"; burk renamed it back to %q.`, host)
	if !strings.Contains(strings.Join(strings.Fields(screen), " "), want) {
		t.Errorf("the screen after the shell does not say %q:\n%s", want, screen)
	}
	if now, _ := os.Hostname(); now != host {
		t.Fatalf("the host is named %q after the shell, was %q", now, host)
	}
	// Any key goes back to the step.
	x.keys("Space")
	x.waitFor("the tour again", func(s string) bool {
		return strings.Contains(s, "PID namespace") && claimsHeld.MatchString(s) &&
			!strings.Contains(s, "running…") && !strings.Contains(s, "What your shell did")
	})
}

// assertNoOrphanCgroups fails if a burk cgroup is left whose owner, the
// burk named in it (burk-<pid>-<start time>-<container>), is dead.
func assertNoOrphanCgroups(t *testing.T) {
	t.Helper()
	dirs, _ := filepath.Glob("/sys/fs/cgroup/*/burk-*")
	more, _ := filepath.Glob("/sys/fs/cgroup/burk-*")
	for _, d := range append(dirs, more...) {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		pid, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(d), "burk-"), "-")
		if _, err := strconv.Atoi(pid); !ok || err != nil {
			continue // not named as burk names its cgroups: not burk's
		}
		if _, err := os.Stat("/proc/" + pid); err != nil {
			t.Errorf("cgroup %s outlived its burk (pid %s)", d, pid)
		}
	}
}

// Ctrl-C, or the terminal closing, while a step runs — an impatient
// learner, the speaker's laptop lid, a dropped SSH session — must leave
// the host as clean as quitting does.
func TestInterruptingAStepLeavesTheHostClean(t *testing.T) {
	dir, bin, rootfsDir := buildBurk(t)
	for _, how := range []string{"ctrl-c", "close the terminal"} {
		t.Run(how, func(t *testing.T) {
			before := testutil.Snapshot(t)
			x := newTmux(t, "burk-e2e-int")
			// The cgroups step runs for about half a second: interrupt it
			// once its container's cgroup is there, with its
			// demonstrations running.
			// exec, and env execs burk: the pane's process is burk itself.
			x.start(100, 30, false, "exec "+tourCommand(dir, bin, rootfsDir, "--step", "cgroups"))
			x.waitForText("running")
			pid := strings.TrimSpace(x.run("display-message", "-p", "-t", "tour", "#{pane_pid}"))
			waitForCgroup(t, pid)
			if how == "ctrl-c" {
				x.keys("C-c")
			} else {
				x.run("kill-server") // burk gets SIGHUP
			}
			n, _ := strconv.Atoi(pid)
			waitGone(t, n, how)
			testutil.AssertClean(t, before)
			assertNoOrphanCgroups(t)
		})
	}
}

// A burk killed with SIGKILL, and its guard with it, cannot clean up; the
// next start does, and the tour says what it removed on its first screen — on stderr it would
// be hidden behind the tour's screen.
func TestTheTourSaysWhatAKilledRunLeft(t *testing.T) {
	dir, bin, rootfsDir := buildBurk(t)
	before := testutil.Snapshot(t)
	x := newTmux(t, "burk-e2e-kill")
	// The cgroups step runs for about half a second: its cgroup is there
	// while it runs.
	x.start(100, 30, false, "exec "+tourCommand(dir, bin, rootfsDir, "--step", "cgroups"))
	x.waitForText("running")
	pid := x.panePID()
	waitForCgroup(t, strconv.Itoa(pid))
	// Its guard first, which would otherwise clean up at once: the next
	// start is the second line, for when the guard was killed too.
	syscall.Kill(testutil.GuardOf(t, pid), syscall.SIGKILL)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid, "SIGKILL")
	if len(testutil.ContainerCgroups(pid)) == 0 {
		t.Fatalf("the killed burk (pid %d) should have left its cgroup", pid)
	}

	again := newTmux(t, "burk-e2e-kill-next")
	again.start(100, 30, false, "exec "+tourCommand(dir, bin, rootfsDir, "--step", "process"))
	next := again.panePID()
	screen := again.waitForText("burk cleaned up after a run that was killed:")
	if !strings.Contains(screen, fmt.Sprintf("cgroup /sys/fs/cgroup/burk-%d-", pid)) &&
		!regexp.MustCompile(fmt.Sprintf(`cgroup /sys/fs/cgroup/\S+/burk-%d-`, pid)).MatchString(screen) {
		t.Errorf("the first screen does not name the killed run's cgroup:\n%s", screen)
	}
	again.keys("q")
	waitGone(t, next, "q")
	testutil.AssertClean(t, before)
	assertNoOrphanCgroups(t)
}

// waitGone waits for a process to exit.
func waitGone(t *testing.T, pid int, after string) {
	t.Helper()
	if !testutil.Eventually(e2eDeadline, func() bool {
		_, err := os.Stat(fmt.Sprintf("/proc/%d", pid))
		return err != nil
	}) {
		t.Fatalf("burk (pid %d) still runs after %s", pid, after)
	}
}

// waitForCgroup waits until the burk with this pid has a container's
// cgroup, in any hierarchy: its step is running.
func waitForCgroup(t *testing.T, pid string) {
	t.Helper()
	n, _ := strconv.Atoi(pid)
	if !testutil.Eventually(e2eDeadline, func() bool { return len(testutil.ContainerCgroups(n)) > 0 }) {
		t.Fatalf("burk (pid %s) made no cgroup in %v", pid, e2eDeadline)
	}
}

// panePID is the pid of the process in the tour's pane.
func (x tmux) panePID() int {
	x.t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(x.run("display-message", "-p", "-t", "tour", "#{pane_pid}")))
	if err != nil {
		x.t.Fatal(err)
	}
	return pid
}
