//go:build linux

package main

// Build your own in a served session, with the real OpenSSH client: the
// learner uploads their runtime, built elsewhere, with scp, and checks it
// in their machine with burk build check --binary. An upload lands only
// in the learner's own directory on the server: a path, a directory or a
// file past the limit is refused, and nothing is written anywhere.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/testutil"
)

func TestBuildCheckOfAnUploadInAServedSession(t *testing.T) {
	for _, prog := range []string{"ssh", "scp"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Fatalf("this test needs %s (apt-get install openssh-client)", prog)
		}
	}
	before := testutil.Snapshot(t)
	r := startRoom(t)
	key := filepath.Join(r.dir, "learner")
	os.WriteFile(key, r.learnerPEM, 0o600)
	host, port := r.addr[:strings.LastIndex(r.addr, ":")], r.addr[strings.LastIndex(r.addr, ":")+1:]
	opts := []string{"-F", "/dev/null", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"}
	run := func(prog string, args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(prog, args...)
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s %v: %v", prog, args, err)
		}
		return stdout.String(), stderr.String(), code
	}
	// scp -O: the SCP protocol; OpenSSH's scp speaks SFTP by default.
	upload := func(file, target string, more ...string) (string, int) {
		args := append(append(append([]string{"-O"}, opts...), more...), "-P", port, file, "anna@"+host+":"+target)
		_, stderr, code := run("scp", args...)
		return stderr, code
	}
	check := func(stage int) buildCheckJSON {
		t.Helper()
		stdout, stderr, _ := run("ssh", append(opts, "-p", port, "anna@"+host,
			"build", "check", "--binary", "rt", "--stage", fmt.Sprint(stage), "--json")...)
		var got buildCheckJSON
		if err := json.Unmarshal([]byte(stdout), &got); err != nil || len(got.Stages) != 1 {
			t.Fatalf("build check --stage %d in the session: %v; stdout %q, stderr %q\nthe server:\n%s", stage, err, stdout, stderr, r.log)
		}
		return got
	}
	uploads := filepath.Join(r.dir, "state", "learners", "anna", "upload")

	// The reference of each stage, built as a learner builds it elsewhere
	// (GOOS=linux), uploaded and checked. A machine has a PID namespace
	// and the ids 100000–165535 of its own: those stages pass there.
	mustPass := []string{"process", "chroot", "proc", "mount-ns", "pid-ns", "uts-ns", "ipc-ns", "net-ns", "user-ns"}
	for _, st := range build.Stages() {
		if stderr, code := upload(referenceAt(t, filepath.Join(r.dir, "rt"), st.N), "rt"); code != 0 {
			t.Fatalf("scp of the reference up to stage %d: exit %d: %s", st.N, code, stderr)
		}
		got := check(st.N).Stages[0]
		t.Logf("%2d %-10s %s %s", st.N, st.ID, got.Status, got.Error)
		switch {
		case got.Status == "needs-root" && strings.Contains(got.Error, "sudo"):
			// The learner has no sudo on the server.
			t.Errorf("stage %s in a session offers sudo: %s", st.ID, got.Error)
		case got.Status == "needs-root" && got.Error != "" && !slices.Contains(mustPass, st.ID):
		case got.Status != "passed":
			t.Errorf("stage %s in a session, the reference = %s (%s) %v; want passed", st.ID, got.Status, got.Error, got.Checks)
		}
	}
	if stderr, code := upload(referenceAt(t, filepath.Join(r.dir, "rt"), 0), "rt"); code != 0 {
		t.Fatalf("scp of the skeleton: exit %d: %s", code, stderr)
	}
	if got := check(2).Stages[0]; got.Status != "failed" {
		t.Errorf("stage chroot in a session, the skeleton = %s (%s), want failed", got.Status, got.Error)
	}

	// The attacks: each refused, with a reason, and nothing written.
	small := filepath.Join(r.dir, "small")
	os.WriteFile(small, []byte("x"), 0o644)
	big := filepath.Join(r.dir, "big")
	if err := os.Truncate(big, 0); err != nil {
		os.WriteFile(big, nil, 0o644)
	}
	os.Truncate(big, 33<<20)
	dir := filepath.Join(r.dir, "adir")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "f"), []byte("x"), 0o644)
	outside := filepath.Join(r.dir, "state", "learners", "anna", "escaped")
	for _, tc := range []struct {
		name, file, target string
		more               []string
		said               string
	}{
		{"../", small, "../escaped", nil, "never a path"},
		{"../../", small, "../../../../tmp/burk-escaped", nil, "never a path"},
		{"absolute", small, "/tmp/burk-escaped", nil, "never a path"},
		{"into /etc", small, "/etc/burk-escaped", nil, "never a path"},
		{"a hidden name", small, ".profile", nil, "never a path"},
		{"too big", big, "big", nil, "may hold 32 MiB"},
		{"a directory", dir, "", []string{"-r"}, "not a directory"},
	} {
		stderr, code := upload(tc.file, tc.target, tc.more...)
		if code == 0 || !strings.Contains(stderr, tc.said) {
			t.Errorf("scp %s (%s → %q) = exit %d, %q; want refused, saying %q", tc.name, tc.file, tc.target, code, stderr, tc.said)
		}
	}
	for _, p := range []string{outside, "/tmp/burk-escaped", "/etc/burk-escaped", filepath.Join(uploads, ".profile")} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("an upload escaped to %s", p)
			os.RemoveAll(p)
		}
	}
	entries, _ := os.ReadDir(uploads)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"rt"}) {
		t.Errorf("the learner's upload directory holds %v, want only rt", names)
	}
	// --binary with a path is not passed to the machine.
	if _, stderr, code := run("ssh", append(opts, "-p", port, "anna@"+host, "build", "check", "--binary", "../owner")...); code == 0 || !strings.Contains(stderr, "by its name alone") {
		t.Errorf("build check --binary ../owner = exit %d, %q; want refused", code, stderr)
	}
	r.stop(t)
	testutil.AssertClean(t, before)
}
