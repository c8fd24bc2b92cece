package rootfs

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// manifest lists what a build put in the tree, so that a damaged cache is
// noticed before a container starts in it. Verify checks the shell and
// what it needs; but a deleted library of ps, or a program replaced by one
// of another architecture, leaves a tree Verify passes and the tour's
// probes fail in. Each line is a path, its type and permissions, its size
// and its modification time: anything deleted, replaced or rewritten
// since the build differs in one of them. Checking is a stat per file.
const manifest = ".burk-rootfs.files"

// scratchDirs are where containers may write, or where burk mounts: what
// is in them is not part of the build.
var scratchDirs = map[string]bool{"tmp": true, "proc": true, "dev": true, "sys": true, "run": true, "root": true}

func manifestLine(rel string, fi fs.FileInfo) string {
	return fmt.Sprintf("%q %v %d %d", rel, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
}

// writeManifest lists the tree at dir, outside the scratch directories.
func writeManifest(dir string) error {
	var b bytes.Buffer
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if scratchDirs[rel] {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == marker || rel == manifest {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(manifestLine(rel, fi) + "\n")
		return nil
	})
	if err != nil {
		return err
	}
	return writeInside(dir, manifest, b.Bytes(), 0o644)
}

// checkManifest says what differs from the manifest in the tree at dir:
// "" when nothing does.
func checkManifest(dir string) string {
	f, err := os.Open(filepath.Join(dir, manifest))
	if err != nil {
		return "has no list of what burk built in it (" + manifest + ")"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var rel string
		if _, err := fmt.Sscanf(line, "%q", &rel); err != nil {
			return "has a damaged " + manifest
		}
		fi, err := os.Lstat(filepath.Join(dir, rel))
		if err != nil {
			return "has lost /" + rel + " since burk built it"
		}
		if manifestLine(rel, fi) != line {
			return "has a /" + rel + " that changed since burk built it"
		}
	}
	if sc.Err() != nil {
		return "has a damaged " + manifest
	}
	return ""
}
