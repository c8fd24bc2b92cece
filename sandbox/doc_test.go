package sandbox_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// doc.go tells the life of a container by the functions that live it: a
// function renamed or moved would leave the story pointing at nothing.
// Every Type.Method, package.Name and camelCase name it gives must be
// declared somewhere in burk, and every file it names must be there.
func TestTheLifeOfAContainerNamesFunctionsThatExist(t *testing.T) {
	declared := map[string]bool{} // "Name", "Type.Name", "pkg.Name", "file.go"
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		declared[d.Name()] = true
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		pkg := f.Name.Name
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				name := decl.Name.Name
				declared[name], declared[pkg+"."+name] = true, true
				if decl.Recv != nil && len(decl.Recv.List) > 0 {
					typ := decl.Recv.List[0].Type
					if star, ok := typ.(*ast.StarExpr); ok {
						typ = star.X
					}
					if id, ok := typ.(*ast.Ident); ok {
						declared[id.Name+"."+name] = true
					}
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						declared[ts.Name.Name], declared[pkg+"."+ts.Name.Name] = true, true
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`\b(?:[A-Za-z]\w*\.[A-Za-z]\w*|[a-z]+[A-Z]\w*)\b`)
	for _, name := range named.FindAllString(string(doc), -1) {
		if !declared[name] {
			t.Errorf("doc.go names %s, which burk does not declare", name)
		}
	}
}
