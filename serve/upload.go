package serve

// Build your own in a session: a learner builds their runtime on their
// own computer (GOOS=linux go build, on a Mac too), uploads it with scp,
// and checks it in their machine:
//
//	scp -O -P 2222 rt anna@server:
//	ssh -p 2222 anna@server build check --binary rt
//
// The upload lands in the learner's own directory on the server,
// Dir/learners/<name>/upload/, which only the server writes (mode 0700)
// and no machine sees: one flat directory, names of a few safe
// characters, uploadMax bytes in all. What the client names is only ever
// a name in it: a path (../, /etc/…), a directory, a file past the limit
// is refused, and nothing is written. scp -O: OpenSSH's scp speaks SFTP
// unless told otherwise, and serve offers no SFTP (no subsystem at all).
//
// The check: the session's command names the upload, and the machine's
// burk build check reads it from its standard input (--binary -) into
// the machine's own /tmp, a tmpfs of the machine's size. The server never
// puts a learner's file in a path a machine can reach.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/scp"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/machine"
)

// uploadMax is the most bytes a learner's uploads may hold in all: a
// static Go runtime is a few MiB.
const uploadMax = 32 << 20

// uploadName is what an uploaded file may be called: no slash, no dot
// first (so neither . nor .. nor a hidden file), a few safe characters.
var uploadName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$`)

func (s *Server) uploadDir(name string) string { return filepath.Join(s.learnerDir(name), "upload") }

// uploads is the scp middleware: uploads into the learner's directory,
// and no downloads.
func (s *Server) uploads() wish.Middleware { return scp.Middleware(nil, uploadHandler{s}) }

// uploadHandler writes what scp -t sends.
type uploadHandler struct{ s *Server }

// Mkdir refuses directories: scp -r sends them.
func (h uploadHandler) Mkdir(sess ssh.Session, _ *scp.DirEntry) error {
	return h.refuse(sess, i18n.T("only one file at a time can be uploaded, not a directory (scp -O -P 2222 FILE %s@SERVER:)", sess.User()))
}

// Write checks who is uploading, and what name and size, then writes the
// file into the learner's upload directory, replacing one of that name.
func (h uploadHandler) Write(sess ssh.Session, e *scp.FileEntry) (int64, error) {
	s := h.s
	if c, ok := sess.Context().Value(connKey{}).(*loginConn); ok {
		c.login() // an upload may take longer than the login may
	}
	name := sess.User()
	if name == TeacherName || machine.CheckName(name) != nil {
		return 0, h.refuse(sess, i18n.T("uploads are a learner's: log in as your name (scp -O -P 2222 FILE anna@SERVER:)"))
	}
	if err := s.claim(name, cameWithKey(sess.Context())); err != nil {
		return 0, h.refuse(sess, i18n.T("the name %s is taken by another key: choose another name", name))
	}
	file, ok := uploadTarget(scp.GetInfo(sess.Command()).Path, e.Name)
	if !ok {
		return 0, h.refuse(sess, i18n.T("%q cannot be uploaded to: an upload is a name of its own (up to 64 letters, digits, . _ -, not starting with . or -), never a path; scp -O -P 2222 FILE %s@SERVER: keeps the file's name", printable(filepath.Join(scp.GetInfo(sess.Command()).Path, e.Name)), name))
	}
	dir := s.uploadDir(name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, err
	}
	if held := uploadsSize(dir, file); e.Size < 0 || held+e.Size > uploadMax {
		return 0, h.refuse(sess, i18n.T("%s is %d bytes, and your uploads may hold %d MiB in all (%d bytes are in use): a runtime built with CGO_ENABLED=0 is a few MiB", file, e.Size, uploadMax>>20, held))
	}
	// Anyone with the class code may take a new name: the server's disk
	// holds at most a full room's uploads, whatever the names.
	if all := s.allUploadsSize(name, file); all+e.Size > int64(s.cfg.MaxSessions)*uploadMax {
		return 0, h.refuse(sess, i18n.T("the server keeps at most %d MiB of uploads, and they are full: tell your teacher", int64(s.cfg.MaxSessions)*uploadMax>>20))
	}
	// A new file, then renamed over the old: a broken upload leaves the
	// last good one.
	tmp := filepath.Join(dir, ".new-"+file)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if errors.Is(err, os.ErrExist) {
		os.Remove(tmp)
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	}
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, io.LimitReader(e.Reader, e.Size))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || n != e.Size {
		os.Remove(tmp)
		return n, fmt.Errorf("upload %s: %d of %d bytes: %v", file, n, e.Size, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, file)); err != nil {
		os.Remove(tmp)
		return n, err
	}
	s.logf("%s uploaded %s (%d bytes)", name, file, n)
	return n, nil
}

// refuse tells the learner why, in their language, and is the error scp
// ends with.
func (h uploadHandler) refuse(sess ssh.Session, m i18n.Msg) error {
	return errors.New(m.In(langOf(sess)))
}

// uploadTarget is the name an upload is kept under: scp -t's target when
// it names a file, else the name the client sent; ok only when that is a
// plain name. The target "." or "" is the upload directory itself.
func uploadTarget(target, sent string) (string, bool) {
	name := sent
	if target != "" && target != "." {
		name = target
	}
	return name, uploadName.MatchString(name)
}

// uploadsSize is the bytes the directory's files hold, but the one an
// upload of name would replace.
func uploadsSize(dir, name string) int64 {
	var n int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.Name() != name && info.Mode().IsRegular() {
			n += info.Size()
		}
	}
	return n
}

// allUploadsSize is the bytes every learner's uploads hold, but the one
// name's upload of file would replace.
func (s *Server) allUploadsSize(name, file string) int64 {
	var n int64
	learners, _ := os.ReadDir(filepath.Join(s.cfg.Dir, "learners"))
	for _, l := range learners {
		skip := ""
		if l.Name() == name {
			skip = file
		}
		n += uploadsSize(s.uploadDir(l.Name()), skip)
	}
	return n
}

// checkUpload is the middleware that gives a learner's build check their
// upload: `build check … --binary NAME` runs in the machine as
// `build check … --binary -`, with the file as its standard input. Other
// sessions pass through.
func (s *Server) checkUpload(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		cmd := sess.Command()
		i := slices.Index(cmd, "--binary")
		if len(cmd) < 2 || cmd[0] != "build" || cmd[1] != "check" || i < 0 || i+1 >= len(cmd) || cmd[i+1] == "-" {
			next(sess)
			return
		}
		lang := langOf(sess)
		name, file := sess.User(), cmd[i+1]
		if !uploadName.MatchString(file) || machine.CheckName(name) != nil {
			tell(sess, lang, i18n.T("--binary names a file you uploaded (scp -O -P 2222 FILE %s@SERVER:), by its name alone", name))
			return
		}
		if _, _, isPty := sess.Pty(); isPty {
			tell(sess, lang, i18n.T("build check --binary reads your upload without a terminal: connect without -t"))
			return
		}
		if err := s.claim(name, cameWithKey(sess.Context())); err != nil {
			next(sess) // the session says why
			return
		}
		f, err := os.Open(filepath.Join(s.uploadDir(name), file))
		if err != nil {
			tell(sess, lang, i18n.T("you have uploaded no %s: scp -O -P 2222 %s %s@SERVER: first", file, file, name))
			return
		}
		defer f.Close()
		args := slices.Clone(cmd)
		args[i+1] = "-"
		next(uploadSession{Session: sess, cmd: args, in: f})
	}
}

// uploadSession is a session whose command reads the upload, not the
// learner's input.
type uploadSession struct {
	ssh.Session
	cmd []string
	in  io.Reader
}

func (u uploadSession) Command() []string          { return u.cmd }
func (u uploadSession) RawCommand() string         { return strings.Join(u.cmd, " ") }
func (u uploadSession) Read(p []byte) (int, error) { return u.in.Read(p) }
