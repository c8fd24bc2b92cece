package sandbox

import "testing"

// The lab's id maps: a container's map the lab has is kept (a subuid
// range mapped to itself); else root goes to the lab's range, or to its
// one id.
func TestLabIDMap(t *testing.T) {
	want := []IDMap{{ContainerID: 0, HostID: 100000, Size: 65536}}
	for _, tc := range []struct {
		lab  string
		want []IDMap
	}{
		{"0 1000 1\n100000 100000 65536", want},
		{"0 1000 1\n200000 200000 65536", []IDMap{{ContainerID: 0, HostID: 200000, Size: 65536}}},
		{"0 1000 1\n200000 200000 1000", []IDMap{{ContainerID: 0, HostID: 200000, Size: 1000}}},
		{"0 1000 1", []IDMap{{ContainerID: 0, HostID: 0, Size: 1}}},
	} {
		if got := labIDMap(want, tc.lab); len(got) != 1 || got[0] != tc.want[0] {
			t.Errorf("labIDMap(%v, %q) = %v, want %v", want, tc.lab, got, tc.want)
		}
	}
}

func TestInitialUserNamespace(t *testing.T) {
	for _, tc := range []struct {
		uidMap string
		want   bool
	}{
		{"         0          0 4294967295", true},
		{"         0       1000          1", false},
		{"         0     100000      65536", false},
	} {
		read := func(string) (string, error) { return tc.uidMap, nil }
		if got := initialUserNamespace(read); got != tc.want {
			t.Errorf("initialUserNamespace(%q) = %v, want %v", tc.uidMap, got, tc.want)
		}
	}
}
