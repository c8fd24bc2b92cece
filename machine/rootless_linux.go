package machine

// Without root: what this machine lets an ordinary user do, read before
// anything runs. A burk started by an ordinary user makes itself a lab —
// a user namespace where the learner is root, with a mount namespace of
// its own (lab_linux.go) — and the kernel can refuse that in four ways,
// each with a setting that changes it. These checks find the facts; the
// learner's words for them, naming the setting and the command, are in
// words_linux.go. The lab itself finds out for real when it starts.

import (
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/mountinfo"
)

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

func readTrim(path string) (string, error) {
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}

// RootlessChecks says whether an ordinary user can run the tour here, and
// what a rootless tour lacks: one Check per setting, Needed where the lab
// cannot be made at all.
func RootlessChecks() []Check {
	return rootlessChecks(liveRootlessEnv())
}

func rootlessChecks(env rootlessEnv) []Check {
	var out []Check
	// user.max_user_namespaces limits how many user namespaces each user
	// may own; 0 forbids them to everyone but root.
	if v, err := env.read("/proc/sys/user/max_user_namespaces"); err == nil {
		out = append(out, maxUserNamespacesCheck(v))
	}
	// Debian's and older Ubuntu's kernels carry a patch whose switch
	// forbids user namespaces to anyone without CAP_SYS_ADMIN.
	if v, err := env.read("/proc/sys/kernel/unprivileged_userns_clone"); err == nil {
		out = append(out, unprivilegedClonesCheck(v))
	}
	if c, ok := appArmorCheck(env); ok {
		out = append(out, c)
	}
	return append(out, idRangeCheck(env), delegationCheck(env))
}

// appArmorFacts: Ubuntu 23.10 and later let any program make a user
// namespace, but unless an AppArmor profile allows it ("userns,"), the
// process in it is moved to a profile that denies every capability. The
// namespace is made, and then writing its uid map, mounting, everything
// the lab is for, says EPERM: so this is read before, not found after.
type appArmorFacts struct {
	restrict   string // the sysctl's value
	restricted bool   // the sysctl is 1 and AppArmor is on
	label      string // the profile burk runs under, "" or unconfined
	confined   bool   // under a profile of its own, which must allow userns
	exe        string // burk's path, for the profile to name
}

func (f appArmorFacts) ok() bool { return !f.restricted || f.confined }

func readAppArmor(env rootlessEnv) (appArmorFacts, bool) {
	v, err := env.read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
	if err != nil {
		return appArmorFacts{}, false
	}
	enabled, _ := env.read("/sys/module/apparmor/parameters/enabled")
	// A profile that allows userns gives burk a label of its own; an
	// unconfined burk is the one the restriction applies to.
	label, _ := env.read("/proc/self/attr/apparmor/current")
	f := appArmorFacts{restrict: v, restricted: v == "1" && enabled == "Y", label: label,
		confined: label != "" && !strings.HasPrefix(label, "unconfined"), exe: env.exe}
	if f.exe == "" {
		f.exe = "/usr/local/bin/burk"
	}
	return f, true
}

// idRangeFacts: without newuidmap and a range in /etc/subuid, a process
// may map only its own uid into a user namespace it makes. The lab then
// has one id: root inside is the learner outside, and every other id —
// the files of root and of other users — shows as nobody (65534).
type idRangeFacts struct {
	noPrograms bool // no newuidmap or newgidmap
	ids        int  // how many subordinate ids the learner has (uid and gid alike)
	// free is the first id of a range no one holds, for the fix: on a
	// lived-in machine 100000 is the first user's, and two users sharing
	// ids could reach each other's files.
	free     int
	userName string
}

func (f idRangeFacts) ok() bool { return !f.noPrograms && f.ids > 0 }

func readIDRange(env rootlessEnv) idRangeFacts {
	_, errU := env.lookPath("newuidmap")
	_, errG := env.lookPath("newgidmap")
	return idRangeFacts{
		noPrograms: errU != nil || errG != nil,
		ids:        min(subordinateRange(env, "/etc/subuid", env.uid), subordinateRange(env, "/etc/subgid", env.gid)),
		free:       freeSubordinateStart(env),
		userName:   env.userName,
	}
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

// delegationFacts: an ordinary user may make cgroups only below one that
// is theirs. On cgroup v2, systemd delegates a subtree to a unit started
// with Delegate=yes by chowning its directory, cgroup.procs,
// cgroup.subtree_control and cgroup.threads to the user; cgroup v1 has no
// safe delegation, so there limits need root. The cpu controller is
// delegated only where an admin allows it: without it, only the cpu
// demonstration is skipped.
type delegationFacts struct {
	err       error // why burk's own v2 cgroup was not found
	dir       string
	delegated bool
	lacks     []string // of memory, pids and cpu, what it does not offer
}

func readDelegation(env rootlessEnv) delegationFacts {
	dir, err := ownCgroup(env)
	if err != nil {
		return delegationFacts{err: err}
	}
	f := delegationFacts{dir: dir, delegated: true}
	for _, file := range []string{"", "cgroup.procs", "cgroup.subtree_control", "cgroup.threads"} {
		f.delegated = f.delegated && env.writable(filepath.Join(dir, file))
	}
	offered, _ := env.read(filepath.Join(dir, "cgroup.controllers"))
	for _, ctrl := range []string{"memory", "pids", "cpu"} {
		if !slices.Contains(strings.Fields(offered), ctrl) {
			f.lacks = append(f.lacks, ctrl)
		}
	}
	return f
}

// Why burk's own cgroup is no use to delegate (ownCgroup).
var (
	errCgroupV1Only = errors.New("this host has cgroup v1 only")
	errCgroupHybrid = errors.New("this host's cgroups are hybrid: the controllers are on v1, where nothing can be delegated to a user")
	errNoV2Line     = errors.New("/proc/self/cgroup has no cgroup v2 line")
)

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
		return "", errCgroupV1Only
	}
	if v1 {
		return "", errCgroupHybrid
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
	return "", errNoV2Line
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
// settings in the way, each with its fix. Its In says it in a language.
type RootlessError struct{ Blocked []Check }

// CheckRootless returns a *RootlessError when this machine forbids an
// ordinary user the lab, nil when the lab can be tried.
func CheckRootless() error {
	if blocked := rootlessBlocked(RootlessChecks()); len(blocked) > 0 {
		return &RootlessError{Blocked: blocked}
	}
	return nil
}
