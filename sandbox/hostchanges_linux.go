package sandbox

// What a container changed on the host, through the namespaces it still
// shares with it. At the steps before a namespace is isolated, the shell
// and burk run let the learner change the host: rename it, make a message
// queue, mount something, take lo down. That is the lesson of those steps,
// and burk must still leave the host as it found it. So Start notes what
// the learner could change, and Close puts back what it safely can and
// says what it cannot, with the command that would.
//
// What is put back: the hostname and NIS domain name (no UTS namespace),
// lo's state (no network namespace), mounts under the rootfs (no mount
// namespace: watchLeakedMounts' undo). What is only reported: a mount
// elsewhere, which burk did not make and whose purpose it cannot know; a
// System V IPC object or POSIX message queue, because in a shared IPC
// namespace nothing tells the learner's from one a host program made
// meanwhile (the kernel keeps no creator pid for a queue or a semaphore
// set), and removing a program's queue would break it.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/burk-tui/burk/internal/mountinfo"
	"github.com/burk-tui/burk/internal/trace"
)

// sysvKinds are the System V IPC objects, by their file in /proc/sysvipc,
// with the ipcrm option that removes one.
var sysvKinds = []struct {
	file  string
	kind  ChangeKind
	ipcrm string
}{{"msg", ChangedMsgQueue, "-q"}, {"sem", ChangedSemaphores, "-s"}, {"shm", ChangedSharedMemory, "-m"}}

// hostBefore is what the learner could change of the host, as it was
// before the container started; each field only where the namespace is
// shared.
type hostBefore struct {
	uts                  bool
	hostname, domainname string
	link                 bool
	loUp                 bool
	ipc                  bool
	sysvipc              []sysvObject
	mqueues              []string // names in /dev/mqueue, when it is mounted
	mounts               []mountinfo.Mount
	ownMounts            []string // the mount points burk's own setup makes
}

// noteHost reads what the container at spec could change of the host.
func noteHost(spec Spec) *hostBefore {
	b := &hostBefore{}
	if !spec.Namespaces.UTS {
		b.uts = true
		b.hostname, b.domainname = uname()
	}
	if !spec.Namespaces.Net {
		b.link = true
		b.loUp = linkUp("lo")
	}
	if !spec.Namespaces.IPC {
		b.ipc = true
		b.sysvipc = sysvIPC()
		b.mqueues = mqueues()
	}
	if !spec.Namespaces.Mount || spec.KeepSharedRoot {
		b.mounts, _ = mountinfo.Read(0)
		if spec.Rootfs != "" && (spec.MountProc || spec.HostProc) && spec.Root == RootChroot {
			b.ownMounts = append(b.ownMounts, filepath.Join(spec.Rootfs, "proc"))
		}
	}
	return b
}

// restore puts back what can be, and returns every change it found. It
// runs once the container's processes are gone, and after the undo of
// watchLeakedMounts; atEnd is the mount table from before that undo.
func (b *hostBefore) restore(rec *trace.Recorder, atEnd []mountinfo.Mount) []HostChange {
	var out []HostChange
	if b.uts {
		hostname, domainname := uname()
		if hostname != b.hostname {
			out = append(out, put(HostChange{Kind: ChangedHostname, Before: b.hostname, After: hostname},
				rec.Sethostname(b.hostname, "the container renamed the host: put its name back")))
		}
		if domainname != b.domainname {
			err := unix.Setdomainname([]byte(b.domainname))
			rec.Record(fmt.Sprintf("setdomainname(%q)", b.domainname), "the container changed the host's NIS domain name: put it back", 0, err)
			out = append(out, put(HostChange{Kind: ChangedDomainname, Before: b.domainname, After: domainname}, err))
		}
	}
	if b.link {
		if up := linkUp("lo"); up != b.loUp {
			c := HostChange{Kind: ChangedLink, Name: "lo", Before: upDown(b.loUp), After: upDown(up)}
			var err error
			if b.loUp {
				err = rec.LinkUp("lo", "the container took the host's lo down: bring it back up")
			} else {
				err = rec.LinkDown("lo", "the container brought the host's lo up: take it down again")
			}
			out = append(out, put(c, err))
		}
	}
	if b.ipc {
		// Not removed: see the top of this file.
		for _, o := range sysvIPC() {
			if !slices.Contains(b.sysvipc, o) {
				out = append(out, HostChange{Kind: o.kind, Name: o.id, Undo: "ipcrm " + o.ipcrm + " " + o.id})
			}
		}
		for _, q := range mqueues() {
			if !slices.Contains(b.mqueues, q) {
				out = append(out, HostChange{Kind: ChangedMQueue, Name: "/" + q, Undo: "rm /dev/mqueue/" + q})
			}
		}
	}
	if b.mounts != nil {
		now, _ := mountinfo.Read(0)
		out = append(out, mountChanges(b.mounts, atEnd, now, b.ownMounts)...)
	}
	return out
}

// put marks a change restored, or says why it was not.
func put(c HostChange, err error) HostChange {
	if err != nil {
		c.Err = err.Error()
		return c
	}
	c.Restored = true
	return c
}

// mountChanges compares the host's mount table before the container, at
// its end, and after watchLeakedMounts' undo. A mount the container made
// under the rootfs is gone by now; one elsewhere is left, with the command
// that removes it; one the container removed is named with the command
// that mounts it again. own are the mounts burk's setup made.
func mountChanges(before, atEnd, now []mountinfo.Mount, own []string) []HostChange {
	var out []HostChange
	in := func(ms []mountinfo.Mount, m mountinfo.Mount) bool {
		return slices.ContainsFunc(ms, func(x mountinfo.Mount) bool { return x.MountPoint == m.MountPoint && x.FSType == m.FSType })
	}
	for _, m := range atEnd {
		if in(before, m) || slices.Contains(own, m.MountPoint) {
			continue
		}
		c := HostChange{Kind: ChangedMount, Name: m.MountPoint, After: m.FSType, Restored: !in(now, m)}
		if !c.Restored {
			c.Undo = "umount " + m.MountPoint
		}
		out = append(out, c)
	}
	for _, m := range before {
		if !in(atEnd, m) {
			out = append(out, HostChange{Kind: ChangedMount, Name: m.MountPoint, Before: m.FSType,
				Undo: fmt.Sprintf("mount -t %s -o %s %s %s", m.FSType, m.Options, m.Source, m.MountPoint)})
		}
	}
	return out
}

// uname returns the host's hostname and NIS domain name.
func uname() (hostname, domainname string) {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return "", ""
	}
	return unix.ByteSliceToString(u.Nodename[:]), unix.ByteSliceToString(u.Domainname[:])
}

// linkUp reports whether a network interface is up (IFF_UP in its flags).
func linkUp(name string) bool {
	data, err := os.ReadFile("/sys/class/net/" + name + "/flags")
	if err != nil {
		return false
	}
	flags, err := strconv.ParseUint(strings.TrimSpace(string(data)), 0, 32)
	return err == nil && flags&unix.IFF_UP != 0
}

func upDown(up bool) string {
	if up {
		return "up"
	}
	return "down"
}

// sysvObject is one System V IPC object: its kind, its id, and the ipcrm
// option that removes it.
type sysvObject struct {
	kind      ChangeKind
	id, ipcrm string
}

// sysvIPC lists the System V IPC objects of burk's IPC namespace.
func sysvIPC() []sysvObject {
	var out []sysvObject
	for _, k := range sysvKinds {
		data, err := os.ReadFile("/proc/sysvipc/" + k.file)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		for _, l := range lines[min(1, len(lines)):] { // the first line is the header
			if f := strings.Fields(l); len(f) > 1 {
				out = append(out, sysvObject{k.kind, f[1], k.ipcrm})
			}
		}
	}
	return out
}

// mqueues lists the POSIX message queues, where the host has mounted
// their filesystem at /dev/mqueue.
func mqueues() []string {
	entries, err := os.ReadDir("/dev/mqueue")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
