package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuild(t *testing.T) {
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	for _, c := range []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"go install of a release", "v1.2.0", nil, "v1.2.0"},
		{"a checkout", "v0.0.0-20261130035438-3f2a9c1e04b7+dirty", vcs("3f2a9c1e04b7aa55aa55aa55aa55aa55aa55aa55", "2026-11-30T03:54:38Z", "true"), "3f2a9c1e04b7 2026-11-30T03:54:38Z+dirty"},
		{"a clean checkout", "v0.0.0-20261130035438-3f2a9c1e04b7", vcs("3f2a9c1e04b7aa55aa55aa55aa55aa55aa55aa55", "2026-11-30T03:54:38Z", "false"), "3f2a9c1e04b7 2026-11-30T03:54:38Z"},
		{"a tagged checkout", "v1.3.0", vcs("3f2a9c1e04b7aa55aa55aa55aa55aa55aa55aa55", "2026-11-30T03:54:38Z", "false"), "v1.3.0"},
		{"nothing stamped", "(devel)", nil, "devel"},
	} {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/burk-tui/burk", Version: c.version}, Settings: c.settings}
		if got := fromBuild(info); got != c.want {
			t.Errorf("%s: fromBuild = %q, want %q", c.name, got, c.want)
		}
	}
}
