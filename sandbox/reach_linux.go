package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// checkReachable makes sure the container's root user, which a user
// namespace maps to uid and gid on the host, can walk down to the rootfs:
// the kernel checks every directory on the way with the mapped ids, and a
// rootfs under a private directory such as /root fails deep inside the
// init's setup with a bare EACCES. The mode bits decide; an ACL that would
// let it through is rare enough to be told about as well.
func checkReachable(rootfs string, uid, gid int) error {
	var closed []string // from / down
	for dir := filepath.Clean(rootfs); ; dir = filepath.Dir(dir) {
		fi, err := os.Stat(dir)
		if err != nil {
			return err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			var x os.FileMode = 0o001
			switch {
			case int(st.Uid) == uid:
				x = 0o100
			case int(st.Gid) == gid:
				x = 0o010
			}
			if fi.Mode().Perm()&x == 0 {
				closed = append([]string{dir}, closed...)
			}
		}
		if dir == "/" {
			break
		}
	}
	if len(closed) == 0 {
		return nil
	}
	return fmt.Errorf("the container's root is uid %d on the host (its user namespace maps it there), and it may not pass through %s to reach %s; "+
		"put the rootfs where others may pass (burk rootfs --dir /var/tmp/burk-rootfs), or let them through: chmod o+x %s",
		uid, strings.Join(closed, " and "), rootfs, strings.Join(closed, " "))
}
