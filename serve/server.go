package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/burk-tui/burk/machine"
)

// Server is a served room: the SSH server, its learners' machines, and
// the room the teacher sees.
type Server struct {
	cfg      Config
	cgroups  machine.Cgroups
	ids      *machine.Allocator
	limits   *limiter
	learners keySet
	teachers keySet
	room     *Room
	cast     *caster // what the teacher says to the room (cast.go)
	signer   gossh.Signer
	binary   string // burk, alone in its directory, for the machines
	srv      *ssh.Server
	// Log is where the server says who came and went; nil is silent.
	Log io.Writer
}

// handshakeLimit is how long a connection may take to log in: a client
// that says nothing, or garbage, holds no connection longer.
const handshakeLimit = 20 * time.Second

// New checks cfg and readies the server: its host key (made on first
// start), the keys, the id ranges its machines may use.
func New(cfg Config, cgroups machine.Cgroups) (*Server, error) {
	if cfg.KeysFile == "" && cfg.Code == "" {
		return nil, ErrNoWayIn
	}
	if cfg.Code != "" && len(cfg.Code) < MinCodeLen {
		return nil, fmt.Errorf("--code: at least %d characters, so that it cannot be guessed in a lesson", MinCodeLen)
	}
	if cfg.MaxSessions < 1 {
		return nil, fmt.Errorf("--max-sessions %d: at least 1", cfg.MaxSessions)
	}
	if cfg.Dir == "" {
		cfg.Dir = DefaultDir
	}
	s := &Server{cfg: cfg, cgroups: cgroups, limits: newLimiter(), room: newRoom(cfg.MaxSessions), cast: newCaster()}
	var err error
	if s.learners, err = loadKeys(cfg.KeysFile); err != nil {
		return nil, fmt.Errorf("--keys: %w", err)
	}
	if s.teachers, err = loadKeys(cfg.TeacherKeys); err != nil {
		return nil, fmt.Errorf("--teacher-keys: %w", err)
	}
	// Searchable, not readable: each machine's root opens bin/ below it,
	// and nothing else.
	if err := os.MkdirAll(cfg.Dir, 0o711); err != nil {
		return nil, err
	}
	if err := os.Chmod(cfg.Dir, 0o711); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "learners"), 0o700); err != nil {
		return nil, err
	}
	for _, dir := range []string{cfg.Dir, cfg.Rootfs} {
		if err := searchable(dir); err != nil {
			return nil, err
		}
	}
	if s.signer, err = LoadOrMakeHostKey(cfg.Dir); err != nil {
		return nil, err
	}
	if s.binary, err = machine.CopyBinary(filepath.Join(cfg.Dir, "bin")); err != nil {
		return nil, fmt.Errorf("a copy of burk for the machines: %w", err)
	}
	s.ids = machine.NewAllocator(readOrEmpty("/etc/subuid"), readOrEmpty("/etc/subgid"), readOrEmpty("/etc/passwd"))
	opts := []ssh.Option{
		wish.WithPublicKeyAuth(s.publicKey),
		ssh.WrapConn(s.connect),
		// The last is the first to see a session: scp uploads, then a
		// build check of an upload (upload.go), then the machine.
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }, s.checkUpload, s.uploads()),
		func(srv *ssh.Server) error { srv.AddHostKey(s.signer); return nil },
		// Forwarding, agents and subsystems are refused: wish sets no
		// handler for them. A learner reaches nothing through the
		// server but their own machine.
	}
	if cfg.Code != "" {
		opts = append(opts, wish.WithPasswordAuth(s.password), wish.WithKeyboardInteractiveAuth(s.keyboardInteractive))
	}
	if s.srv, err = wish.NewServer(opts...); err != nil {
		return nil, err
	}
	return s, nil
}

func readOrEmpty(p string) string { b, _ := os.ReadFile(p); return string(b) }

// Fingerprint is the host key's, for the teacher to show the room.
func (s *Server) Fingerprint() string { return Fingerprint(s.signer) }

// Room is the learners connected now.
func (s *Server) Room() *Room { return s.room }

// connKey holds the connection in its context, so that the session can
// lift the handshake's deadline.
type connKey struct{}

// loginConn is a connection that must log in by its deadline: the SSH
// server sets deadlines of its own on every read (none, without an idle
// timeout), so until the session lifts it, every deadline set is this one.
type loginConn struct {
	net.Conn
	by       time.Time
	loggedIn atomic.Bool
}

func (c *loginConn) SetDeadline(t time.Time) error {
	if !c.loggedIn.Load() {
		t = c.by
	}
	return c.Conn.SetDeadline(t)
}

// login lifts the deadline: the connection has a session.
func (c *loginConn) login() {
	c.loggedIn.Store(true)
	c.Conn.SetDeadline(time.Time{})
}

// connect is each new connection's first check: the address's rate, and
// a deadline for the login.
func (s *Server) connect(ctx ssh.Context, conn net.Conn) net.Conn {
	if !s.limits.allowConn(host(conn.RemoteAddr())) {
		s.logf("refused %s: too many connections from it", conn.RemoteAddr())
		return nil
	}
	c := &loginConn{Conn: conn, by: time.Now().Add(handshakeLimit)}
	c.Conn.SetDeadline(c.by)
	ctx.SetValue(connKey{}, c)
	return c
}

// Serve serves the room on ln until Close.
func (s *Server) Serve(ln net.Listener) error {
	stop := make(chan struct{})
	defer close(stop)
	// A room starts with nothing said: yesterday's message is not today's.
	os.Remove(filepath.Join(s.cfg.Dir, CastFile))
	go func() {
		// The room's snapshot, for burk class on the server, and what
		// burk class said to the room.
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				os.Remove(filepath.Join(s.cfg.Dir, RoomFile))
				os.Remove(filepath.Join(s.cfg.Dir, CastFile))
				return
			case <-t.C:
				s.writeRoom()
				s.loadCast()
			}
		}
	}()
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server and every learner's machine, keeping their
// progress.
func (s *Server) Close() error {
	err := s.srv.Close()
	s.room.stopAll()
	return err
}

func (s *Server) logf(format string, a ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, time.Now().Format("15:04:05 ")+format+"\n", a...)
	}
}

// searchable checks that a machine's root, a stranger to the server, may
// walk to dir: every directory on the way lets others search it (o+x).
func searchable(dir string) error {
	if dir == "" {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for p := abs; ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if st.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("%s: the sessions cannot reach %s, because %s is not searchable by others (chmod o+x %s, or choose another place)", dir, dir, p, p)
		}
		if p == "/" {
			return nil
		}
	}
}
