// Package vmtest proves burk on the hosts learners bring: it boots Debian's
// packaged kernels under qemu (TCG: no KVM needed), with the cgroups
// mounted as v2, v1 or hybrid and / private or shared, and runs the plain
// tour inside each, as root, on every root filesystem across the lines
// of a kernel (rootfsPhases). The guest is an
// initramfs made on the fly (static busybox, the burk binary, the root
// filesystems and a few modules) whose shell scripts, in guest/, set the
// host up and write one "BURKVM …" line per result on the serial console,
// which the test on the machine reads.
package vmtest

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

//go:embed guest/init guest/stage2
var guestScripts embed.FS

// busyboxPath is the static busybox that becomes the guest's userland.
const busyboxPath = "/bin/busybox"

// CgroupModes are the layouts of the matrix, as burk doctor names them.
var CgroupModes = []string{"v2", "v1", "hybrid"}

// GuestModules are what a distribution's machine has loaded and the guest
// loads too: overlayfs, which burk runs its init through, the driver of
// the guest's network card, so the host has an interface besides lo, and
// the ipip and sit tunnels (as on a Kubernetes node with Calico), whose
// fallback devices tunl0 and sit0 appear in every new network namespace.
var GuestModules = []string{"overlay", "virtio_net", "ipip", "sit"}

// Initramfs is what one kernel's guests boot from.
type Initramfs struct {
	Burk    string            // the burk binary, built with CGO_ENABLED=0
	Rootfs  map[string]string // a name in the guest -> a root filesystem here
	Modules []string          // modules to load, with their dependencies
	// Enosys is the guest's enosys (./enosys), which runs a command with
	// some syscalls refused: the fallback lines' tours run under it.
	Enosys string
	// Init, when set, is the guest's /init instead of guest/init: for
	// tests of the harness itself.
	Init []byte
}

// Build writes the initramfs for kernel k to out.
func (ir Initramfs) Build(k Kernel, out string) error {
	bb, err := os.ReadFile(busyboxPath)
	if err != nil {
		return fmt.Errorf("the guest's userland is a static busybox (apt-get install busybox-static): %w", err)
	}
	burk, err := os.ReadFile(ir.Burk)
	if err != nil {
		return err
	}
	mods, err := k.moduleFiles(ir.Modules...)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	a := newInitramfs(f)
	for _, d := range []string{"bin", "dev", "proc", "sys", "tmp", "run", "root", "modules", "rootfs"} {
		a.dir(d)
	}
	// The kernel opens /dev/console for init before any filesystem is
	// mounted; with no node there, init would start with nothing to write to.
	a.entry("dev/console", syscall.S_IFCHR|0o600, 5<<8|1, nil)
	a.file("bin/busybox", 0o755, bb)
	a.file("bin/burk", 0o755, burk)
	if ir.Enosys != "" {
		enosys, err := os.ReadFile(ir.Enosys)
		if err != nil {
			return err
		}
		a.file("bin/enosys", 0o755, enosys)
	}
	for _, name := range []string{"init", "stage2"} {
		script, _ := guestScripts.ReadFile("guest/" + name)
		if name == "init" && ir.Init != nil {
			script = ir.Init
		}
		a.file(name, 0o755, script)
	}
	var order []string
	for _, m := range mods {
		a.file("modules/"+m.name+".ko", 0o644, m.data)
		order = append(order, m.name)
	}
	a.file("modules/order", 0o644, []byte(strings.Join(order, "\n")+"\n"))
	for name, dir := range ir.Rootfs {
		a.tree(dir, "rootfs/"+name)
	}
	if err := a.close(); err != nil {
		return fmt.Errorf("write the initramfs %s: %w", out, err)
	}
	return f.Close()
}

// Config is one boot of the matrix: a kernel and a cgroup layout. Both
// propagations of / are tried in the one boot, private first.
type Config struct {
	Kernel    Kernel
	Cgroups   string // "v2", "v1" or "hybrid"
	Initramfs string
	Timeout   time.Duration
	// Private and Shared are the root filesystems (their names in
	// Initramfs.Rootfs) the whole tour runs on with / private, then with
	// / shared; nil is every one.
	Private, Shared []string
	// Missing are the controllers the host cannot offer in this layout:
	// the tour must say it skips their demonstrations, and nothing else
	// may fail.
	Missing []string
	// Rootless runs the tours as an ordinary user (learner) who has a
	// delegated cgroup, as systemd gives one: the rootless lab's
	// containers get their cgroups below it, and their limits must bite.
	// burk doctor still runs as root.
	Rootless bool
	// Tours, when set, make this a fallback line: a guest without the
	// overlay module that runs burk doctor and these tours instead of the
	// whole tour on every root filesystem, each taking a branch of burk
	// that the other lines never take.
	Tours []FallbackTour
}

// FallbackTour is one tour of a fallback line, on busybox with / private.
// It starts at the step whose fallback it takes (the recap follows), so a
// fallback line costs a boot and a few steps, not four whole tours.
type FallbackTour struct {
	Label string // what its result line is named by
	From  string // the step it starts at (burk tour --step)
	// Refused are syscalls the kernel refuses it, as a kernel without
	// them does (ENOSYS): a seccomp filter, installed by enosys.
	Refused []string
	Overlay bool // whether the overlay module is loaded for it
	// Shows are what its trace must hold: that the fallback ran.
	Shows []string
}

// Name is how the matrix names the configuration.
func (c Config) Name() string {
	switch {
	case c.Rootless:
		return c.Kernel.Series + "/" + c.Cgroups + "-rootless"
	case len(c.Tours) > 0:
		return c.Kernel.Series + "/" + c.Cgroups + "-fallbacks"
	}
	return c.Kernel.Series + "/" + c.Cgroups
}

// cmdline is the kernel command line: the cgroup layout for the guest's
// scripts, and on v2 no v1 hierarchy at all, as on a host booted that way.
func (c Config) cmdline() string {
	args := []string{"console=ttyS0", "panic=-1", "quiet", "burk.cgroups=" + c.Cgroups}
	if c.Cgroups == "v2" {
		args = append(args, "cgroup_no_v1=all")
	}
	if c.Rootless {
		args = append(args, "burk.rootless=1")
	}
	if len(c.Private) > 0 {
		args = append(args, "burk.private="+strings.Join(c.Private, ","))
	}
	if len(c.Shared) > 0 {
		args = append(args, "burk.shared="+strings.Join(c.Shared, ","))
	}
	if len(c.Tours) > 0 {
		var tours []string
		for _, t := range c.Tours {
			refused, overlay := "-", "0"
			if len(t.Refused) > 0 {
				refused = strings.Join(t.Refused, "+")
			}
			if t.Overlay {
				overlay = "1"
			}
			tours = append(tours, strings.Join([]string{t.Label, t.From, refused, overlay}, ":"))
		}
		args = append(args, "burk.tours="+strings.Join(tours, ","))
	}
	return strings.Join(args, " ")
}

// Line is one "BURKVM" line the guest wrote.
type Line struct {
	Kind   string            // "booted", "doctor", "result", "detail", "error", "end"
	Fields map[string]string // its key=value words
	Text   string            // the rest of the line, after the kind
}

// ParseLine reads a console line; ok is false for any other line.
func ParseLine(s string) (Line, bool) {
	s = strings.TrimRight(s, "\r")
	i := strings.Index(s, "BURKVM ")
	if i < 0 {
		return Line{}, false
	}
	kind, text, _ := strings.Cut(s[i+len("BURKVM "):], " ")
	l := Line{Kind: kind, Text: text, Fields: map[string]string{}}
	if kind != "detail" {
		for _, w := range strings.Fields(text) {
			if k, v, ok := strings.Cut(w, "="); ok {
				l.Fields[k] = v
			}
		}
	}
	return l, true
}

// ErrNoQemu says the machine has no qemu-system-x86_64.
var ErrNoQemu = errors.New("no qemu-system-x86_64: apt-get install qemu-system-x86")

// Boot runs one configuration to its end and returns the guest's lines.
// console gets everything the guest printed, as it comes. A guest that
// does not finish within the timeout is killed, and that is an error.
func Boot(ctx context.Context, c Config, console io.Writer) ([]Line, error) {
	qemu, err := exec.LookPath("qemu-system-x86_64")
	if err != nil {
		return nil, ErrNoQemu
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu,
		"-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
		// Two CPUs, as learners' machines have, emulated by one host
		// thread: with a thread per vCPU (MTTCG), a kernel that patches its
		// own code while toggling a static key (enabling the cpu
		// controller does) was seen to trip on a half-written int3 in
		// set_next_task_fair (6.12, v2): an emulation race, not the guest's.
		// The CPU is the x86-64 baseline (qemu64), all that the kernel,
		// burk and the guests' userland (this Debian machine's binaries,
		// busybox) need. Under TCG a guest on it runs a line of the matrix
		// in two thirds of the time it takes on "max", which offers every
		// extension TCG can emulate (43-45 s against 63-69 s, side by side).
		"-accel", "tcg,thread=single", "-cpu", "qemu64", "-smp", "2", "-m", "1024",
		// A network card on a private user-mode network: the guest's host
		// has an interface to hide at net-ns, and reaches nothing.
		"-nic", "user,model=virtio-net-pci,restrict=on",
		"-kernel", c.Kernel.Image(), "-initrd", c.Initramfs, "-append", c.cmdline())
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var lines []Line
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fmt.Fprintln(console, sc.Text())
		if l, ok := ParseLine(sc.Text()); ok {
			lines = append(lines, l)
		}
	}
	werr := cmd.Wait()
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return lines, fmt.Errorf("the guest did not finish in %v", c.Timeout)
	case werr != nil:
		return lines, fmt.Errorf("qemu: %w\n%s", werr, stderr.String())
	case len(lines) == 0 || lines[len(lines)-1].Kind != "end":
		return lines, errors.New("the guest stopped before it said it was done")
	}
	return lines, nil
}
