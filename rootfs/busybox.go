package rootfs

import (
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// busyboxPaths are where distributions put busybox (Debian's
// busybox-static installs /bin/busybox).
var busyboxPaths = []string{"/bin/busybox", "/usr/bin/busybox"}

// buildFromBusybox copies a static busybox to /bin/busybox and links every
// applet it has to it: busybox looks at the name it was run by (argv[0])
// to know which command to be.
func buildFromBusybox(dir string, rep *Report) error {
	bin, err := staticBusybox()
	if err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(dir, "bin"), 0o755); err != nil {
		return err
	}
	n, err := copyRegular(bin, filepath.Join(dir, "bin", "busybox"), 0o755)
	if err != nil {
		return fmt.Errorf("copy %s: %w", bin, err)
	}
	rep.Files++
	rep.Bytes += n
	rep.Binaries = append(rep.Binaries, "/bin/busybox")
	out, err := exec.Command(bin, "--list").Output()
	if err != nil {
		return fmt.Errorf("list the applets of %s: %w", bin, err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet == "busybox" || strings.Contains(applet, "/") || strings.HasPrefix(applet, ".") {
			continue
		}
		if err := os.Symlink("busybox", filepath.Join(dir, "bin", applet)); err != nil {
			return err
		}
		rep.Binaries = append(rep.Binaries, "/bin/"+applet)
	}
	return nil
}

// staticBusybox finds a busybox for this machine that needs nothing else:
// no loader, no shared libraries, so it runs in an otherwise empty root.
func staticBusybox() (string, error) {
	var why []string
	for _, p := range busyboxPaths {
		f, err := elf.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			why = append(why, p+" is not an ELF program")
			continue
		}
		static := isStatic(f)
		machine := f.Machine
		f.Close()
		switch {
		case machine != hostMachine:
			why = append(why, fmt.Sprintf("%s is built for %s", p, machine))
		case !static:
			why = append(why, p+" is dynamically linked")
		default:
			return p, nil
		}
	}
	found := ""
	if len(why) > 0 {
		found = " (" + strings.Join(why, "; ") + ")"
	}
	return "", fmt.Errorf("no static busybox on this host%s: install one (apt-get install busybox-static) or use --from host", found)
}
