package main

// What the learner changes on the host, at a step that still shares a
// namespace with it, burk puts back and tells them; what it cannot safely
// put back it names, with the command that does. At the step that isolates
// the namespace there is nothing to tell. Each case changes the real host
// through burk run and reads the host afterwards.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// runAt runs a command through burk run at a step and returns its stderr.
func runAt(t *testing.T, step string, args ...string) string {
	t.Helper()
	_, stderr, code := burk(t, "", append([]string{"run", "--step", step, "--rootfs", rootfsDir(t), "--"}, args...)...)
	if code != 0 {
		t.Fatalf("burk run --step %s -- %v exited %d: %s", step, args, code, stderr)
	}
	return stderr
}

func TestTheLearnersHostnameIsPutBackAndTold(t *testing.T) {
	host, _ := os.Hostname()
	for _, step := range []string{"process", "chroot", "proc", "mount-ns", "pid-ns", "uts-ns"} {
		t.Run(step, func(t *testing.T) {
			before := testutil.Snapshot(t)
			stderr := runAt(t, step, "hostname", "burk-learner")
			shared := step != "uts-ns"
			want := fmt.Sprintf("the container changed the host's hostname from %q to %q; burk put it back", host, "burk-learner")
			if got := strings.Contains(stderr, want); got != shared {
				t.Errorf("stderr %q: says %q = %v, want %v", stderr, want, got, shared)
			}
			if now, _ := os.Hostname(); now != host {
				t.Fatalf("the host is named %q after the run, was %q", now, host)
			}
			testutil.AssertClean(t, before)
		})
	}
}

func TestTheLearnersDomainNameAndLoopbackArePutBack(t *testing.T) {
	before := testutil.Snapshot(t)
	domain := readTrimmed(t, "/proc/sys/kernel/domainname")
	stderr := runAt(t, "process", "sh", "-c", "domainname burk-nis && ip link set lo down")
	for _, want := range []string{
		fmt.Sprintf("changed the host's NIS domain name from %q to %q; burk put it back", domain, "burk-nis"),
		`changed the host's link lo from "up" to "down"; burk put it back`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if now := readTrimmed(t, "/proc/sys/kernel/domainname"); now != domain {
		t.Errorf("domain name %q after the run, was %q", now, domain)
	}
	if flags := readTrimmed(t, "/sys/class/net/lo/flags"); !strings.HasSuffix(flags, "9") { // IFF_UP|IFF_LOOPBACK
		t.Errorf("lo's flags are %s after the run: not up", flags)
	}
	// In its own network namespace, lo is the container's own.
	if stderr := runAt(t, "net-ns", "ip", "link", "set", "lo", "down"); strings.Contains(stderr, "link lo") {
		t.Errorf("at net-ns burk reports a change of the host's lo: %q", stderr)
	}
	testutil.AssertClean(t, before)
}

func TestAMessageQueueIsNamedWithTheCommandThatRemovesIt(t *testing.T) {
	before := testutil.Snapshot(t)
	stderr := runAt(t, "process", "ipcmk", "-Q")
	m := regexp.MustCompile(`new on the host since the container started: message queue (\d+); .*to remove it: ipcrm -q (\d+)`).FindStringSubmatch(stderr)
	if m == nil || m[1] != m[2] {
		t.Fatalf("stderr %q does not name the queue and its ipcrm", stderr)
	}
	// Left for the learner, as said: remove it here.
	if out, err := exec.Command("ipcrm", "-q", m[1]).CombinedOutput(); err != nil {
		t.Fatalf("ipcrm -q %s: %v: %s (was the queue there?)", m[1], err, out)
	}
	if stderr := runAt(t, "ipc-ns", "ipcmk", "-Q"); strings.Contains(stderr, "message queue") {
		t.Errorf("at ipc-ns burk reports a queue on the host: %q", stderr)
	}
	testutil.AssertClean(t, before)
}

func TestMountsAreUndoneUnderTheRootfsAndNamedElsewhere(t *testing.T) {
	before := testutil.Snapshot(t)
	dir := rootfsDir(t)
	stderr := runAt(t, "chroot", "mount", "-t", "tmpfs", "burk-learner", "/tmp")
	if want := fmt.Sprintf("the container made mount %s (tmpfs) on the host; burk removed it", filepath.Join(dir, "tmp")); !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	elsewhere := t.TempDir()
	stderr = runAt(t, "process", "mount", "-t", "tmpfs", "burk-learner", elsewhere)
	if want := fmt.Sprintf("mount %s (tmpfs); burk leaves it, since a program on the host may have made it; to remove it: umount %s", elsewhere, elsewhere); !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	if out, err := exec.Command("umount", elsewhere).CombinedOutput(); err != nil {
		t.Fatalf("umount %s: %v: %s (was it mounted?)", elsewhere, err, out)
	}
	// In a mount namespace of its own, with / private, nothing reaches the host.
	if stderr := runAt(t, "mount-ns", "mount", "-t", "tmpfs", "burk-learner", "/tmp"); strings.Contains(stderr, "mount") {
		t.Errorf("at mount-ns burk reports a mount on the host: %q", stderr)
	}
	testutil.AssertClean(t, before)
}

func readTrimmed(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

// utsNS is the uts-ns step.
func utsNS(t *testing.T) *steps.Step {
	t.Helper()
	s, err := steps.ByID("uts-ns")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The tour's shell is burk run --changes: once the command has ended, the
// step's exercise is checked in the container it ran in, before that is
// closed, and the outcome goes to the tour with the changes. A command
// that does nothing does not pass.
func TestTheShellsExerciseIsCheckedInItsContainer(t *testing.T) {
	before := testutil.Snapshot(t)
	for _, tc := range []struct {
		cmd  []string
		held bool
	}{{[]string{"sh", "-c", utsNS(t).Exercises[0].Solution}, true}, {[]string{"true"}, false}} {
		path := filepath.Join(t.TempDir(), "changes.json")
		_, stderr, code := burk(t, "", append([]string{"run", "--step", "uts-ns", "--rootfs", rootfsDir(t), "--changes", path, "--"}, tc.cmd...)...)
		if code != 0 {
			t.Fatalf("burk run %v exited %d: %s", tc.cmd, code, stderr)
		}
		_, outcomes, err := steps.ReadShellReport(path)
		if err != nil || len(outcomes) != 1 {
			t.Fatalf("%v: outcomes %+v, %v", tc.cmd, outcomes, err)
		}
		if o := outcomes[0]; o.StepID != "uts-ns" || o.Held != tc.held || o.NotDone == tc.held || o.Seen[i18n.English] == "" {
			t.Errorf("%v: outcome %+v, want held=%v (else not done) with what was seen", tc.cmd, o, tc.held)
		}
	}
	testutil.AssertClean(t, before)
}
