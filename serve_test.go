//go:build linux

package main

// burk serve end to end, with a real SSH client (golang.org/x/crypto/ssh)
// on 127.0.0.1: what a learner gets, what they must not be able to do, and
// what the server survives. Assumes root on the real host, as every test
// that starts containers does.

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/burk-tui/burk/internal/testutil"
)

// room is a burk serve the test started.
type room struct {
	cmd     *exec.Cmd
	addr    string
	learner gossh.Signer
	teacher gossh.Signer
	log     *syncBuffer
	dir     string
	// The keys as files hold them, for OpenSSH.
	learnerPEM, teacherPEM []byte
}

// newSigner makes a key: the signer, its authorized_keys line, and the
// private key as OpenSSH reads it.
func newSigner(t *testing.T) (gossh.Signer, string, []byte) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return s, string(gossh.MarshalAuthorizedKey(s.PublicKey())), pem.EncodeToMemory(block)
}

// roomSize is how many learners the server says are in.
func (r *room) roomSize() int {
	log := r.log.String()
	return strings.Count(log, " came (") - strings.Count(log, " left")
}

// startRoom starts burk serve on a free port of 127.0.0.1, with a key for
// learners, one for the teacher, the class code tulpan42, and args.
func startRoom(t *testing.T, args ...string) *room {
	t.Helper()
	rootfs := rootfsDir(t)
	// Not t.TempDir: its parent is private to root, and the machines'
	// roots must reach the server's copy of burk below it.
	dir, err := os.MkdirTemp("", "burk-serve-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	r := &room{log: &syncBuffer{}, dir: dir}
	var learnerKey, teacherKey string
	r.learner, learnerKey, r.learnerPEM = newSigner(t)
	r.teacher, teacherKey, r.teacherPEM = newSigner(t)
	os.WriteFile(filepath.Join(r.dir, "room.keys"), []byte(learnerKey), 0o600)
	os.WriteFile(filepath.Join(r.dir, "teacher.keys"), []byte(teacherKey), 0o600)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	ln.Close()
	all := append([]string{"serve", "--listen", r.addr, "--rootfs", rootfs, "--dir", filepath.Join(r.dir, "state"),
		"--keys", filepath.Join(r.dir, "room.keys"), "--teacher-keys", filepath.Join(r.dir, "teacher.keys"), "--code", "tulpan42"}, args...)
	r.cmd = exec.Command(burkBin, all...)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.stop(t) })
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(r.log.String(), "listening on"); {
		if time.Now().After(deadline) {
			t.Fatalf("burk serve did not start:\n%s", r.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return r
}

// stop ends the server as the teacher would, with Ctrl-C.
func (r *room) stop(t *testing.T) {
	if r.cmd.ProcessState != nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		r.cmd.Process.Kill()
		<-done
		t.Errorf("burk serve did not end on SIGINT:\n%s", r.log)
	}
}

// dial logs in as user with key (nil: with the class code).
func (r *room) dial(user string, key gossh.Signer) (*gossh.Client, error) {
	cfg := &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	if key != nil {
		cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	} else {
		cfg.Auth = []gossh.AuthMethod{gossh.Password("tulpan42")}
	}
	return gossh.Dial("tcp", r.addr, cfg)
}

// run runs command in user's session, without a pty, and returns its
// output and exit status.
func (r *room) run(t *testing.T, user, command string) (string, int) {
	t.Helper()
	// No t.Fatal: run is called from goroutines too.
	c, err := r.dial(user, r.learner)
	if err != nil {
		return fmt.Sprintf("[ssh %s@%s: %v]", user, r.addr, err), -1
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return fmt.Sprintf("[session: %v]", err), -1
	}
	defer s.Close()
	// Two buffers: the client copies stdout and stderr from two
	// goroutines, and one bytes.Buffer is not safe for both.
	var out, stderr bytes.Buffer
	s.Stdout, s.Stderr = &out, &stderr
	err = s.Run(command)
	out.Write(stderr.Bytes())
	code := 0
	if e, ok := err.(*gossh.ExitError); ok {
		code = e.ExitStatus()
	} else if err != nil {
		code = -1
		fmt.Fprintf(&out, "[%v]", err)
	}
	if code != 0 && out.Len() == 0 {
		fmt.Fprintf(&out, "[exit %d, nothing said]", code)
	}
	return out.String(), code
}

// A learner's command runs in a machine of their own: named after them,
// its own processes only, root in it a stranger outside.
func TestServeSessionIsAMachineOfItsOwn(t *testing.T) {
	before := testutil.Snapshot(t)
	r := startRoom(t)
	out, code := r.run(t, "anna", "run --step process -- sh -c 'hostname; ps -o pid= | wc -l; cat /proc/self/uid_map'")
	if code != 0 {
		t.Fatalf("exit %d:\n%s\nserver:\n%s", code, out, r.log)
	}
	f := strings.Fields(out)
	if len(f) < 2 || f[0] != "anna" {
		t.Fatalf("the session's hostname: %q, want anna\nserver:\n%s", out, r.log)
	}
	var n int
	fmt.Sscan(f[1], &n)
	if n > 12 {
		t.Errorf("ps in the session lists %d processes; want only the session's few:\n%s", n, out)
	}
	if !strings.Contains(out, "1073") {
		t.Errorf("the session's uid_map does not map root to an id of its own range:\n%s", out)
	}
	r.stop(t)
	testutil.AssertClean(t, before)
}

// What a learner tries as root of their machine, at the steps with the
// least isolation, must leave the server and the other learners as they
// were.
func TestServeAttacksFromTheProcessAndChrootSteps(t *testing.T) {
	before := testutil.Snapshot(t)
	r := startRoom(t)
	// bert sits in his machine while anna attacks.
	bert := make(chan string, 1)
	go func() {
		out, _ := r.run(t, "bert", "run --step process -- sh -c 'sleep 8; echo bert-still-here'")
		bert <- out
	}()
	port := r.addr[strings.LastIndex(r.addr, ":")+1:]
	for _, step := range []string{"process", "chroot"} {
		script := "hostname pwned; date -s 2001-01-01 >/dev/null 2>&1 && echo CLOCK-SET; " +
			"echo x > /pwned 2>/dev/null && echo WROTE-ROOT; " +
			"nc -w 2 127.0.0.1 " + port + " </dev/null >/dev/null 2>&1 && echo REACHED-SSH; " +
			"echo done"
		out, _ := r.run(t, "anna", "run --step "+step+" -- sh -c '"+script+"'")
		for _, leak := range []string{"CLOCK-SET", "WROTE-ROOT", "REACHED-SSH"} {
			if strings.Contains(out, leak) {
				t.Errorf("at %s, from inside: %s\n%s", step, leak, out)
			}
		}
		if !strings.Contains(out, "done") {
			t.Errorf("at %s the attack did not run to its end:\n%s", step, out)
		}
		// kill -9 -1 ends every process anna's machine has but its PID 1
		// and the shell itself, her own burk among them: her session
		// ends, killed (137), and nothing else does (bert, the server).
		out, code := r.run(t, "anna", "run --step "+step+" -- sh -c 'kill -9 -1; echo survived'")
		if code != 128+9 {
			t.Errorf("at %s, kill -9 -1: exit %d, %q; want anna's own session killed (137)", step, code, out)
		}
	}
	if out := <-bert; !strings.Contains(out, "bert-still-here") {
		t.Errorf("bert's session did not survive anna's kill -9 -1:\n%s", out)
	}
	if r.cmd.ProcessState != nil {
		t.Fatalf("the server ended:\n%s", r.log)
	}
	r.stop(t)
	testutil.AssertClean(t, before) // the hostname, the mount table, the cgroups
}

// More learners than --max-sessions: the next one reads why.
func TestServeRefusesPastMaxSessions(t *testing.T) {
	r := startRoom(t, "--max-sessions", "1")
	started := make(chan struct{})
	go func() {
		c, err := r.dial("anna", r.learner)
		if err != nil {
			close(started)
			return
		}
		defer c.Close()
		s, _ := c.NewSession()
		s.Start("run --step process -- sleep 5")
		close(started)
		s.Wait()
	}()
	<-started
	var out string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if out, _ = r.run(t, "bert", "steps"); strings.Contains(out, "room is full") {
			break
		}
	}
	if !strings.Contains(out, "the room is full (1 learners)") {
		t.Errorf("bert, past --max-sessions 1, read %q; want that the room is full", out)
	}
}

// Bad names, no terminal, a command that is not burk's, a teacher without
// a teacher's key: each a message the learner can read, and nothing runs.
func TestServeRefusesWithAReason(t *testing.T) {
	r := startRoom(t)
	for _, tc := range []struct{ user, command, want string }{
		{"../etc", "steps", "cannot be used"},
		{"a\x01b", "steps", "cannot be used"},
		{strings.Repeat("a", 33), "steps", "cannot be used"},
		{"Anna", "steps", "cannot be used"},
		{"anna", "", "needs a terminal"},
		{"anna", "sh -c id", "only burk's commands"},
	} {
		out, code := r.run(t, tc.user, tc.command)
		if code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("ssh %q@… %q: exit %d, %q; want 1 and %q", tc.user, tc.command, code, out, tc.want)
		}
	}
	// The teacher's name with a learner's key, or with the code: no way in.
	if c, err := r.dial("teacher", r.learner); err == nil {
		c.Close()
		t.Error("teacher@ with a learner's key logged in")
	}
	if c, err := r.dial("teacher", nil); err == nil {
		c.Close()
		t.Error("teacher@ with the class code logged in")
	}
}

// Garbage instead of SSH, and 40 connections at once: the server stays,
// and the next learner gets their machine.
func TestServeSurvivesGarbageAndACrowd(t *testing.T) {
	r := startRoom(t, "--max-sessions", "10")
	for range 3 {
		c, err := net.Dial("tcp", r.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET / HTTP/1.0\r\n\r\n\x00\xff\xfe garbage\r\n"))
		bufio.NewReader(c).ReadString('\n')
		c.Close()
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	outcomes := map[string]int{}
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, code := r.run(t, fmt.Sprintf("l%02d", i), "steps")
			what := "ran"
			if code != 0 {
				what = "refused: " + strings.TrimSpace(out)
			}
			mu.Lock()
			outcomes[what]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	t.Logf("40 at once: %v", outcomes)
	for what := range outcomes {
		if what != "ran" && !strings.Contains(what, "room is full") {
			t.Errorf("a connection of 40 at once: %q; the server said:\n%s", what, r.log)
		}
	}
	if out, code := r.run(t, "anna", "run --step process -- hostname"); code != 0 || strings.TrimSpace(out) != "anna" {
		t.Errorf("after the crowd: exit %d, %q", code, out)
	}
}

// SIGKILL of the server: every machine, cgroup and mount is gone within a
// bounded wait, without a next start.
func TestServeSIGKILLLeavesNothing(t *testing.T) {
	before := testutil.Snapshot(t)
	r := startRoom(t)
	c, err := r.dial("anna", r.learner)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, _ := c.NewSession()
	var out syncBuffer
	s.Stdout = &out
	s.Start("run --step uts-ns -- sh -c 'echo up; sleep 60'")
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), "up"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the session did not start:\n%s", r.log)
		}
	}
	r.cmd.Process.Kill()
	r.cmd.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for {
		after := testutil.Snapshot(t)
		if strings.Join(after.Cgroups, " ") == strings.Join(before.Cgroups, " ") && strings.Join(after.Mounts, "\n") == strings.Join(before.Mounts, "\n") {
			break
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	testutil.AssertClean(t, before)
}

// A dropped connection ends the session cleanly and keeps the progress;
// the next connection under the same name starts from it.
func TestServeDroppedConnectionKeepsProgress(t *testing.T) {
	before := testutil.Snapshot(t)
	r := startRoom(t)
	c, err := r.dial("anna", r.learner)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.NewSession()
	var out syncBuffer
	s.Stdout, s.Stderr = &out, &out
	// What the tour would write, written at the process step, whose shell
	// sees the machine's own files.
	s.Start(`run --step process -- sh -c 'mkdir -p /var/lib/burk/learner/burk && echo "{\"current\":\"pid-ns\"}" > /var/lib/burk/learner/burk/progress.json && echo written && sleep 60'`)
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), "written"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the session did not write its progress: %s\n%s", out.String(), r.log)
		}
	}
	c.Close() // the learner's wifi goes
	for deadline := time.Now().Add(5 * time.Second); r.roomSize() > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the session did not end after the connection dropped:\n%s", r.log)
		}
	}
	kept, err := os.ReadFile(filepath.Join(r.dir, "state", "learners", "anna", "state", "burk", "progress.json"))
	if err != nil || !strings.Contains(string(kept), "pid-ns") {
		t.Errorf("the progress kept on the server: %q, %v", kept, err)
	}
	again, code := r.run(t, "anna", "run --step process -- cat /var/lib/burk/learner/burk/progress.json")
	if code != 0 || !strings.Contains(again, "pid-ns") {
		t.Errorf("anna's next session starts from %q (exit %d), want her progress", again, code)
	}
	r.stop(t)
	testutil.AssertClean(t, before)
}
