package main

// End-to-end tests of the burk binary as a user runs it. They assume root
// (they start real containers), Go to build the binary, and a static busybox
// for the second root filesystem; under CI they must not skip.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/housekeeping"
	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

var burkBin, hostRootfs string

func TestMain(m *testing.M) {
	if os.Getenv("BURK_TEST_LOCK_PARENT") != "" {
		lockParent()
	}
	dir, err := os.MkdirTemp("", "burk-main-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Chmod(dir, 0o755)
	burkBin = filepath.Join(dir, "burk")
	hostRootfs = filepath.Join(dir, "rootfs")
	out, err := exec.Command("go", "build", "-o", burkBin, ".").CombinedOutput()
	code := 1
	if err != nil {
		fmt.Fprintf(os.Stderr, "build burk: %v\n%s", err, out)
	} else {
		code = testutil.RunPrivileged(m)
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// lockParent plays the tour for TestTheTourShellEndsWithTheTour: it holds
// burk's lock and starts a burk run under it, as the tour's s does, says
// that child's pid, and waits to be killed.
func lockParent() {
	host, err := housekeeping.New("")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	release, err := host.Lock()
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	defer release()
	args := []string{os.Getenv("BURK_TEST_BIN"), "run", "--step", "proc", "--rootfs", os.Getenv("BURK_TEST_ROOTFS"), "--", "sleep", "1000"}
	// A wrapper the burk run runs under (enosys: a kernel without a syscall).
	args = append(strings.Fields(os.Getenv("BURK_TEST_WRAP")), args...)
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("child", cmd.Process.Pid)
	select {}
}

// The tour's shell is a burk run that shares the tour's lock. When the
// tour is SIGKILLed it must not live on with its container: the next
// start's recovery would take it for a live burk and leave it, and its
// proc mount would be counted by the next tour.
func TestTheTourShellEndsWithTheTour(t *testing.T) { tourShellEndsWithTheTour(t, "") }

// tourShellEndsWithTheTour is the test above, with the tour's shell run
// under wrap, a command that runs its arguments.
func tourShellEndsWithTheTour(t *testing.T, wrap string) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = append(os.Environ(), "BURK_TEST_LOCK_PARENT=1", "BURK_TEST_BIN="+burkBin, "BURK_TEST_ROOTFS="+dir,
		fmt.Sprintf("BURK_LOCK_NAME=burk-test-parent-%d", os.Getpid()), "BURK_TEST_WRAP="+wrap)
	out, _ := parent.StdoutPipe()
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var child int
	if _, err := fmt.Fscanf(bufio.NewReader(out), "child %d\n", &child); err != nil || child <= 0 {
		parent.Process.Kill()
		parent.Wait()
		t.Fatalf("the parent did not start its burk run: %v", err)
	}
	defer func() {
		// Whatever happened, leave nothing: end the parent, which holds
		// what the test was started with (a lock of the machine's, say),
		// and the child by its pid, and let recovery take what it left.
		parent.Process.Kill()
		parent.Wait()
		syscall.Kill(child, syscall.SIGKILL)
		exec.Command(burkBin, "cleanup").Run()
	}()
	// Wait for its container: a cgroup named after the child.
	if !testutil.Eventually(10*time.Second, func() bool { return len(testutil.ContainerCgroups(child)) > 0 }) {
		t.Fatal("the burk run under the parent started no container")
	}
	alive := func() bool {
		st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", child))
		return err == nil && !strings.Contains(string(st), ") Z ")
	}
	// While the tour lives, so does its shell.
	time.Sleep(300 * time.Millisecond)
	if !alive() {
		t.Fatalf("burk run %d ended while the burk whose lock it shares lives", child)
	}
	parent.Process.Kill()
	parent.Wait()
	if !testutil.Eventually(10*time.Second, func() bool { return !alive() }) {
		t.Fatalf("burk run %d outlived the burk whose lock it shared", child)
	}
	time.Sleep(100 * time.Millisecond) // for PID 1 to reap it
	testutil.AssertClean(t, before)
}

// burk runs the binary and returns its stdout, stderr and exit status.
func burk(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return burkEnv(t, stdin, nil, args...)
}

// burkEnv is burk with more environment, which wins over burk's own. A container that outlived burk
// would hold the output pipes open: Wait does not wait for it long.
func burkEnv(t *testing.T, stdin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(burkBin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Env = append(append(os.Environ(), "LANG=C"), env...)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("burk %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

// rootfsDir builds the host rootfs once for the package's tests.
func rootfsDir(t *testing.T) string {
	t.Helper()
	testutil.RequireRoot(t)
	if _, err := os.Stat(filepath.Join(hostRootfs, "bin")); err != nil {
		if _, stderr, code := burk(t, "", "rootfs", "--dir", hostRootfs); code != 0 {
			t.Fatalf("burk rootfs: %s", stderr)
		}
	}
	return hostRootfs
}

func TestRunPassesStdioAndExitStatus(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	out, stderr, code := burk(t, "hello\n", "run", "--rootfs", dir, "--", "sh", "-c", "read x; echo got $x; hostname; exit 7")
	if code != 7 || out != "got hello\nburk\n" {
		t.Errorf("burk run = %d, %q (stderr %q); want 7, \"got hello\\nburk\\n\"", code, out, stderr)
	}
	testutil.AssertClean(t, before)
}

// A command that cannot start is named, with a shell's exit status.
func TestRunOfACommandThatCannotStart(t *testing.T) {
	dir := rootfsDir(t)
	for _, tc := range []struct {
		cmd  string
		code int
	}{{"/nonexistent", 127}, {"no-such-command", 127}, {"/etc/passwd", 126}} {
		_, stderr, code := burk(t, "", "run", "--rootfs", dir, "--", tc.cmd)
		if code != tc.code || !strings.Contains(stderr, tc.cmd) {
			t.Errorf("burk run -- %s = %d, %q; want %d and the command named", tc.cmd, code, stderr, tc.code)
		}
	}
}

// An interactive shell, on a terminal, leaves as it came at every step: a
// shell with job control gives the terminal back to the process group that
// had it when it started, which must be one it can see from inside its PID
// namespace.
func TestInteractiveShellExitsCleanlyAtEveryStep(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	for _, s := range steps.All() {
		master, slave := testutil.OpenPTY(t)
		cmd := exec.Command(burkBin, "run", "--step", s.ID, "--rootfs", dir, "--", "/bin/sh")
		cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
		cmd.Env = []string{"TERM=dumb", "LANG=C"}
		// A session of its own with the terminal as its controlling one,
		// as in a terminal window.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		slave.Close()
		master.Write([]byte("echo in-$((6*7))\nexit 3\n"))
		var out bytes.Buffer
		done := make(chan struct{})
		go func() { out.ReadFrom(master); close(done) }() // ends with EIO when all close the slave
		timer := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
		err := cmd.Wait()
		timer.Stop()
		<-done
		code := cmd.ProcessState.ExitCode()
		if code != 3 || !strings.Contains(out.String(), "in-42") || strings.Contains(out.String(), "Cannot") {
			t.Errorf("step %s: the shell exited %d (%v), want 3; on the terminal:\n%s", s.ID, code, err, out.String())
		}
	}
	testutil.AssertClean(t, before)
}

func TestRunAtEveryStep(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	for _, s := range steps.All() {
		out, stderr, code := burk(t, "", "run", "--step", s.ID, "--rootfs", dir, "--", "echo", "ok")
		if code != 0 || out != "ok\n" {
			t.Errorf("burk run --step %s = %d, %q, %q", s.ID, code, out, stderr)
		}
	}
	testutil.AssertClean(t, before)
}

// --step takes the number burk steps prints as well as the id: step 6 is
// uts-ns, whose container has a hostname of its own.
func TestRunTakesAStepNumber(t *testing.T) {
	dir := rootfsDir(t)
	list, _, _ := burk(t, "", "steps", "--lang", "en")
	six := strings.Fields(strings.Split(list, "\n")[5])
	if six[0] != "6" || six[1] != "uts-ns" {
		t.Fatalf("burk steps' sixth line is %q, want step 6, uts-ns", six)
	}
	out, stderr, code := burk(t, "", "run", "--step", "6", "--rootfs", dir, "--", "hostname")
	if code != 0 || strings.TrimSpace(out) != steps.ContainerHostname {
		t.Errorf("burk run --step 6 -- hostname = %q (%d, %s), want %s", out, code, stderr, steps.ContainerHostname)
	}
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	dir := rootfsDir(t)
	empty := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown step", []string{"run", "--step", "nope", "--", "true"}, "the steps are process, chroot"},
		{"unknown step in tour", []string{"tour", "--plain", "--step", "nope"}, "the steps are"},
		{"a step number past the end", []string{"run", "--step", "99", "--", "true"}, "the steps are 1 to"},
		{"rootfs is /", []string{"run", "--rootfs", "/", "--", "true"}, "/"},
		{"missing rootfs", []string{"run", "--rootfs", "/nonexistent/burk", "--", "true"}, "/nonexistent/burk"},
		{"empty rootfs", []string{"run", "--rootfs", empty, "--", "true"}, empty},
		{"unknown language", []string{"tour", "--plain", "--lang", "fi", "--rootfs", dir}, "en, sv"},
		{"no command", []string{"run", "--rootfs", dir}, "needs a command to run, after --"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := testutil.Snapshot(t)
			_, stderr, code := burk(t, "", tc.args...)
			if code == 0 || !strings.Contains(stderr, tc.want) {
				t.Errorf("burk %v = %d, stderr %q; want an error mentioning %q", tc.args, code, stderr, tc.want)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// An ordinary user, made for the test: burk runs in a rootless lab, passes
// stdin, stdout and the exit status through, and leaves the host as it was.
// (TestUserNamespacesOffIsExplained covers a machine that forbids the lab.)
func TestRunWithoutRoot(t *testing.T) {
	dir := rootfsDir(t)
	name := fmt.Sprintf("burkt%d", os.Getpid())
	if out, err := exec.Command("useradd", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("userdel", name).Run() })
	// The binary and the rootfs must be reachable by that user: TestMain
	// made their directory 0755.
	bin := filepath.Join(dir, "..", "burk-rootless")
	if out, err := exec.Command("cp", burkBin, bin).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	os.Chmod(bin, 0o755)
	t.Cleanup(func() { os.Remove(bin) })
	before := testutil.Snapshot(t)
	for _, step := range []string{"process", "proc", "user-ns", "hardening"} {
		cmd := exec.Command("setpriv", "--reuid="+name, "--regid="+name, "--init-groups",
			"env", "HOME=/nonexistent", "TMPDIR=/tmp", bin, "run", "--step", step, "--rootfs", dir, "--", "sh", "-c", "cat; exit 7")
		cmd.Dir = "/"
		cmd.Stdin = strings.NewReader("hello from outside\n")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != 7 || stdout.String() != "hello from outside\n" || !strings.Contains(stderr.String(), "rootless lab") {
			t.Errorf("burk run --step %s as %s = exit %d, stdout %q, stderr %q; want exit 7, the input echoed, the lab noticed",
				step, name, code, stdout.String(), stderr.String())
		}
	}
	testutil.AssertClean(t, before)
}

// The plain tour as an ordinary user runs in the rootless lab. What the
// kernel refuses there (a proc mount of the lab's own, more than one id,
// a cgroup subtree) is skipped with the reason, never ✗ and never ✓:
// every claim holds or says why this machine cannot show it. Assumes root,
// to make the user; the user is removed afterwards.
func TestTourWithoutRoot(t *testing.T) {
	dir := rootfsDir(t)
	name := fmt.Sprintf("burkl%d", os.Getpid())
	if out, err := exec.Command("useradd", "-m", "-s", "/bin/sh", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("userdel", "-r", name).Run() })
	// A subordinate range, as useradd gives one: newuidmap (package
	// uidmap, which scripts/test installs) maps it into the lab, and the
	// user-ns step's root is an unprivileged id again, the range's first
	// (wherever it starts: on a lived-in machine others hold 100000).
	if _, err := exec.LookPath("newuidmap"); err != nil {
		t.Fatalf("the rootless tour's id range needs newuidmap (apt-get install uidmap): %v", err)
	}
	first, _ := subordinateRange(t, name)
	t.Logf("%s's subordinate range starts at %d", name, first)
	unprivileged := "- ✓ On the host the same process is the first uid mapped, an unprivileged user."
	fromRange := fmt.Sprintf("root inside maps to uid %d, the first of your subordinate range in /etc/subuid", first)
	bin := filepath.Join(dir, "..", "burk-rootless-tour")
	if out, err := exec.Command("cp", burkBin, bin).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	os.Chmod(bin, 0o755)
	t.Cleanup(func() { os.Remove(bin) })
	before := testutil.Snapshot(t)
	cmd := exec.Command("setpriv", "--reuid="+name, "--regid="+name, "--init-groups",
		"env", "HOME=/home/"+name, "TMPDIR=/tmp", fmt.Sprintf("BURK_LOCK_NAME=burk-test-tour-%d", os.Getpid()),
		bin, "tour", "--plain", "--rootfs", dir)
	cmd.Dir = "/"
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := stdout.String()
	if err != nil || !strings.Contains(stderr.String(), "rootless lab") {
		t.Errorf("burk tour --plain as %s: %v, stderr %q; want exit 0 and the lab noticed", name, err, stderr.String())
	}
	// Each step's claims: held, skipped (with the reason on the next
	// line) or failed.
	type tally struct{ held, skipped, failed int }
	var order []string
	steps := map[string]*tally{}
	var cur *tally
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "# "):
			order = append(order, l[2:])
			cur = &tally{}
			steps[l[2:]] = cur
		case strings.HasPrefix(l, "**This step could not run"):
			t.Errorf("a step could not run: %s", l)
		case cur == nil:
		case strings.HasPrefix(l, "- ✓ "):
			cur.held++
		case strings.HasPrefix(l, "- ○ "):
			cur.skipped++
			if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "  - skipped: ") || len(lines[i+1]) <= len("  - skipped: ") {
				t.Errorf("a skipped claim without its reason: %q", l)
			} else {
				t.Logf("%s\n%s", l, lines[i+1])
			}
		case strings.HasPrefix(l, "- ✗ "):
			cur.failed++
			seen := ""
			if i+1 < len(lines) {
				seen = lines[i+1]
			}
			t.Errorf("a claim failed without root: %s\n%s", l, seen)
		}
	}
	if len(order) == 0 {
		t.Fatalf("no steps in the tour's output:\n%s\nstderr:\n%s", out, stderr.String())
	}
	// With the range, root in the user-ns step's container is the
	// range's first uid on the host: held, not skipped, and the recap
	// says which range it came from.
	if !strings.Contains(out, unprivileged) || !strings.Contains(out, fromRange) {
		t.Errorf("with a subordinate range from %d the tour lacks %q or %q", first, unprivileged, fromRange)
	}
	for _, s := range order {
		c := steps[s]
		t.Logf("%-60s held %d, skipped %d, failed %d", s, c.held, c.skipped, c.failed)
	}
	testutil.AssertClean(t, before)
}

func TestASecondBurkIsRefused(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	first := exec.Command(burkBin, "run", "--rootfs", dir, "--", "sh", "-c", "echo started; sleep 30")
	stdout, _ := first.StdoutPipe()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	bufio.NewReader(stdout).ReadString('\n')
	_, stderr, code := burk(t, "", "run", "--rootfs", dir, "--", "true")
	want := fmt.Sprintf("another burk is running (pid %d)", first.Process.Pid)
	if code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("second burk = %d, %q; want %q", code, stderr, want)
	}
	// Rebuilding a root filesystem a container may be running in would
	// pull it from under the container: refused the same way.
	other := filepath.Join(t.TempDir(), "rootfs")
	_, stderr, code = burk(t, "", "rootfs", "--from", "busybox", "--dir", other)
	if code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("burk rootfs beside a running burk = %d, %q; want %q", code, stderr, want)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("the refused burk rootfs made %s (%v)", other, err)
	}
	first.Process.Signal(syscall.SIGTERM)
	first.Wait()
	testutil.AssertClean(t, before)
}

func TestSIGKILLedBurkIsCleanedUpByTheNextStart(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	// At the proc step the container's proc mount is on the host's table.
	crashed := exec.Command(burkBin, "run", "--step", "proc", "--rootfs", dir, "--", "sh", "-c", "echo started; sleep 60")
	stdout, _ := crashed.StdoutPipe()
	if err := crashed.Start(); err != nil {
		t.Fatal(err)
	}
	bufio.NewReader(stdout).ReadString('\n')
	// Its guard first, which would otherwise clean up at once (that is
	// kill_test.go's): the next start is the second line.
	guard := testutil.GuardOf(t, crashed.Process.Pid)
	syscall.Kill(guard, syscall.SIGKILL)
	crashed.Process.Kill()
	crashed.Wait()
	mounts, _ := mountinfo.Read(0)
	if len(sandbox.MountsUnder(mounts, dir)) == 0 {
		t.Fatalf("the crashed run should have left its proc mount under %s", dir)
	}
	out, stderr, code := burk(t, "", "cleanup")
	if code != 0 || !strings.Contains(out, "removed") || !strings.Contains(out, dir+"/proc") {
		t.Errorf("burk cleanup = %d, %q, %q; want it to say what it removed", code, out, stderr)
	}
	// Give the killed container's processes a moment to be reaped.
	time.Sleep(100 * time.Millisecond)
	testutil.AssertClean(t, before)
}

func TestPeakMemoryOfBurkRunningAContainer(t *testing.T) {
	dir := rootfsDir(t)
	cmd := exec.Command(burkBin, "run", "--rootfs", dir, "--", "sh", "-c", "ps >/dev/null; sleep 0.2")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("burk run: %v: %s", err, out)
	}
	// ru_maxrss is in KiB; it covers burk only, not the container.
	maxRSS := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	t.Logf("peak RSS of burk: %.1f MiB", float64(maxRSS)/1024)
	if maxRSS > 30*1024 {
		t.Errorf("peak RSS of burk = %d KiB, want under 30 MiB", maxRSS)
	}
}

// The init takes over from sandbox/initentry's package init, so a
// container's start does not wait for the initialization of packages only
// the tour needs. GODEBUG=inittrace=1 makes the Go runtime list every
// package it initializes; with no control socket the init exits at once.
func TestTheInitSkipsTheTourPackagesInit(t *testing.T) {
	cmd := exec.Command(burkBin, sandbox.InitArg)
	cmd.Env = []string{"GODEBUG=inittrace=1"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("an init with no control socket exited 0, want 1")
	}
	var inited []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			inited = append(inited, f[1])
		}
	}
	if !slices.Contains(inited, "os") {
		t.Fatalf("no package init listed, the trace did not work:\n%s", stderr.String())
	}
	for _, pkg := range inited {
		for _, tour := range []string{"github.com/burk-tui/burk/ui", "github.com/burk-tui/burk/steps",
			"github.com/charmbracelet/bubbletea", "github.com/yuin/goldmark", "github.com/spf13/cobra"} {
			if strings.HasPrefix(pkg, tour) {
				t.Errorf("the init initialized %s, which only the tour needs", pkg)
			}
		}
	}
}

func TestStepsListsEveryStepInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "sv"} {
		out, _, code := burk(t, "", "steps", "--lang", lang)
		if code != 0 {
			t.Fatalf("burk steps = %d", code)
		}
		for _, s := range steps.All() {
			if !strings.Contains(out, s.ID) || !strings.Contains(out, s.Title.In(i18n.Lang(lang))) {
				t.Errorf("burk steps --lang %s lacks %s", lang, s.ID)
			}
		}
	}
}

// The plain tour is the whole tour on a real kernel, as CI and screen
// readers see it: every step's views, trace and claims, and exit 0 only if
// every claim held.
func TestPlainTourOfTheWholeTour(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	out, stderr, code := burk(t, "", "tour", "--plain", "--rootfs", dir)
	if code != 0 {
		failed := regexp.MustCompile(`(?m)^.*✗.*$`).FindAllString(out, -1)
		t.Errorf("burk tour --plain = %d; failed claims:\n%s\nstderr: %s", code, strings.Join(failed, "\n"), stderr)
	}
	for i, s := range steps.All() {
		if !strings.Contains(out, s.Title.String()) {
			t.Errorf("the plain tour lacks step %d, %s", i+1, s.ID)
		}
	}
	if !strings.Contains(out, "✓") {
		t.Errorf("the plain tour shows no claim")
	}
	testutil.AssertClean(t, before)
}

// A piped burk (no terminal) prints the plain tour instead of failing.
func TestWithoutATerminalBurkPrintsThePlainTour(t *testing.T) {
	dir := rootfsDir(t)
	out, stderr, code := burk(t, "", "--step", "uts-ns", "--rootfs", dir, "--lang", "sv")
	if code != 0 || !strings.Contains(out, steps.All()[steps.Index("uts-ns")].Title.In(i18n.Swedish)) {
		t.Errorf("burk without a terminal = %d, stderr %q, out:\n%s", code, stderr, out)
	}
}

// No test may skip on its own: a skip under CI would hide a test that never
// ran. Only testutil skips — RequireRoot and Need, which fail under CI
// instead, and SkipShort, for -short, which CI does not use. Every package
// is read, internal/* included, and every way to skip.
func TestNoTestSkipsOnItsOwn(t *testing.T) {
	// Spelled in two parts, so that this line is no skip itself. A test
	// that returns early under testing.Short is a skip by another name.
	skip := regexp.MustCompile(`\.Skip` + `(f|Now)?\(|testing\.Short` + `\(\)`)
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || filepath.Dir(path) == filepath.Join("internal", "testutil") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if skip.MatchString(line) {
				t.Errorf("%s:%d skips a test; use testutil.RequireRoot, testutil.Need or testutil.SkipShort, or fail", path, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRunTrue is the comparison as a user would make it: the time
// from typing "burk run -- /bin/true" (the fullest step: every namespace,
// cgroup limits, pivot_root, hardening) to its exit, against the unshare
// command of sandbox's BenchmarkStartTrue, side by side in one run. It
// counts what the library benchmark leaves out: starting the burk binary
// itself, its lock and recovery check, and the init being the full binary.
// scripts/bench compares it with runc run instead.
func BenchmarkRunTrue(b *testing.B) { benchmarkRunTrue(b, 0) }

// BenchmarkRunTrueCold is BenchmarkRunTrue with a pause before each run, as
// a learner types: the kernel has gone idle, and whatever waits on it (an
// RCU grace period, say) waits in full. Run it with a small -benchtime.
func BenchmarkRunTrueCold(b *testing.B) { benchmarkRunTrue(b, 300*time.Millisecond) }

func benchmarkRunTrue(b *testing.B, pause time.Duration) {
	testutil.RequireRoot(b)
	rootfs := testutil.BusyboxRootfs(b)
	run := func(b *testing.B, cmd func() *exec.Cmd) {
		for b.Loop() {
			if pause > 0 {
				b.StopTimer()
				time.Sleep(pause)
				b.StartTimer()
			}
			if out, err := cmd().CombinedOutput(); err != nil {
				b.Fatalf("%v: %v: %s", cmd().Args, err, out)
			}
		}
	}
	b.Run("burk", func(b *testing.B) {
		run(b, func() *exec.Cmd { return exec.Command(burkBin, "run", "--rootfs", rootfs, "--", "/bin/true") })
	})
	b.Run("unshare", func(b *testing.B) {
		run(b, func() *exec.Cmd { return testutil.UnshareTrue(b, rootfs) })
	})
}

// BenchmarkInitExec is the least a container start can cost with a Go init:
// exec burk as the init, which exits at once with no control socket, against
// exec of a static busybox doing nothing. The difference is the Go runtime's
// start and burk's package init, paid by every container.
func BenchmarkInitExec(b *testing.B) {
	for _, bc := range []struct{ name, path, arg string }{
		{"burk-init", burkBin, sandbox.InitArg},
		{"busybox-true", "/bin/busybox", "true"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bc.path, bc.arg)
				cmd.Env = []string{}
				cmd.Run()
				if cmd.ProcessState == nil {
					b.Fatalf("%s did not run", bc.path)
				}
			}
		})
	}
}

// TestDoctorSaysForEveryStep: burk doctor names the cgroup mode it reads
// from the mount table and says, for every step, whether it runs here in
// full; this host has every namespace and controller the tour uses (the VM
// tests boot hosts that lack some).
func TestDoctorSaysForEveryStep(t *testing.T) {
	testutil.RequireRoot(t)
	out, errOut, code := burk(t, "", "doctor")
	if code != 0 {
		t.Fatalf("burk doctor exited %d\n%s%s", code, out, errOut)
	}
	info, err := cgroup.Detect()
	if err != nil {
		t.Fatal(err)
	}
	if want := "cgroup mode                    " + info.Mode.String() + " "; !strings.Contains(out, want) {
		t.Errorf("burk doctor does not say %q:\n%s", want, out)
	}
	for _, s := range steps.All() {
		want := fmt.Sprintf("ok    %-30s runs here in full\n", "step "+s.ID)
		if !strings.Contains(out, want) {
			t.Errorf("burk doctor lacks %q:\n%s", want, out)
		}
	}
}

// A machine whose kernel forbids user namespaces to ordinary users: made
// for real, without touching the host, in a user namespace of the test's
// own where max_user_namespaces is 0 (the limit is per user namespace). The
// burk inside is uid 0 there but not root on the machine: it must refuse,
// naming the setting and the command that changes it — and the kernel must
// agree that no user namespace can be made there.
func TestUserNamespacesOffIsExplained(t *testing.T) {
	testutil.RequireRoot(t)
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	script := `echo 0 > /proc/sys/user/max_user_namespaces || exit 99
unshare --user true 2>/dev/null && echo "KERNEL ALLOWED A USER NAMESPACE"
"$@"`
	for _, args := range [][]string{{"run", "--rootfs", dir, "--", "true"}, {"doctor"}} {
		cmd := exec.Command("unshare", append([]string{"--user", "--map-root-user", "sh", "-c", script, "sh", burkBin}, args...)...)
		cmd.Dir = "/"
		out, err := cmd.CombinedOutput()
		if strings.Contains(string(out), "KERNEL ALLOWED") {
			t.Fatalf("with max_user_namespaces=0 the kernel still made a user namespace: %s", out)
		}
		if err == nil || !strings.Contains(string(out), "user.max_user_namespaces = 0") ||
			!strings.Contains(string(out), "sysctl -w user.max_user_namespaces=15000") {
			t.Errorf("burk %v with user namespaces off = %v, %q; want it refused, naming the setting and the command", args, err, out)
		}
	}
	testutil.AssertClean(t, before)
}
