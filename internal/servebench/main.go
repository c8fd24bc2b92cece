package main

import (
	"crypto/ed25519"
	crand "crypto/rand"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func main() {
	var o options
	flag.StringVar(&o.burk, "burk", "", "the burk binary")
	flag.StringVar(&o.rootfs, "rootfs", "", "the tour's root filesystem")
	flag.StringVar(&o.levels, "walkers", "1,2,3,4,8,30", "how many learners walk at once, back to back, each number in turn")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds per number of walkers (each: one alone, then all at once)")
	flag.IntVar(&o.solos, "solo-walks", 3, "walks of the one learner alone per round: a step alone takes some 20 ms, and one walk's step is noise")
	flag.IntVar(&o.paced, "paced", 30, "how many learners walk at once step by step, thinking between steps")
	flag.IntVar(&o.pacedRounds, "paced-rounds", 2, "rounds of the paced walk (each: one alone, then all at once)")
	flag.DurationVar(&o.think, "think", 2*time.Second, "a paced learner's mean time on a step (uniform, from half to one and a half of it)")
	flag.IntVar(&o.hogRounds, "hog-rounds", 6, "rounds beside the hog (each: walks on an idle server, walks beside the hog; the order turns)")
	flag.StringVar(&o.hogCPU, "hog-cpu", "1,0.5", "the sessions' CPU limits (burk serve --cpu) to measure the hog with, each in turn")
	flag.IntVar(&o.hogWalks, "hog-walks", 3, "walks of each kind per round")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "servebench:", err)
		os.Exit(1)
	}
}

type options struct {
	burk, rootfs, levels, hogCPU string
	rounds, paced, pacedRounds   int
	solos, hogRounds, hogWalks   int
	think                        time.Duration
}

func run(o options) error {
	var ns []int
	most := o.paced
	for _, f := range strings.Split(o.levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("--walkers %q: a list of numbers", o.levels)
		}
		ns, most = append(ns, n), max(most, n)
	}
	fmt.Printf("burk serve on %d CPUs, %s; every session limited to 512M and 256 pids (the defaults)\n\n", cpus(), kernel())
	// The hog beside a learner, once for each CPU limit a session may get:
	// the hog takes all of its limit, and on 2 CPUs the default (1) is half
	// the machine.
	var hogs []level
	var hogCPUs []string
	for _, cpu := range strings.Split(o.hogCPU, ",") {
		s, stop, err := startServer(o.burk, o.rootfs, 4, "--cpu", cpu)
		if err != nil {
			return err
		}
		fmt.Printf("--cpu %s:\n", cpu)
		hog, err := besideTheHog(s, o)
		stop()
		if err != nil {
			return err
		}
		hogs, hogCPUs = append(hogs, hog), append(hogCPUs, cpu)
	}
	s, stop, err := startServer(o.burk, o.rootfs, most+2)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("The crowds, every session limited to 1 CPU (the default):\n\n")
	crowd, err := crowds(s, ns, o.rounds, o.solos)
	if err != nil {
		return err
	}
	paced, err := pacedCrowd(s, o)
	if err != nil {
		return err
	}
	fmt.Println("Summary: the whole tour's ratio; the worst step's, of medians (met: under the target); the worst step's slowest tenth to its median alone")
	fmt.Printf("%-66s %6s %7s %7s %7s %4s\n", "", "tour", "step", "p90", "target", "met")
	row := func(what string, l level, target float64) {
		fmt.Printf("%-66s %5.2fx %6.2fx %6.2fx %6.1fx %4s\n", what, l.tour, l.worst, l.worst90, target, yes(l.worst <= target))
	}
	for i, hog := range hogs {
		row(fmt.Sprintf("beside a fork bomb and a memory hog (--cpu %s), vs idle", hogCPUs[i]), hog, 1.5)
	}
	largest := 0
	for _, l := range crowd {
		if l.worst <= 2 {
			largest = max(largest, l.n)
		}
		row(fmt.Sprintf("%d walking back to back, vs alone (CPUs %.0f%% busy)", l.n, 100*l.busy), l, 2)
	}
	row(fmt.Sprintf("%d walking step by step, ~%v a step, vs alone (CPUs %.0f%% busy)", paced.n, o.think, 100*paced.busy), paced, 2)
	fmt.Printf("the most learners walking back to back with every step's median under 2x: %d\n", largest)
	for i, hog := range hogs {
		fmt.Printf("the tour alone on an idle server, every session limited to --cpu %s: %.0f ms (the sum of its steps' medians)\n", hogCPUs[i], hog.aloneMs)
	}
	return nil
}

// level is one crowd's figures: the worst step's ratio to one learner
// alone (median and 90th percentile), and how busy the CPUs were.
type level struct {
	n                    int
	worst, worst90, busy float64
	tour, aloneMs        float64 // the whole tour's ratio, and its time alone
}

// besideTheHog: a learner's steps beside a session that runs a fork bomb
// and a memory hog, against the same learner's on an idle server; the
// order turns every round. It returns the worst step's ratio.
func besideTheHog(s server, o options) (level, error) {
	var idle, rude []walk
	var bit []string
	calm := func(into *[]walk) {
		for range o.hogWalks {
			*into = append(*into, s.walkTour("calm"))
		}
	}
	for r := range o.hogRounds {
		if r%2 == 0 {
			calm(&idle)
		}
		stopHog, err := s.startHog("rude")
		if err != nil {
			return level{}, err
		}
		settle()
		calm(&rude)
		bit = append(bit, hogBit("rude"))
		stopHog()
		time.Sleep(time.Second) // the hog's machine goes
		if r%2 == 1 {
			calm(&idle)
		}
	}
	if err := failed(append(idle, rude...)); err != nil {
		return level{}, err
	}
	fmt.Printf("A learner's steps beside a session running a fork bomb and a memory hog, against an idle server\n")
	fmt.Printf("(medians of %d walks each, in %d interleaved rounds; target: every step within 1.5x)\n", len(idle), o.hogRounds)
	worst, tour, idleMs := table(idle, rude, "idle ms", "hog ms", 1.5)
	fmt.Printf("the hog's session, from the server, at each round's end: %s\n\n", strings.Join(bit, "; "))
	return level{1, worst, p90Worst(idle, rude), 0, tour, idleMs}, nil
}

// crowds: n learners walking the whole tour at once, back to back (each
// moves on the moment a step is shown: the worst a room can do), against
// one alone, for each n.
func crowds(s server, ns []int, rounds, solos int) ([]level, error) {
	var summary []level
	for _, n := range ns {
		alone, together, busy := interleave(rounds, solos,
			func() walk { return s.walkTour("solo") },
			func() []walk { return s.walkTogether("w", n) })
		if err := failed(append(alone, together...)); err != nil {
			return nil, err
		}
		fmt.Printf("%d learners walking the tour at once, back to back, against one alone (medians of %d rounds, %d walks alone)\n", n, rounds, len(alone))
		w, tour, aloneMs := table(alone, together, "alone ms", fmt.Sprintf("%d at once", n), 2)
		summary = append(summary, level{n, w, p90Worst(alone, together), median(busy), tour, aloneMs})
		fmt.Println()
	}
	return summary, nil
}

// interleave runs rounds of one learner alone (solos walks) and a crowd, the order
// turning every round, and returns their walks and how busy the CPUs were
// while each crowd walked.
func interleave(rounds, solos int, solo func() walk, crowd func() []walk) (alone, together []walk, busy []float64) {
	for r := range rounds {
		one := func() {
			for range solos {
				alone = append(alone, solo())
			}
		}
		all := func() {
			before := readCPU()
			together = append(together, crowd()...)
			busy = append(busy, readCPU().busySince(before))
		}
		if r%2 == 0 {
			one()
			all()
		} else {
			all()
			one()
		}
	}
	return alone, together, busy
}

// pacedCrowd: o.paced learners walking step by step, each spending a
// while on a step as a reader does, against one alone walking the same way.
func pacedCrowd(s server, o options) (level, error) {
	order := s.walkTour("solo").steps
	think := func() time.Duration { return o.think/2 + rand.N(o.think) }
	alone, together, busy := interleave(o.pacedRounds, o.solos,
		func() walk { return s.pacedWalk("solo", order, nil) },
		func() []walk { return s.pacedTogether("p", o.paced, order, think) })
	if err := failed(append(alone, together...)); err != nil {
		return level{}, err
	}
	fmt.Printf("%d learners walking step by step at once, about %v on each step, against one alone (every step a login and tour --plain --step N; medians of %d rounds)\n", o.paced, o.think, o.pacedRounds)
	w, tour, aloneMs := table(alone, together, "alone ms", fmt.Sprintf("%d at once", o.paced), 2)
	fmt.Println()
	return level{o.paced, w, p90Worst(alone, together), median(busy), tour, aloneMs}, nil
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func failed(walks []walk) error {
	for _, w := range walks {
		if w.err != nil {
			return w.err
		}
	}
	return nil
}

// startServer starts burk serve on a free port of 127.0.0.1 with a key of
// its own for every learner; stop ends it with Ctrl-C, as a teacher does.
func startServer(burk, rootfs string, sessions int, args ...string) (server, func(), error) {
	dir, err := os.MkdirTemp("", "burk-servebench-")
	if err != nil {
		return server{}, nil, err
	}
	os.Chmod(dir, 0o755) // the machines' roots reach burk's binary below it
	_, priv, _ := ed25519.GenerateKey(crand.Reader)
	key, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return server{}, nil, err
	}
	keys := filepath.Join(dir, "room.keys")
	os.WriteFile(keys, gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return server{}, nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	log, _ := os.Create(filepath.Join(dir, "server.log"))
	cmd := exec.Command(burk, append([]string{"serve", "--listen", addr, "--rootfs", rootfs, "--keys", keys,
		"--dir", filepath.Join(dir, "state"), "--max-sessions", strconv.Itoa(sessions)}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return server{}, nil, err
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGINT)
		cmd.Wait()
		os.RemoveAll(dir)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if data, _ := os.ReadFile(log.Name()); strings.Contains(string(data), "listening on") {
			break
		} else if time.Now().After(deadline) {
			stop()
			return server{}, nil, fmt.Errorf("burk serve did not start:\n%s", data)
		}
	}
	return server{addr: addr, key: key}, stop, nil
}
