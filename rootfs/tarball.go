package rootfs

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// checkTarball says why file cannot be extracted, before anything is
// written.
func checkTarball(file string) error {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--from %s: no such file (--from takes host, busybox, or a .tar/.tar.gz file)", file)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory, not a tarball: to run in it as it is, use --rootfs %s", file, file)
	}
	_, err = openArchive(f, file)
	return err
}

// openArchive returns the tar stream in f, which may be gzip-compressed
// (Alpine's minirootfs is), or says what else it is.
func openArchive(f *os.File, name string) (io.Reader, error) {
	br := bufio.NewReader(f)
	magic, _ := br.Peek(6)
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		r = gz
	case bytes.HasPrefix(magic, []byte("\xfd7zXZ\x00")):
		return nil, fmt.Errorf("%s is xz-compressed: unpack it first (xz -dk %s) and give the .tar", name, name)
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return nil, fmt.Errorf("%s is zstd-compressed: unpack it first (zstd -d %s) and give the .tar", name, name)
	case bytes.HasPrefix(magic, []byte("BZh")):
		return nil, fmt.Errorf("%s is bzip2-compressed: unpack it first (bzip2 -dk %s) and give the .tar", name, name)
	}
	// Every tar that docker, Alpine and GNU tar write has "ustar" at 257.
	tr := bufio.NewReaderSize(r, 1024)
	head, _ := tr.Peek(262)
	if len(head) < 262 || string(head[257:262]) != "ustar" {
		return nil, fmt.Errorf("%s is not a tar archive (--from takes host, busybox, or a .tar/.tar.gz file)", name)
	}
	return tr, nil
}

// maxExtractBytes bounds what an archive may unpack to. A gzip bomb of a
// few MiB unpacks to terabytes of zeros, and a tar header may claim any
// size; no root filesystem a learner brings needs more than this (an
// exported Debian is about 120 MiB). The room on the disk bounds it too
// (extractor.count).
var maxExtractBytes int64 = 4 << 30

// maxExtractEntries bounds how many entries an archive may hold. Empty
// files cost no bytes but an inode each: millions of them, from an archive
// of a few MiB, would fill the disk's inode table. An exported Debian with
// build tools holds about 100,000.
var maxExtractEntries = 500_000

// buildFromTarball extracts an exported image (an Alpine minirootfs,
// `docker export` output) into dir. Nothing in the archive may write
// outside dir: not a name with "..", not a path through a symlink.
func buildFromTarball(dir, file string, rep *Report) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer f.Close()
	r, err := openArchive(f, file)
	if err != nil {
		return err
	}
	x := &extractor{root: dir, rep: rep, dirModes: map[string]fs.FileMode{}}
	// The room is measured once, before anything is written: what the
	// archive has written since is in the running total.
	if x.free, x.block, err = freeSpace(dir); err != nil {
		return fmt.Errorf("measure the free space where %s goes: %w", file, err)
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		// ErrInsecurePath (GODEBUG=tarinsecurepath=0) comes with the header;
		// entryPath makes the same judgement below.
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			return fmt.Errorf("read %s: %w", file, archiveError(err))
		}
		if err := x.count(file, h); err != nil {
			return err
		}
		if x.entries++; x.entries > maxExtractEntries {
			return fmt.Errorf("%s holds more than %d entries (at %q): more than any root filesystem burk needs; refusing it, as it may be an archive made to exhaust the disk's inodes",
				file, maxExtractEntries, h.Name)
		}
		if err := x.extract(h, tr); err != nil {
			return fmt.Errorf("extract %q from %s: %w", h.Name, file, archiveError(err))
		}
	}
	return x.finish()
}

// archiveError says what a broken archive's error means.
func archiveError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the archive is truncated: it ends in the middle of an entry (%w)", err)
	}
	if errors.Is(err, tar.ErrHeader) {
		return fmt.Errorf("the archive is damaged: an entry's data is not where its header says it ends (%w)", err)
	}
	return err
}

// sizeString is a byte count as a person reads it.
func sizeString(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

type extractor struct {
	total    int64 // the bytes its headers claim so far
	used     int64 // the same, each file rounded up to whole blocks
	free     int64 // the bytes free for burk where the rootfs goes, before extraction
	block    int64 // that filesystem's block size
	entries  int   // the entries read so far
	root     string
	rep      *Report
	dirModes map[string]fs.FileMode // set at the end, so a read-only directory can still be filled
	setuid   int
	devices  []string
}

// entryPath turns an archive name into a path inside the rootfs. A leading
// "/" means the rootfs's own root; a name that climbs above it is refused.
func entryPath(name string) (string, error) {
	clean := path.Clean(strings.TrimLeft(name, "/"))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("the name climbs out of the root filesystem: refusing the whole tarball")
	}
	if clean == "." {
		return "/", nil
	}
	return "/" + clean, nil
}

func (x *extractor) extract(h *tar.Header, r io.Reader) error {
	if h.Typeflag == tar.TypeXGlobalHeader {
		return nil
	}
	rel, err := entryPath(h.Name)
	if err != nil {
		return err
	}
	if rel == "/" {
		return nil // the root keeps its 0755
	}
	// The parent is resolved the way the container will see it, so an
	// earlier entry "etc -> /etc" makes "etc/passwd" land in the rootfs's
	// etc, never the host's.
	parent, err := mkdirInside(x.root, path.Dir(rel))
	if err != nil {
		return err
	}
	target := filepath.Join(parent, path.Base(rel))
	// Files belong to whoever builds the rootfs: the image's uids mean
	// nothing on this host. Setuid and setgid go too: a root-owned setuid
	// file in a cache anyone can reach would be a way to root on the host.
	mode := fs.FileMode(h.Mode).Perm()
	if h.Mode&0o6000 != 0 && h.Typeflag != tar.TypeDir {
		x.setuid++
	}
	switch h.Typeflag {
	case tar.TypeDir:
		fi, err := os.Lstat(target)
		if err == nil && !fi.IsDir() {
			if err := os.Remove(target); err != nil {
				return err
			}
		}
		if err != nil || !fi.IsDir() {
			if err := os.Mkdir(target, 0o755); err != nil {
				return err
			}
		}
		if h.Mode&0o1000 != 0 {
			mode |= fs.ModeSticky
		}
		x.dirModes[target] = mode
	case tar.TypeReg:
		if err := makeRoom(target); err != nil {
			return err
		}
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
		if err != nil {
			return err
		}
		n, err := io.Copy(out, r)
		if err == nil {
			err = out.Chmod(mode)
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		x.rep.Files++
		x.rep.Bytes += n
	case tar.TypeSymlink:
		// Kept as it is, absolute or not: it is resolved inside the
		// container, where / is this directory.
		if err := makeRoom(target); err != nil {
			return err
		}
		return os.Symlink(h.Linkname, target)
	case tar.TypeLink:
		lrel, err := entryPath(h.Linkname)
		if err != nil {
			return fmt.Errorf("hard link to %q: %w", h.Linkname, err)
		}
		lparent, err := resolveInside(x.root, path.Dir(lrel))
		if err != nil {
			return fmt.Errorf("hard link to %s, which the archive has not made: %w", h.Linkname, err)
		}
		src := filepath.Join(lparent, path.Base(lrel))
		fi, err := os.Lstat(src)
		if err != nil || fi.IsDir() {
			return fmt.Errorf("hard link to %s, which the archive has not made as a file", h.Linkname)
		}
		if err := makeRoom(target); err != nil {
			return err
		}
		return os.Link(src, target) // linkat(2) without AT_SYMLINK_FOLLOW: a link to a symlink stays one
	case tar.TypeChar:
		return x.device(target, rel, uint32(h.Devmajor), uint32(h.Devminor))
	case tar.TypeBlock:
		// A block device is a disk of this host: never from an archive.
		x.devices = append(x.devices, fmt.Sprintf("%s (block %d:%d)", rel, h.Devmajor, h.Devminor))
	case tar.TypeFifo:
		if err := makeRoom(target); err != nil {
			return err
		}
		return mkfifo(target, uint32(mode))
	default:
		x.rep.Skipped = append(x.rep.Skipped, fmt.Sprintf("%s: an entry of type %q burk does not extract", rel, h.Typeflag))
	}
	return nil
}

// tarDevices are the character devices an archive may bring: the same
// harmless ones burk makes, and /dev/full. Others (a console, a disk, the
// kernel's memory) would hand the container a piece of the host.
var tarDevices = append([]device{{"full", 1, 7}}, devices...)

func (x *extractor) device(target, rel string, major, minor uint32) error {
	for _, d := range tarDevices {
		if d.major != major || d.minor != minor {
			continue
		}
		if err := makeRoom(target); err != nil {
			return err
		}
		err := mknodChar(target, major, minor)
		if errors.Is(err, fs.ErrPermission) {
			x.devices = append(x.devices, rel+" (mknod needs root)")
			return nil
		}
		if err == nil {
			x.rep.Devices = append(x.rep.Devices, rel)
		}
		return err
	}
	x.devices = append(x.devices, fmt.Sprintf("%s (char %d:%d)", rel, major, minor))
	return nil
}

// makeRoom removes what is at target so an entry can take its place, as tar
// does. A directory stays: a file does not replace one.
func makeRoom(target string) error {
	fi, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is already a directory", filepath.Base(target))
	}
	return os.Remove(target)
}

// finish sets the directories' modes, deepest first, and notes what was
// left out.
func (x *extractor) finish() error {
	dirs := make([]string, 0, len(x.dirModes))
	for d := range x.dirModes {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	for _, d := range dirs {
		if fi, err := os.Lstat(d); err == nil && fi.IsDir() {
			if err := os.Chmod(d, x.dirModes[d]); err != nil {
				return err
			}
		}
	}
	if x.setuid > 0 {
		x.rep.Skipped = append(x.rep.Skipped, fmt.Sprintf("setuid/setgid bits of %d files (root-owned setuid files in a shared cache would be a way to root on this host)", x.setuid))
	}
	if len(x.devices) > 0 {
		x.rep.Skipped = append(x.rep.Skipped, "device files "+strings.Join(x.devices, ", ")+" (an archive may bring only null, zero, full, random, urandom and tty: others would hand the container a piece of the host)")
	}
	return nil
}
