package main

// The shell of the tour, on a real terminal, as an ordinary user: burk run
// of /bin/sh on a pseudo-terminal, as the tour's s starts it, in the
// rootless lab. Assumes root, to make the user (useradd, removed after).

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// ordinaryUser makes a user for the test and a copy of burk it may run,
// both removed when the test ends, and returns the user's name and the
// binary.
func ordinaryUser(t *testing.T, prefix string) (name, bin string) {
	t.Helper()
	dir := rootfsDir(t)
	name = fmt.Sprintf("%s%d", prefix, os.Getpid())
	if out, err := exec.Command("useradd", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("userdel", name).Run() })
	// TestMain made the binary's directory 0755, so the user reaches it.
	bin = filepath.Join(dir, "..", "burk-"+name)
	if out, err := exec.Command("cp", burkBin, bin).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	os.Chmod(bin, 0o755)
	t.Cleanup(func() { os.Remove(bin) })
	return name, bin
}

// At each step the learner types into the shell and reads what it says:
// before uts-ns the shell renames the lab's host, whose UTS namespace is
// the lab's own, and the real host keeps its name; from uts-ns on the
// container's hostname is its own, at net-ns
// only lo is there, and at cgroups the shell runs as at every step. The
// shell exits with its status, and the host is as it was.
func TestTheShellWithoutRootOnATerminal(t *testing.T) {
	dir := rootfsDir(t)
	name, bin := ordinaryUser(t, "burks")
	hostName, _ := os.Hostname()
	var hostLinks []string
	ifs, _ := net.Interfaces()
	for _, i := range ifs {
		if i.Name != "lo" {
			hostLinks = append(hostLinks, i.Name+":")
		}
	}
	before := testutil.Snapshot(t)
	for _, tc := range []struct {
		step, typed string
		want        []string
		wantNot     []string
	}{
		{"process", "hostname renamed-by-lab; echo rc=$? name=$(hostname)", []string{"rc=0 name=renamed-by-lab"}, nil},
		{"uts-ns", "echo name=$(hostname); hostname renamed-inside && echo now=$(hostname)", []string{"name=" + steps.ContainerHostname, "now=renamed-inside"}, nil},
		{"net-ns", "cat /proc/net/dev", []string{"lo:"}, hostLinks},
		{"cgroups", "echo in-$((6*7))", []string{"in-42"}, nil},
	} {
		master, slave := testutil.OpenPTY(t)
		cmd := exec.Command("setpriv", "--reuid="+name, "--regid="+name, "--init-groups",
			"env", "HOME=/nonexistent", "TMPDIR=/tmp", "TERM=dumb", "LANG=C",
			fmt.Sprintf("BURK_LOCK_NAME=burk-test-shell-%d", os.Getpid()),
			bin, "run", "--step", tc.step, "--rootfs", dir, "--", "/bin/sh")
		cmd.Dir = "/"
		cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
		// A session of its own with the terminal as its controlling one,
		// as in a terminal window.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		slave.Close()
		master.Write([]byte(tc.typed + "\nexit 3\n"))
		var out bytes.Buffer
		done := make(chan struct{})
		go func() { out.ReadFrom(master); close(done) }() // EIO once every slave is closed
		timer := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
		err := cmd.Wait()
		timer.Stop()
		<-done
		// The terminal echoes what was typed too: what is looked for
		// appears only in what the shell printed.
		said := out.String()
		code := cmd.ProcessState.ExitCode()
		ok := code == 3 && strings.Contains(out.String(), "rootless lab")
		for _, w := range tc.want {
			ok = ok && strings.Contains(said, w)
		}
		for _, w := range tc.wantNot {
			ok = ok && !strings.Contains(said, w)
		}
		if !ok {
			t.Errorf("step %s as %s: typed %q, the shell exited %d (%v), want 3, %q and none of %q; on the terminal:\n%s",
				tc.step, name, tc.typed, code, err, tc.want, tc.wantNot, out.String())
		}
		if now, _ := os.Hostname(); now != hostName {
			t.Errorf("after step %s the host's hostname is %q, was %q", tc.step, now, hostName)
		}
	}
	testutil.AssertClean(t, before)
}

// A SIGKILL of an ordinary user's burk ends its whole lab: the lab's PID 1
// dies with burk (its parent-death signal), and with it every process of
// the lab's PID namespace, the container's among them, though none of
// them was told. Nothing of the user's is left running, and the host's
// mount table is as it was.
func TestSIGKILLedBurkWithoutRootLeavesNoProcess(t *testing.T) {
	dir := rootfsDir(t)
	name, bin := ordinaryUser(t, "burkk")
	before := testutil.Snapshot(t)
	cmd := exec.Command("setpriv", "--reuid="+name, "--regid="+name, "--init-groups",
		"env", "HOME=/nonexistent", "TMPDIR=/tmp", fmt.Sprintf("BURK_LOCK_NAME=burk-test-kill-%d", os.Getpid()),
		bin, "run", "--step", "process", "--rootfs", dir, "--", "sh", "-c", "sleep 300 & echo started; wait")
	cmd.Dir = "/"
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "started\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the container said %q, want started", line)
	}
	if n := userProcesses(t, name); n < 3 {
		t.Errorf("while the container runs %s has %d processes, want the lab's PID 1, burk, sh and sleep", name, n)
	}
	// setpriv and env exec burk: the pid is burk's, outside the lab.
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for userProcesses(t, name) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := userProcesses(t, name); n > 0 {
		out, _ := exec.Command("ps", "-o", "pid,ppid,args", "-u", name).CombinedOutput()
		// Only the test's own user's, each by its pid.
		pids, _ := exec.Command("pgrep", "-u", name).Output()
		for _, p := range strings.Fields(string(pids)) {
			if pid, err := strconv.Atoi(p); err == nil {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		t.Errorf("5s after burk was killed %s still has %d processes:\n%s", name, n, out)
	}
	testutil.AssertClean(t, before)
}

// userProcesses counts the processes running as the user name.
func userProcesses(t *testing.T, name string) int {
	t.Helper()
	out, err := exec.Command("pgrep", "-c", "-u", name).Output()
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil && n != 0 {
		t.Fatalf("pgrep -u %s: %v", name, err)
	}
	return n
}
