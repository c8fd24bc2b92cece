package trace

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// flag is one bit of a flags argument and its name in the C headers.
type flag struct {
	bit  uint64
	name string
}

// flagString spells v as the kernel's headers would, "A|B|0x40" for a bit
// the table does not name, and "0" for no bits at all.
func flagString(v uint64, table []flag) string {
	var names []string
	for _, f := range table {
		if f.bit != 0 && v&f.bit == f.bit {
			names = append(names, f.name)
			v &^= f.bit
		}
	}
	if v != 0 {
		names = append(names, fmt.Sprintf("%#x", v))
	}
	if len(names) == 0 {
		return "0"
	}
	return strings.Join(names, "|")
}

// The order is the order a flag is written in, by runc and the man pages.
var (
	mountFlags = []flag{
		{unix.MS_RDONLY, "MS_RDONLY"}, {unix.MS_NOSUID, "MS_NOSUID"}, {unix.MS_NODEV, "MS_NODEV"},
		{unix.MS_NOEXEC, "MS_NOEXEC"}, {unix.MS_REMOUNT, "MS_REMOUNT"}, {unix.MS_NOATIME, "MS_NOATIME"},
		{unix.MS_NODIRATIME, "MS_NODIRATIME"}, {unix.MS_BIND, "MS_BIND"}, {unix.MS_MOVE, "MS_MOVE"},
		{unix.MS_REC, "MS_REC"}, {unix.MS_PRIVATE, "MS_PRIVATE"}, {unix.MS_SLAVE, "MS_SLAVE"},
		{unix.MS_SHARED, "MS_SHARED"}, {unix.MS_UNBINDABLE, "MS_UNBINDABLE"},
		{unix.MS_RELATIME, "MS_RELATIME"}, {unix.MS_STRICTATIME, "MS_STRICTATIME"},
	}
	unmountFlags = []flag{{unix.MNT_FORCE, "MNT_FORCE"}, {unix.MNT_DETACH, "MNT_DETACH"}, {unix.MNT_EXPIRE, "MNT_EXPIRE"}}
	cloneFlags   = []flag{
		{unix.CLONE_NEWNS, "CLONE_NEWNS"}, {unix.CLONE_NEWPID, "CLONE_NEWPID"}, {unix.CLONE_NEWUTS, "CLONE_NEWUTS"},
		{unix.CLONE_NEWIPC, "CLONE_NEWIPC"}, {unix.CLONE_NEWNET, "CLONE_NEWNET"}, {unix.CLONE_NEWUSER, "CLONE_NEWUSER"},
		{unix.CLONE_NEWCGROUP, "CLONE_NEWCGROUP"}, {unix.CLONE_NEWTIME, "CLONE_NEWTIME"}, {unix.CLONE_FS, "CLONE_FS"},
		{unix.CLONE_FILES, "CLONE_FILES"},
	}
	openFlags = []flag{
		{unix.O_WRONLY, "O_WRONLY"}, {unix.O_RDWR, "O_RDWR"}, {unix.O_CREAT, "O_CREAT"}, {unix.O_TRUNC, "O_TRUNC"},
		{unix.O_DIRECTORY, "O_DIRECTORY"}, {unix.O_PATH, "O_PATH"}, {unix.O_NOFOLLOW, "O_NOFOLLOW"},
		{unix.O_CLOEXEC, "O_CLOEXEC"},
	}
	mountAttrs = []flag{
		{unix.MOUNT_ATTR_RDONLY, "MOUNT_ATTR_RDONLY"}, {unix.MOUNT_ATTR_NOSUID, "MOUNT_ATTR_NOSUID"},
		{unix.MOUNT_ATTR_NODEV, "MOUNT_ATTR_NODEV"}, {unix.MOUNT_ATTR_NOEXEC, "MOUNT_ATTR_NOEXEC"},
	}
	memfdFlags = []flag{{unix.MFD_CLOEXEC, "MFD_CLOEXEC"}, {unix.MFD_ALLOW_SEALING, "MFD_ALLOW_SEALING"}}
	seals      = []flag{
		{unix.F_SEAL_SEAL, "F_SEAL_SEAL"}, {unix.F_SEAL_SHRINK, "F_SEAL_SHRINK"},
		{unix.F_SEAL_GROW, "F_SEAL_GROW"}, {unix.F_SEAL_WRITE, "F_SEAL_WRITE"},
	}
	accessModes = []flag{{unix.R_OK, "R_OK"}, {unix.W_OK, "W_OK"}, {unix.X_OK, "X_OK"}}
	atFlags     = []flag{{unix.AT_EMPTY_PATH, "AT_EMPTY_PATH"}, {unix.AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"}}
)

// prctlOptions are the prctl(2) options a runtime uses.
var prctlOptions = map[int]string{
	unix.PR_SET_NO_NEW_PRIVS:    "PR_SET_NO_NEW_PRIVS",
	unix.PR_CAPBSET_DROP:        "PR_CAPBSET_DROP",
	unix.PR_CAP_AMBIENT:         "PR_CAP_AMBIENT",
	unix.PR_SET_CHILD_SUBREAPER: "PR_SET_CHILD_SUBREAPER",
	unix.PR_SET_PDEATHSIG:       "PR_SET_PDEATHSIG",
}

// CloneFlags spells clone or unshare flags as the trace shows them.
func CloneFlags(f int) string { return flagString(uint64(f), cloneFlags) }
