package sandbox

// Without root: what this machine lets an ordinary user do, read before
// anything runs. A burk started by an ordinary user makes itself a lab —
// a user namespace where the learner is root, with a mount namespace of
// its own (lab_linux.go) — and the kernel can refuse that in four ways,
// each with a setting that changes it. These checks name the setting and
// the command; the lab itself finds out for real when it starts.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/mountinfo"
)

// IsRealRoot reports whether this process is root on the machine: uid 0
// in the initial user namespace. Root in a user namespace of its own (a
// rootless container, or burk's own lab) owns only what that namespace
// owns: the host's cgroups, its /run and its hostname are not its to change.
func IsRealRoot() bool {
	return os.Geteuid() == 0 && initialUserNamespace(readTrim)
}

// initialUserNamespace reports whether uid_map is the identity map of
// every id, which only the initial user namespace has.
func initialUserNamespace(read func(string) (string, error)) bool {
	m, err := read("/proc/self/uid_map")
	if err != nil {
		return true // no user namespaces in this kernel: all is initial
	}
	return strings.Join(strings.Fields(m), " ") == "0 0 4294967295"
}

// rootlessEnv is what the rootless checks read: files (sysctls, /proc) and
// programs on $PATH. Tests give it a machine of their own.
type rootlessEnv struct {
	read     func(path string) (string, error)
	lookPath func(file string) (string, error)
	uid, gid int
	userName string
	exe      string // burk's installed path, for an AppArmor profile
	// writable reports whether this user may write a file: a delegated
	// cgroup's cgroup.procs.
	writable func(path string) bool
}

func liveRootlessEnv() rootlessEnv {
	env := rootlessEnv{read: readTrim, lookPath: exec.LookPath, uid: os.Getuid(), gid: os.Getgid(),
		writable: func(p string) bool { return unix.Access(p, unix.W_OK) == nil }}
	if u, err := user.Current(); err == nil {
		env.userName = u.Username
	}
	env.exe, _ = os.Executable()
	return env
}

// RootlessChecks says whether an ordinary user can run the tour here, and
// what a rootless tour lacks: one Check per setting, Needed where the lab
// cannot be made at all.
func RootlessChecks() []Check {
	return rootlessChecks(liveRootlessEnv())
}

func rootlessChecks(env rootlessEnv) []Check {
	var out []Check
	add := func(c Check) { out = append(out, c) }

	// user.max_user_namespaces limits how many user namespaces each user
	// may own; 0 forbids them to everyone but root.
	if v, err := env.read("/proc/sys/user/max_user_namespaces"); err == nil {
		add(said(Check{Name: "user namespaces", OK: v != "0", Needed: true},
			i18n.T("user.max_user_namespaces = %s (how many user namespaces each user may make)", v),
			i18n.T("sudo sysctl -w user.max_user_namespaces=15000 "+
				"(for good: echo user.max_user_namespaces=15000 | sudo tee /etc/sysctl.d/50-burk.conf), or run burk with sudo")))
	}
	// Debian's and older Ubuntu's kernels carry a patch whose switch
	// forbids user namespaces to anyone without CAP_SYS_ADMIN.
	if v, err := env.read("/proc/sys/kernel/unprivileged_userns_clone"); err == nil {
		add(said(Check{Name: "unprivileged user namespaces", OK: v != "0", Needed: true},
			i18n.T("kernel.unprivileged_userns_clone = %s (0: only root may make a user namespace)", v),
			i18n.T("sudo sysctl -w kernel.unprivileged_userns_clone=1 "+
				"(for good: echo kernel.unprivileged_userns_clone=1 | sudo tee /etc/sysctl.d/50-burk.conf), or run burk with sudo")))
	}
	if c, ok := appArmorCheck(env); ok {
		add(c)
	}
	add(idRangeCheck(env))
	add(delegationCheck(env))
	return out
}

// said sets a check's detail and fix from messages: the learner reads
// them in their language, and Detail and Fix hold the English.
func said(c Check, detail, fix i18n.Msg) Check {
	c.DetailMsg, c.FixMsg = detail, fix
	c.Detail, c.Fix = detail.In(i18n.English), fix.In(i18n.English)
	return c
}

// appArmorCheck: Ubuntu 23.10 and later let any program make a user
// namespace, but unless an AppArmor profile allows it ("userns,"), the
// process in it is moved to a profile that denies every capability. The
// namespace is made, and then writing its uid map, mounting, everything
// the lab is for, says EPERM: so this is read before, not found after.
func appArmorCheck(env rootlessEnv) (Check, bool) {
	v, err := env.read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
	if err != nil {
		return Check{}, false
	}
	enabled, _ := env.read("/sys/module/apparmor/parameters/enabled")
	restricted := v == "1" && enabled == "Y"
	// A profile that allows userns gives burk a label of its own; an
	// unconfined burk is the one the restriction applies to.
	label, _ := env.read("/proc/self/attr/apparmor/current")
	confined := label != "" && !strings.HasPrefix(label, "unconfined")
	exe := env.exe
	if exe == "" {
		exe = "/usr/local/bin/burk"
	}
	detail := i18n.T("kernel.apparmor_restrict_unprivileged_userns = %s "+
		"(1: a user namespace is made, but every capability in it is denied, unless a profile allows userns)", v)
	if restricted && confined {
		detail = i18n.T("%s; burk runs under the AppArmor profile %s", detail, label)
	}
	fix := i18n.T("either sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (every program, until reboot), "+
		"or allow burk alone: put\n%s\nin /etc/apparmor.d/burk and run sudo apparmor_parser -r /etc/apparmor.d/burk "+
		"(a profile names one path: go run builds burk somewhere new each time, so build it with go build first)",
		i18n.Raw("  abi <abi/4.0>,\n  include <tunables/global>\n  profile burk "+exe+" flags=(unconfined) {\n    userns,\n  }"))
	return said(Check{Name: "AppArmor and user namespaces", OK: !restricted || confined, Needed: true}, detail, fix), true
}

// idRangeCheck: without newuidmap and a range in /etc/subuid, a process
// may map only its own uid into a user namespace it makes. The lab then
// has one id: root inside is the learner outside, and every other id —
// the files of root and of other users — shows as nobody (65534).
func idRangeCheck(env rootlessEnv) Check {
	c := Check{Name: "subordinate ids", Needed: false}
	// A range no one holds: on a lived-in machine 100000 is the first
	// user's, and two users sharing ids could reach each other's files.
	free := freeSubordinateStart(env)
	fix := i18n.T("install newuidmap and newgidmap (Debian, Ubuntu: sudo apt install uidmap) and give yourself a range: "+
		"sudo usermod --add-subuids %d-%d --add-subgids %d-%d %s", free, free+65535, free, free+65535, env.userName)
	_, errU := env.lookPath("newuidmap")
	_, errG := env.lookPath("newgidmap")
	subuid := subordinateRange(env, "/etc/subuid", env.uid)
	subgid := subordinateRange(env, "/etc/subgid", env.gid)
	c.OK = errU == nil && errG == nil && subuid > 0 && subgid > 0
	var why i18n.Msg
	switch {
	case c.OK:
		return said(c, i18n.T("newuidmap, newgidmap and %d subordinate ids: the lab maps them, and the user-ns step maps root inside to one of them", min(subuid, subgid)), fix)
	case errU != nil || errG != nil:
		why = i18n.T("no newuidmap/newgidmap")
	default:
		why = i18n.T("no range for you in /etc/subuid or /etc/subgid")
	}
	return said(c, i18n.T("%s: the lab maps only your own id, so root in the lab is you, files of every other user show as nobody, "+
		"and the user-ns step's container maps root inside to your id instead of to an unprivileged one", why), fix)
}

// freeSubordinateStart is the first id of a range of 65536 that no line of
// /etc/subuid or /etc/subgid holds: 100000, as useradd gives the first
// user, or else the first id after every range there.
func freeSubordinateStart(env rootlessEnv) int {
	start := 100000
	for _, path := range []string{"/etc/subuid", "/etc/subgid"} {
		for _, r := range subordinateRanges(env, path) {
			start = max(start, r.first+r.count)
		}
	}
	return start
}

// subordinateRange returns how many ids /etc/subuid (or subgid) gives the
// user, by name or by number.
func subordinateRange(env rootlessEnv, path string, id int) int {
	n := 0
	for _, r := range subordinateRanges(env, path) {
		if r.owner == env.userName || r.owner == strconv.Itoa(id) {
			n += r.count
		}
	}
	return n
}

// subRange is one line of /etc/subuid or /etc/subgid: its owner (a name
// or a number), the first id and how many.
type subRange struct {
	owner        string
	first, count int
}

// subordinateRanges reads path's ranges, leaving out a line that is not
// one.
func subordinateRanges(env rootlessEnv, path string) []subRange {
	text, _ := env.read(path)
	var out []subRange
	for _, line := range strings.Split(text, "\n") {
		f := strings.Split(strings.TrimSpace(line), ":")
		if len(f) != 3 {
			continue
		}
		first, err1 := strconv.Atoi(f[1])
		count, err2 := strconv.Atoi(f[2])
		if err1 == nil && err2 == nil && count > 0 {
			out = append(out, subRange{f[0], first, count})
		}
	}
	return out
}

// delegationCheck: an ordinary user may make cgroups only below one that
// is theirs. On cgroup v2, systemd delegates a subtree to a unit started
// with Delegate=yes by chowning its directory, cgroup.procs,
// cgroup.subtree_control and cgroup.threads to the user; cgroup v1 has no
// safe delegation, so there limits need root. The cpu controller is
// delegated only where an admin allows it: without it, only the cpu
// demonstration is skipped.
func delegationCheck(env rootlessEnv) Check {
	c := Check{Name: "cgroups without root", Needed: false}
	dir, err := ownCgroup(env)
	delegated := err == nil
	for _, f := range []string{"", "cgroup.procs", "cgroup.subtree_control", "cgroup.threads"} {
		delegated = delegated && env.writable(filepath.Join(dir, f))
	}
	switch {
	case err != nil:
		return said(c, i18n.T("%s: the cgroups step skips its demonstrations", errorMsg(err)),
			i18n.T("cgroup limits without root need cgroup v2 only: boot with systemd.unified_cgroup_hierarchy=1, or run burk with sudo"))
	case delegated:
		c.OK = true
		offered, _ := env.read(filepath.Join(dir, "cgroup.controllers"))
		var lacks []string
		for _, ctrl := range []string{"memory", "pids", "cpu"} {
			if !slices.Contains(strings.Fields(offered), ctrl) {
				lacks = append(lacks, ctrl)
			}
		}
		if len(lacks) > 0 {
			return said(c, i18n.T("burk's cgroup %s is delegated to you, without the %s controller: the containers' cgroups go below it, and that demonstration is skipped", dir, strings.Join(lacks, ", ")),
				i18n.T("an admin can delegate it: sudo systemctl edit user@.service, and add [Service] Delegate=pids memory cpu"))
		}
		return said(c, i18n.T("burk's cgroup %s is delegated to you: the containers' cgroups go below it", dir), i18n.Msg{})
	default:
		return said(c, i18n.T("burk's cgroup %s is not yours (its cgroup.procs, cgroup.subtree_control and cgroup.threads belong to root): the cgroups step skips its demonstrations", dir),
			i18n.T("ask systemd for a delegated cgroup: systemd-run --user --scope -p Delegate=yes burk"))
	}
}

// ownCgroup finds this process's cgroup in the unified hierarchy, from
// /proc/self/cgroup ("0::/user.slice/…") and where cgroup2 is mounted. A
// hybrid host's cgroup2 carries no controller, so it is no use for limits.
func ownCgroup(env rootlessEnv) (string, error) {
	text, err := env.read("/proc/self/mountinfo")
	if err != nil {
		return "", err
	}
	mounts, err := mountinfo.Parse([]byte(text))
	if err != nil {
		return "", err
	}
	v2, v1 := "", false
	for _, m := range mounts {
		switch m.FSType {
		case "cgroup2":
			if v2 == "" {
				v2 = m.MountPoint
			}
		case "cgroup":
			v1 = true
		}
	}
	if v2 == "" {
		return "", msgError{i18n.T("this host has cgroup v1 only")}
	}
	if v1 {
		return "", msgError{i18n.T("this host's cgroups are hybrid: the controllers are on v1, where nothing can be delegated to a user")}
	}
	self, err := env.read("/proc/self/cgroup")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(self, "\n") {
		if p, ok := strings.CutPrefix(line, "0::"); ok {
			return filepath.Join(v2, p), nil
		}
	}
	return "", msgError{i18n.T("/proc/self/cgroup has no cgroup v2 line")}
}

// msgError is an error the learner reads in their language.
type msgError struct{ msg i18n.Msg }

func (e msgError) Error() string { return e.msg.In(i18n.English) }

// errorMsg is err in every language: a msgError's message, or the text as
// it came.
func errorMsg(err error) i18n.Msg {
	var m msgError
	if errors.As(err, &m) {
		return m.msg
	}
	return i18n.Raw(err.Error())
}

// rootlessBlocked returns the checks that forbid the lab outright.
func rootlessBlocked(checks []Check) []Check {
	var out []Check
	for _, c := range checks {
		if c.Needed && !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// RootlessError is why an ordinary user's burk cannot make its lab: the
// settings in the way, each with its fix.
type RootlessError struct{ Blocked []Check }

func (e *RootlessError) Error() string { return e.In(i18n.English) }

// In is the error in lang.
func (e *RootlessError) In(lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString(i18n.T("burk cannot run without root on this machine:").In(lang))
	for _, c := range e.Blocked {
		detail, fix := c.Detail, c.Fix
		if !c.DetailMsg.IsZero() {
			detail, fix = c.DetailMsg.In(lang), c.FixMsg.In(lang)
		}
		fmt.Fprintf(&b, "\n  %s: %s\n    %s %s", c.Name, detail, i18n.T("fix:").In(lang), fix)
	}
	b.WriteString("\n" + i18n.T("or run it as root: sudo ./burk   (burk doctor says what this machine allows)").In(lang))
	return b.String()
}

// CheckRootless returns a *RootlessError when this machine forbids an
// ordinary user the lab, nil when the lab can be tried.
func CheckRootless() error {
	if blocked := rootlessBlocked(RootlessChecks()); len(blocked) > 0 {
		return &RootlessError{Blocked: blocked}
	}
	return nil
}
