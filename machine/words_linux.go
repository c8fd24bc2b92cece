package machine

// The learner's words for what the lab and its checks found, in every
// language: the facts are found in rootless_linux.go and lab_linux.go, and
// said here, so that the finding reads without the wording around it.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
)

// Check is one thing `burk doctor` looks at on this machine (package
// doctor, which words its own the same way).
type Check struct {
	Name   string
	OK     bool
	Detail string // what was found
	Fix    string // how to fix it, when not OK
	// Needed is false for a check whose failure only limits the tour.
	Needed bool
	// DetailMsg and FixMsg, when set, are Detail and Fix in every
	// language (the rootless checks'), for the learner to read in theirs.
	DetailMsg, FixMsg i18n.Msg
}

// Said sets a check's detail and fix from messages: the learner reads
// them in their language, and Detail and Fix hold the English.
func Said(c Check, detail, fix i18n.Msg) Check {
	c.DetailMsg, c.FixMsg = detail, fix
	c.Detail, c.Fix = detail.In(i18n.English), fix.In(i18n.English)
	return c
}

// LabNotice is what a learner is told, once, when the tour runs rootless.
var LabNotice = i18n.T("burk: you are not root, so the tour runs in a rootless lab (a user namespace where you are root);\n" +
	"      what differs is shown at each step. sudo gives the full tour. burk doctor says what this machine allows.")

func maxUserNamespacesCheck(v string) Check {
	return Said(Check{Name: "user namespaces", OK: v != "0", Needed: true},
		i18n.T("user.max_user_namespaces = %s (how many user namespaces each user may make)", v),
		i18n.T("sudo sysctl -w user.max_user_namespaces=15000 "+
			"(for good: echo user.max_user_namespaces=15000 | sudo tee /etc/sysctl.d/50-burk.conf), or run burk with sudo"))
}

func unprivilegedClonesCheck(v string) Check {
	return Said(Check{Name: "unprivileged user namespaces", OK: v != "0", Needed: true},
		i18n.T("kernel.unprivileged_userns_clone = %s (0: only root may make a user namespace)", v),
		i18n.T("sudo sysctl -w kernel.unprivileged_userns_clone=1 "+
			"(for good: echo kernel.unprivileged_userns_clone=1 | sudo tee /etc/sysctl.d/50-burk.conf), or run burk with sudo"))
}

func appArmorCheck(env rootlessEnv) (Check, bool) {
	f, ok := readAppArmor(env)
	if !ok {
		return Check{}, false
	}
	detail := i18n.T("kernel.apparmor_restrict_unprivileged_userns = %s "+
		"(1: a user namespace is made, but every capability in it is denied, unless a profile allows userns)", f.restrict)
	if f.restricted && f.confined {
		detail = i18n.T("%s; burk runs under the AppArmor profile %s", detail, f.label)
	}
	fix := i18n.T("either sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (every program, until reboot), "+
		"or allow burk alone: put\n%s\nin /etc/apparmor.d/burk and run sudo apparmor_parser -r /etc/apparmor.d/burk "+
		"(a profile names one path: go run builds burk somewhere new each time, so build it with go build first)",
		i18n.Raw("  abi <abi/4.0>,\n  include <tunables/global>\n  profile burk "+f.exe+" flags=(unconfined) {\n    userns,\n  }"))
	return Said(Check{Name: "AppArmor and user namespaces", OK: f.ok(), Needed: true}, detail, fix), true
}

func idRangeCheck(env rootlessEnv) Check {
	f := readIDRange(env)
	c := Check{Name: "subordinate ids", OK: f.ok(), Needed: false}
	fix := i18n.T("install newuidmap and newgidmap (Debian, Ubuntu: sudo apt install uidmap) and give yourself a range: "+
		"sudo usermod --add-subuids %d-%d --add-subgids %d-%d %s", f.free, f.free+65535, f.free, f.free+65535, f.userName)
	var why i18n.Msg
	switch {
	case c.OK:
		return Said(c, i18n.T("newuidmap, newgidmap and %d subordinate ids: the lab maps them, and the user-ns step maps root inside to one of them", f.ids), fix)
	case f.noPrograms:
		why = i18n.T("no newuidmap/newgidmap")
	default:
		why = i18n.T("no range for you in /etc/subuid or /etc/subgid")
	}
	return Said(c, i18n.T("%s: the lab maps only your own id, so root in the lab is you, files of every other user show as nobody, "+
		"and the user-ns step's container maps root inside to your id instead of to an unprivileged one", why), fix)
}

func delegationCheck(env rootlessEnv) Check {
	f := readDelegation(env)
	c := Check{Name: "cgroups without root", Needed: false}
	switch {
	case f.err != nil:
		return Said(c, i18n.T("%s: the cgroups step skips its demonstrations", cgroupErrorWords(f.err)),
			i18n.T("cgroup limits without root need cgroup v2 only: boot with systemd.unified_cgroup_hierarchy=1, or run burk with sudo"))
	case f.delegated:
		c.OK = true
		if len(f.lacks) > 0 {
			return Said(c, i18n.T("burk's cgroup %s is delegated to you, without the %s controller: the containers' cgroups go below it, and that demonstration is skipped", f.dir, strings.Join(f.lacks, ", ")),
				i18n.T("an admin can delegate it: sudo systemctl edit user@.service, and add [Service] Delegate=pids memory cpu"))
		}
		return Said(c, i18n.T("burk's cgroup %s is delegated to you: the containers' cgroups go below it", f.dir), i18n.Msg{})
	default:
		return Said(c, i18n.T("burk's cgroup %s is not yours (its cgroup.procs, cgroup.subtree_control and cgroup.threads belong to root): the cgroups step skips its demonstrations", f.dir),
			i18n.T("ask systemd for a delegated cgroup: systemd-run --user --scope -p Delegate=yes burk"))
	}
}

// cgroupErrorWords is why burk's own cgroup is no use, in every language;
// an error of the kernel's as it came.
func cgroupErrorWords(err error) i18n.Msg {
	switch {
	case errors.Is(err, errCgroupV1Only):
		return i18n.T("this host has cgroup v1 only")
	case errors.Is(err, errCgroupHybrid):
		return i18n.T("this host's cgroups are hybrid: the controllers are on v1, where nothing can be delegated to a user")
	case errors.Is(err, errNoV2Line):
		return i18n.T("/proc/self/cgroup has no cgroup v2 line")
	}
	return i18n.Raw(err.Error())
}

// noCapabilitiesError is LabCapabilities' finding: the lab's user
// namespace holds no capability, and AppArmor may be why.
func noCapabilitiesError(env rootlessEnv) error {
	msg := i18n.T("the lab's user namespace was made, but without capabilities in it (CapEff has no CAP_SYS_ADMIN)")
	if c, ok := appArmorCheck(env); ok && !c.OK {
		msg = i18n.T("%s; AppArmor denies them: %s", msg, c.FixMsg)
	}
	return &RootlessError{Blocked: []Check{Said(Check{Name: "lab"}, msg, i18n.T("see burk doctor"))}}
}

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
