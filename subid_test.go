package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// subordinateRange gives the user name a subordinate uid and gid range as
// the machine would, and returns the first uid and gid of the ranges the
// rootless lab maps (the user's first line in each file). Where
// /etc/subuid exists, useradd has already given one: the next free range
// (SUB_UID_MIN and SUB_UID_COUNT in /etc/login.defs), so on a machine
// whose first user holds 100000 it starts elsewhere. Else a range after
// every one the files hold is added with usermod, and removed when the
// test ends. Never 100000 by assumption.
func subordinateRange(t *testing.T, name string) (uid, gid int) {
	t.Helper()
	uid, uidOK := firstRange("/etc/subuid", name)
	gid, gidOK := firstRange("/etc/subgid", name)
	if uidOK && gidOK {
		return uid, gid
	}
	start := 100000
	for _, file := range []string{"/etc/subuid", "/etc/subgid"} {
		start = max(start, rangesEnd(file))
	}
	ids := fmt.Sprintf("%d-%d", start, start+65535)
	if out, err := exec.Command("usermod", "--add-subuids", ids, "--add-subgids", ids, name).CombinedOutput(); err != nil {
		t.Fatalf("usermod --add-subuids %s: %v %s", ids, err, out)
	}
	t.Cleanup(func() { exec.Command("usermod", "--del-subuids", ids, "--del-subgids", ids, name).Run() })
	uid, uidOK = firstRange("/etc/subuid", name)
	gid, gidOK = firstRange("/etc/subgid", name)
	if !uidOK || !gidOK {
		t.Fatalf("usermod gave %s no range %s in /etc/subuid and /etc/subgid", name, ids)
	}
	return uid, gid
}

// firstRange is the first id of name's first range in file
// (name:start:count lines), as newuidmap reads it.
func firstRange(file, name string) (int, bool) {
	for _, r := range subordinateLines(file) {
		if r.user == name {
			return r.start, true
		}
	}
	return 0, false
}

// rangesEnd is the id after the last range file holds, of any user.
func rangesEnd(file string) int {
	end := 0
	for _, r := range subordinateLines(file) {
		end = max(end, r.start+r.count)
	}
	return end
}

// subordinateRangeLine is one line of /etc/subuid or /etc/subgid.
type subordinateRangeLine struct {
	user         string
	start, count int
}

// subordinateLines are file's ranges; a line that says otherwise is left
// out.
func subordinateLines(file string) []subordinateRangeLine {
	data, _ := os.ReadFile(file)
	var out []subordinateRangeLine
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(strings.TrimSpace(line), ":")
		if len(f) != 3 {
			continue
		}
		start, err1 := strconv.Atoi(f[1])
		count, err2 := strconv.Atoi(f[2])
		if err1 == nil && err2 == nil {
			out = append(out, subordinateRangeLine{f[0], start, count})
		}
	}
	return out
}
