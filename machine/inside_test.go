package machine_test

// What the test binary does inside a machine, as its root: it reports
// what it sees, and tries what a learner must not be able to do. Each
// line is "name: what happened".

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

func inside(args []string) int {
	if len(args) == 0 {
		return 2
	}
	switch args[0] {
	case "facts":
		facts()
	case "attack":
		attack(args[1:])
	case "plant":
		plant()
		time.Sleep(time.Minute)
	case "sleep":
		time.Sleep(time.Minute)
	case "hog":
		// Touch every page, so the memory is really used.
		var keep [][]byte
		for range 1024 {
			b := make([]byte, 1<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
		fmt.Println(len(keep))
	case "ignore-term":
		// A program that ignores SIGTERM and SIGHUP, as a careless
		// learner's may.
		signal.Ignore(unix.SIGTERM, unix.SIGHUP, unix.SIGINT)
		time.Sleep(time.Minute)
	default:
		return 2
	}
	return 0
}

func say(name string, format string, a ...any) {
	fmt.Printf("%s: %s\n", name, fmt.Sprintf(format, a...))
}

func facts() {
	host, _ := os.Hostname()
	say("hostname", "%s", host)
	say("pid", "%d", os.Getpid())
	entries, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err == nil {
			pids = append(pids, e.Name())
		}
	}
	say("procs", "%s", strings.Join(pids, " "))
	m, _ := os.ReadFile("/proc/self/uid_map")
	say("uid_map", "%s", strings.Join(strings.Fields(string(m)), " "))
	ifs, _ := net.Interfaces()
	var names []string
	for _, i := range ifs {
		names = append(names, i.Name)
	}
	say("interfaces", "%s", strings.Join(names, " "))
	root, _ := os.ReadDir("/")
	var top []string
	for _, e := range root {
		top = append(top, e.Name())
	}
	say("root", "%s", strings.Join(top, " "))
	cg, _ := os.ReadFile("/proc/self/cgroup")
	say("cgroup", "%s", strings.Join(strings.Fields(string(cg)), " "))
	say("uid", "%d", os.Getuid())
}

// attack tries, as root of the machine, what must stay out of its reach.
// args: the server's pid, a port the server listens on at 127.0.0.1, a
// path of another machine's state.
func attack(args []string) {
	serverPID, _ := strconv.Atoi(args[0])
	port, other := args[1], args[2]
	errOf := func(err error) string {
		if err == nil {
			return "ALLOWED"
		}
		var errno unix.Errno
		if errors.As(err, &errno) {
			return unix.ErrnoName(errno)
		}
		return err.Error()
	}
	say("kill-server", "%s", errOf(unix.Kill(serverPID, unix.SIGKILL)))
	say("kill-all", "%s", errOf(unix.Kill(-1, unix.SIGKILL)))
	say("settime", "%s", errOf(unix.ClockSettime(unix.CLOCK_REALTIME, &unix.Timespec{Sec: 1})))
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second)
	if c != nil {
		c.Close()
	}
	say("server-port", "%s", errOf(err))
	c, err = net.DialTimeout("udp", "8.8.8.8:53", time.Second)
	if err == nil {
		_, err = c.Write([]byte("x"))
		c.Close()
	}
	say("network", "%s", errOf(err))
	_, err = os.Stat(other)
	say("other-state", "%s", errOf(err))
	say("write-root", "%s", errOf(os.WriteFile("/pwned", nil, 0o644)))
	say("write-burk", "%s", errOf(os.WriteFile("/.burk/burk", []byte("x"), 0o755)))
	rootfs := os.Getenv("BURK_ROOTFS")
	say("write-rootfs", "%s", errOf(os.WriteFile(rootfs+"/bin/pwned", nil, 0o644)))
	say("mount-tmpfs", "%s", errOf(unix.Mount("t", "/tmp", "tmpfs", 0, "size=1m")))
	say("raise-limit", "%s", errOf(raiseLimit()))
	say("mknod", "%s", errOf(unix.Mknod("/tmp/sda", unix.S_IFBLK|0o600, int(unix.Mkdev(8, 0)))))
	say("sethostname", "%s", errOf(unix.Sethostname([]byte("pwned"))))
	// Disk: /tmp is the only place to write, and it has a size.
	unix.Unmount("/tmp", 0)
	f, err := os.Create("/tmp/fill")
	if err == nil {
		buf := make([]byte, 1<<20)
		for range 1024 {
			if _, err = f.Write(buf); err != nil {
				break
			}
		}
		f.Close()
		os.Remove("/tmp/fill")
	}
	say("fill-tmp", "%s", errOf(err))
	// Pids: fork until refused.
	var kids []*exec.Cmd
	err = nil
	for range 4096 {
		k := exec.Command("/proc/self/exe", "sleep")
		if err = k.Start(); err != nil {
			break
		}
		kids = append(kids, k)
	}
	say("fork-bomb", "%s after %d", errOf(err), len(kids))
	for _, k := range kids {
		k.Process.Kill()
		k.Wait()
	}
	// Memory: a hog in a child, so the OOM killer has one to pick.
	hog := exec.Command("/proc/self/exe", "hog")
	out, err := hog.CombinedOutput()
	say("memory-hog", "%s %s", errOf(err), strings.TrimSpace(string(out)))
}

// raiseLimit mounts the machine's cgroups (v1's memory hierarchy, else
// cgroup2), which its cgroup namespace allows, and tries to lift its own
// memory limit.
func raiseLimit() error {
	dir := "/run/cg"
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	if unix.Mount("cgroup", dir, "cgroup", 0, "memory") == nil {
		defer unix.Unmount(dir, 0)
		return os.WriteFile(dir+"/memory.limit_in_bytes", []byte("-1"), 0)
	}
	if err := unix.Mount("cgroup2", dir, "cgroup2", 0, ""); err != nil {
		return err
	}
	defer unix.Unmount(dir, 0)
	return os.WriteFile(dir+"/memory.max", []byte("max"), 0)
}

// plant leaves in the learner's state directory what a learner could to
// trip the server that reads it, then says it is ready.
func plant() {
	dir := os.Getenv("XDG_STATE_HOME") + "/burk/"
	os.Symlink("/etc", dir+"evil") // a directory on the way: refused as a symlink
	unix.Mkfifo(dir+"fifo", 0o600)
	os.WriteFile(dir+"big", make([]byte, 2<<20), 0o600)
	os.WriteFile(dir+"ready", []byte("yes"), 0o600)
}
