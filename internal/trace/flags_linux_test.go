package trace

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestFlagsAreSpelledAsTheHeadersDo(t *testing.T) {
	for _, tc := range []struct {
		v     uint64
		table []flag
		want  string
	}{
		{0, mountFlags, "0"},
		{unix.MS_BIND | unix.MS_REC, mountFlags, "MS_BIND|MS_REC"},
		{unix.MS_REC | unix.MS_PRIVATE, mountFlags, "MS_REC|MS_PRIVATE"},
		// A bit the table does not know is shown, not dropped.
		{unix.MS_BIND | 1<<30, mountFlags, "MS_BIND|0x40000000"},
		{unix.CLONE_NEWNS | unix.CLONE_NEWPID, cloneFlags, "CLONE_NEWNS|CLONE_NEWPID"},
		{unix.O_PATH | unix.O_NOFOLLOW | unix.O_CLOEXEC, openFlags, "O_PATH|O_NOFOLLOW|O_CLOEXEC"},
	} {
		if got := flagString(tc.v, tc.table); got != tc.want {
			t.Errorf("flagString(%#x) = %s, want %s", tc.v, got, tc.want)
		}
	}
}
