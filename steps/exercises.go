package steps

// The exercises: a task per step for the learner's shell, and its check.
// A check reads the container's real state while it still runs — it execs
// inside, and reads the host through Host — never what the learner typed,
// so a command that does nothing can never pass (exercises_test.go runs
// every exercise with true and expects ✗).

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/sandbox"
)

// Exercise is a task for the learner's shell at one step, and the check of
// it against the container's real state.
type Exercise struct {
	ID   string
	Task i18n.Msg
	// Solution is a shell command that does the task: what a teacher shows
	// afterwards, and what the tests run to prove the check can pass.
	Solution string
	// Needs are the commands the task needs in the container's rootfs: a
	// rootfs without one (a bare busybox has no ipcmk) cannot do the
	// task, and the exercise is skipped with that reason, never ✗ or ✓.
	Needs []string
	check func(ctx context.Context, x *ExerciseRun) (held bool, seen i18n.Msg)
}

// ExerciseResult is one exercise, checked.
type ExerciseResult struct {
	StepID     string
	ExerciseID string
	Task       i18n.Msg
	Held       bool
	// Skipped is set, and Held is not, when the container's rootfs lacks a
	// command the task needs; Seen then says which.
	Skipped bool
	// Seen is what the check saw: when the exercise did not pass, what the
	// container and the host were like instead.
	Seen i18n.Msg
}

// ExerciseRun is a running container at a step, as the exercise checks see
// it: they exec inside, and read the host through Host.
//
// It is made when the container starts, before the learner's command runs,
// and checked after the command ends and before the container is closed:
// the shell of the tour and burk exercise check both do it that way.
type ExerciseRun struct {
	c    *sandbox.Container
	host Host
	spec sandbox.Spec
	step *Step
	// hostnameBefore is the host's hostname before the command ran.
	hostnameBefore string
}

// NewExerciseRun notes what the checks compare with, before the learner's
// command runs in c, a container of step.
func NewExerciseRun(c *sandbox.Container, host Host, spec sandbox.Spec, step *Step) *ExerciseRun {
	x := &ExerciseRun{c: c, host: host, spec: spec, step: step}
	x.hostnameBefore, _ = host.Hostname()
	return x
}

// Check checks every exercise of the step against the container as it is
// now. The container must still run.
func (x *ExerciseRun) Check(ctx context.Context) []ExerciseResult {
	var out []ExerciseResult
	for _, ex := range x.step.Exercises {
		r := ExerciseResult{StepID: x.step.ID, ExerciseID: ex.ID, Task: ex.Task}
		if missing := x.missing(ctx, ex.Needs); len(missing) > 0 {
			r.Skipped, r.Seen = true, i18n.T("this rootfs has no %s, which the task needs (burk rootfs builds one that has)", strings.Join(missing, ", "))
		} else {
			r.Held, r.Seen = ex.check(ctx, x)
		}
		out = append(out, r)
	}
	return out
}

// missing are the commands of names the container cannot run: the shell
// inside finds them on its PATH, or not. (Its output is not redirected:
// before pivot-root a bare rootfs's /dev is an empty directory, with no
// /dev/null to send it to.)
func (x *ExerciseRun) missing(ctx context.Context, names []string) []string {
	var out []string
	for _, n := range names {
		if res := x.inside(ctx, "sh", "-c", `command -v "$1"`, "sh", n); res.ExitCode != 0 {
			out = append(out, n)
		}
	}
	return out
}

// inside runs a command in the container; a command that could not start
// is a result too.
func (x *ExerciseRun) inside(ctx context.Context, args ...string) sandbox.ExecResult {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	res, err := x.c.Exec(ctx, args...)
	if err != nil {
		res = sandbox.ExecResult{Args: args, ExitCode: -1, StartErr: err.Error()}
	}
	return res
}

// hostnameInside is the container's hostname, as uname(2) inside says it.
func (x *ExerciseRun) hostnameInside(ctx context.Context) string {
	return strings.TrimSpace(x.inside(ctx, "cat", "/proc/sys/kernel/hostname").Stdout)
}

// mountsInside is the container's own mount table.
func (x *ExerciseRun) mountsInside(ctx context.Context) []mountinfo.Mount {
	m, _ := mountinfo.Parse([]byte(x.inside(ctx, "cat", "/proc/self/mountinfo").Stdout))
	return m
}

// hostMountsUnder are the host's mounts under the rootfs of type fstype.
func (x *ExerciseRun) hostMountsUnder(fstype string) []string {
	mounts, _ := x.host.Mounts()
	var out []string
	for _, m := range sandbox.MountsUnder(mounts, x.spec.Rootfs) {
		if m.FSType == fstype {
			out = append(out, m.MountPoint)
		}
	}
	return out
}

// ExerciseByID returns the step's exercise with the given id.
func (s *Step) ExerciseByID(id string) (*Exercise, error) {
	for _, ex := range s.Exercises {
		if ex.ID == id {
			return ex, nil
		}
	}
	return nil, fmt.Errorf("step %s has no exercise %q", s.ID, id)
}

// ExerciseHostname is the name the exercises give the container.
const ExerciseHostname = "klass42"

var exRenameHost = &Exercise{
	ID:       "rename-host",
	Task:     i18n.T("Rename the container: hostname %s. Nothing is isolated yet, so the host is renamed too (burk puts its name back when the container closes).", ExerciseHostname),
	Solution: "hostname " + ExerciseHostname,
	Needs:    []string{"hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		host, _ := x.host.Hostname()
		inside := x.hostnameInside(ctx)
		return host == ExerciseHostname && inside == ExerciseHostname,
			i18n.T("the host's hostname is %q, the container's %q", host, inside)
	},
}

var exMountProc = &Exercise{
	ID:       "mount-proc",
	Task:     i18n.T("Make ps work inside the chroot: mount a proc filesystem on /proc. Then look for it in the host's mount table."),
	Solution: "mount -t proc proc /proc && ps",
	Needs:    []string{"mount", "ps"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		onHost := x.hostMountsUnder("proc")
		dirs := pidDirs(x.inside(ctx, "ls", "/proc").Stdout)
		return len(onHost) > 0 && len(dirs) > 0,
			i18n.T("proc mounts under the rootfs in the host's table: %d; process directories in the container's /proc: %d", len(onHost), len(dirs))
	},
}

var exMountLeaks = &Exercise{
	ID:       "mount-leaks",
	Task:     i18n.T("Mount a tmpfs on /tmp inside, and find it in the host's mount table: without a mount namespace, the container's mounts are the host's."),
	Solution: "mount -t tmpfs " + ExerciseHostname + " /tmp",
	Needs:    []string{"mount"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		onHost := x.hostMountsUnder("tmpfs")
		return len(onHost) > 0, i18n.T("tmpfs mounts under the rootfs in the host's table: %v", onHost)
	},
}

var exMountPrivate = &Exercise{
	ID:       "mount-private",
	Task:     i18n.T("Mount a tmpfs on /tmp inside, and check that the host's mount table does not have it."),
	Solution: "mount -t tmpfs " + ExerciseHostname + " /tmp",
	Needs:    []string{"mount"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		var inside []string
		for _, m := range x.mountsInside(ctx) {
			if m.FSType == "tmpfs" && m.MountPoint != "/dev" && !strings.HasPrefix(m.MountPoint, "/dev/") {
				inside = append(inside, m.MountPoint)
			}
		}
		onHost := x.hostMountsUnder("tmpfs")
		return len(inside) > 0 && len(onHost) == 0,
			i18n.T("tmpfs mounts inside: %v; under the rootfs in the host's table: %v", inside, onHost)
	},
}

var exNamePID1 = &Exercise{
	ID:       "name-pid1",
	Task:     i18n.T("Find the name of PID 1 in the container (/proc/1/comm) and give it as the hostname. There is no UTS namespace yet: the host is renamed too, and burk puts its name back."),
	Solution: "hostname $(cat /proc/1/comm)",
	Needs:    []string{"hostname", "cat"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		init, err := x.host.Process(x.c.Pid())
		if err != nil {
			return false, i18n.T("the container's init is gone: %s", i18n.Raw(err.Error()))
		}
		host, _ := x.host.Hostname()
		return host == init.Comm, i18n.T("the host's hostname is %q; PID 1 in the container is %q (PID %d on the host)", host, init.Comm, init.PID)
	},
}

var exOwnHostname = &Exercise{
	ID:       "own-hostname",
	Task:     i18n.T("Give the container the hostname %s, and check that the host kept its own.", ExerciseHostname),
	Solution: "hostname " + ExerciseHostname,
	Needs:    []string{"hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		host, _ := x.host.Hostname()
		inside := x.hostnameInside(ctx)
		return inside == ExerciseHostname && host == x.hostnameBefore && host != ExerciseHostname,
			i18n.T("the container's hostname is %q; the host's is %q, before the command %q", inside, host, x.hostnameBefore)
	},
}

// sysvQueues are the System V message queues a /proc/sysvipc/msg lists,
// each as "key msqid".
func sysvQueues(table string) []string {
	var out []string
	for i, line := range splitLines(table) {
		if f := strings.Fields(line); i > 0 && len(f) > 1 {
			out = append(out, f[0]+" "+f[1])
		}
	}
	return out
}

var exQueueInside = &Exercise{
	ID:       "queue-inside",
	Task:     i18n.T("Make a message queue inside (ipcmk -Q), and check that the host's ipcs -q does not list it."),
	Solution: "ipcmk -Q",
	Needs:    []string{"ipcmk"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		inside := sysvQueues(x.inside(ctx, "cat", "/proc/sysvipc/msg").Stdout)
		hostTable, _ := x.host.ReadFile("/proc/sysvipc/msg")
		onHost := sysvQueues(string(hostTable))
		var hidden []string
		for _, q := range inside {
			if !slices.Contains(onHost, q) {
				hidden = append(hidden, q)
			}
		}
		return len(hidden) > 0, i18n.T("queues inside (key, id): %v; of them not on the host: %v", inside, hidden)
	},
}

var exLoDown = &Exercise{
	ID:       "lo-down",
	Task:     i18n.T("burk brought the container's lo up: take it down (ip link set lo down), and check that the host's lo is still up."),
	Solution: "ip link set lo down",
	Needs:    []string{"ip"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		res := x.inside(ctx, "ip", "-o", "link", "show", "lo")
		flags := ""
		if _, rest, ok := strings.Cut(res.Stdout, "<"); ok {
			flags, _, _ = strings.Cut(rest, ">")
		}
		// IFF_UP is bit 0 of the flags sysfs shows in hex.
		hostFlags, _ := x.host.ReadFile("/sys/class/net/lo/flags")
		f, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(string(hostFlags)), "0x"), 16, 64)
		hostUp := err == nil && f&1 == 1
		return flags != "" && !slices.Contains(strings.Split(flags, ","), "UP") && hostUp,
			i18n.T("the container's lo has the flags <%s>; the host's lo is up: %s", flags, yesNo(hostUp))
	},
}

var exFindUID = &Exercise{
	ID:       "find-uid",
	Task:     i18n.T("Root inside is which uid outside? Read /proc/self/uid_map, and name the container uid<that number>, e.g. hostname uid1234."),
	Solution: "set -- $(cat /proc/self/uid_map); hostname uid$2",
	Needs:    []string{"hostname", "cat"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		init, err := x.host.Process(x.c.Pid())
		if err != nil {
			return false, i18n.T("the container's init is gone: %s", i18n.Raw(err.Error()))
		}
		inside := x.hostnameInside(ctx)
		want := "uid" + strconv.Itoa(init.UID)
		return inside == want, i18n.T("the container's hostname is %q; its root is uid %d on the host", inside, init.UID)
	},
}

var exHitPidsMax = &Exercise{
	ID:       "hit-pids-max",
	Task:     i18n.T("Start more processes than pids.max allows (e.g. 40 sleeps in the background), and see the host's pids.events count the forks it refused."),
	Solution: "for i in $(seq 40); do sleep 1 & done; wait",
	Needs:    []string{"seq", "sleep"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		stats, err := x.c.CgroupStats()
		if err != nil {
			return false, i18n.T("the container's cgroup could not be read: %s", i18n.Raw(err.Error()))
		}
		return stats.PidsMaxHits > 0, i18n.T("forks refused at pids.max %d: %d", stats.PidsMax, stats.PidsMaxHits)
	},
}

var exMountCgroup = &Exercise{
	ID:       "mount-cgroup2",
	Task:     i18n.T("Mount the cgroup2 filesystem inside (mount -t cgroup2 none /tmp): its root is the container's own cgroup."),
	Solution: "mount -t cgroup2 none /tmp && cat /tmp/cgroup.procs",
	Needs:    []string{"mount", "cat"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		var roots []string
		for _, m := range x.mountsInside(ctx) {
			if m.FSType == "cgroup2" {
				roots = append(roots, m.MountPoint+" (root "+m.Root+")")
			}
		}
		own := slices.ContainsFunc(roots, func(r string) bool { return strings.HasSuffix(r, "(root /)") })
		return own, i18n.T("cgroup2 mounts inside: %v", roots)
	},
}

// uptimeDays is the whole days of a /proc/uptime.
func uptimeDays(uptime string) (int, bool) {
	f := strings.Fields(uptime)
	if len(f) == 0 {
		return 0, false
	}
	s, err := strconv.ParseFloat(f[0], 64)
	return int(s / 86400), err == nil
}

var exUptimeDays = &Exercise{
	ID:       "uptime-days",
	Task:     i18n.T("How many whole days has the container been up, by its own clock? Name it up<days>, e.g. hostname up3."),
	Solution: "up=$(cut -d. -f1 /proc/uptime); hostname up$((up / 86400))",
	Needs:    []string{"cut", "hostname"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		days, ok := uptimeDays(x.inside(ctx, "cat", "/proc/uptime").Stdout)
		hostUptime, _ := x.host.ReadFile("/proc/uptime")
		hostDays, _ := uptimeDays(string(hostUptime))
		inside := x.hostnameInside(ctx)
		return ok && inside == "up"+strconv.Itoa(days) && days != hostDays,
			i18n.T("the container's hostname is %q; it has been up %d days, the host %d", inside, days, hostDays)
	},
}

var exRootReadonly = &Exercise{
	ID:       "root-readonly",
	Task:     i18n.T("After pivot_root the container's / is a mount of its own: make it read-only (mount -o remount,bind,ro /) and check that the host's / stays writable."),
	Solution: "mount -o remount,bind,ro /",
	Needs:    []string{"mount"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		inside, host := "?", "?"
		for _, m := range x.mountsInside(ctx) {
			if m.MountPoint == "/" {
				inside = m.Options
			}
		}
		mounts, _ := x.host.Mounts()
		for _, m := range mounts {
			if m.MountPoint == "/" {
				host = m.Options
			}
		}
		ro := func(opts string) bool { return slices.Contains(strings.Split(opts, ","), "ro") }
		return ro(inside) && !ro(host), i18n.T("the container's / is mounted %s; the host's / %s", inside, host)
	},
}

// capEff is the CapEff line's value in a /proc/PID/status.
func capEff(status string) string {
	for line := range strings.SplitSeq(status, "\n") {
		if v, ok := strings.CutPrefix(line, "CapEff:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

var exCapEff = &Exercise{
	ID:       "capeff",
	Task:     i18n.T("Which capabilities does a process inside have? Write the CapEff line of /proc/self/status to /dev/capeff (the container's /dev is a tmpfs of its own), and compare it with burk's on the host."),
	Solution: "grep CapEff /proc/self/status > /dev/capeff",
	Needs:    []string{"grep"},
	check: func(ctx context.Context, x *ExerciseRun) (bool, i18n.Msg) {
		written := strings.TrimSpace(x.inside(ctx, "cat", "/dev/capeff").Stdout)
		real := capEff(x.inside(ctx, "cat", "/proc/self/status").Stdout)
		hostStatus, _ := x.host.ReadFile("/proc/self/status")
		host := capEff(string(hostStatus))
		return real != "" && strings.Contains(written, real) && real != host,
			i18n.T("/dev/capeff says %q; a process inside has CapEff %s, burk on the host %s", written, real, host)
	},
}

// Exercise starts a container at step, runs cmd in it in place of the
// learner's shell, checks the step's exercises against the container while
// it still runs, and closes it. out is what cmd did.
func (e *Engine) Exercise(ctx context.Context, step *Step, cmd []string) (out sandbox.ExecResult, results []ExerciseResult, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	spec := SpecFor(step, e.Rootfs)
	c, err := e.Host.Start(ctx, spec)
	if err != nil {
		return out, nil, err
	}
	defer c.Close()
	x := NewExerciseRun(c, e.Host, spec, step)
	runCtx, cancel := context.WithTimeout(ctx, time.Minute)
	out, err = c.Exec(runCtx, cmd...)
	cancel()
	if err != nil {
		return out, nil, err
	}
	results = x.Check(ctx)
	if err := c.Close(); err != nil {
		return out, results, fmt.Errorf("close the container: %w", err)
	}
	return out, results, nil
}
