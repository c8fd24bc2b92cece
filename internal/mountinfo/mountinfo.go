// Package mountinfo reads a process's mount table the way the kernel
// writes it in /proc/PID/mountinfo (proc(5)): the one file that says, for
// every mount, where it is, what it is, and how it propagates.
package mountinfo

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Mount is one line of /proc/PID/mountinfo.
type Mount struct {
	ID, ParentID int
	Root         string // the directory of the filesystem mounted here
	MountPoint   string
	Options      string
	Propagation  string // "shared:N", "master:N", "" for private
	FSType       string
	Source       string
	SuperOptions string // the filesystem's own options
}

// Private reports whether the mount neither sends nor receives propagation.
func (m Mount) Private() bool { return m.Propagation == "" }

// Read reads the mount table a process sees; pid 0 is the caller itself.
func Read(pid int) ([]Mount, error) {
	path := "/proc/self/mountinfo"
	if pid != 0 {
		path = fmt.Sprintf("/proc/%d/mountinfo", pid)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mount table: %w", err)
	}
	return Parse(data)
}

// Parse parses the format of proc(5)'s /proc/PID/mountinfo.
func Parse(data []byte) ([]Mount, error) {
	var mounts []Mount
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		// 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
		pre, post, ok := strings.Cut(line, " - ")
		if !ok {
			return nil, fmt.Errorf("mountinfo line without separator: %q", line)
		}
		f := strings.Fields(pre)
		g := strings.Fields(post)
		if len(f) < 6 || len(g) < 2 {
			return nil, fmt.Errorf("short mountinfo line: %q", line)
		}
		m := Mount{Root: unescape(f[3]), MountPoint: unescape(f[4]), Options: f[5], FSType: g[0], Source: g[1]}
		if len(g) > 2 {
			m.SuperOptions = g[2]
		}
		m.ID, _ = strconv.Atoi(f[0])
		m.ParentID, _ = strconv.Atoi(f[1])
		var tags []string
		for _, t := range f[6:] {
			if strings.HasPrefix(t, "shared:") || strings.HasPrefix(t, "master:") {
				tags = append(tags, t)
			}
		}
		m.Propagation = strings.Join(tags, " ")
		mounts = append(mounts, m)
	}
	return mounts, nil
}

// unescape undoes the octal escapes mountinfo uses for space, tab,
// newline and backslash in paths.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Under returns the mounts whose mount point is dir or below it.
func Under(mounts []Mount, dir string) []Mount {
	dir = filepath.Clean(dir)
	var out []Mount
	for _, m := range mounts {
		if m.MountPoint == dir || strings.HasPrefix(m.MountPoint, strings.TrimSuffix(dir, "/")+"/") {
			out = append(out, m)
		}
	}
	return out
}
