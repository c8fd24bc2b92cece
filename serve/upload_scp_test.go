package serve

// Uploads with the real OpenSSH client, into a server that starts no
// machine: what lands where, and what is refused. Needs no root.

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// scpRoom is a served room and a learner's key, as files for OpenSSH.
type scpRoom struct {
	dir, host, port string
	opts            []string
}

func startScpRoom(t *testing.T, maxSessions int) *scpRoom {
	t.Helper()
	for _, prog := range []string{"ssh", "scp"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Fatalf("this test needs %s (apt-get install openssh-client)", prog)
		}
	}
	dir := openDir(t)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := gossh.NewPublicKey(pub)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(t.TempDir(), "learner")
	os.WriteFile(key, pem.EncodeToMemory(block), 0o600)
	keys := filepath.Join(t.TempDir(), "room.keys")
	os.WriteFile(keys, gossh.MarshalAuthorizedKey(k), 0o600)
	s, err := New(Config{Dir: dir, KeysFile: keys, MaxSessions: maxSessions}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	return &scpRoom{dir: dir, host: host, port: port, opts: []string{"-F", "/dev/null", "-i", key, "-o", "IdentitiesOnly=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"}}
}

// scp runs scp -O (the SCP protocol: OpenSSH's scp speaks SFTP unless
// told otherwise) and returns what it said and its exit status.
func (r *scpRoom) scp(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return status(t, exec.Command("scp", append(append([]string{"-O"}, r.opts...), append([]string{"-P", r.port}, args...)...)...))
}

func (r *scpRoom) ssh(t *testing.T, user string, command ...string) (string, int) {
	t.Helper()
	return status(t, exec.Command("ssh", append(append(slices.Clone(r.opts), "-p", r.port, user+"@"+r.host), command...)...))
}

// status runs cmd and returns what it said and its exit status; only a
// command that could not run at all fails the test.
func status(t *testing.T, cmd *exec.Cmd) (string, int) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

func (r *scpRoom) uploads(name string) []string {
	entries, _ := os.ReadDir(filepath.Join(r.dir, "learners", name, "upload"))
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// An upload lands in the learner's upload directory, under its own name
// or the one given; a path, a hidden name, a directory, a file past the
// limit, a download are refused with the reason, and nothing is written.
func TestUploadsWithOpenSSH(t *testing.T) {
	r := startScpRoom(t, 1)
	src := t.TempDir()
	file := func(name string, size int64) string {
		p := filepath.Join(src, name)
		os.WriteFile(p, []byte(strings.Repeat("x", int(min(size, 64)))), 0o644)
		os.Truncate(p, size)
		return p
	}
	rt := file("rt", 1000)
	if out, code := r.scp(t, rt, "anna@"+r.host+":"); code != 0 {
		t.Fatalf("scp rt anna@…: = exit %d: %s", code, out)
	}
	if out, code := r.scp(t, rt, "anna@"+r.host+":runtime"); code != 0 {
		t.Fatalf("scp rt anna@…:runtime = exit %d: %s", code, out)
	}
	if got := r.uploads("anna"); !slices.Equal(got, []string{"rt", "runtime"}) {
		t.Errorf("anna's uploads = %v, want [rt runtime]", got)
	}
	escape := fmt.Sprintf("/tmp/burk-upload-escape-%d", os.Getpid())
	dir := filepath.Join(src, "adir")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644)
	for _, tc := range []struct {
		name   string
		args   []string
		said   string
		landed string
	}{
		{"../", []string{rt, "anna@" + r.host + ":../escaped"}, "never a path", filepath.Join(r.dir, "learners", "anna", "escaped")},
		{"../../", []string{rt, "anna@" + r.host + ":../../../owner"}, "never a path", ""},
		{"absolute", []string{rt, "anna@" + r.host + ":" + escape}, "never a path", escape},
		{"a hidden name", []string{rt, "anna@" + r.host + ":.profile"}, "never a path", ""},
		{"too big", []string{file("big", 33<<20), "anna@" + r.host + ":"}, "may hold 32 MiB", ""},
		{"a directory", []string{"-r", dir, "anna@" + r.host + ":"}, "not a directory", ""},
		{"a download", []string{"anna@" + r.host + ":rt", filepath.Join(src, "down")}, "no handler", filepath.Join(src, "down")},
		{"the teacher", []string{rt, "teacher@" + r.host + ":"}, "", ""},
	} {
		out, code := r.scp(t, tc.args...)
		if code == 0 || !strings.Contains(out, tc.said) {
			t.Errorf("scp %s = exit %d, %q; want refused, saying %q", tc.name, code, out, tc.said)
		}
		if tc.landed != "" {
			if _, err := os.Lstat(tc.landed); err == nil {
				t.Errorf("scp %s wrote %s", tc.name, tc.landed)
				os.RemoveAll(tc.landed)
			}
		}
	}
	if got := r.uploads("anna"); !slices.Equal(got, []string{"rt", "runtime"}) {
		t.Errorf("after the refused uploads anna's uploads = %v, want [rt runtime]", got)
	}
	if data, _ := os.ReadFile(filepath.Join(r.dir, "learners", "owner")); len(data) > 0 {
		t.Errorf("an upload wrote learners/owner")
	}
	// The room's cap: one session's worth, whatever the names.
	if out, code := r.scp(t, file("twenty", 20<<20), "bert@"+r.host+":"); code != 0 {
		t.Fatalf("scp of 20 MiB as bert = exit %d: %s", code, out)
	}
	if out, code := r.scp(t, file("twenty", 20<<20), "cilla@"+r.host+":"); code == 0 || !strings.Contains(out, "at most 32 MiB of uploads") {
		t.Errorf("a second 20 MiB upload under another name = exit %d, %q; want refused by the room's cap", code, out)
	}
	if got := r.uploads("cilla"); len(got) > 0 {
		t.Errorf("the refused upload left %v", got)
	}
	// build check --binary names an upload, never a path, and one there.
	for _, tc := range []struct{ binary, said string }{
		{"../owner", "by its name alone"},
		{"/etc/passwd", "by its name alone"},
		{"missing", "you have uploaded no missing"},
	} {
		if out, code := r.ssh(t, "anna", "build", "check", "--binary", tc.binary); code == 0 || !strings.Contains(out, tc.said) {
			t.Errorf("build check --binary %s = exit %d, %q; want refused, saying %q", tc.binary, code, out, tc.said)
		}
	}
}
