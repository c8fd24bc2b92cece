package main

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"net"
	"regexp"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// server is the burk serve under measure.
type server struct {
	addr string
	key  gossh.Signer
}

// dial logs a learner in with the room's key, as ssh -p PORT name@host does.
func (s server) dial(user string) (*gossh.Client, error) {
	cfg := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(s.key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 60 * time.Second}
	// Every learner from an address of their own, as a room's laptops
	// are: the server limits connections per address (60 at once, then 2
	// a second), and a benchmark from one address would measure that.
	d := net.Dialer{Timeout: cfg.Timeout, LocalAddr: &net.TCPAddr{IP: addressOf(user)}}
	conn, err := d.Dial("tcp", s.addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, s.addr, cfg)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("ssh %s@%s: %w", user, s.addr, err)
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// addressOf gives each name an address of its own on the loopback
// network, 127.1.0.0/16 (all of 127/8 is this machine's).
func addressOf(user string) net.IP {
	h := fnv.New32a()
	h.Write([]byte(user))
	v := h.Sum32()
	return net.IPv4(127, 1, byte(v>>8), byte(v))
}

// A step's heading in the plain tour, written once the step has run:
// "# 3. Title", or "# 3. Title — Break it: …" for its second run.
var heading = regexp.MustCompile(`^# (\d+)\. `)

// walk is one learner's tour: each step's time, in the order shown.
type walk struct {
	steps []string
	took  map[string]time.Duration
	err   error
}

// walkTour logs user in and runs the whole plain tour in their machine:
// every step runs there, as the interactive tour runs it when the learner
// moves on, and its text arrives when it is done. A step's time is from the
// previous step's text (the first: from the login) to its own.
func (s server) walkTour(user string) walk { return s.walkFrom(user, "", "") }

// walkFrom runs the plain tour from step first (all: "") and times its
// steps until the one named until ("": to the end); it then logs out, which
// ends the machine and the rest of the tour with it.
func (s server) walkFrom(user, first, until string) walk {
	w := walk{took: map[string]time.Duration{}}
	start := time.Now()
	c, err := s.dial(user)
	if err != nil {
		w.err = err
		return w
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		w.err = err
		return w
	}
	defer sess.Close()
	out, _ := sess.StdoutPipe()
	var stderr strings.Builder
	sess.Stderr = &stderr
	command := "tour --plain"
	if first != "" {
		command += " --step " + first
	}
	if err := sess.Start(command); err != nil {
		w.err = err
		return w
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	last := start
	for sc.Scan() {
		m := heading.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		now := time.Now()
		id := m[1]
		if strings.Contains(sc.Text(), " — ") {
			id += "b" // the step's break-it run
		}
		w.steps = append(w.steps, id)
		w.took[id] = now.Sub(last)
		last = now
		if id == until {
			return w
		}
	}
	if err := sess.Wait(); err != nil || (until != "" && w.took[until] == 0) {
		// The plain tour's status is 1 when a claim did not hold; a
		// walk is still a walk. A step missing is a failure.
		if len(w.steps) == 0 || until != "" {
			w.err = fmt.Errorf("%s: %s: %v: %s", user, command, err, stderr.String())
		}
	}
	return w
}

// pacedWalk walks the tour one step at a time, as a learner does: ask
// for the step (a login and tour --plain --step N, so every step also pays
// for a login and a machine's start, more than the interactive tour's key
// press), read it for think, move on. order is the steps as a whole walk
// showed them; a step's break-it run ("4b") is timed with its step.
func (s server) pacedWalk(user string, order []string, think func() time.Duration) walk {
	w := walk{took: map[string]time.Duration{}}
	for i := 0; i < len(order); i++ {
		step, until := order[i], order[i]
		if i+1 < len(order) && order[i+1] == step+"b" {
			until = order[i+1]
			i++
		}
		// A name for each step: the server lets a name in once at a
		// time, and the last step's machine may still be going.
		one := s.walkFrom(user+"-"+step, step, until)
		if one.err != nil {
			w.err = one.err
			return w
		}
		for _, id := range one.steps {
			w.steps = append(w.steps, id)
			w.took[id] = one.took[id]
		}
		if think != nil {
			time.Sleep(think())
		}
	}
	return w
}

// walkTogether has n learners walk at once, starting together, and
// returns their walks.
func (s server) walkTogether(prefix string, n int) []walk {
	done := make(chan walk, n)
	for i := range n {
		go func() { done <- s.walkTour(fmt.Sprintf("%s%d", prefix, i)) }()
	}
	walks := make([]walk, 0, n)
	for range n {
		walks = append(walks, <-done)
	}
	return walks
}

// pacedTogether has n learners walk step by step at once, each thinking
// a while between steps, their starts spread over one think.
func (s server) pacedTogether(prefix string, n int, order []string, think func() time.Duration) []walk {
	done := make(chan walk, n)
	for i := range n {
		go func() {
			time.Sleep(think())
			done <- s.pacedWalk(fmt.Sprintf("%s%d", prefix, i), order, think)
		}()
	}
	walks := make([]walk, 0, n)
	for range n {
		walks = append(walks, <-done)
	}
	return walks
}
