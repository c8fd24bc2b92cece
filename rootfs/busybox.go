package rootfs

import (
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// busyboxPaths are where distributions put a static busybox.
var busyboxPaths = []string{"/bin/busybox", "/usr/bin/busybox", "/usr/lib/busybox/busybox-static"}

// buildFromBusybox copies a static busybox and links every applet it has.
func buildFromBusybox(dir string, rep *Report) error {
	bin, err := staticBusybox()
	if err != nil {
		return err
	}
	c := &copier{dir: dir, rep: rep, done: map[string]bool{}}
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		return err
	}
	if err := copyTo(c, bin, filepath.Join(dir, "bin", "busybox")); err != nil {
		return err
	}
	out, err := exec.Command(bin, "--list").Output()
	if err != nil {
		return fmt.Errorf("list busybox applets: %w", err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet == "busybox" {
			continue
		}
		if err := os.Symlink("busybox", filepath.Join(dir, "bin", applet)); err != nil && !os.IsExist(err) {
			return err
		}
	}
	return nil
}

// staticBusybox finds a busybox that needs no libraries.
func staticBusybox() (string, error) {
	for _, p := range busyboxPaths {
		f, err := elf.Open(p)
		if err != nil {
			continue
		}
		static := true
		for _, prog := range f.Progs {
			if prog.Type == elf.PT_INTERP {
				static = false
			}
		}
		f.Close()
		if static {
			return p, nil
		}
	}
	return "", errors.New("no static busybox on this host: install it (apt-get install busybox-static) or use --from host")
}

func copyTo(c *copier, src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	c.rep.Files++
	c.rep.Bytes += int64(len(data))
	return os.WriteFile(dst, data, 0o755)
}
