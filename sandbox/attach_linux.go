package sandbox

// A container burk did not start: a learner's runtime started it, with
// burk's probe (probe_linux.go) as its command. burk looks at it as at one
// of its own — the same Container, the same requests — so that the tour's
// probes and claims check it unchanged.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/trace"
)

// ProbeLink is burk's end of a probe's channel: requests go to the probe's
// stdin, and its replies are picked out of its stdout by their token.
type ProbeLink struct {
	token   string
	replies *os.File // what the probe said, token stripped
	dec     *json.Decoder
	req     io.Writer
}

// maxProbeLine bounds one line of the probe's stdout: a reply carries a
// command's output, which the probe caps at 320 KiB, JSON-escaped.
const maxProbeLine = 4 << 20

// NewProbeLink reads stdout, the runtime's, until it ends: lines that start
// with token are the probe's replies, every other byte goes to other. stdin
// is the runtime's stdin, which it passes on to the probe.
func NewProbeLink(token string, stdout io.Reader, stdin io.Writer, other io.Writer) (*ProbeLink, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("the probe's channel: %w", err)
	}
	go func() {
		defer w.Close()
		in := bufio.NewReaderSize(stdout, 64<<10)
		var line []byte
		for {
			chunk, isPrefix, err := in.ReadLine()
			if len(line)+len(chunk) <= maxProbeLine {
				line = append(line, chunk...)
			}
			if err != nil {
				if len(line) > 0 {
					other.Write(line)
				}
				return
			}
			if isPrefix {
				continue
			}
			if rest, ok := bytes.CutPrefix(line, []byte(token)); ok {
				w.Write(append(rest, '\n'))
			} else {
				other.Write(append(line, '\n'))
			}
			line = line[:0]
		}
	}()
	return &ProbeLink{token: token, replies: r, dec: json.NewDecoder(r), req: stdin}, nil
}

// Ready waits for the probe's first reply, for at most timeout, or until
// gone is closed (the runtime exited) and the channel has nothing more.
func (l *ProbeLink) Ready(ctx context.Context, gone <-chan struct{}, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() {
		var r reply
		err := l.dec.Decode(&r)
		if err == nil && r.Kind != replyReady {
			err = fmt.Errorf("the probe said %q first", r.Kind)
		}
		done <- err
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var why error
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		why = ctx.Err()
	case <-timer.C:
		why = fmt.Errorf("no word from the probe in %v", timeout)
	case <-gone:
		// What the probe wrote before the runtime exited is still to read.
		select {
		case err := <-done:
			return err
		case <-time.After(200 * time.Millisecond):
		}
		why = errors.New("the runtime exited")
	}
	l.replies.SetReadDeadline(time.Now())
	<-done
	l.replies.SetReadDeadline(time.Time{})
	return why
}

// Exit asks the probe to exit with code: the container's command ends.
func (l *ProbeLink) Exit(code int) error {
	return json.NewEncoder(l.req).Encode(request{Op: opExit, Args: []string{strconv.Itoa(code)}})
}

// Attached is what Attach needs of a container burk did not start.
type Attached struct {
	// Spec is what the container is meant to be: the step's.
	Spec Spec
	// Pid is the probe's pid on the host: the container's command.
	Pid  int
	Link *ProbeLink
	// ProcCgroup is the probe's /proc/PID/cgroup, and Own burk's.
	ProcCgroup, Own string
	// Gone is closed when the runtime has exited.
	Gone <-chan struct{}
	// BeforeClose runs first in Close, while the container still lives;
	// Undo last, once its processes are killed.
	BeforeClose func()
	Undo        func() error
}

// Attach makes a Container of a running probe, for the steps to look at
// as at one of burk's own. Its Close kills the probe and its cgroup's
// processes, and runs a.Undo.
func Attach(a Attached) (*Container, error) {
	info, err := cgroup.Detect()
	if err != nil && !InLab() {
		return nil, err
	}
	if err != nil {
		// A served machine on a cgroup v1 host has no cgroup filesystem:
		// the container has no cgroup to read, as in a lab without one.
		info = cgroup.Info{}
	}
	start := time.Now()
	c := &Container{spec: a.Spec, start: start, pid: a.Pid, exited: make(chan struct{}), stderr: &bytes.Buffer{},
		host: trace.New(trace.HostSide, start), inner: trace.New(trace.ContainerSide, start),
		ctl: a.Link.replies, dec: a.Link.dec, enc: json.NewEncoder(a.Link.req), beforeClose: a.BeforeClose}
	c.cg = cgroup.Adopt(info, a.ProcCgroup, a.Own, a.Spec.Limits, c.host)
	go func() {
		<-a.Gone
		close(c.exited)
	}()
	if a.Undo != nil {
		c.undo = append(c.undo, a.Undo)
	}
	return c, nil
}
