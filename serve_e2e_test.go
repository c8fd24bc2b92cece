//go:build linux

package main

// A room end to end, as a teacher runs it: burk serve, three learners and
// the teacher, each with the real OpenSSH client in a real terminal
// (tmux). Each learner walks to uts-ns and renames its hostname in the
// shell; the teacher's view shows three learners at step 6; the server's
// hostname is unchanged; when all have gone, the host is as it was.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
)

// panes drives one tmux server of the test's own.
type panes struct {
	t      *testing.T
	socket string
}

func (p panes) tmux(args ...string) string {
	out, _ := exec.Command("tmux", append([]string{"-L", p.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	return string(out)
}

func (p panes) screen(name string) string { return p.tmux("capture-pane", "-p", "-t", name) }

func (p panes) keys(name string, keys ...string) {
	p.tmux(append([]string{"send-keys", "-t", name}, keys...)...)
}

// typeText types text as it is, no word of it taken for a key's name.
func (p panes) typeText(name, text string) { p.tmux("send-keys", "-t", name, "-l", text) }

func (p panes) waitFor(name, what string, ok func(string) bool) string {
	p.t.Helper()
	var s string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if s = p.screen(name); ok(s) {
			return s
		}
	}
	p.t.Fatalf("%s: waited for %s; the screen:\n%s", name, what, s)
	return s
}

func (p panes) waitForText(name, text string) string {
	p.t.Helper()
	return p.waitFor(name, fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// needTmuxAndSSH fails the test without the programs it drives.
func needTmuxAndSSH(t *testing.T) {
	for _, prog := range []string{"tmux", "ssh"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Fatalf("this test needs %s (apt-get install tmux openssh-client)", prog)
		}
	}
}

// keyFiles writes the room's keys as files, for ssh -i: the learners',
// the teacher's.
func (r *room) keyFiles() (learner, teacher string) {
	keyFile := func(name string, pem []byte) string {
		p := filepath.Join(r.dir, name)
		os.WriteFile(p, pem, 0o600)
		return p
	}
	return keyFile("learner", r.learnerPEM), keyFile("teacher", r.teacherPEM)
}

// sshCommand is the OpenSSH command that logs in to the room as user
// with key, and runs command there ("": the tour, or the teacher's view).
func (r *room) sshCommand(key, user, command string) string {
	host, port := r.addr[:strings.LastIndex(r.addr, ":")], r.addr[strings.LastIndex(r.addr, ":")+1:]
	return fmt.Sprintf("LANG=C.UTF-8 ssh -t -F /dev/null -i %s -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p %s %s@%s %s",
		key, port, user, host, command)
}

func TestServeRoomEndToEndWithOpenSSH(t *testing.T) {
	needTmuxAndSSH(t)
	hostname, _ := os.Hostname()
	before := testutil.Snapshot(t)
	r := startRoom(t)
	learnerKey, teacherKey := r.keyFiles()
	ssh := r.sshCommand
	p := panes{t: t, socket: fmt.Sprintf("burk-serve-e2e-%d", os.Getpid())}
	defer p.tmux("kill-server")
	learners := []string{"anna", "bert", "cilla"}
	for _, name := range learners {
		p.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", name, ssh(learnerKey, name, "tour --step process"))
	}
	for _, name := range learners {
		p.waitForText(name, "1/14")
		for range 5 {
			p.keys(name, "Right")
			time.Sleep(150 * time.Millisecond)
		}
		p.waitForText(name, "6/14")
		p.keys(name, "s")
		p.waitForText(name, "[burk uts-ns] #")
		p.keys(name, "hostname "+name+"-box; hostname", "Enter")
		p.waitForText(name, name+"-box")
		p.keys(name, "exit", "Enter")
		p.waitForText(name, "Your exercise at step 6")
		p.keys(name, "Space")
	}
	p.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "teacher", ssh(teacherKey, "teacher", ""))
	screen := p.waitFor("teacher", "three learners at step 6", func(s string) bool {
		return strings.Contains(s, "3 learners") && strings.Contains(s, " 6 uts-ns     ███ 3")
	})
	t.Logf("the teacher's view:\n%s", screen)
	if h, _ := os.Hostname(); h != hostname {
		t.Errorf("the server's hostname is %q, was %q", h, hostname)
	}
	// Everyone leaves: the connections drop, the machines go.
	p.tmux("kill-server")
	deadline := time.Now().Add(10 * time.Second)
	for r.roomSize() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	r.stop(t)
	testutil.AssertClean(t, before)
}
