package build

import (
	"strings"
	"testing"
)

// The ids message names the map that is short and the file its range
// comes from: a gid shortfall is not reported as /etc/subuid's.
func TestLabIDsNamesTheMapAndItsFile(t *testing.T) {
	got := labIDs([]idSpan{{0, 1000, 1}, {1, 200000, 65536}}, "gid_map", "/etc/subgid", "newgidmap").String()
	if !strings.Contains(got, "gid_map has ids 1–65536") || !strings.Contains(got, "/etc/subgid") {
		t.Errorf("labIDs of a gid_map with a range = %q, want its ids and /etc/subgid", got)
	}
	got = labIDs([]idSpan{{0, 1000, 1}}, "uid_map", "/etc/subuid", "newuidmap").String()
	if !strings.Contains(got, "uid_map has only your own id") || !strings.Contains(got, "/etc/subuid, or no newuidmap") {
		t.Errorf("labIDs of a uid_map of one id = %q, want only your own id, /etc/subuid and newuidmap", got)
	}
}
