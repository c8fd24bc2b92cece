package sandbox_test

import (
	"go/build"
	"strings"
	"testing"
)

// The runtime is the runtime only: it words nothing for the learner (no
// i18n, no charm), and knows nothing of what is built above it — the
// housekeeping, the lab and the machines, the doctor, the tour. Of burk's
// own packages it imports only the internal ones that read and change the
// kernel's state.
func TestTheRuntimeImportsNoWordsAndNothingAboveIt(t *testing.T) {
	const module = "github.com/burk-tui/burk/"
	allowed := map[string]bool{}
	for _, p := range []string{"caps", "cgroup", "mountinfo", "procfs", "trace"} {
		allowed[module+"internal/"+p] = true
	}
	ctx := build.Default
	ctx.UseAllFiles = true // every OS's files, not only this one's
	pkg, err := ctx.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range pkg.Imports {
		if (strings.HasPrefix(path, module) && !allowed[path]) || strings.Contains(path, "charmbracelet") {
			t.Errorf("sandbox imports %s: the runtime imports only internal/caps, cgroup, mountinfo, procfs and trace of burk's own", path)
		}
	}
}
