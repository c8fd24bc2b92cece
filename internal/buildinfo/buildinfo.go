// Package buildinfo says which burk this is, from what the Go toolchain
// wrote into the binary: the module's version when it was installed with
// go install, else the commit it was built from.
package buildinfo

import (
	"runtime/debug"
	"strings"
	"sync"
)

// Version is this burk's version: "v1.2.0" for a released module; for a
// build from a checkout, the commit, "+dirty" when it had changes, and the
// commit's time: "3f2a9c1e04b7 2026-11-30T03:54:38Z+dirty"; "devel" when
// the binary says nothing (a test binary).
var Version = sync.OnceValue(func() string {
	if stamped != "" {
		return stamped
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return fromBuild(info)
})

// stamped is the version a build script gives with -ldflags "-X
// github.com/burk-tui/burk/internal/buildinfo.stamped=…" where the
// toolchain stamps none: -buildvcs=false, or a git worktree, which the go
// command does not stamp (scripts/record).
var stamped string

// fromBuild is the version the build information gives. Built in a
// checkout, Go stamps a pseudo-version (v0.0.0-20261130035438-3f2a9c1e04b7)
// unless the commit is tagged: the commit and its time read better.
func fromBuild(info *debug.BuildInfo) string {
	var revision, at string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	module := info.Main.Version
	if module == "(devel)" {
		module = ""
	}
	if module != "" && (revision == "" || !strings.Contains(module, revision)) {
		return module // a release, or a tagged commit
	}
	if revision == "" {
		return "devel"
	}
	v := revision
	if at != "" {
		v += " " + at
	}
	if dirty {
		v += "+dirty"
	}
	return v
}
