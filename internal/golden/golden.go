// Package golden compares a screen with its golden file, testdata/NAME.golden,
// as plain text, and rewrites the file instead when the tests run with
// -update. The flag is the test binary's: teatest's golden package defines
// it where teatest is used, and a package that does not use teatest defines
// it itself (flag.Bool("update", …)), so the two never clash.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Check fails t when got, without its colours, differs from the golden
// file of that name; pkg names the package for the command that accepts
// the change (go test ./PKG -update).
func Check(t testing.TB, pkg, name, got string) {
	t.Helper()
	got = ansi.Strip(got)
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./%s -update)", err, pkg)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./%s -update to accept):\n%s", name, pkg, got)
	}
}

// updating reports whether the test run was asked to rewrite the golden
// files.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
