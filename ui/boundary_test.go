package ui

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The tour's front ends talk to the tour only through package steps (and
// read the lessons and the catalogues): steps owns every type it hands
// out, so ui and plain never import sandbox, nor any other of burk's own
// packages.
func TestUIAndPlainImportOnlyStepsLessonsAndI18n(t *testing.T) {
	const module = "github.com/burk-tui/burk/"
	allowed := map[string]bool{module + "steps": true, module + "lessons": true, module + "internal/i18n": true}
	for _, dir := range []string{".", "../plain"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.HasPrefix(path, module) && !allowed[path] {
					t.Errorf("%s imports %s: the front ends import only steps, lessons and internal/i18n", file, path)
				}
			}
		}
	}
}
