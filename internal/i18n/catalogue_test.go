package i18n

// A missing translation is a test failure: every call to T in burk's
// source must name its format as a string literal (or a constant), every
// catalogue must translate it with the same arguments and verbs, and no
// catalogue may keep a format nobody uses.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// use is one call to T found in the source.
type use struct {
	format string
	at     string // file:line
}

// findUses parses Go files (name → source) and returns every call to
// i18n.T, or to T inside package i18n itself, and a problem for each whose
// format is not a string it can resolve without running the code.
func findUses(files map[string]string) (uses []use, problems []string) {
	fset := token.NewFileSet()
	type parsed struct {
		name string
		f    *ast.File
	}
	var all []parsed
	consts := map[string]map[string]ast.Expr{} // package dir → const name → value
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		all = append(all, parsed{name, f})
		dir := filepath.Dir(name)
		if consts[dir] == nil {
			consts[dir] = map[string]ast.Expr{}
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						consts[dir][n.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	slices.SortFunc(all, func(a, b parsed) int { return strings.Compare(a.name, b.name) })
	for _, p := range all {
		inI18n := p.f.Name.Name == "i18n"
		local := consts[filepath.Dir(p.name)]
		ast.Inspect(p.f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !isT(call.Fun, inI18n) {
				return true
			}
			at := fset.Position(call.Pos()).String()
			if len(call.Args) == 0 {
				problems = append(problems, at+": T without a format")
				return true
			}
			format, ok := resolve(call.Args[0], local, 0)
			if !ok {
				problems = append(problems, at+": the format of T is not a string literal or a constant: a catalogue could not be checked for it")
				return true
			}
			uses = append(uses, use{format, at})
			return true
		})
	}
	return uses, problems
}

// isT reports whether fun is i18n.T (or T within package i18n).
func isT(fun ast.Expr, inI18n bool) bool {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "i18n" && f.Sel.Name == "T"
	case *ast.Ident:
		return inI18n && f.Name == "T"
	}
	return false
}

// resolve evaluates a string literal, a constant of the same package, or a
// + of those.
func resolve(e ast.Expr, consts map[string]ast.Expr, depth int) (string, bool) {
	if depth > 10 {
		return "", false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return resolve(e.X, consts, depth+1)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := resolve(e.X, consts, depth+1)
		b, ok2 := resolve(e.Y, consts, depth+1)
		return a + b, ok1 && ok2
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			return resolve(v, consts, depth+1)
		}
	}
	return "", false
}

// verb matches one fmt verb: %%, or an optional argument index, flags,
// width, precision and the verb's letter.
var verb = regexp.MustCompile(`%(?:%|(?:\[(\d+)\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?([a-zA-Z]))`)

// verbs maps each argument a format uses (1-based) to its verb letters.
func verbs(format string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[0] == "%%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		if !strings.Contains(out[next], m[2]) {
			out[next] += m[2]
		}
		next++
	}
	return out
}

// checkCatalogues returns what is wrong between the uses of T and the
// catalogues: a format a catalogue lacks, a translation whose arguments or
// verbs differ, and a format no code uses.
func checkCatalogues(uses []use, cats map[Lang]map[string]string) []string {
	var problems []string
	used := map[string]bool{}
	for _, u := range uses {
		used[u.format] = true
	}
	langs := make([]Lang, 0, len(cats))
	for l := range cats {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	seen := map[string]bool{}
	for _, u := range uses {
		if seen[u.format] {
			continue
		}
		seen[u.format] = true
		for _, lang := range langs {
			t, ok := cats[lang][u.format]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %s has no translation of %q", u.at, lang, u.format))
				continue
			}
			if want, got := verbs(u.format), verbs(t); fmt.Sprint(want) != fmt.Sprint(got) {
				problems = append(problems, fmt.Sprintf("%s: %s's %q takes %v, the English %q takes %v", u.at, lang, t, got, u.format, want))
			}
		}
	}
	for _, lang := range langs {
		var stale []string
		for f := range cats[lang] {
			if !used[f] {
				stale = append(stale, f)
			}
		}
		slices.Sort(stale)
		for _, f := range stale {
			problems = append(problems, fmt.Sprintf("%s translates %q, which no code uses", lang, f))
		}
	}
	return problems
}

// moduleSources reads every non-test Go file of the module.
func moduleSources(t *testing.T) map[string]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the module root: %v", err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files[rel] = string(src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestEveryMessageIsInEveryCatalogue(t *testing.T) {
	uses, problems := findUses(moduleSources(t))
	if len(uses) < 100 {
		t.Errorf("found only %d calls to i18n.T: is the source walk broken?", len(uses))
	}
	problems = append(problems, checkCatalogues(uses, catalogues)...)
	for _, p := range problems {
		t.Error(p)
	}
}

// The checker fails where it must: a format missing from a catalogue, one
// that is not a literal, a translation with other verbs or arguments, and
// a stale entry; a reordered translation with indexes passes.
func TestTheCatalogueCheckCatchesMistakes(t *testing.T) {
	src := map[string]string{"p/p.go": `package p

import "github.com/burk-tui/burk/internal/i18n"

const greeting = "hello %s"

func f(name string, n int) {
	_ = i18n.T("hello")
	_ = i18n.T(greeting, name)
	_ = i18n.T("%d of %s", n, name)
	_ = i18n.T("only " + "English")
	_ = i18n.T("%d bytes", n)
	_ = i18n.T(name)
}
`}
	uses, problems := findUses(src)
	if len(uses) != 5 || len(problems) != 1 || !strings.Contains(problems[0], "not a string literal") {
		t.Fatalf("uses %v, problems %q: want 5 uses and the non-literal format as the one problem", uses, problems)
	}
	cats := map[Lang]map[string]string{"xx": {
		"hello":     "hej",
		"hello %s":  "hej %s",
		"%d of %s":  "%[2]s har %[1]d", // reordered: fine
		"%d bytes":  "%s byte",         // another verb
		"left over": "kvar",            // stale
	}}
	problems = checkCatalogues(uses, cats)
	want := []string{`has no translation of "only English"`, `"%s byte" takes`, `translates "left over", which no code uses`}
	if len(problems) != len(want) {
		t.Errorf("problems %q, want %d", problems, len(want))
	}
	for _, w := range want {
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, w) }) {
			t.Errorf("no problem says %q: %q", w, problems)
		}
	}
}

func TestMsg(t *testing.T) {
	register("zz", "zz", map[string]string{
		"%d of %s": "%[2]s har %[1]d",
		"files":    "filer",
	})
	defer func() {
		delete(catalogues, "zz")
		delete(names, "zz")
		Langs = slices.DeleteFunc(Langs, func(l Lang) bool { return l == "zz" })
	}()
	m := T("%d of %s", 3, T("files"))
	if got := m.In(English); got != "3 of files" {
		t.Errorf("English: %q", got)
	}
	if got := m.In("zz"); got != "filer har 3" {
		t.Errorf("reordered, with a translated argument: %q", got)
	}
	if got := Raw("100% of %d").In("zz"); got != "100% of %d" {
		t.Errorf("Raw is formatted: %q", got)
	}
	if missing := T("%s left", T("nothing")).Missing("zz"); !slices.Equal(missing, []string{"%s left", "nothing"}) {
		t.Errorf("Missing = %q", missing)
	}
	if missing := m.Missing("zz"); len(missing) != 0 {
		t.Errorf("Missing of a translated message = %q", missing)
	}
	if Next(English) != Langs[1] || Next(Langs[len(Langs)-1]) != English {
		t.Errorf("Next does not cycle through %v", Langs)
	}
}
