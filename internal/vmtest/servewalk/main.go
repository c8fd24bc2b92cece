// Command servewalk is a learner and an onlooker in the guest of
// TestServeOnCgroupV2: it logs into the burk serve running there (with
// golang.org/x/crypto/ssh: the guest has no ssh client), walks the plain
// tour from the cgroups step, and meanwhile watches the session's cgroups
// from the guest's host, as root there. It writes "BURKVM" lines: each
// claim of the cgroups step as the session showed it, and what the host
// saw the session's limits do.
//
// Usage: servewalk ADDR USER CODE STEP
package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Println("BURKVM error usage: servewalk ADDR USER CODE STEP")
		os.Exit(2)
	}
	addr, user, code, step := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	var seen watch
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { seen.poll(user, stop); close(done) }()
	held, skipped, failed, err := walk(addr, user, code, step)
	close(stop)
	<-done
	if err != nil {
		fmt.Printf("BURKVM error %v\n", err)
	}
	fmt.Printf("BURKVM result held=%d skipped=%d failed=%d oom_kill=%d pids_max=%d cgroup=%s\n",
		held, skipped, failed, seen.oomKill, seen.pidsMax, seen.where())
}

// walk logs in with the class code and runs tour --plain from step; it
// counts the first step's claims by their marks (✓ held, ○ skipped, ✗
// failed) and logs out when the next step begins.
func walk(addr, user, code, step string) (held, skipped, failed int, err error) {
	cfg := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.Password(code)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute}
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("ssh %s@%s: %w", user, addr, err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return 0, 0, 0, err
	}
	defer s.Close()
	out, _ := s.StdoutPipe()
	var stderr strings.Builder
	s.Stderr = &stderr
	if err := s.Start("tour --plain --step " + step); err != nil {
		return 0, 0, 0, err
	}
	headings := 0
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# ") {
			if headings++; headings > 1 {
				return held, skipped, failed, nil
			}
		}
		if headings != 1 {
			continue
		}
		switch {
		case strings.HasPrefix(line, "- ✓"):
			held++
		case strings.HasPrefix(line, "- ○"):
			skipped++
		case strings.HasPrefix(line, "- ✗"):
			failed++
		case strings.HasPrefix(line, "  - seen: "), strings.HasPrefix(line, "  - skipped: "):
		default:
			continue
		}
		fmt.Printf("BURKVM detail serve %s\n", line)
	}
	s.Wait()
	return held, skipped, failed, fmt.Errorf("the tour ended before the step after %s: %s", step, stderr.String())
}

// watch is what the host saw in the session's cgroups: the most OOM kills
// (memory.events, which counts the cgroups below too) and the most forks
// refused at pids.max (pids.events, which on these kernels counts only
// its own cgroup's, so every cgroup of the session is read) at any one
// time. The tour removes its cgroups after the step, and the session's
// goes with it, so they are read while the learner walks.
type watch struct {
	mu               sync.Mutex
	oomKill, pidsMax int
	dirs             map[string]bool
}

func (w *watch) poll(user string, stop <-chan struct{}) {
	w.dirs = map[string]bool{}
	for {
		select {
		case <-stop:
			return
		case <-time.After(20 * time.Millisecond):
		}
		tops, _ := filepath.Glob("/sys/fs/cgroup/burk-*-" + user)
		for _, top := range tops {
			filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
				if err != nil || !d.IsDir() {
					return nil
				}
				w.mu.Lock()
				defer w.mu.Unlock()
				w.dirs[top] = true
				if n := count(p, "memory.events", "oom_kill"); n > w.oomKill {
					w.oomKill = n
				}
				if n := count(p, "pids.events", "max"); n > w.pidsMax {
					w.pidsMax = n
				}
				return nil
			})
		}
	}
}

// where names the session's cgroups the host found.
func (w *watch) where() string {
	var d []string
	for k := range w.dirs {
		d = append(d, k)
	}
	if len(d) == 0 {
		return "none"
	}
	return strings.Join(d, ",")
}

func count(dir, file, key string) int {
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok && k == key {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}
