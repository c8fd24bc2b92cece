//go:build linux

package build

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
)

// --binary -: a Linux executable is kept, with the mode a user
// namespace's root needs to run it again; anything else is refused with
// the reason, and nothing is left.
func TestReadBinary(t *testing.T) {
	self, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	bin, clean, err := ReadBinary(bytes.NewReader(self))
	if err != nil {
		t.Fatalf("ReadBinary(this test's binary) = %v", err)
	}
	got, _ := os.ReadFile(bin)
	st, _ := os.Stat(bin)
	if !bytes.Equal(got, self) || st.Mode().Perm() != 0o755 {
		t.Errorf("ReadBinary kept %d bytes, mode %v; want %d bytes, 0755", len(got), st.Mode().Perm(), len(self))
	}
	clean()
	if _, err := os.Stat(bin); err == nil {
		t.Errorf("clean left %s", bin)
	}
	for _, tc := range []struct {
		name, in, said string
	}{
		{"empty", "", "no runtime on standard input"},
		{"a Mach-O", "\xcf\xfa\xed\xfe" + strings.Repeat("x", 100), "not a Linux executable"},
		{"too big", "\x7fELF" + strings.Repeat("x", binaryMax), "larger than 32 MiB"},
	} {
		before, _ := os.ReadDir(os.TempDir())
		_, _, err := ReadBinary(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(Say(err, i18n.English), tc.said) || Say(err, "sv") == Say(err, i18n.English) {
			t.Errorf("ReadBinary(%s) = %v; want %q, in Swedish too", tc.name, err, tc.said)
		}
		if after, _ := os.ReadDir(os.TempDir()); len(after) != len(before) {
			t.Errorf("ReadBinary(%s) left a file in %s", tc.name, os.TempDir())
		}
	}
}
