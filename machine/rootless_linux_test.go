package machine

// The rootless checks, on machines the tests describe: each setting that
// forbids the lab must be named, with the command that changes it. These
// read no real file; the real kernel's refusal is tested in main_test.go
// (a user namespace where max_user_namespaces is 0).

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// fakeHost is a host for rootlessChecks: its files, and which programs and
// writable files it has.
type fakeHost struct {
	files    map[string]string
	programs []string
	writable []string
}

const (
	v2Mounts     = "30 1 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
	hybridMounts = "30 1 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n" +
		"31 1 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
)

// ubuntu is a user's session on a machine that allows everything.
func ubuntu() *fakeHost {
	return &fakeHost{
		files: map[string]string{
			"/proc/sys/user/max_user_namespaces": "63000",
			"/proc/self/mountinfo":               v2Mounts,
			"/proc/self/cgroup":                  "0::/user.slice/user-1000.slice/user@1000.service/app.slice/burk.scope",
			"/etc/subuid":                        "alice:100000:65536",
			"/etc/subgid":                        "alice:100000:65536",
			scope + "/cgroup.controllers":        "cpu memory pids",
		},
		programs: []string{"newuidmap", "newgidmap"},
		// What systemd chowns to the user of a unit with Delegate=yes.
		writable: []string{scope, scope + "/cgroup.procs", scope + "/cgroup.subtree_control", scope + "/cgroup.threads"},
	}
}

const scope = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/burk.scope"

// systemd delegates memory and pids to a user's units, cpu only where an
// admin allows it: the cgroups still go below, and the check says which
// demonstration is skipped.
func TestRootlessCgroupsWithoutTheCPUController(t *testing.T) {
	m := ubuntu()
	m.files[scope+"/cgroup.controllers"] = "memory pids"
	c := check(t, rootlessChecks(m.env()), "cgroups without root")
	if !c.OK || !strings.Contains(c.Detail, "without the cpu controller") || !strings.Contains(c.Fix, "Delegate=pids memory cpu") {
		t.Errorf("cgroups without root, no cpu delegated = %v %q %q; want OK, saying cpu is skipped and how to delegate it", c.OK, c.Detail, c.Fix)
	}
	// A cgroup whose cgroup.threads is root's is not delegated.
	m.writable = m.writable[:3]
	if c := check(t, rootlessChecks(m.env()), "cgroups without root"); c.OK {
		t.Errorf("cgroups without root, cgroup.threads root's = OK (%s); want not OK", c.Detail)
	}
}

func (m *fakeHost) env() rootlessEnv {
	return rootlessEnv{
		read: func(p string) (string, error) {
			if v, ok := m.files[p]; ok {
				return strings.TrimSpace(v), nil
			}
			return "", os.ErrNotExist
		},
		lookPath: func(f string) (string, error) {
			for _, p := range m.programs {
				if p == f {
					return "/usr/bin/" + f, nil
				}
			}
			return "", errors.New("not found")
		},
		writable: func(p string) bool {
			for _, w := range m.writable {
				if w == p {
					return true
				}
			}
			return false
		},
		uid: 1000, gid: 1000, userName: "alice", exe: "/usr/local/bin/burk",
	}
}

func check(t *testing.T, checks []Check, name string) Check {
	t.Helper()
	for _, c := range checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q in %v", name, checks)
	return Check{}
}

func TestRootlessChecksAllowEverythingOnAnOpenMachine(t *testing.T) {
	checks := rootlessChecks(ubuntu().env())
	for _, c := range checks {
		if !c.OK {
			t.Errorf("check %q = not OK (%s); want OK", c.Name, c.Detail)
		}
	}
	if got := check(t, checks, "subordinate ids").Detail; !strings.Contains(got, "65536") {
		t.Errorf("subordinate ids detail = %q, want the 65536 ids of /etc/subuid", got)
	}
}

func TestRootlessChecksNameTheSettingAndTheCommand(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(m *fakeHost)
		check   string
		blocked bool
		want    []string // in Detail or Fix
	}{
		{"max_user_namespaces=0", func(m *fakeHost) { m.files["/proc/sys/user/max_user_namespaces"] = "0" },
			"user namespaces", true, []string{"user.max_user_namespaces = 0", "sudo sysctl -w user.max_user_namespaces=15000"}},
		{"unprivileged_userns_clone=0", func(m *fakeHost) { m.files["/proc/sys/kernel/unprivileged_userns_clone"] = "0" },
			"unprivileged user namespaces", true, []string{"kernel.unprivileged_userns_clone = 0", "sudo sysctl -w kernel.unprivileged_userns_clone=1"}},
		{"AppArmor restricts", func(m *fakeHost) {
			m.files["/proc/sys/kernel/apparmor_restrict_unprivileged_userns"] = "1"
			m.files["/sys/module/apparmor/parameters/enabled"] = "Y"
			m.files["/proc/self/attr/apparmor/current"] = "unconfined"
		}, "AppArmor and user namespaces", true, []string{"kernel.apparmor_restrict_unprivileged_userns = 1",
			"sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", "userns,", "profile burk /usr/local/bin/burk",
			"apparmor_parser -r /etc/apparmor.d/burk"}},
		{"no newuidmap", func(m *fakeHost) { m.programs = nil }, "subordinate ids", false,
			[]string{"no newuidmap", "maps only your own id", "sudo apt install uidmap"}},
		// bob is the machine's first user, with the range useradd gave
		// him: the fix gives alice the range after it, not the same.
		{"no subuid range", func(m *fakeHost) { m.files["/etc/subuid"] = "bob:100000:65536" }, "subordinate ids", false,
			[]string{"no range for you in /etc/subuid", "usermod --add-subuids 165536-231071 --add-subgids 165536-231071 alice"}},
		{"not delegated", func(m *fakeHost) { m.writable = nil }, "cgroups without root", false,
			[]string{"is not yours", "systemd-run --user --scope -p Delegate=yes burk"}},
		{"hybrid", func(m *fakeHost) {
			m.files["/proc/self/mountinfo"] = hybridMounts
			m.files["/proc/self/cgroup"] = "4:memory:/user.slice\n0::/user.slice"
		}, "cgroups without root", false, []string{"hybrid", "systemd.unified_cgroup_hierarchy=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := ubuntu()
			tc.change(m)
			checks := rootlessChecks(m.env())
			c := check(t, checks, tc.check)
			if c.OK {
				t.Fatalf("check %q = OK (%s), want not OK", c.Name, c.Detail)
			}
			for _, w := range tc.want {
				if !strings.Contains(c.Detail+"\n"+c.Fix, w) {
					t.Errorf("check %q says %q / fix %q; want it to mention %q", c.Name, c.Detail, c.Fix, w)
				}
			}
			blocked := rootlessBlocked(checks)
			if got := len(blocked) > 0; got != tc.blocked {
				t.Errorf("blocked = %v (%v), want %v", got, blocked, tc.blocked)
			}
			if tc.blocked {
				msg := (&RootlessError{Blocked: blocked}).Error()
				if !strings.Contains(msg, tc.want[0]) || !strings.Contains(msg, tc.want[1]) {
					t.Errorf("the error = %q; want the setting and its fix", msg)
				}
			}
		})
	}
}

func TestAppArmorAllowsBurkWithAProfileOfItsOwn(t *testing.T) {
	m := ubuntu()
	m.files["/proc/sys/kernel/apparmor_restrict_unprivileged_userns"] = "1"
	m.files["/sys/module/apparmor/parameters/enabled"] = "Y"
	m.files["/proc/self/attr/apparmor/current"] = "burk (unconfined)"
	if c := check(t, rootlessChecks(m.env()), "AppArmor and user namespaces"); !c.OK {
		t.Errorf("burk under a profile of its own = not OK (%s), want OK", c.Detail)
	}
	// The sysctl is there but AppArmor is off: nothing is restricted.
	m.files["/sys/module/apparmor/parameters/enabled"] = "N"
	m.files["/proc/self/attr/apparmor/current"] = ""
	if c := check(t, rootlessChecks(m.env()), "AppArmor and user namespaces"); !c.OK {
		t.Errorf("AppArmor disabled = not OK (%s), want OK", c.Detail)
	}
}
