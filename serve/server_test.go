package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

func testKey(t *testing.T) (gossh.PublicKey, string) {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k, string(gossh.MarshalAuthorizedKey(k))
}

// Neither keys nor a code: nobody could come in, so burk serve says so
// and does not start; a short code could be guessed in a lesson.
func TestNewRefusesARoomNobodyCouldEnter(t *testing.T) {
	dir := openDir(t)
	if _, err := New(Config{Dir: dir, MaxSessions: 1}, nil); !errors.Is(err, ErrNoWayIn) {
		t.Errorf("New without keys or a code: %v, want %v", err, ErrNoWayIn)
	}
	if _, err := New(Config{Dir: dir, Code: "abc", MaxSessions: 1}, nil); err == nil {
		t.Error("New with a 3-letter code started")
	}
	if _, err := os.Stat(filepath.Join(dir, HostKeyName)); err == nil {
		t.Error("a refused start made a host key")
	}
}

// The host key is made on the first start and kept: the second start
// shows the room the same fingerprint.
func TestHostKeyIsKept(t *testing.T) {
	dir := openDir(t)
	a, err := New(Config{Dir: dir, Code: "tulpan42", MaxSessions: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{Dir: dir, Code: "tulpan42", MaxSessions: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Fingerprint() != b.Fingerprint() {
		t.Errorf("fingerprints %s then %s: the key was not kept", a.Fingerprint(), b.Fingerprint())
	}
	if st, err := os.Stat(filepath.Join(dir, HostKeyName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("host key file: %v, %v; want mode 0600", st, err)
	}
}

// fakeCtx is the part of ssh.Context the login checks read.
type fakeCtx struct {
	ssh.Context
	user   string
	values map[any]any
}

func (c *fakeCtx) User() string         { return c.user }
func (c *fakeCtx) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 5000} }
func (c *fakeCtx) SetValue(k, v any)    { c.values[k] = v }
func (c *fakeCtx) Value(k any) any      { return c.values[k] }
func newCtx(user string) *fakeCtx       { return &fakeCtx{user: user, values: map[any]any{}} }

// Who may come in: a learner's key as any learner, never as the teacher;
// the teacher's key as the teacher; the code for learners only.
func TestLogins(t *testing.T) {
	dir := openDir(t)
	learner, learnerLine := testKey(t)
	teacher, teacherLine := testKey(t)
	os.WriteFile(filepath.Join(dir, "room.keys"), []byte(learnerLine), 0o600)
	os.WriteFile(filepath.Join(dir, "teacher.keys"), []byte(teacherLine), 0o600)
	s, err := New(Config{Dir: dir, Code: "tulpan42", MaxSessions: 1, KeysFile: filepath.Join(dir, "room.keys"), TeacherKeys: filepath.Join(dir, "teacher.keys")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user string
		key  gossh.PublicKey
		want bool
	}{
		{"anna", learner, true},
		{"anna", teacher, false},
		{TeacherName, teacher, true},
		{TeacherName, learner, false},
	} {
		if got := s.publicKey(newCtx(tc.user), tc.key); got != tc.want {
			t.Errorf("%s with the %v key: %v, want %v", tc.user, tc.key == learner, got, tc.want)
		}
	}
	if !s.password(newCtx("anna"), "tulpan42") || s.password(newCtx(TeacherName), "tulpan42") || s.password(newCtx("anna"), "tulpan43") {
		t.Error("the class code: right for a learner, never for the teacher, wrong code refused")
	}
	// A name is its first key's.
	if err := s.claim("anna", "SHA256:one"); err != nil {
		t.Fatal(err)
	}
	if err := s.claim("anna", "SHA256:two"); !errors.Is(err, errNameTaken) {
		t.Errorf("anna with another key: %v, want %v", err, errNameTaken)
	}
	if err := s.claim("anna", ""); !errors.Is(err, errNameTaken) {
		t.Errorf("anna, a key's name, with the class code: %v, want %v", err, errNameTaken)
	}
}

// openDir is a directory others may search, as a server's must be.
func openDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "burk-serve-unit-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// A server whose directory the sessions could not reach says so at start,
// not at the first learner.
func TestNewRefusesAPrivateDirectory(t *testing.T) {
	if _, err := New(Config{Dir: filepath.Join(t.TempDir(), "serve"), Code: "tulpan42", MaxSessions: 1}, nil); err == nil || !strings.Contains(err.Error(), "not searchable") {
		t.Errorf("New under a directory private to root: %v, want refused", err)
	}
}
