package main

// burk build check as an ordinary user: it runs in the rootless lab, and
// the learner's runtime (which clones namespaces of its own, a user
// namespace among them) is checked there. Assumes root, to make the user
// and its subordinate range (removed after).

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/testutil"
	"github.com/burk-tui/burk/steps"
)

// referenceAt builds the reference runtime up to stage n (0: the
// skeleton) where the user can run it, beside bin.
func referenceAt(t *testing.T, bin string, n int) string {
	t.Helper()
	files, err := build.Files(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	if files["main.go"], err = build.Program(n, i18n.English); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := fmt.Sprintf("%s-ref%d", bin, n)
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the reference up to stage %d: %v\n%s", n, err, msg)
	}
	os.Chmod(out, 0o755)
	t.Cleanup(func() { os.Remove(out) })
	return out
}

// buildCheckJSON is what burk build check --json says of one stage.
type buildCheckJSON struct {
	Passed bool `json:"passed"`
	Stages []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Error  string `json:"error"`
		Checks []struct {
			Claim, Status, Seen string
		} `json:"checks"`
	} `json:"stages"`
}

// Each stage with the reference up to it, and with the skeleton, as an
// ordinary user with a subordinate range. The lab has a PID namespace of
// its own, so the runtime's proc mount (proc, mount-ns) is one the lab's
// root may make; the task's cgroup is at the top of the tree, root's; the
// task's uid_map needs the range 100000–165535. Every other stage passes
// with the reference and fails with the skeleton, and the host is left as
// it was.
func TestBuildCheckWithoutRoot(t *testing.T) {
	dir := rootfsDir(t)
	name, bin := ordinaryUser(t, "burkbc")
	if _, err := exec.LookPath("newuidmap"); err != nil {
		t.Fatalf("the lab's id range needs newuidmap (apt-get install uidmap): %v", err)
	}
	first, _ := subordinateRange(t, name)
	home := filepath.Join(dir, "..", name+"-home")
	os.Mkdir(home, 0o700)
	t.Cleanup(func() { os.RemoveAll(home) })
	if out, err := exec.Command("chown", name+":"+name, home).CombinedOutput(); err != nil {
		t.Fatalf("chown: %v %s", err, out)
	}
	check := func(runtime string, stage int) buildCheckJSON {
		t.Helper()
		cmd := exec.Command("setpriv", "--reuid="+name, "--regid="+name, "--init-groups",
			"env", "HOME="+home, "TMPDIR=/tmp", "LANG=C", fmt.Sprintf("BURK_LOCK_NAME=burk-test-buildcheck-%d", os.Getpid()),
			bin, "build", "check", "--binary", runtime, "--stage", fmt.Sprint(stage), "--rootfs", dir, "--json")
		cmd.Dir = "/"
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.Run()
		var got buildCheckJSON
		if err := json.Unmarshal([]byte(stdout.String()), &got); err != nil || len(got.Stages) != 1 {
			t.Fatalf("burk build check --stage %d as %s: %v; stdout %q, stderr %q", stage, name, err, stdout.String(), stderr.String())
		}
		if !strings.Contains(stderr.String(), "rootless lab") {
			t.Errorf("burk build check as %s did not say it runs in the lab: %q", name, stderr.String())
		}
		return got
	}
	// What the lab cannot give, by the kernel's rules, not by this
	// machine's luck: no user but root gets a cgroup at the top of the
	// tree. (A proc mount of the lab's own PID namespace it can: proc and
	// mount-ns pass.)
	inRange := first <= steps.UserMapHostID && steps.UserMapHostID+steps.UserMapSize <= first+65536
	needsRoot := map[string]string{"cgroups": "cgroup tree",
		"cgroup-ns": "cgroup tree", "time-ns": "cgroup tree", "pivot-root": "cgroup tree", "hardening": "cgroup tree"}
	if !inRange {
		// The first thing the lab cannot give decides: from user-ns on,
		// every stage maps the task's range, before any cgroup.
		userNS := 0
		for _, st := range build.Stages() {
			if st.ID == "user-ns" {
				userNS = st.N
			}
			if userNS > 0 && st.N >= userNS {
				needsRoot[st.ID] = "/etc/subuid"
			}
		}
	}
	before := testutil.Snapshot(t)
	skeleton := referenceAt(t, bin, 0)
	for _, st := range build.Stages() {
		got := check(referenceAt(t, bin, st.N), st.N).Stages[0]
		t.Logf("%2d %-10s %s %s", st.N, st.ID, got.Status, got.Error)
		if want, ok := needsRoot[st.ID]; ok {
			if got.Status != "needs-root" || !strings.Contains(got.Error, want) {
				t.Errorf("stage %s without root = %s (%s), want needs-root, saying why (%q)", st.ID, got.Status, got.Error, want)
			}
			continue
		}
		if got.Status != "passed" {
			t.Errorf("stage %s without root, the reference = %s (%s) %v; want passed", st.ID, got.Status, got.Error, got.Checks)
		}
		if st.N == 1 {
			continue // the skeleton runs a command: it passes stage 1
		}
		if sk := check(skeleton, st.N).Stages[0]; sk.Status != "failed" {
			t.Errorf("stage %s without root, the skeleton = %s (%s); want failed", st.ID, sk.Status, sk.Error)
		}
	}
	for _, pattern := range []string{"/tmp/burk-buildcheck-*", "/run/burk-buildcheck-*"} {
		if left, _ := filepath.Glob(pattern); len(left) > 0 {
			t.Errorf("the checks left %v", left)
		}
	}
	testutil.AssertClean(t, before)
}
