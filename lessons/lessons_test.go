package lessons

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/burk-tui/burk/steps"
)

func TestEveryStepHasALessonWithTheSameSectionsInEveryLanguage(t *testing.T) {
	for _, id := range steps.IDs() {
		for _, lang := range Langs() {
			md, err := Get(id, lang)
			if err != nil {
				t.Error(err)
				continue
			}
			got := Headings(md)
			hood := len(got) > 0 && got[len(got)-1] == UnderTheHood[lang]
			if hood {
				got = got[:len(got)-1]
			}
			rootless := slices.Equal(got, append(slices.Clone(Sections[lang]), WithoutRoot[lang]))
			if !slices.Equal(got, Sections[lang]) && !rootless {
				t.Errorf("%s/%s.md sections = %q, want %q, with %q after them where the step differs without root, and %q last where it has one",
					lang, id, Headings(md), Sections[lang], WithoutRoot[lang], UnderTheHood[lang])
			}
			// A note without root, or an "under the hood", in one language
			// is one in every language.
			en, _ := Get(id, "en")
			if inEnglish := slices.Contains(Headings(en), WithoutRoot["en"]); lang != "en" && rootless != inEnglish {
				t.Errorf("%s/%s.md has a %q section: %v, the English lesson: %v", lang, id, WithoutRoot[lang], rootless, inEnglish)
			}
			if inEnglish := slices.Contains(Headings(en), UnderTheHood["en"]); lang != "en" && hood != inEnglish {
				t.Errorf("%s/%s.md has a %q section: %v, the English lesson: %v", lang, id, UnderTheHood[lang], hood, inEnglish)
			}
			if !strings.HasPrefix(md, "# ") {
				t.Errorf("%s/%s.md does not start with a title", lang, id)
			}
			if n := strings.Count(md, "```go"); n != 1 {
				t.Errorf("%s/%s.md has %d Go blocks, want 1 (in the syscall section)", lang, id, n)
			}
			if words := len(strings.Fields(md)); words < 120 {
				t.Errorf("%s/%s.md has only %d words", lang, id, words)
			}
		}
	}
}

func TestNoLessonWithoutAStep(t *testing.T) {
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		id := strings.TrimSuffix(path[strings.Index(path, "/")+1:], ".md")
		if steps.Index(id) < 0 && id != GlossaryID && path != "sv/"+TermsID+".md" {
			t.Errorf("%s is a lesson for no step", path)
		}
		return nil
	})
}

func TestDefaultLangFollowsTheLocale(t *testing.T) {
	cases := []struct{ lcAll, lcMessages, lang, want string }{
		{"", "", "sv_SE.UTF-8", "sv"},
		{"", "", "en_US.UTF-8", "en"},
		{"C", "", "sv_SE.UTF-8", "en"},
		{"", "sv_SE.UTF-8", "en_GB.UTF-8", "sv"},
		{"", "", "", "en"},
	}
	for _, c := range cases {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", c.lcMessages)
		t.Setenv("LANG", c.lang)
		if got := DefaultLang(); got != c.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: DefaultLang() = %q, want %q", c.lcAll, c.lcMessages, c.lang, got, c.want)
		}
	}
}

// traceTab is the label of the interactive tour's syscall tab, by language
// (ui's i18n.T("syscalls")): the one tab that is no view of a step.
var traceTab = map[string]string{"en": "syscalls", "sv": "systemanrop"}

// breakLabel starts the "Look at" item about a step's "break it" variant:
// the words of the tour's b key and of the plain text's heading.
var breakLabel = map[string]string{"en": "**Break it**", "sv": "**Ha sönder det**"}

// section returns the body of a lesson's level-2 section, up to the next.
func section(md, heading string) string {
	_, rest, ok := strings.Cut(md, "\n## "+heading+"\n")
	if !ok {
		return ""
	}
	body, _, _ := strings.Cut(rest, "\n## ")
	return body
}

// lookAtItem is one top-level item of "Look at", which starts with the
// label of the tab it is about.
var lookAtItem = regexp.MustCompile("^- \\*\\*`([^`]+)`\\*\\*")

// A lesson sends the learner to tabs by the labels the tour shows (a view's
// id), and only to tabs the step has, or the learner looks for one that is
// not there. (The title in parentheses after it is the plain text's heading,
// a View's title, known only once the step has run: not checked here.)
func TestLookAtNamesTheStepsOwnViews(t *testing.T) {
	base := map[string]bool{}
	for _, p := range steps.All()[0].Probes {
		base[p.ID] = true
	}
	for _, s := range steps.All() {
		for _, lang := range Langs() {
			md, err := Get(s.ID, lang)
			if err != nil {
				t.Fatal(err)
			}
			has := map[string]bool{traceTab[lang]: true}
			for _, p := range s.Probes {
				has[p.ID] = true
			}
			named := map[string]bool{}
			for _, line := range strings.Split(section(md, Sections[lang][1]), "\n") {
				if !strings.HasPrefix(line, "- ") {
					continue
				}
				if strings.HasPrefix(line, "- "+breakLabel[lang]) {
					if !s.HasBreak() {
						t.Errorf("%s/%s.md: a \"break it\" item, but the step has no such variant", lang, s.ID)
					}
					continue
				}
				m := lookAtItem.FindStringSubmatch(line)
				if m == nil {
					t.Errorf("%s/%s.md: a \"Look at\" item that names no tab: %q", lang, s.ID, line)
					continue
				}
				named[m[1]] = true
				if !has[m[1]] {
					t.Errorf("%s/%s.md names the tab %q, which this step does not have", lang, s.ID, m[1])
				}
			}
			for _, p := range s.Probes {
				if !base[p.ID] && !named[p.ID] {
					t.Errorf("%s/%s.md does not point at the step's own view %q", lang, s.ID, p.ID)
				}
			}
		}
	}
}

// The lessons are printed by burk --plain too, where there is no key to
// press: every "Try it" says how to get a shell without the tour, at the
// lesson's own step.
func TestTryItWorksWithoutTheTour(t *testing.T) {
	for _, id := range steps.IDs() {
		for _, lang := range Langs() {
			md, _ := Get(id, lang)
			try := strings.Join(strings.Fields(section(md, Sections[lang][3])), " ")
			if want := "burk run --step " + id + " -- sh"; !strings.Contains(try, want) {
				t.Errorf("%s/%s.md: \"Try it\" lacks %q", lang, id, want)
			}
		}
	}
}

// Every term of the glossary has its entry in every language, with a link
// for further reading; a term is matched by its English name, which a
// translated term gives in parentheses.
func TestEveryGlossaryTermInEveryLanguage(t *testing.T) {
	en, err := Glossary("en")
	if err != nil {
		t.Fatal(err)
	}
	terms := GlossaryTerms(en)
	if len(terms) < 20 {
		t.Fatalf("the glossary has %d terms", len(terms))
	}
	for _, want := range []string{"mount propagation", "peer group", "capability sets", "controller", "OCI", "engine and runtime", "overlayfs", "reaping"} {
		if !slices.Contains(terms, want) {
			t.Errorf("the glossary lacks %q", want)
		}
	}
	for _, lang := range Langs() {
		md, err := Glossary(lang)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(md, "https://github.com/lizrice/containers-from-scratch") {
			t.Errorf("%s glossary: no link to containers-from-scratch", lang)
		}
		found := map[string]bool{}
		for _, h := range GlossaryTerms(md) {
			term := h
			for _, e := range terms {
				if strings.HasSuffix(h, " ("+e+")") {
					term = e
				}
			}
			if !slices.Contains(terms, term) {
				t.Errorf("%s glossary: %q is no English term", lang, h)
			}
			found[term] = true
		}
		for _, e := range terms {
			if !found[e] {
				t.Errorf("%s glossary: no entry for %q", lang, e)
			}
		}
		// Each entry says where to read more.
		for _, entry := range strings.Split(md, "\n## ")[1:] {
			if !strings.Contains(entry, "](https://") {
				t.Errorf("%s glossary: the entry %q links nowhere", lang, strings.SplitN(entry, "\n", 2)[0])
			}
		}
	}
}
