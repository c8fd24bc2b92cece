//go:build linux

package main

// The room follows the teacher, end to end with OpenSSH in tmux: the
// teacher turns following on at step 6, and both learners' tours show
// step 6; one steps away and comes back; a message reaches both. And a
// learner who, from inside their machine, tries to write into the pipe
// the teacher's word comes by, and stops their tour so that it reads
// nothing, changes nothing for the other learner, the teacher or the
// server.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/testutil"
)

func TestServeFollowTheTeacherEndToEnd(t *testing.T) {
	needTmuxAndSSH(t)
	before := testutil.Snapshot(t)
	r := startRoom(t)
	learnerKey, teacherKey := r.keyFiles()
	p := panes{t: t, socket: "burk-follow-e2e-" + filepath.Base(r.dir)}
	defer p.tmux("kill-server")
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("burk serve said:\n%s", r.log)
		}
	})
	learners := []string{"anna", "bert"}
	for _, name := range learners {
		p.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", name, r.sshCommand(learnerKey, name, "tour --step process")+"; sleep 600")
	}
	p.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "teacher", r.sshCommand(teacherKey, "teacher", "")+"; sleep 600")
	for _, name := range learners {
		p.waitForText(name, "1/14")
	}
	p.waitForText("teacher", "the room does not follow you; your step: 1 process")
	for range 5 {
		p.keys("teacher", "Right")
	}
	p.waitForText("teacher", "your step: 6 uts-ns")
	p.keys("teacher", "f")
	p.waitForText("teacher", "the room follows you: step 6 uts-ns")

	// Both tours go to step 6, and run it.
	atTeachersStep := func(s string) bool {
		return strings.Contains(s, "6/14") && strings.Contains(s, "following the teacher: step 6 of 14") && strings.Contains(s, "held")
	}
	for _, name := range learners {
		p.waitFor(name, "step 6, following the teacher", atTeachersStep)
	}
	// anna steps away, and comes back with F.
	p.keys("anna", "Right")
	p.waitFor("anna", "step 7, stepped away", func(s string) bool {
		return strings.Contains(s, "7/14") && strings.Contains(s, "you stepped away from the teacher, who is at step 6: F follows again")
	})
	if s := p.screen("bert"); !atTeachersStep(s) {
		t.Errorf("anna stepped away, and bert's tour moved:\n%s", s)
	}
	p.keys("anna", "F")
	p.waitFor("anna", "back at step 6, following", atTeachersStep)

	// A message to everyone.
	p.keys("teacher", "m")
	p.typeText("teacher", "five minutes left")
	p.keys("teacher", "Enter")
	for _, name := range learners {
		p.waitForText(name, "from the teacher: five minutes left")
	}

	// anna, root of her machine, at the process step, tries to forge a
	// cast into her tour's inbox through /proc. The pipe is the server's
	// root's, whom her user namespace does not map: she may not open it.
	// Then she stops her tour, which reads the pipe no more.
	p.keys("anna", "1", "Enter")
	p.waitForText("anna", "1/14")
	p.keys("anna", "s")
	p.waitForText("anna", "[burk process] #")
	p.typeText("anna", `T=$(grep -la '[t]our' /proc/[0-9]*/cmdline | head -1); T=${T%/cmdline}; ls -l $T/fd/3 | grep -q pipe && echo INBOX-$((6*7)); `+
		`echo '{"follow":true,"step":"hardening","message":"pwned by anna"}' > $T/fd/3 && echo FORGED-$((6*7+1)) || echo REFUSED-$((6*7+2))`)
	p.keys("anna", "Enter")
	s := p.waitFor("anna", "the forgery's end", func(s string) bool { return strings.Contains(s, "FORGED-43") || strings.Contains(s, "REFUSED-44") })
	if !strings.Contains(s, "INBOX-42") || strings.Contains(s, "FORGED-43") {
		t.Errorf("anna found her tour's inbox and wrote into it, or found none:\n%s", s)
	}
	// Her machine's PID 1 handed the pipe on and kept no copy of it.
	p.typeText("anna", `I=$(readlink $T/fd/3); echo "$I:" $(readlink /proc/1/fd/*); [ -n "$I" ] && ! readlink /proc/1/fd/* | grep -qxF "$I" && echo PID1-HAS-NONE-$((6*7+2))`)
	p.keys("anna", "Enter")
	p.waitForText("anna", "PID1-HAS-NONE-44")
	p.typeText("anna", `kill -STOP ${T#/proc/} && echo STOPPED-$((6*7+3))`)
	p.keys("anna", "Enter")
	p.waitForText("anna", "STOPPED-45")

	// The teacher says something new: bert hears it at once, though
	// anna's tour reads nothing.
	p.keys("teacher", "m", "C-u")
	p.typeText("teacher", "coffee")
	p.keys("teacher", "Enter")
	p.waitForText("bert", "from the teacher: coffee")
	for name, s := range map[string]string{"bert": p.screen("bert"), "teacher": p.screen("teacher")} {
		if strings.Contains(s, "pwned") {
			t.Errorf("anna's forged cast reached %s:\n%s", name, s)
		}
	}
	if s := p.screen("teacher"); !strings.Contains(s, "the room follows you: step 6 uts-ns") {
		t.Errorf("the teacher's view changed:\n%s", s)
	}
	if s := p.screen("bert"); !atTeachersStep(s) {
		t.Errorf("bert left the teacher's step:\n%s", s)
	}
	if data, _ := os.ReadFile(filepath.Join(r.dir, "state", "cast.json")); strings.Contains(string(data), "pwned") || !strings.Contains(string(data), "coffee") {
		t.Errorf("the server's cast: %s", data)
	}
	if strings.Contains(r.log.String(), "pwned") {
		t.Errorf("the server heard anna's forged cast:\n%s", r.log)
	}

	// anna lets her tour go on: it hears the teacher again within a
	// second or two, whatever she wrote, and F takes her back.
	p.typeText("anna", `kill -CONT ${T#/proc/}; exit`)
	p.keys("anna", "Enter")
	p.waitForText("anna", "from the teacher: coffee")
	for deadline := time.Now().Add(20 * time.Second); !atTeachersStep(p.screen("anna")) && time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		p.keys("anna", "Escape")
		p.keys("anna", "F")
	}
	p.waitFor("anna", "back at the teacher's step", atTeachersStep)

	// Everyone leaves: the connections drop, the machines go.
	p.tmux("kill-server")
	deadline := time.Now().Add(10 * time.Second)
	for r.roomSize() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	r.stop(t)
	if _, err := os.Stat(filepath.Join(r.dir, "state", "cast.json")); err == nil {
		t.Error("the server left its cast behind")
	}
	testutil.AssertClean(t, before)
}
