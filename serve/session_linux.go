package serve

// One learner's session: a machine of their own running the tour, on a
// pty at their terminal's size.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/creack/pty"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/machine"
)

// commands are what a learner may run in their machine instead of the
// interactive tour (ssh anna@server tour --plain): burk's own commands,
// inside the learner's machine, never on the server.
var commands = []string{"tour", "run", "steps", "glossary", "exercise", "build"}

// langOf is the learner's language: Swedish when their LANG says so.
func langOf(sess ssh.Session) i18n.Lang {
	for _, e := range sess.Environ() {
		if v, ok := strings.CutPrefix(e, "LANG="); ok && strings.HasPrefix(v, "sv") {
			return "sv"
		}
	}
	return i18n.English
}

// tell writes a message the learner reads, in their language, and ends
// the session with status 1.
func tell(sess ssh.Session, lang i18n.Lang, m i18n.Msg) {
	fmt.Fprintf(sess.Stderr(), "burk: %s\r\n", m.In(lang))
	sess.Exit(1)
}

func (s *Server) handle(sess ssh.Session) {
	if c, ok := sess.Context().Value(connKey{}).(*loginConn); ok {
		c.login() // logged in: the handshake's deadline is lifted
	}
	lang := langOf(sess)
	name := sess.User()
	if name == TeacherName {
		if cameWithKey(sess.Context()) == "" {
			tell(sess, lang, i18n.T("the teacher's view needs a key of --teacher-keys"))
			return
		}
		s.teacherView(sess, lang)
		return
	}
	if err := machine.CheckName(name); err != nil {
		tell(sess, lang, i18n.T("the name %q cannot be used: a lowercase letter, then lowercase letters, digits, - or _, at most %d (ssh anna@…)", printable(name), machine.MaxNameLen))
		return
	}
	args := []string{"tour", "--lang", string(lang)}
	ptyReq, winCh, isPty := sess.Pty()
	if cmd := sess.Command(); len(cmd) > 0 {
		if !slices.Contains(commands, cmd[0]) {
			tell(sess, lang, i18n.T("only burk's commands run here (%s), each in your machine", strings.Join(commands, ", ")))
			return
		}
		args = cmd
	} else if !isPty {
		tell(sess, lang, i18n.T("the tour needs a terminal: connect with ssh -t"))
		return
	}
	if err := s.claim(name, cameWithKey(sess.Context())); err != nil {
		if errors.Is(err, errNameTaken) {
			tell(sess, lang, i18n.T("the name %s is taken by another key: choose another name", name))
		} else {
			s.logf("%s: %v", name, err)
			tell(sess, lang, i18n.T("the server could not keep your progress; tell your teacher"))
		}
		return
	}
	l, err := s.room.join(name)
	switch {
	case errors.Is(err, errFull):
		s.logf("refused %s: the room is full", name)
		tell(sess, lang, i18n.T("the room is full (%d learners): ask your teacher", s.cfg.MaxSessions))
		return
	case errors.Is(err, errConnected):
		tell(sess, lang, i18n.T("%s is connected already: close the other connection first", name))
		return
	}
	defer s.room.leave(l)
	code, err := s.runMachine(sess, l, args, ptyReq, winCh, isPty)
	if err != nil {
		s.logf("%s: %v", name, err)
		tell(sess, lang, i18n.T("your machine could not start; tell your teacher"))
		return
	}
	sess.Exit(code)
}

// printable is name with control characters shown, for a message about it.
func printable(name string) string {
	if len(name) > 40 {
		name = name[:40] + "…"
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return '?'
		}
		return r
	}, name)
}

// runMachine runs the learner's machine until its program ends or the
// learner leaves, and returns its exit status.
func (s *Server) runMachine(sess ssh.Session, l *Learner, args []string, ptyReq ssh.Pty, winCh <-chan ssh.Window, isPty bool) (int, error) {
	ids, err := s.ids.Take()
	if err != nil {
		return 1, err
	}
	defer s.ids.Give(ids)
	cfg := machine.Config{Name: l.Name, Args: args, IDs: ids, Rootfs: s.cfg.Rootfs, Binary: s.binary, Seed: s.loadSeed(l.Name), TmpBytes: 64 << 20,
		// The learner's LANG picks the tour's language; only the two
		// values burk knows go in, never the client's text.
		Env: []string{"LANG=" + map[i18n.Lang]string{i18n.English: "C.UTF-8", "sv": "sv_SE.UTF-8"}[langOf(sess)]}}
	var stdio machine.Stdio
	var closeAfterStart []io.Closer
	// pumps copy the learner's keys and the window's size in; outputs copy
	// what the machine writes out, and are done when the machine is.
	var pumps, outputs []func()
	if isPty {
		cfg.Env = append(cfg.Env, "TERM="+ptyReq.Term)
		master, slave, err := pty.Open()
		if err != nil {
			return 1, err
		}
		defer master.Close()
		pty.Setsize(master, &pty.Winsize{Cols: uint16(ptyReq.Window.Width), Rows: uint16(ptyReq.Window.Height)})
		stdio = machine.Stdio{In: slave, Out: slave, Err: slave}
		closeAfterStart = append(closeAfterStart, slave)
		outputs = append(outputs, func() { io.Copy(sess, master) })
		pumps = append(pumps,
			func() { io.Copy(master, keys{sess, l}) },
			func() {
				for w := range winCh {
					pty.Setsize(master, &pty.Winsize{Cols: uint16(w.Width), Rows: uint16(w.Height)})
				}
			})
	} else {
		// Pipes of the server's own, so that the machine's PID 1 gets
		// files, and the copying ends when the machine does.
		inR, inW, err := os.Pipe()
		if err != nil {
			return 1, err
		}
		outR, outW, err := os.Pipe()
		if err != nil {
			return 1, err
		}
		errR, errW, err := os.Pipe()
		if err != nil {
			return 1, err
		}
		defer inW.Close()
		defer outR.Close()
		defer errR.Close()
		stdio = machine.Stdio{In: inR, Out: outW, Err: errW}
		closeAfterStart = append(closeAfterStart, inR, outW, errW)
		pumps = append(pumps, func() { io.Copy(inW, keys{sess, l}); inW.Close() })
		outputs = append(outputs, func() { io.Copy(sess, outR) }, func() { io.Copy(sess.Stderr(), errR) })
	}
	var in *inbox
	if isPty && args[0] == "tour" {
		// The interactive tour hears what the teacher says to the room.
		r, w, err := newInbox()
		if err != nil {
			return 1, err
		}
		defer w.close()
		stdio.Inbox, in = r, w
		closeAfterStart = append(closeAfterStart, r)
	}
	m, err := machine.Start(cfg, s.cgroups, s.cfg.Limits, stdio)
	for _, c := range closeAfterStart {
		c.Close()
	}
	if err != nil {
		return 1, err
	}
	l.mu.Lock()
	l.machine = m
	l.mu.Unlock()
	s.logf("%s came (machine pid %d, ids %d–%d)", l.Name, m.PID, ids.Start, ids.End()-1)
	defer func() {
		// What the machine holds now is kept before it goes: a dropped
		// connection loses nothing the tour had saved.
		s.saveState(l.Name, m.ReadState)
		m.Stop()
		s.logf("%s left", l.Name)
	}()
	for _, p := range pumps {
		go p()
	}
	var wrote sync.WaitGroup
	for _, o := range outputs {
		wrote.Go(o)
	}
	out := make(chan struct{})
	go func() {
		wrote.Wait()
		close(out) // everything the machine wrote has reached the learner
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		cast, castChanged := s.cast.get()
		select {
		case <-castChanged:
			cast, _ = s.cast.get()
			in.send(cast)
		case <-m.Done():
			// The program's last words reach the learner before the exit
			// status; the machine's output ends when its last process does.
			select {
			case <-out:
			case <-time.After(time.Second):
			}
			return m.ExitCode(), nil
		case <-sess.Context().Done():
			return 1, nil
		case <-tick.C:
			in.send(cast)
			s.poll(l, m)
			if s.cfg.Idle > 0 && l.View().Idle >= s.cfg.Idle {
				fmt.Fprintf(sess.Stderr(), "\r\nburk: %s\r\n", i18n.T("no key pressed for %v: the session ends, and your progress is kept", s.cfg.Idle).In(langOf(sess)))
				return 1, nil
			}
		}
	}
}

// poll reads the learner's tour's state out of their machine, and keeps
// it on the server's disk when it changed: a server killed with SIGKILL
// loses at most the last second.
func (s *Server) poll(l *Learner, m *machine.Machine) {
	progress, _ := m.ReadState(stateFiles[0], stateMax)
	onStage, _ := m.ReadState(stateFiles[1], stateMax)
	l.update(progress, onStage)
	if l.changed(progress, onStage) {
		s.saveState(l.Name, func(rel string, _ int64) ([]byte, error) {
			if rel == stateFiles[0] {
				return progress, nil
			}
			return onStage, nil
		})
	}
}

// keys is the learner's input, noting when they press a key.
type keys struct {
	r io.Reader
	l *Learner
}

func (k keys) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.l.pressed()
	}
	return n, err
}
