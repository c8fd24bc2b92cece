package rootfs

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// tarDir writes the tree at src as a tar archive (gzip-compressed if the
// name ends in .gz), the way `docker export` would, followed by extra
// entries. Device files and hard links are kept.
func tarDir(t *testing.T, src, name string, extra ...entry) string {
	t.Helper()
	tw, done := newTar(t, name)
	seen := map[uint64]string{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if fi.Mode()&fs.ModeSymlink != 0 {
			link, _ = os.Readlink(p)
		}
		h, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			return err
		}
		h.Name = "./" + rel
		if fi.IsDir() {
			h.Name += "/"
		}
		st := fi.Sys().(*syscall.Stat_t)
		if fi.Mode().IsRegular() && st.Nlink > 1 {
			if first, ok := seen[st.Ino]; ok {
				h.Typeflag, h.Linkname, h.Size = tar.TypeLink, first, 0
			} else {
				seen[st.Ino] = h.Name
			}
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if h.Typeflag == tar.TypeReg {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := io.Copy(tw, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range extra {
		e.write(t, tw)
	}
	return done()
}

// entry is one crafted archive entry.
type entry struct {
	name, link string
	typ        byte
	mode       int64
	body       string
	major      int64
	minor      int64
}

func (e entry) write(t *testing.T, tw *tar.Writer) {
	t.Helper()
	h := &tar.Header{Name: e.name, Linkname: e.link, Typeflag: e.typ, Mode: e.mode, Size: int64(len(e.body)), Devmajor: e.major, Devminor: e.minor}
	if e.typ != tar.TypeReg {
		h.Size = 0
	}
	if err := tw.WriteHeader(h); err != nil {
		t.Fatal(err)
	}
	if e.typ == tar.TypeReg {
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
}

// newTar starts an archive in the test's temp dir.
func newTar(t *testing.T, name string) (*tar.Writer, func() string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var w io.Writer = f
	var gz *gzip.Writer
	if strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".tgz") {
		gz = gzip.NewWriter(f)
		w = gz
	}
	tw := tar.NewWriter(w)
	return tw, func() string {
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if gz != nil {
			if err := gz.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
}

// makeTar writes an archive of only the given entries.
func makeTar(t *testing.T, name string, entries ...entry) string {
	t.Helper()
	tw, done := newTar(t, name)
	for _, e := range entries {
		e.write(t, tw)
	}
	return done()
}

func TestTarballRootfs(t *testing.T) {
	requireBusybox(t)
	for _, name := range []string{"image.tar", "image.tar.gz"} {
		t.Run(name, func(t *testing.T) {
			src, _ := buildInto(t, FromBusybox)
			// Like Alpine's minirootfs: an absolute /bin/sh link, a hard
			// link, a setuid file, and device files harmless and not.
			os.Remove(filepath.Join(src, "bin", "sh"))
			os.Remove(filepath.Join(src, "bin", "cat"))
			tarball := tarDir(t, src, name,
				entry{name: "bin/sh", link: "/bin/busybox", typ: tar.TypeSymlink, mode: 0o777},
				entry{name: "bin/cat", link: "./bin/busybox", typ: tar.TypeLink},
				entry{name: "bin/bbsuid", typ: tar.TypeReg, mode: 0o4755, body: "#!/bin/sh\n"},
				entry{name: "dev/full", typ: tar.TypeChar, mode: 0o666, major: 1, minor: 7},
				entry{name: "dev/mem", typ: tar.TypeChar, mode: 0o640, major: 1, minor: 1},
				entry{name: "dev/sda", typ: tar.TypeBlock, mode: 0o660, major: 8, minor: 0},
			)
			dir, rep := buildInto(t, Source(tarball))
			if target, err := os.Readlink(filepath.Join(dir, "bin", "sh")); err != nil || target != "/bin/busybox" {
				t.Errorf("/bin/sh = %q, %v; want the absolute link kept", target, err)
			}
			a, _ := os.Stat(filepath.Join(dir, "bin", "busybox"))
			b, _ := os.Stat(filepath.Join(dir, "bin", "cat"))
			if a == nil || b == nil || !os.SameFile(a, b) {
				t.Error("the hard link bin/cat is not the same file as bin/busybox")
			}
			if fi, err := os.Stat(filepath.Join(dir, "bin", "bbsuid")); err != nil || fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid) != 0 || fi.Mode().Perm() != 0o755 {
				t.Errorf("bin/bbsuid = %v, %v; want mode 0755 without setuid", fi.Mode(), err)
			}
			for _, d := range []string{"mem", "sda"} {
				if _, err := os.Lstat(filepath.Join(dir, "dev", d)); err == nil {
					t.Errorf("/dev/%s was made from the archive", d)
				}
			}
			if os.Geteuid() == 0 {
				var st unix.Stat_t
				if err := unix.Lstat(filepath.Join(dir, "dev", "full"), &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR || unix.Major(st.Rdev) != 1 || unix.Minor(st.Rdev) != 7 {
					t.Errorf("/dev/full = %v, %o; want character device 1:7", err, st.Mode)
				}
			}
			said := strings.Join(rep.Skipped, "\n")
			for _, want := range []string{"setuid", "/dev/mem", "/dev/sda"} {
				if !strings.Contains(said, want) {
					t.Errorf("the report does not mention %s: %v", want, rep.Skipped)
				}
			}
			if source, _ := readMarker(dir); source != Source(tarball) {
				t.Errorf("marker source = %q, want %q", source, tarball)
			}
			if got := runInside(t, dir, nil, "/bin/sh", "-c", "echo from tar; cat /etc/hostname"); got != "from tar\nburk\n" {
				t.Errorf("sh from the tarball said %q", got)
			}
		})
	}
}

func TestTarballThatEscapesIsRefused(t *testing.T) {
	cases := map[string]entry{
		"dot-dot":          {name: "../../evil", typ: tar.TypeReg, mode: 0o644, body: "x"},
		"absolute dot-dot": {name: "/../evil", typ: tar.TypeReg, mode: 0o644, body: "x"},
		"inner dot-dot":    {name: "bin/../../evil", typ: tar.TypeReg, mode: 0o644, body: "x"},
		"hard link out":    {name: "evil", link: "../../../../etc/passwd", typ: tar.TypeLink},
	}
	for name, e := range cases {
		t.Run(name, func(t *testing.T) {
			tarball := makeTar(t, "evil.tar", entry{name: "bin/", typ: tar.TypeDir, mode: 0o755}, e)
			parent := t.TempDir()
			dir := filepath.Join(parent, "a", "rootfs")
			_, err := Build(dir, Source(tarball))
			if err == nil || !strings.Contains(err.Error(), "climbs out") {
				t.Fatalf("Build = %v, want the entry refused for climbing out", err)
			}
			// Nothing was left: not the entry, not the build, not the parent.
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("the refused build left %v in %s", entries, parent)
			}
		})
	}
}

func TestTarballSymlinksStayInside(t *testing.T) {
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim")
	if err := os.WriteFile(victim, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	tarball := makeTar(t, "links.tar",
		// A relative link that climbs, then a file through it.
		entry{name: "up", link: "../../../../../../..", typ: tar.TypeSymlink, mode: 0o777},
		entry{name: "up/evil-up", typ: tar.TypeReg, mode: 0o644, body: "x"},
		// An absolute link to a host directory, then a file through it.
		entry{name: "abs", link: outside, typ: tar.TypeSymlink, mode: 0o777},
		entry{name: "abs/evil-abs", typ: tar.TypeReg, mode: 0o644, body: "x"},
		// A link to a host file, then a file of the same name over it.
		entry{name: "victim", link: victim, typ: tar.TypeSymlink, mode: 0o777},
		entry{name: "victim", typ: tar.TypeReg, mode: 0o644, body: "pwned"},
		// A directory entry through a link.
		entry{name: "abs/evil-dir/", typ: tar.TypeDir, mode: 0o755},
	)
	dir := filepath.Join(t.TempDir(), "rootfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := buildFromTarball(dir, tarball, &Report{}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(victim); string(data) != "mine" {
		t.Errorf("the host file was overwritten: %q", data)
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("entries were written outside the rootfs: %v", entries)
	}
	// "up" climbs to the host's own /, where an extractor that follows
	// links would write evil-up.
	if _, err := os.Lstat("/evil-up"); err == nil {
		os.Remove("/evil-up")
		t.Error("the climbing link wrote /evil-up on the host")
	}
	// Through the links as the container sees them: inside the rootfs.
	for _, p := range []string{"evil-up", filepath.Join(outside, "evil-abs"), filepath.Join(outside, "evil-dir")} {
		if _, err := os.Lstat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s did not land inside the rootfs: %v", p, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "victim")); string(data) != "pwned" {
		t.Errorf("the rootfs's own victim = %q, want the file that replaced the link", data)
	}
}

func TestTarballBadInput(t *testing.T) {
	notTar := filepath.Join(t.TempDir(), "notes.tar")
	os.WriteFile(notTar, []byte(strings.Repeat("not a tar archive\n", 40)), 0o644)
	xz := filepath.Join(t.TempDir(), "image.tar.xz")
	os.WriteFile(xz, []byte("\xfd7zXZ\x00rest"), 0o644)
	cases := map[string]struct {
		from Source
		want string
	}{
		"missing file":   {Source(filepath.Join(t.TempDir(), "nope.tar")), "no such file"},
		"a directory":    {Source(t.TempDir()), "--rootfs"},
		"not a tar":      {Source(notTar), "not a tar archive"},
		"xz-compressed":  {Source(xz), "xz -dk"},
		"a typo of host": {Source("hots"), "--from takes host, busybox"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			_, err := Build(filepath.Join(parent, "rootfs"), tc.from)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Build(%s) = %v, want an error saying %q", tc.from, err, tc.want)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("the refused build left %v", entries)
			}
		})
	}
}
