package lessons

import (
	"io/fs"
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
			if got := Headings(md); !slices.Equal(got, Sections[lang]) {
				t.Errorf("%s/%s.md sections = %q, want %q", lang, id, got, Sections[lang])
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
		if steps.Index(id) < 0 {
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
