package ui

import (
	"reflect"
	"strings"
	"testing"
)

// A line too long for its pane wraps at a space, after a comma, | or /, and inside
// a word only when it must.
func TestWrapLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want []string
	}{
		{"fits", 10, []string{"fits"}},
		{"proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)", 30,
			[]string{"proc on /proc type proc (rw,", "  nosuid,nodev,noexec,", "  relatime)"}},
		{"mnt:[4026531832]xxxxxxxxxxxxxxxx", 12, []string{"mnt:[4026531", "  832]xxxxxx", "  xxxxxxxxxx"}},
		{"memory: cgroup v2, /sys/fs/cgroup/burk-4100-1364409-c10/payload", 33,
			[]string{"memory: cgroup v2, /sys/fs/", "  cgroup/burk-4100-1364409-c10/", "  payload"}},
		{"   4262    4100 1      burk-init __burk_init__", 33, []string{"   4262    4100 1      burk-init", "  __burk_init__"}},
	} {
		if got := wrapLine(tc.in, tc.w, "  "); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("wrapLine(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
	}
}

func TestSqueezeToFit(t *testing.T) {
	ns := []string{"mnt                mnt:[4026531832]", "cgroup             cgroup:[4026531835]", "time_for_children  time:[4026531834]"}
	if got := squeezeToFit(ns, 30); !reflect.DeepEqual(got, []string{"mnt mnt:[4026531832]", "cgroup cgroup:[4026531835]", "time_for_children time:[4026531834]"}) {
		t.Errorf("squeezeToFit(ns, 30) = %q: squeezed, though one line is still too wide", got)
	}
	if got := squeezeToFit(ns, 40); !reflect.DeepEqual(got, ns) {
		t.Errorf("lines that fit were squeezed: %q", got)
	}
	// Squeezing that would not make every line fit keeps a table's columns.
	ps := []string{"    PID    PPID CMD", "   4262    4100 burk-init __burk_init__ --with-a-long-argument"}
	if got := squeezeToFit(ps, 30); !reflect.DeepEqual(got, ps) {
		t.Errorf("squeezeToFit(ps, 30) = %q, want the lines as they were", got)
	}
}

// A line of code wraps between tokens, never inside a name or a number:
// at a space, else after punctuation, else before it.
func TestWrapCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want []string
	}{
		{"fits", 10, []string{"fits"}},
		{"      UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},", 39,
			[]string{"      UidMappings:", "          []syscall.SysProcIDMap{{", "          ContainerID: 0, HostID:", "          100000, Size: 65536}},"}},
		{"  echo $$ > /sys/fs/cgroup/burk/cgroup.procs", 30,
			[]string{"  echo $$ >", "      /sys/fs/cgroup/burk/", "      cgroup.procs"}},
		{"  unix.Unshare(unix.CLONE_NEWNS|unix.CLONE_NEWPID)", 30,
			[]string{"  unix.Unshare(unix.", "      CLONE_NEWNS|unix.", "      CLONE_NEWPID)"}},
		{"  averyveryveryverylongidentifier", 20, []string{"  averyveryveryveryl", "      ongidentifier"}},
	} {
		got := wrapCode(tc.in, tc.w, strings.Repeat(" ", len(tc.in)-len(strings.TrimLeft(tc.in, " "))+4))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("wrapCode(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
		for _, row := range got {
			if len(row) > tc.w {
				t.Errorf("wrapCode(%q, %d): row %q is too wide", tc.in, tc.w, row)
			}
		}
	}
}
