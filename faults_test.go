package main

// The fault matrix of issue 12: burk killed, stopped, interrupted or cut
// off from its terminal at each moment that matters, and payloads that do
// what payloads should not. Each case reads the host before and after
// (testutil.Snapshot: mounts, burk-* cgroups, this process's children,
// hostname, /run/burk) and, where burk dies, waits a bounded time for its
// guard to finish — never `burk cleanup`, never a next start. They assume
// root, like the rest of the package; they end only the processes they
// started, by pid or process group.

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// syncBuffer is a bytes.Buffer a test may read while burk writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startBurk starts burk in a process group of its own, as a shell starts a
// job, with its output in out. The test's cleanup ends it by its pid if
// the test did not.
func startBurk(t *testing.T, env []string, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(burkBin, args...)
	cmd.Env = append(append(os.Environ(), "LANG=C"), env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A container that outlived burk would hold the output pipe open: Wait
	// must not wait for it (the test then says what is left).
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, out
}

// waitFor waits until cond holds, or fails the test after limit, saying
// what it waited for.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	if !testutil.Eventually(limit, cond) {
		t.Fatalf("waited %v for %s", limit, what)
	}
}

// cmdlineOf is a process's command line, its arguments joined by spaces.
func cmdlineOf(pid int) string {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return strings.TrimSpace(strings.ReplaceAll(string(data), "\x00", " "))
}

// containerRuns returns a condition that holds once n processes of
// burk's containers run a command line containing want.
func containerRuns(burkPID int, want string, n int) func() bool {
	return func() bool {
		found := 0
		for _, p := range testutil.ContainerProcs(burkPID) {
			if strings.Contains(cmdlineOf(p), want) {
				found++
			}
		}
		return found >= n
	}
}

// gone reports whether a process has exited (a zombie has).
func gone(pid int) bool {
	st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err != nil || strings.Contains(string(st), ") Z ")
}

// killAndCheck sends burk sig (SIGKILL but for the cases that say
// otherwise), reaps it, and waits a bounded time until nothing of it is on
// the host: its container's processes, cgroups, mounts and state, and its
// guard. Then the host must be as before.
func killAndCheck(t *testing.T, before testutil.HostState, cmd *exec.Cmd, sig syscall.Signal) {
	t.Helper()
	pid := cmd.Process.Pid
	pids := testutil.ContainerProcs(pid)
	guard := testutil.GuardPID(pid)
	start := time.Now()
	syscall.Kill(pid, sig)
	cmd.Wait()
	var left []string
	if !testutil.Eventually(10*time.Second-time.Since(start), func() bool {
		left = leftOf(before, pid, pids)
		if guard != 0 && !gone(guard) {
			left = append(left, fmt.Sprintf("the guard %d", guard))
		}
		return len(left) == 0
	}) {
		t.Fatalf("%v after %v, still there: %v", time.Since(start).Round(time.Millisecond), sig, left)
	}
	t.Logf("nothing left %v after %v", time.Since(start).Round(time.Millisecond), sig)
	testutil.AssertClean(t, before)
}

// exitsWithin waits for burk to exit, and reports whether it did within
// limit; if not, it is made to say where it hangs (SIGQUIT: a Go program
// prints its goroutines) and killed, and reaped.
func exitsWithin(cmd *exec.Cmd, limit time.Duration) bool {
	timer := time.AfterFunc(limit, func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		time.Sleep(time.Second)
		cmd.Process.Kill()
	})
	cmd.Wait()
	return timer.Stop()
}

// SIGKILL of burk while it builds the root filesystem, on first use (burk
// run) and by hand (burk rootfs): what it leaves is a half-built directory
// beside the cache, never a half-built cache, and the next burk removes it,
// builds the cache afresh and runs.
func TestFaultSIGKILLDuringTheRootfsBuild(t *testing.T) {
	testutil.RequireRoot(t)
	for _, tc := range []struct {
		name string
		args func(cache string) []string
	}{
		{"first use", func(string) []string { return []string{"run", "--", "true"} }},
		{"burk rootfs", func(cache string) []string { return []string{"rootfs", "--dir", cache} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := reachableTempDir(t)
			cache := filepath.Join(parent, "rootfs")
			env := []string{"BURK_ROOTFS=" + cache}
			before := testutil.Snapshot(t)
			// Killed the moment the build has written its first files:
			// the parent directory is watched for the build's directory,
			// then that for its first entries.
			fd, err := unix.InotifyInit1(unix.IN_CLOEXEC)
			if err != nil {
				t.Fatal(err)
			}
			defer unix.Close(fd)
			if _, err := unix.InotifyAddWatch(fd, parent, unix.IN_CREATE); err != nil {
				t.Fatal(err)
			}
			cmd, out := startBurk(t, env, tc.args(cache)...)
			building := fmt.Sprintf(".rootfs.building-%d", cmd.Process.Pid)
			buf := make([]byte, 4096)
			if n, err := unix.Read(fd, buf); err != nil || !bytes.Contains(buf[:n], []byte(building)) {
				t.Fatalf("no %s in %s (%v): %s", building, parent, err, out)
			}
			if !testutil.Eventually(10*time.Second, func() bool {
				entries, _ := os.ReadDir(filepath.Join(parent, building))
				return len(entries) >= 3
			}) {
				t.Fatalf("the build wrote nothing: %s", out)
			}
			killAndCheck(t, before, cmd, syscall.SIGKILL)
			if _, err := os.Lstat(cache); err == nil {
				t.Fatalf("the build was not killed midway: %s exists", cache)
			}
			if _, err := os.Lstat(filepath.Join(parent, building)); err != nil {
				t.Fatalf("the killed build left no half-built directory: %v", err)
			}
			// The next burk builds the cache afresh and runs in it.
			got, stderr, code := burkEnv(t, "", env, "run", "--", "echo", "ok")
			if code != 0 || got != "ok\n" || !strings.Contains(stderr, "building the root filesystem") {
				t.Errorf("burk run after the killed build = %d, %q, %q", code, got, stderr)
			}
			if names := testutil.ListNames(t, parent); len(names) != 1 || names[0] != "rootfs" {
				t.Errorf("beside the cache after the next build: %v", names)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// reachableTempDir is a temporary directory every uid may pass through:
// the user-ns step's container root (another uid) must reach a rootfs in
// it. t.TempDir's parent is private to root.
func reachableTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "burk-fault-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// SIGKILL of burk while it starts a container, at each thing the start
// puts on the host in turn: the mount journal, the cgroup, the init in it.
// The proc step has all three (no mount namespace: a journal).
func TestFaultSIGKILLDuringAContainerStart(t *testing.T) {
	dir := rootfsDir(t)
	moments := []struct {
		name string
		now  func(burkPID int) bool
	}{
		{"journal written", func(pid int) bool {
			m, _ := filepath.Glob(fmt.Sprintf("/run/burk/%d-*/mounts-*", pid))
			return len(m) > 0
		}},
		{"cgroup made", func(pid int) bool { return len(testutil.ContainerCgroups(pid)) > 0 }},
		{"init in its cgroup", func(pid int) bool { return len(testutil.ContainerProcs(pid)) > 0 }},
	}
	for _, m := range moments {
		t.Run(m.name, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd, out := startBurk(t, nil, "run", "--step", "proc", "--rootfs", dir, "--", "sleep", "60")
			pid := cmd.Process.Pid
			// Tightly: the whole start takes milliseconds.
			if !testutil.Eventually(10*time.Second, func() bool { return m.now(pid) }) {
				t.Fatalf("burk never reached %q: %s", m.name, out)
			}
			killAndCheck(t, before, cmd, syscall.SIGKILL)
		})
	}
}

// SIGKILL of burk in the middle of the plain tour, while a probe runs
// inside a container of a later step.
func TestFaultSIGKILLDuringAProbe(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	cmd, out := startBurk(t, nil, "tour", "--plain", "--rootfs", dir)
	pid := cmd.Process.Pid
	waitFor(t, 20*time.Second, "a probe of the tour's third step", func() bool {
		return strings.Contains(out.String(), "\n# 3. ") && len(testutil.ContainerProcs(pid)) >= 2
	})
	killAndCheck(t, before, cmd, syscall.SIGKILL)
}

// SIGKILL of burk during each of the cgroups step's demonstrations: the
// memory hog, the fork loop, the busy loop.
func TestFaultSIGKILLDuringTheCgroupDemonstrations(t *testing.T) {
	dir := rootfsDir(t)
	for _, demo := range []struct {
		name, runs string
		n          int
	}{
		// What each demonstration's command line holds (steps/cgroups.go):
		// the hog's eval, and the fork chain's subshells, which all carry
		// the script that makes them.
		{"memory hog", `eval "x$i=`, 1},
		{"fork loop", "(f)", 10},
		{"busy loop", "timeout 1 sh", 1},
	} {
		t.Run(demo.name, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd, _ := startBurk(t, nil, "tour", "--plain", "--step", "cgroups", "--rootfs", dir)
			waitFor(t, 20*time.Second, "the "+demo.name, containerRuns(cmd.Process.Pid, demo.runs, demo.n))
			killAndCheck(t, before, cmd, syscall.SIGKILL)
		})
	}
}

// shellOnATerminal starts `burk run --step step -- /bin/sh` as a terminal
// window would: in a session of its own whose controlling terminal is a
// pty, and waits for the shell's prompt.
func shellOnATerminal(t *testing.T, step string) (*exec.Cmd, *os.File) {
	t.Helper()
	master, slave := testutil.OpenPTY(t)
	cmd := exec.Command(burkBin, "run", "--step", step, "--rootfs", rootfsDir(t), "--", "/bin/sh")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.Env = []string{"TERM=dumb", "LANG=C"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	slave.Close()
	master.Write([]byte("echo up-$((6*7))\n"))
	// Read without a reader left blocked on the master: a blocked read
	// would keep the terminal open when the test closes it.
	var screen []byte
	buf := make([]byte, 4096)
	fd := int(master.Fd())
	if !testutil.Eventually(10*time.Second, func() bool {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if n, _ := unix.Poll(fds, 10); n > 0 {
			if n, err := unix.Read(fd, buf); err == nil {
				screen = append(screen, buf[:n]...)
			}
		}
		return bytes.Contains(screen, []byte("up-42"))
	}) {
		t.Fatalf("no shell on the terminal: %q", screen)
	}
	return cmd, master
}

// SIGKILL of burk while the learner's shell is open on a terminal, at a
// step without a PID namespace (the shell would outlive its init) and at
// the last step.
func TestFaultSIGKILLWithAShellOpen(t *testing.T) {
	for _, step := range []string{"proc", steps.Last().ID} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd, _ := shellOnATerminal(t, step)
			killAndCheck(t, before, cmd, syscall.SIGKILL)
		})
	}
}

// The terminal window closed while the shell is open: the pty's master
// goes, the kernel hangs up burk's session. burk ends its container and
// exits on its own.
func TestFaultTerminalClosedWithAShellOpen(t *testing.T) {
	for _, step := range []string{"proc", "pid-ns", steps.Last().ID} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd, master := shellOnATerminal(t, step)
			start := time.Now()
			master.Close()
			if !exitsWithin(cmd, 10*time.Second) {
				t.Fatalf("burk still ran 10s after its terminal closed")
			}
			t.Logf("burk exited %v after its terminal closed (%v)", time.Since(start).Round(time.Millisecond), cmd.ProcessState)
			time.Sleep(100 * time.Millisecond) // for the shell's reaping
			testutil.AssertClean(t, before)
		})
	}
}

// SIGKILL of the container's init alone: burk notices, ends what the init
// left (its processes outlive it without a PID namespace), cleans up, and
// exits with the init's status.
func TestFaultSIGKILLOfTheInitAlone(t *testing.T) {
	dir := rootfsDir(t)
	for _, step := range []string{"proc", "pid-ns", steps.Last().ID} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd, out := startBurk(t, nil, "run", "--step", step, "--rootfs", dir, "--", "sh", "-c", "sleep 60 & sleep 60")
			pid := cmd.Process.Pid
			var initPID int
			waitFor(t, 10*time.Second, "the container's two sleeps", func() bool {
				n := 0
				for _, p := range testutil.ContainerProcs(pid) {
					if strings.HasPrefix(cmdlineOf(p), "sleep") {
						n++
					}
					if strings.Contains(cmdlineOf(p), sandbox.InitArg) {
						initPID = p
					}
				}
				return n == 2 && initPID != 0
			})
			pids := testutil.ContainerProcs(pid)
			syscall.Kill(initPID, syscall.SIGKILL)
			if !exitsWithin(cmd, 10*time.Second) {
				t.Fatalf("burk still ran 10s after its init was killed: %s", out)
			}
			if code := cmd.ProcessState.ExitCode(); code != 128+9 {
				t.Errorf("burk exited %d after its init was killed, want %d: %s", code, 128+9, out)
			}
			if left := leftOf(before, pid, pids); len(left) > 0 {
				t.Errorf("after burk exited: %v", left)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// SIGSTOP, then SIGKILL: a stopped burk holds its lock and accepts no one,
// and a second burk must still be told at once who holds it; the kill
// then leaves nothing, as from a running burk.
func TestFaultSIGSTOPThenSIGKILL(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	cmd, _ := startBurk(t, nil, "run", "--step", "proc", "--rootfs", dir, "--", "sleep", "60")
	pid := cmd.Process.Pid
	waitFor(t, 10*time.Second, "the container's sleep", containerRuns(pid, "sleep 60", 1))
	syscall.Kill(pid, syscall.SIGSTOP)
	start := time.Now()
	_, stderr, code := burk(t, "", "run", "--rootfs", dir, "--", "true")
	if want := fmt.Sprintf("another burk is running (pid %d)", pid); code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("beside a stopped burk: %d, %q; want %q", code, stderr, want)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the second burk took %v to be refused beside a stopped one", took)
	}
	killAndCheck(t, before, cmd, syscall.SIGKILL)
}

// Ctrl-C during each step of the plain tour: SIGINT to burk's whole
// process group, as a terminal sends it, while that step's container
// starts, and while a probe runs in it.
func TestFaultCtrlCDuringEachStep(t *testing.T) {
	dir := rootfsDir(t)
	for i, id := range steps.IDs() {
		// The plain tour writes a step when it has run.
		done := fmt.Sprintf("# %d. ", i+1)
		for _, moment := range []struct {
			name  string
			procs int
		}{{"start", 1}, {"probe", 2}} {
			t.Run(id+"/"+moment.name, func(t *testing.T) {
				for try := 1; ; try++ {
					before := testutil.Snapshot(t)
					cmd, out := startBurk(t, nil, "tour", "--plain", "--step", id, "--rootfs", dir)
					pid := cmd.Process.Pid
					// Every millisecond: a probe's process lives a few ms.
					if !testutil.EventuallyEveryMillisecond(20*time.Second, func() bool { return len(testutil.ContainerProcs(pid)) >= moment.procs }) {
						t.Fatal("waited 20s for the step's container")
					}
					pids := testutil.ContainerProcs(pid)
					syscall.Kill(-pid, syscall.SIGINT)
					during := !strings.Contains(out.String(), done)
					if !exitsWithin(cmd, 10*time.Second) {
						t.Fatalf("burk still ran 10s after Ctrl-C: %s", out)
					}
					if cmd.ProcessState.ExitCode() == 0 {
						t.Errorf("burk exited 0 after Ctrl-C")
					}
					if left := leftOf(before, pid, pids); len(left) > 0 {
						t.Errorf("after burk exited: %v", left)
					}
					testutil.AssertClean(t, before)
					if during {
						return
					}
					if try == 3 {
						t.Fatalf("Ctrl-C came after the step, %d times", try)
					}
				}
			})
		}
	}
}

// foreignELF is the header of an ELF program for a machine this one is
// not: enough for the kernel to refuse it (ENOEXEC), as it would refuse a
// binary copied from another architecture.
func foreignELF() []byte {
	other := elf.EM_AARCH64
	if runtime.GOARCH == "arm64" {
		other = elf.EM_X86_64
	}
	h := elf.Header64{Type: uint16(elf.ET_EXEC), Machine: uint16(other), Version: uint32(elf.EV_CURRENT), Ehsize: 64}
	copy(h.Ident[:], elf.ELFMAG)
	h.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	h.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	h.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, h)
	return buf.Bytes()
}

// inCache is a path inside the cache as the container sees it, resolved
// on the host (the cache's /bin is a link into usr/ on a merged-/usr host).
func inCache(t *testing.T, cache, path string) string {
	t.Helper()
	out, err := exec.Command("chroot", cache, "/bin/sh", "-c", "readlink -f "+path).Output()
	if err != nil {
		t.Fatalf("resolve %s in %s: %v", path, cache, err)
	}
	return filepath.Join(cache, strings.TrimSpace(string(out)))
}

// The default root filesystem (the cache, here $BURK_ROOTFS), broken in
// one place: the next burk must rebuild it or refuse, never start a
// container on it. The command run is what the tour runs: ps, in sh.
func TestFaultABrokenCacheIsRebuilt(t *testing.T) {
	testutil.RequireRoot(t)
	damage := map[string]func(t *testing.T, cache string){
		"the shell deleted": func(t *testing.T, cache string) { os.Remove(inCache(t, cache, "/bin/sh")) },
		"a library of ps deleted": func(t *testing.T, cache string) {
			out, err := exec.Command("chroot", cache, "/bin/sh", "-c", "ldd /bin/ps 2>/dev/null || true").Output()
			libs, _ := filepath.Glob(filepath.Join(cache, "*", "*", "libproc*.so.*"))
			more, _ := filepath.Glob(filepath.Join(cache, "*", "*", "*", "libproc*.so.*"))
			libs = append(libs, more...)
			if len(libs) == 0 {
				t.Fatalf("no libproc in the cache (%v, %s)", err, out)
			}
			for _, l := range libs {
				os.Remove(l)
			}
		},
		"the shell of another architecture": func(t *testing.T, cache string) {
			p := inCache(t, cache, "/bin/sh")
			os.Remove(p)
			os.WriteFile(p, foreignELF(), 0o755)
		},
		"ps of another architecture": func(t *testing.T, cache string) {
			p := inCache(t, cache, "/bin/ps")
			os.Remove(p)
			os.WriteFile(p, foreignELF(), 0o755)
		},
	}
	for name, damage := range damage {
		t.Run(name, func(t *testing.T) {
			cache := filepath.Join(reachableTempDir(t), "rootfs")
			env := []string{"BURK_ROOTFS=" + cache}
			if _, stderr, code := burkEnv(t, "", env, "rootfs"); code != 0 {
				t.Fatalf("burk rootfs: %s", stderr)
			}
			damage(t, cache)
			before := testutil.Snapshot(t)
			out, stderr, code := burkEnv(t, "", env, "run", "--", "sh", "-c", "ps -o pid= -p 1 >/dev/null && echo ok")
			if code != 0 || out != "ok\n" || !strings.Contains(stderr, "building the root filesystem") {
				t.Errorf("burk run on the broken cache = %d, %q, %q; want it rebuilt, and ps to work", code, out, stderr)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// mountTmpfs mounts a tmpfs at a new directory, for the cache; the test's
// cleanup unmounts it.
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	dir := reachableTempDir(t)
	if err := unix.Mount("burk-fault", dir, "tmpfs", 0, opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// A cache directory that cannot be written (a read-only file system: root
// passes every permission), and one on a full disk: burk refuses with what
// the kernel said, starts no container, and leaves nothing half-built.
func TestFaultACacheThatCannotBeWritten(t *testing.T) {
	testutil.RequireRoot(t)
	for _, tc := range []struct{ name, opts, want string }{
		{"read-only", "ro,mode=755", "read-only file system"},
		{"full", "size=2m,mode=755", "no space left on device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := mountTmpfs(t, tc.opts)
			env := []string{"BURK_ROOTFS=" + filepath.Join(parent, "rootfs")}
			before := testutil.Snapshot(t)
			out, stderr, code := burkEnv(t, "", env, "run", "--", "echo", "ran")
			if code == 0 || strings.Contains(out, "ran") || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, parent) {
				t.Errorf("burk run = %d, %q, %q; want it refused, saying %q and where", code, out, stderr, tc.want)
			}
			t.Logf("refused: %s", strings.TrimSpace(stderr))
			if names := testutil.ListNames(t, parent); len(names) != 0 {
				t.Errorf("left in the cache's directory: %v", names)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// A stale lock: burk SIGKILLed with its guard, and not yet reaped by its
// parent (a zombie, as under a shell that is busy). Its lock went with its
// death; the next burk takes it, finds the instance dead, and removes
// what it left.
func TestFaultAStaleLock(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	cmd, _ := startBurk(t, nil, "run", "--step", "proc", "--rootfs", dir, "--", "sleep", "60")
	pid := cmd.Process.Pid
	waitFor(t, 10*time.Second, "the container's sleep", containerRuns(pid, "sleep 60", 1))
	syscall.Kill(testutil.GuardOf(t, pid), syscall.SIGKILL)
	syscall.Kill(pid, syscall.SIGKILL)
	waitFor(t, 5*time.Second, "burk to be a zombie", func() bool { return gone(pid) })
	out, stderr, code := burk(t, "", "run", "--rootfs", dir, "--", "echo", "ok")
	if code != 0 || out != "ok\n" || !strings.Contains(stderr, "removed what a crashed run left: mount "+dir+"/proc") {
		t.Errorf("burk beside a dead, unreaped burk = %d, %q, %q; want it to run and say what it removed", code, out, stderr)
	}
	cmd.Wait()
	time.Sleep(100 * time.Millisecond) // for the killed sleep's reaping
	testutil.AssertClean(t, before)
}

// Burks started in the same millisecond: exactly one runs, the others are
// told which one, and nothing is left.
func TestFaultBurksStartedInTheSameMillisecond(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	for round := range 2 {
		const n = 3
		cmds := make([]*exec.Cmd, n)
		outs := make([]*bytes.Buffer, n)
		start := make(chan struct{})
		var started sync.WaitGroup
		for i := range cmds {
			cmds[i] = exec.Command(burkBin, "run", "--rootfs", dir, "--", "sh", "-c", "echo ran; sleep 0.5")
			outs[i] = &bytes.Buffer{}
			cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
			started.Add(1)
			go func() {
				defer started.Done()
				<-start
				if err := cmds[i].Start(); err != nil {
					t.Error(err)
				}
			}()
		}
		close(start)
		started.Wait()
		var winners []int
		for i, cmd := range cmds {
			if cmd.Process == nil {
				t.FailNow()
			}
			cmd.Wait()
			if cmd.ProcessState.ExitCode() == 0 && strings.Contains(outs[i].String(), "ran") {
				winners = append(winners, i)
			}
		}
		if len(winners) != 1 {
			t.Fatalf("round %d: %d burks ran, want 1: %q", round, len(winners), outs)
		}
		want := fmt.Sprintf("another burk is running (pid %d)", cmds[winners[0]].Process.Pid)
		for i := range cmds {
			if i != winners[0] && !strings.Contains(outs[i].String(), want) {
				t.Errorf("round %d: a second burk said %q, want %q", round, outs[i], want)
			}
		}
	}
	testutil.AssertClean(t, before)
}

// A payload that ignores SIGTERM: `kill` of burk run still ends the
// container, after a grace period, and leaves nothing.
func TestFaultAPayloadThatIgnoresSIGTERM(t *testing.T) {
	dir := rootfsDir(t)
	for _, step := range []string{"proc", steps.Last().ID} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			cmd, out := startBurk(t, nil, "run", "--step", step, "--rootfs", dir, "--", "sh", "-c", `trap "" TERM; echo started; sleep 60`)
			pid := cmd.Process.Pid
			waitFor(t, 10*time.Second, "the container's sleep", containerRuns(pid, "sleep 60", 1))
			waitFor(t, 10*time.Second, "the trap", func() bool { return strings.Contains(out.String(), "started") })
			pids := testutil.ContainerProcs(pid)
			start := time.Now()
			syscall.Kill(pid, syscall.SIGTERM)
			if !exitsWithin(cmd, 15*time.Second) {
				t.Fatalf("burk run still ran 15s after SIGTERM: %s", out)
			}
			t.Logf("burk exited %v after SIGTERM (%v): %s", time.Since(start).Round(time.Millisecond), cmd.ProcessState, out)
			// As docker stop's SIGKILL: 128 + 9, with the reason said.
			if code := cmd.ProcessState.ExitCode(); code != 137 || !strings.Contains(out.String(), "did not end within") {
				t.Errorf("burk run ended by its grace period exited %d, saying %q; want 137 and why", code, out)
			}
			if left := leftOf(before, pid, pids); len(left) > 0 {
				t.Errorf("after burk exited: %v", left)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// A zombie-maker: a process that starts a child and never waits for it.
// When it exits, its zombie child goes to the init (a subreaper at every
// step, PID 1 where there is a PID namespace), which must reap it.
func TestFaultAZombieMaker(t *testing.T) {
	dir := rootfsDir(t)
	const script = `z=$(sh -c 'sleep 0 & echo $!; exec sleep 0.3 >/dev/null'); sleep 0.5; ` +
		`if ps -o stat= -p $z | grep -q Z; then echo zombie $z; else echo reaped; fi`
	for _, step := range []string{"process", "proc", "pid-ns", steps.Last().ID} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			out, stderr, code := burk(t, "", "run", "--step", step, "--rootfs", dir, "--", "sh", "-c", script)
			if code != 0 || out != "reaped\n" {
				t.Errorf("burk run of a zombie-maker = %d, %q, %q; want its zombie reaped", code, out, stderr)
			}
			testutil.AssertClean(t, before)
		})
	}
}

// A payload that starts background children and exits at once, at the
// steps without a PID namespace (where nothing ends them with the init):
// they are all gone when burk is.
func TestFaultOrphansAreGoneAtClose(t *testing.T) {
	dir := rootfsDir(t)
	for _, step := range []string{"process", "chroot", "proc", "mount-ns"} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			start := time.Now()
			out, stderr, code := burk(t, "", "run", "--step", step, "--rootfs", dir, "--", "sh", "-c",
				"sleep 60 >/dev/null 2>&1 & echo $!; (sleep 60 >/dev/null 2>&1 & echo $!)")
			if code != 0 || time.Since(start) > 5*time.Second {
				t.Fatalf("burk run = %d after %v, %q", code, time.Since(start), stderr)
			}
			orphans := strings.Fields(out)
			if len(orphans) != 2 {
				t.Fatalf("the payload said %q, want two pids", out)
			}
			for _, o := range orphans {
				if p, _ := strconv.Atoi(o); p <= 0 || !gone(p) {
					t.Errorf("the orphan %s runs after burk exited: %s", o, cmdlineOf(p))
				}
			}
			testutil.AssertClean(t, before)
		})
	}
}

// A payload that closes its stdout, or both stdout and stderr, and goes
// on; and a reader of burk's stdout that goes away (burk run -- yes | head).
func TestFaultAPayloadThatClosesItsStdout(t *testing.T) {
	dir := rootfsDir(t)
	before := testutil.Snapshot(t)
	out, stderr, code := burk(t, "", "run", "--rootfs", dir, "--", "sh", "-c", "exec >&-; sleep 0.1; echo still-here >&2; exit 4")
	if code != 4 || out != "" || !strings.Contains(stderr, "still-here") {
		t.Errorf("stdout closed: burk run = %d, %q, %q; want 4 and the payload's stderr", code, out, stderr)
	}
	if _, _, code := burk(t, "", "run", "--rootfs", dir, "--", "sh", "-c", "exec >&- 2>&-; sleep 0.1; exit 5"); code != 5 {
		t.Errorf("stdout and stderr closed: burk run = %d, want 5", code)
	}
	cmd := exec.Command(burkBin, "run", "--rootfs", dir, "--", "sh", "-c", "while :; do echo y; done")
	r, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	if _, err := io.ReadFull(r, buf); err != nil || !strings.HasPrefix(string(buf), "y\ny\n") {
		t.Fatalf("yes said %q, %v", buf, err)
	}
	r.Close()
	if !exitsWithin(cmd, 10*time.Second) {
		t.Fatal("burk run of a writer ran on 10s after its reader went away")
	}
	t.Logf("burk run of a writer, its reader gone: %v", cmd.ProcessState)
	testutil.AssertClean(t, before)
}

// The tour's shell open in a terminal (a tmux server of the test's own,
// on its own socket), then the tour SIGKILLed, or the terminal closed
// (the tmux session killed: a hangup). The shell is a burk run the tour
// started; it and its container must go with the tour.
func TestFaultTheTourWithItsShellOpen(t *testing.T) {
	dir := rootfsDir(t)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("this test needs tmux")
	}
	title := steps.All()[steps.Index("proc")].Title.String()
	for _, end := range []string{"SIGKILL", "terminal closed"} {
		t.Run(end, func(t *testing.T) {
			before := testutil.Snapshot(t)
			tmpBefore, _ := filepath.Glob(filepath.Join(os.TempDir(), "burk-changes-*"))
			socket := fmt.Sprintf("burk-fault-%d", os.Getpid())
			tmux := func(args ...string) string {
				out, err := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
				if err != nil && args[0] != "kill-server" {
					t.Fatalf("tmux %v: %v: %s", args, err, out)
				}
				return strings.TrimSpace(string(out))
			}
			defer func() {
				tmux("kill-server")
				os.Remove(filepath.Join("/tmp", fmt.Sprintf("tmux-%d", os.Getuid()), socket))
			}()
			tmux("new-session", "-d", "-s", "tour", "-x", "120", "-y", "40",
				fmt.Sprintf("exec env LANG=C TERM=xterm-256color %s tour --step proc --rootfs %s", burkBin, dir))
			tour, _ := strconv.Atoi(tmux("display-message", "-p", "-t", "tour", "#{pane_pid}"))
			waitFor(t, 30*time.Second, "the tour's step", func() bool {
				return strings.Contains(tmux("capture-pane", "-p", "-t", "tour"), title)
			})
			tmux("send-keys", "-t", "tour", "s")
			var shell int
			waitFor(t, 30*time.Second, "the tour's shell", func() bool {
				tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", tour))
				for _, f := range tasks {
					data, _ := os.ReadFile(f)
					for _, c := range strings.Fields(string(data)) {
						if p, _ := strconv.Atoi(c); strings.Contains(cmdlineOf(p), " run --step proc") {
							shell = p
						}
					}
				}
				return shell != 0 && containerRuns(shell, "/bin/sh", 1)()
			})
			pids := append(testutil.ContainerProcs(tour), testutil.ContainerProcs(shell)...)
			start := time.Now()
			if end == "SIGKILL" {
				syscall.Kill(tour, syscall.SIGKILL)
			} else {
				tmux("kill-session", "-t", "tour")
			}
			var left []string
			if !testutil.Eventually(10*time.Second-time.Since(start), func() bool {
				left = append(leftOf(before, tour, pids), leftOf(before, shell, nil)...)
				for _, p := range []int{tour, shell} {
					if !gone(p) {
						left = append(left, fmt.Sprintf("burk %d", p))
					}
				}
				return len(left) == 0
			}) {
				t.Fatalf("%v after the tour's end, still there: %v", time.Since(start).Round(time.Millisecond), left)
			}
			t.Logf("nothing left %v after the tour's end", time.Since(start).Round(time.Millisecond))
			testutil.AssertClean(t, before)
			// Nor the file the tour handed its shell, wherever it was.
			if files, _ := filepath.Glob(filepath.Join(os.TempDir(), "burk-changes-*")); len(files) > len(tmpBefore) {
				t.Errorf("the shell's report file outlived the tour: %v (before: %v)", files, tmpBefore)
			}
		})
	}
}
