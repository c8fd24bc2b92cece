package rootfs

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree makes a directory under the test's temp dir with the mount points
// and the given files; a value starting with "->" makes a symlink.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range mountPoints {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "->"); ok {
			os.RemoveAll(p)
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// foreignELF is the header of an ELF program for another machine than
// this one: enough for debug/elf, and for the kernel to refuse it.
func foreignELF(t *testing.T, other elf.Machine) string {
	t.Helper()
	h := elf.Header64{Type: uint16(elf.ET_EXEC), Machine: uint16(other), Version: uint32(elf.EV_CURRENT), Ehsize: 64}
	copy(h.Ident[:], elf.ELFMAG)
	h.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	h.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	h.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	var buf bytes.Buffer
	if err := binary.Write(&buf, binary.LittleEndian, h); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestVerifyNamesWhatIsWrong(t *testing.T) {
	hostShell := lookHost("sh")
	shell, err := os.ReadFile(hostShell)
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(hostShell)
	if err != nil {
		t.Fatalf("the host's sh is not ELF: %v", err)
	}
	loader, _ := interpreter(f)
	f.Close()
	if loader == "" {
		t.Fatalf("the host's %s is static; this test needs a dynamic shell", hostShell)
	}
	aFile := filepath.Join(t.TempDir(), "file")
	os.WriteFile(aFile, nil, 0o644)
	toSlash := filepath.Join(t.TempDir(), "slash")
	os.Symlink("/", toSlash)
	dirShell := tree(t, nil)
	os.MkdirAll(filepath.Join(dirShell, "bin", "sh"), 0o755)
	noExec := tree(t, map[string]string{"bin/sh": "#!/bin/sh\n"})
	os.Chmod(filepath.Join(noExec, "bin", "sh"), 0o644)
	// A working rootfs, broken in one place.
	noProc, _ := buildInto(t, FromHost)
	os.Remove(filepath.Join(noProc, "proc"))
	devLink, _ := buildInto(t, FromHost)
	os.RemoveAll(filepath.Join(devLink, "dev"))
	os.Symlink("/dev", filepath.Join(devLink, "dev"))
	other := elf.EM_AARCH64
	if hostMachine == elf.EM_AARCH64 {
		other = elf.EM_X86_64
	}
	loaderData, err := os.ReadFile(loader)
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, dir, want string
	}{
		{"the host's /", "/", "host's own /"},
		{"a link to /", toSlash, "host's own /"},
		{"missing", filepath.Join(t.TempDir(), "nope"), "does not exist"},
		{"a file", aFile, "is not a directory"},
		{"empty", t.TempDir(), "is empty"},
		{"no shell", tree(t, map[string]string{"bin/ls": "x"}), "no shell at /bin/sh"},
		// The host has this shell; an absolute link is resolved inside
		// the rootfs, where it is not.
		{"a link to the host's shell", tree(t, map[string]string{"bin/sh": "->" + hostShell}), "no shell at /bin/sh"},
		{"a link out by ..", tree(t, map[string]string{"bin/sh": "->../../../../../../.." + hostShell}), "no shell at /bin/sh"},
		{"shell is a directory", dirShell, "not a regular file"},
		{"shell not executable", noExec, "not executable"},
		{"another architecture", tree(t, map[string]string{"bin/sh": foreignELF(t, other)}), "built for " + other.String()},
		{"not a program", tree(t, map[string]string{"bin/sh": "just text"}), "neither an ELF program nor a #! script"},
		{"script without interpreter", tree(t, map[string]string{"bin/sh": "#!/bin/nothere\n"}), "script for /bin/nothere"},
		{"script loop", tree(t, map[string]string{"bin/sh": "#!/bin/sh\n"}), "too many levels"},
		{"no loader", tree(t, map[string]string{"bin/sh": string(shell)}), "needs the loader " + loader},
		{"no libc", tree(t, map[string]string{"bin/sh": string(shell), loader: string(loaderData)}), "needs libc"},
		{"no /proc", noProc, "no /proc directory"},
		{"/dev is a link", devLink, "/dev as a symlink"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.dir)
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("Verify(%s) = %v, want a *VerifyError", tc.dir, err)
			}
			if !strings.Contains(ve.Problem, tc.want) {
				t.Errorf("Verify problem = %q, want it to say %q", ve.Problem, tc.want)
			}
			if ve.Dir != tc.dir || !strings.Contains(ve.Fix, "burk rootfs --dir") && !strings.Contains(ve.Fix, "mkdir") && !strings.Contains(ve.Fix, "replace") {
				t.Errorf("Verify = %+v, want the directory and a fix", ve)
			}
		})
	}
}

func TestVerifyAcceptsWorkingRootfs(t *testing.T) {
	requireBusybox(t)
	bb, _ := staticBusybox()
	data, err := os.ReadFile(bb)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]map[string]string{
		// As in Alpine: an absolute link, resolved inside the rootfs.
		"absolute link": {"bin/busybox": string(data), "bin/sh": "->/bin/busybox"},
		"relative link": {"usr/bin/busybox": string(data), "bin": "->usr/bin", "usr/bin/sh": "->busybox"},
		"a #! script":   {"bin/busybox": string(data), "bin/sh": "#!/bin/busybox sh\n"},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			if err := Verify(tree(t, files)); err != nil {
				t.Errorf("Verify = %v, want nil", err)
			}
		})
	}
}

func TestResolveInside(t *testing.T) {
	root := tree(t, map[string]string{
		"real/file": "x",
		"abs":       "->/real",
		"rel":       "->real/file",
		"up":        "->../../../../../..",
		"loop":      "->loop",
		"chain":     "->abs/../rel",
	})
	cases := map[string]string{
		"/abs/file":      "real/file",
		"/rel":           "real/file",
		"/up/real/file":  "real/file",
		"/../../rel":     "real/file",
		"/chain":         "real/file",
		"/abs/../up/abs": "real",
	}
	for path, want := range cases {
		got, err := resolveInside(root, path)
		if err != nil || got != filepath.Join(root, want) {
			t.Errorf("resolveInside(%s) = %q, %v; want %q", path, got, err, filepath.Join(root, want))
		}
	}
	for _, bad := range []string{"/loop", "/nope", "/real/file/x"} {
		if got, err := resolveInside(root, bad); err == nil {
			t.Errorf("resolveInside(%s) = %q, want an error", bad, got)
		}
	}
}
