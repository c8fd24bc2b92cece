package i18n

// One Swedish word per concept: lessons/sv/terms.md lists each concept's
// word and the words not to use for it, and this test finds a word of a
// "not this" list in the Swedish lessons, the teacher's guide and the
// Swedish catalogue alike, and in build your own's guide, tasks and hints
// (docs/build.sv.md, build/texts_sv.go), so the learner meets the same word
// in the tour's screens, in the lesson beside them and in the runtime they
// write.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// termsFile is the term list, relative to this package.
const termsFile = "../../lessons/sv/terms.md"

// term is one row of the term list.
type term struct {
	label   string   // the first cell: the concept, with a note such as "(verb)"
	concept string   // the English concept, without a note in parentheses
	word    string   // the Swedish word to use
	not     []string // words not to use, each lower case; a * first or last matches a compound's end or an inflection's start
}

// parseTerms reads the term list's table: | concept | word | not, not |.
func parseTerms(md string) ([]term, error) {
	var terms []term
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if len(cells) != 3 {
			return nil, fmt.Errorf("terms.md:%d: %d cells, want 3 (concept | word | not)", i+1, len(cells))
		}
		concept := strings.TrimSpace(cells[0])
		if concept == "begrepp (en)" {
			continue // the header
		}
		label := concept
		if before, _, ok := strings.Cut(concept, " ("); ok {
			concept = before
		}
		t := term{label: label, concept: concept, word: strings.TrimSpace(cells[1])}
		for _, w := range strings.Split(cells[2], ",") {
			if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
				t.not = append(t.not, w)
			}
		}
		if t.concept == "" || t.word == "" || len(t.not) == 0 {
			return nil, fmt.Errorf("terms.md:%d: a row needs a concept, a word and words not to use: %q", i+1, line)
		}
		terms = append(terms, t)
	}
	if len(terms) == 0 {
		return nil, fmt.Errorf("terms.md has no table of terms")
	}
	return terms, nil
}

var (
	codeBlock  = regexp.MustCompile("(?s)```.*?```")
	inlineCode = regexp.MustCompile("`[^`\n]*`")
	linkTarget = regexp.MustCompile(`\]\([^)\s]*\)`)
	manPage    = regexp.MustCompile(`[\pL\pN_.-]+\(\d\)`)
	pathLike   = regexp.MustCompile(`\S*/\S*`)
	// Go in a task or hint: a call (unix.Mount(, mount() or a selector
	// (cmd.Wait, syscall.CLONE_NEWNS) is code, not prose.
	goCode = regexp.MustCompile(`[\pL\pN_]+(?:\.[\pL\pN_]+)+|[\pL\pN_]+\(`)
	wordRE = regexp.MustCompile(`[\pL\pN]+(?:[-_:'][\pL\pN]+)*|-[\pL\pN-]*`)
)

// words returns the words of a text a learner reads as prose, lower case:
// code, paths, man pages, link addresses and English glosses after their
// Swedish word are no prose. A word followed by a flag (-t, --rootfs) is
// a command, not prose, and is left out with the flag.
func words(text string, glosses []string) []string {
	text = codeBlock.ReplaceAllString(text, " ")
	text = inlineCode.ReplaceAllString(text, " ")
	text = linkTarget.ReplaceAllString(text, "] ")
	text = manPage.ReplaceAllString(text, " ")
	text = pathLike.ReplaceAllString(text, " ")
	text = goCode.ReplaceAllString(text, " ")
	lower := strings.ToLower(text)
	for _, g := range glosses {
		// "montering (mount)", "slav (slave: …)": the English term beside
		// the Swedish one explains it.
		for _, end := range []string{")", ":", ","} {
			lower = strings.ReplaceAll(lower, "("+g+end, "( "+end)
		}
	}
	all := wordRE.FindAllString(lower, -1)
	var out []string
	for i, w := range all {
		if strings.HasPrefix(w, "-") {
			continue
		}
		if i+1 < len(all) && strings.HasPrefix(all[i+1], "-") {
			continue // a command and its flag
		}
		out = append(out, w)
	}
	return out
}

// misused returns each word or phrase of a "not this" list found in a
// text, with the term it belongs to: a whole word, the last part of a word
// with hyphens, or a phrase of several words in a row.
func misused(text string, terms []term) []string {
	var glosses []string
	for _, t := range terms {
		glosses = append(glosses, strings.ToLower(t.concept))
	}
	ws := words(text, glosses)
	var found []string
	for _, t := range terms {
		for _, bad := range t.not {
			phrase := strings.Fields(bad)
			for i := range ws {
				hit := false
				if len(phrase) == 1 {
					hit = wordMatches(ws[i], bad)
				} else if i+len(phrase) <= len(ws) {
					hit = slices.Equal(ws[i:i+len(phrase)], phrase)
				}
				if hit {
					found = append(found, fmt.Sprintf("%q (say %q for %s)", bad, t.word, t.concept))
				}
			}
		}
	}
	return found
}

// wordMatches says whether a word is a "not this" entry: the whole word,
// or the last part of a word with hyphens; "*namnrymd" also matches a
// compound that ends in it (monteringsnamnrymd), and "namnrymd*" a word
// that starts with it (namnrymden), so "*namnrymd*" matches both.
func wordMatches(word, bad string) bool {
	last := word[strings.LastIndex(word, "-")+1:]
	suffix, prefix := strings.HasPrefix(bad, "*"), strings.HasSuffix(bad, "*")
	core := strings.Trim(bad, "*")
	switch {
	case suffix && prefix:
		return strings.Contains(word, core)
	case suffix:
		return strings.HasSuffix(word, core)
	case prefix:
		return strings.HasPrefix(word, core) || strings.HasPrefix(last, core)
	}
	return word == bad || last == bad
}

// goStrings returns the string literals of a Go file, by line: the texts
// a learner reads in build your own's tasks and hints.
func goStrings(t *testing.T, path string) map[int]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			out[fset.Position(lit.Pos()).Line] += s + "\n"
		}
		return true
	})
	return out
}

// readTerms reads the term list, or fails the test.
func readTerms(t *testing.T) []term {
	t.Helper()
	md, err := os.ReadFile(termsFile)
	if err != nil {
		t.Fatal(err)
	}
	terms, err := parseTerms(string(md))
	if err != nil {
		t.Fatal(err)
	}
	return terms
}

func TestSwedishUsesTheWordsOfTheTermList(t *testing.T) {
	terms := readTerms(t)
	texts := map[string]string{} // where → what it says
	lessons, _ := filepath.Glob("../../lessons/sv/*.md")
	for _, path := range append(lessons, "../../docs/teaching.sv.md", "../../docs/build.sv.md") {
		if filepath.Base(path) == "terms.md" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inCode := false // a code block's lines are code, not prose
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "```") {
				inCode = !inCode
				continue
			}
			if !inCode {
				texts[fmt.Sprintf("%s:%d", strings.TrimPrefix(path, "../../"), i+1)] = line
			}
		}
	}
	for english, swedish := range sv {
		texts[fmt.Sprintf("the sv catalogue, %q", english)] = swedish
	}
	tasks := goStrings(t, "../../build/texts_sv.go")
	if len(tasks) < 50 {
		t.Fatalf("only %d lines of strings in build/texts_sv.go: is it where the test looks?", len(tasks))
	}
	for line, text := range tasks {
		texts[fmt.Sprintf("build/texts_sv.go:%d", line)] = text
	}
	if len(texts) < 500 {
		t.Fatalf("only %d texts to check: are the lessons and the catalogue where the test looks?", len(texts))
	}
	var problems []string
	for where, text := range texts {
		for _, f := range misused(text, terms) {
			problems = append(problems, where+": "+f)
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// The check must find what it is for, and leave code, commands, paths and
// glosses alone: a test that can never fail checks nothing.
func TestTheTermCheckFindsAPlantedWord(t *testing.T) {
	terms := readTerms(t)
	for _, c := range []struct {
		text string
		want int
	}{
		{"Värden har nu en andra proc-mount.", 1},
		{"Peka på värdens mount-tabell.", 1},
		{"Containerns mounts läckte ut.", 1},
		{"Rot-mounten byts ut.", 2}, // the word, and its last part
		{"kör som en oprivilegierad uid", 1},
		{"Vilken uid har root?", 1},
		{"Flykten ur chrooten fungerade.", 1},
		{"Utan monteringsnamnrymd hamnar monteringen på värden.", 1}, // a compound
		{"i nya namnrymder; PID-namnrymden", 2},                      // inflections
		{"inga filförmågor därifrån", 1},
		{"Namnrymd", 1},
		{`unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "") och cmd.SysProcAttr.Cloneflags`, 0},
		{`mount("proc", filepath.Join(rootfs, "proc"), "proc", 0, "")`, 0},
		{"Kör `mount -t proc proc /proc` och sedan mount -t tmpfs none /tmp.", 0},
		{"Se [mount(8)](https://man7.org/linux/man-pages/man8/mount.8.html).", 0},
		{"## bind-montering (bind mount)", 0},
		{"en montering är slav (slave: händelser kommer bara in)", 0},
		{"/dev/null och /proc/self/mounts", 0},
		{"```\nmount proc\n```", 0},
	} {
		got := misused(c.text, terms)
		if len(got) != c.want {
			t.Errorf("misused(%q) = %q, want %d", c.text, got, c.want)
		}
	}
}

// The list itself says one thing per concept: each concept once, and no
// word both to use and not to use.
func TestTheTermListIsConsistent(t *testing.T) {
	terms := readTerms(t)
	concepts, words := map[string]bool{}, map[string]string{}
	for _, tm := range terms {
		if concepts[tm.label] {
			t.Errorf("terms.md lists %q twice", tm.label)
		}
		concepts[tm.label] = true
		word, _, _ := strings.Cut(tm.word, " (")
		words[strings.ToLower(word)] = tm.label
	}
	for _, tm := range terms {
		for _, bad := range tm.not {
			if c, ok := words[bad]; ok {
				t.Errorf("terms.md: %q is the word for %q and not to be used for %q", bad, c, tm.concept)
			}
		}
	}
}
