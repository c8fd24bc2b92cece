package rootfs

// The fault matrix of issue 12 for tarballs from strangers (burk rootfs
// --from FILE.tar[.gz]). Cases that tarball_test.go has already: names
// with ".." (TestTarballThatEscapesIsRefused: dot-dot, absolute dot-dot,
// inner dot-dot, a hard link that climbs), a symlink then a file or a
// directory through it (TestTarballSymlinksStayInside), device nodes and a
// setuid file (TestTarballRootfs). Here is the rest. Each refused archive
// must leave nothing beside the rootfs and nothing outside it.

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// buildWithin is Build with a bound on its time: an archive must never
// make it wait forever (a FIFO opened for reading blocks until a writer
// comes).
func buildWithin(t *testing.T, dir string, from Source) (*Report, error) {
	t.Helper()
	type result struct {
		rep *Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := Build(dir, from)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(20 * time.Second):
		t.Fatalf("Build(%s) still ran after 20s", from)
		return nil, nil
	}
}

// refused builds from an archive that must be refused with an error
// saying want, and checks that the refused build left nothing.
func refused(t *testing.T, tarball, want string) {
	t.Helper()
	parent := t.TempDir()
	_, err := buildWithin(t, filepath.Join(parent, "rootfs"), Source(tarball))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Build = %v, want an error saying %q", err, want)
	}
	t.Logf("refused: %v", err)
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("the refused build left %v", entries)
	}
}

// busyboxEntries are a working rootfs's entries: a static busybox as sh.
func busyboxEntries(t *testing.T) []entry {
	t.Helper()
	requireBusybox(t)
	bb, _ := staticBusybox()
	data, err := os.ReadFile(bb)
	if err != nil {
		t.Fatal(err)
	}
	return []entry{
		{name: "bin/", typ: tar.TypeDir, mode: 0o755},
		{name: "bin/busybox", typ: tar.TypeReg, mode: 0o755, body: string(data)},
		{name: "bin/sh", link: "busybox", typ: tar.TypeSymlink, mode: 0o777},
	}
}

func TestFaultTarballAbsoluteNamesLandInside(t *testing.T) {
	host := "/etc/burk-fault-" + filepath.Base(t.TempDir())
	tarball := makeTar(t, "abs.tar", append(busyboxEntries(t),
		entry{name: host, typ: tar.TypeReg, mode: 0o644, body: "inside"})...)
	dir, _ := buildInto(t, Source(tarball))
	if _, err := os.Lstat(host); err == nil {
		os.Remove(host)
		t.Fatalf("the archive wrote %s on the host", host)
	}
	if data, err := os.ReadFile(filepath.Join(dir, host)); err != nil || string(data) != "inside" {
		t.Errorf("%s inside the rootfs = %q, %v", host, data, err)
	}
}

func TestFaultTarballHardLinksToOutsideAreRefused(t *testing.T) {
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim")
	os.WriteFile(victim, []byte("mine"), 0o644)
	cases := map[string][]entry{
		// An absolute name is the rootfs's own, where the archive made none.
		"an absolute host path": {{name: "evil", link: victim, typ: tar.TypeLink}},
		"through a symlink out": {
			{name: "out", link: outside, typ: tar.TypeSymlink, mode: 0o777},
			{name: "evil", link: "out/victim", typ: tar.TypeLink},
		},
		"through a symlink up": {
			{name: "up", link: "../../../../../../../..", typ: tar.TypeSymlink, mode: 0o777},
			{name: "evil", link: "up" + victim, typ: tar.TypeLink},
		},
	}
	for name, entries := range cases {
		t.Run(name, func(t *testing.T) {
			refused(t, makeTar(t, "links.tar", entries...), "which the archive has not made")
			var st unix.Stat_t
			if err := unix.Stat(victim, &st); err != nil || st.Nlink != 1 {
				t.Errorf("the host file has %d links (%v), want 1", st.Nlink, err)
			}
		})
	}
}

func TestFaultTarballSetuidAndSetgidAreDroppedAndSaid(t *testing.T) {
	tarball := makeTar(t, "suid.tar", append(busyboxEntries(t),
		entry{name: "bin/su", typ: tar.TypeReg, mode: 0o4755, body: "#!/bin/sh\n"},
		entry{name: "bin/wall", typ: tar.TypeReg, mode: 0o2755, body: "#!/bin/sh\n"},
		entry{name: "bin/both", typ: tar.TypeReg, mode: 0o6755, body: "#!/bin/sh\n"})...)
	dir, rep := buildInto(t, Source(tarball))
	for _, name := range []string{"su", "wall", "both"} {
		fi, err := os.Stat(filepath.Join(dir, "bin", name))
		if err != nil || fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid) != 0 || fi.Mode().Perm() != 0o755 {
			t.Errorf("bin/%s = %v, %v; want 0755 without setuid or setgid", name, fi.Mode(), err)
		}
	}
	if said := strings.Join(rep.Skipped, "\n"); !strings.Contains(said, "setuid/setgid bits of 3 files") {
		t.Errorf("the report does not say the 3 files lost their bits: %v", rep.Skipped)
	}
}

func TestFaultTarballFIFOs(t *testing.T) {
	// A FIFO of its own is made as one, and stays harmless.
	tarball := makeTar(t, "fifo.tar", append(busyboxEntries(t),
		entry{name: "tmp/", typ: tar.TypeDir, mode: 0o1777},
		entry{name: "tmp/fifo", typ: tar.TypeFifo, mode: 0o644})...)
	dir, _ := buildInto(t, Source(tarball))
	if fi, err := os.Lstat(filepath.Join(dir, "tmp", "fifo")); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("tmp/fifo = %v, %v; want a FIFO", fi, err)
	}
	// Where burk reads or writes while it builds and checks the tree, a
	// FIFO must not make it wait for a writer or a reader forever; where
	// tools read a file burk provides, burk's file takes its place.
	for _, tc := range []struct {
		where      string
		burksOwnIn bool
	}{{"bin/sh", false}, {"etc/ld.so.conf", false}, {"etc/hostname", true}, {"etc/passwd", true}} {
		t.Run(tc.where, func(t *testing.T) {
			entries := busyboxEntries(t)
			if tc.where == "bin/sh" {
				entries = entries[:2]
			}
			entries = append(entries, entry{name: "etc/", typ: tar.TypeDir, mode: 0o755},
				entry{name: tc.where, typ: tar.TypeFifo, mode: 0o644})
			dir := filepath.Join(t.TempDir(), "rootfs")
			rep, err := buildWithin(t, dir, Source(makeTar(t, "fifo.tar", entries...)))
			t.Logf("Build = %v", err)
			if tc.where == "bin/sh" {
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("a FIFO as /bin/sh: Build = %v, want it refused", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Lstat(filepath.Join(dir, tc.where))
			if tc.burksOwnIn && (err != nil || !fi.Mode().IsRegular() || !strings.Contains(strings.Join(rep.Skipped, "\n"), "/"+tc.where)) {
				t.Errorf("/%s = %v, %v; want burk's own file, and said (%v)", tc.where, fi, err, rep.Skipped)
			}
		})
	}
}

// rawTar is an archive written by hand around tar.Writer, for what
// tar.Writer refuses to write: data past a header's size, or too little.
func rawTar(t *testing.T, name string, build func(w *bytes.Buffer)) string {
	t.Helper()
	var buf bytes.Buffer
	build(&buf)
	data := buf.Bytes()
	if strings.HasSuffix(name, ".gz") {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(data)
		zw.Close()
		data = gz.Bytes()
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// header is one tar header block, for a file that claims size bytes.
func header(t *testing.T, name string, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if err := tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: size, Format: tar.FormatGNU}); err != nil {
		t.Fatal(err)
	}
	tw.Flush()
	return buf.Bytes()[:512]
}

func TestFaultTarballLargerOrSmallerThanItsHeaders(t *testing.T) {
	t.Run("a file longer than its header says", func(t *testing.T) {
		refused(t, rawTar(t, "long.tar", func(w *bytes.Buffer) {
			w.Write(header(t, "etc/motd", 10))
			w.Write(bytes.Repeat([]byte("overflowing data past the header's size "), 400))
			w.Write(make([]byte, 1024))
		}), "damaged")
	})
	t.Run("a header claiming far more than the archive has", func(t *testing.T) {
		refused(t, rawTar(t, "short.tar", func(w *bytes.Buffer) {
			w.Write(header(t, "etc/motd", 1<<20))
			w.Write(bytes.Repeat([]byte("x"), 1000))
		}), "truncated")
	})
	t.Run("a header claiming more than burk extracts", func(t *testing.T) {
		// No data at all: the header alone must be refused, before any
		// read of what it claims.
		refused(t, rawTar(t, "huge.tar", func(w *bytes.Buffer) {
			w.Write(header(t, "etc/huge", 64<<30))
		}), "unpacks to more than 4 GiB")
	})
}

// A gzip bomb: a small archive that unpacks to far more. The bound is
// lowered for the test, so the bomb stays small by itself (64 MiB of
// zeros, 64 KiB compressed); the production bound is the same check with
// a larger number, proved by the header case above.
func TestFaultTarballGzipBomb(t *testing.T) {
	defer func(old int64) { maxExtractBytes = old }(maxExtractBytes)
	maxExtractBytes = 8 << 20
	tw, done := newTar(t, "bomb.tar.gz")
	zeros := make([]byte, 1<<20)
	for i := range 8 {
		if err := tw.WriteHeader(&tar.Header{Name: "bomb" + string(rune('a'+i)), Typeflag: tar.TypeReg, Mode: 0o644, Size: 8 << 20}); err != nil {
			t.Fatal(err)
		}
		for range 8 {
			tw.Write(zeros)
		}
	}
	bomb := done()
	fi, _ := os.Stat(bomb)
	t.Logf("the bomb: %d KiB, unpacking to 64 MiB", fi.Size()>>10)
	if fi.Size() > 1<<20 {
		t.Fatalf("the bomb is %d bytes: not a bomb", fi.Size())
	}
	start := time.Now()
	refused(t, bomb, "unpacks to more than 8.0 MiB")
	t.Logf("refused in %v", time.Since(start).Round(time.Millisecond))
}

// An inode bomb: many empty entries, which cost no bytes. The bound is
// lowered for the test; the production bound is the same check.
func TestFaultTarballInodeBomb(t *testing.T) {
	defer func(old int) { maxExtractEntries = old }(maxExtractEntries)
	maxExtractEntries = 1000
	tw, done := newTar(t, "inodes.tar.gz")
	for i := range maxExtractEntries + 1 {
		if err := tw.WriteHeader(&tar.Header{Name: fmt.Sprintf("e%d", i), Typeflag: tar.TypeReg, Mode: 0o644}); err != nil {
			t.Fatal(err)
		}
	}
	refused(t, done(), "holds more than 1000 entries")
}

func TestFaultTarballTruncated(t *testing.T) {
	for _, name := range []string{"image.tar", "image.tar.gz"} {
		t.Run(name, func(t *testing.T) {
			whole := makeTar(t, name, append(busyboxEntries(t), entry{name: "etc/motd", typ: tar.TypeReg, mode: 0o644, body: "hello"})...)
			data, err := os.ReadFile(whole)
			if err != nil {
				t.Fatal(err)
			}
			// Cut in the middle of busybox's data: a download cut short.
			cut := filepath.Join(t.TempDir(), name)
			os.WriteFile(cut, data[:len(data)/2+7], 0o644)
			refused(t, cut, "truncated")
		})
	}
}
