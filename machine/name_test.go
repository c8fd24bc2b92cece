package machine

import (
	"strings"
	"testing"
)

// A name becomes a hostname, a directory and part of a cgroup's name: no
// path tricks, no control characters, nothing long.
func TestCheckName(t *testing.T) {
	for _, name := range []string{"anna", "bert-2", "c_d", "a", strings.Repeat("x", MaxNameLen)} {
		if err := CheckName(name); err != nil {
			t.Errorf("CheckName(%q) = %v, want nil", name, err)
		}
	}
	for _, name := range []string{"", "..", "../etc", "a/b", "Anna", "1anna", "-x", "a b", "a\x00b", "a\x1bb", "anna\u202e", "ännä",
		strings.Repeat("x", MaxNameLen+1)} {
		if err := CheckName(name); err == nil {
			t.Errorf("CheckName(%q) = nil, want refused", name)
		}
	}
}
