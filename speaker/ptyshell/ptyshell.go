// Package ptyshell runs a shell on a pseudo-terminal burk holds, so that
// burk can type into it as if at the keyboard: the presenter's t key types
// the step's command at a human pace (as demo-magic does for shell
// scripts), and the speaker does not type on stage.
//
// Why a pty: the shell must believe it reads a terminal (its prompt, its
// line editing, ^C), and what burk types must arrive where the learner's
// keys do. TIOCSTI, which pushes a byte into a terminal's input, would
// need no pty, but kernels since 6.2 may turn it off
// (dev.tty.legacy_tiocsti=0), and many do. With a pty of its own, burk
// writes to the master side; the learner's keys go the same way, relayed
// from the real terminal, so they work while and after it types — and the
// first of them stops the typing: the speaker has taken over.
package ptyshell

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/muesli/cancelreader"
	"golang.org/x/term"
)

// Typing is what to type into the shell once it is ready, and how fast.
type Typing struct {
	Text string
	// Min and Max bound the pause after each character: a pace with a
	// little jitter reads as typed by hand. Zero is 30 and 60 ms.
	Min, Max time.Duration
	// Settle is how long the shell's output must have been quiet before
	// typing starts: its prompt is then on the screen. Zero is 300 ms.
	Settle time.Duration
	// Enter presses return after the text.
	Enter bool
}

func (t *Typing) defaults() {
	if t.Min == 0 && t.Max == 0 {
		t.Min, t.Max = 30*time.Millisecond, 60*time.Millisecond
	}
	if t.Max < t.Min {
		t.Max = t.Min
	}
	if t.Settle == 0 {
		t.Settle = 300 * time.Millisecond
	}
}

// promptWait is the longest typing waits for the shell to print anything:
// a shell with no prompt still gets its command.
const promptWait = 5 * time.Second

// Run runs cmd on a new pseudo-terminal until it exits. What the learner
// types on in goes to the shell; what the shell prints goes to out; and
// typing's text is typed into it once it is ready. When in is a terminal
// it is put in raw mode for the shell's time — every key reaches the
// shell as it is pressed, ^C included — and the pty takes its size, and
// follows it when the window changes.
func Run(cmd *exec.Cmd, in io.Reader, out io.Writer, typing Typing) error {
	typing.defaults()
	master, slave, err := openPTY()
	if err != nil {
		return err
	}
	defer master.Close()
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		state, err := term.MakeRaw(int(f.Fd()))
		if err != nil {
			slave.Close()
			return err
		}
		defer term.Restore(int(f.Fd()), state)
		stop := followSize(f, master)
		defer stop()
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	onTerminal(cmd)
	err = cmd.Start()
	// The shell holds the slave now; burk's copy would keep the pty open
	// after the shell is gone.
	slave.Close()
	if err != nil {
		return err
	}

	printed := make(chan struct{}, 1) // a ping for each thing the shell prints
	outDone := make(chan struct{})
	go func() {
		defer close(outDone)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			if n > 0 {
				out.Write(buf[:n])
				select {
				case printed <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return // EIO: every holder of the slave has closed it
			}
		}
	}()

	// The learner's keys are read through a reader that can be stopped:
	// when the shell ends, the tour reads the terminal again, and a read
	// left waiting here would steal its next key.
	keys, err := cancelreader.NewReader(in)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return err
	}
	// A key of the learner's stops the typing: the speaker has taken
	// over (^C, or their own words), and what burk has not typed yet would
	// only garble theirs.
	pressed := make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		io.Copy(master, &keysReader{r: keys, pressed: pressed})
	}()

	shellDone := make(chan struct{})
	typed := make(chan struct{})
	go func() {
		defer close(typed)
		typeInto(master, typing, printed, shellDone, pressed)
	}()

	err = cmd.Wait()
	close(shellDone)
	<-typed
	// The relay of keys must have stopped before its reader is closed:
	// a read still waiting on a closed epoll descriptor may wake on the
	// next one made with the same number — the tour's — and take a key.
	keys.Cancel()
	stopped := func() bool {
		select {
		case <-copied:
			return true
		case <-time.After(time.Second):
			return false
		}
	}
	if !stopped() {
		master.Close() // a write to a pty nobody reads: end it
	}
	if stopped() {
		keys.Close()
	} // else a reader that cannot be cancelled is left to its end, open

	// What the shell printed last is shown before the tour comes back.
	select {
	case <-outDone:
	case <-time.After(time.Second):
	}
	return err
}

// keysReader is the learner's keys; pressed is closed at the first.
type keysReader struct {
	r       io.Reader
	pressed chan struct{}
	once    sync.Once
}

func (k *keysReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.once.Do(func() { close(k.pressed) })
	}
	return n, err
}

// typeInto types t.Text into w once the shell is ready: it has printed
// something, and then nothing for t.Settle. It stops when the shell ends
// or the learner presses a key.
func typeInto(w io.Writer, t Typing, printed, shellDone, pressed <-chan struct{}) {
	if t.Text == "" {
		return
	}
	stop := make(chan struct{})
	go func() {
		select {
		case <-shellDone:
		case <-pressed:
		}
		close(stop)
	}()
	first := time.NewTimer(promptWait)
	defer first.Stop()
	select {
	case <-printed:
	case <-first.C:
	case <-stop:
		return
	}
	for quiet := false; !quiet; {
		select {
		case <-printed:
		case <-time.After(t.Settle):
			quiet = true
		case <-stop:
			return
		}
	}
	pace := func() time.Duration {
		return t.Min + time.Duration(rand.Int64N(int64(t.Max-t.Min)+1))
	}
	for _, r := range t.Text {
		if _, err := io.WriteString(w, string(r)); err != nil {
			return
		}
		select {
		case <-time.After(pace()):
		case <-stop:
			return
		}
	}
	if t.Enter {
		// A breath before return, as a speaker would take.
		select {
		case <-time.After(4 * pace()):
		case <-stop:
			return
		}
		io.WriteString(w, "\r")
	}
}

// ErrNoPTY is the error where this system offers burk no pseudo-terminal.
var ErrNoPTY = errors.New("typing into the shell needs a pseudo-terminal, which burk makes only on Linux")
