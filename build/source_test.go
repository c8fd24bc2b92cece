package build

import (
	"os"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
)

// The whole program is the reference, less its markers and its doc comment.
func TestTheLastStageIsTheReference(t *testing.T) {
	got, err := Program(len(Stages()), i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	body := func(src string) []string {
		var out []string
		_, src, _ = strings.Cut(src, "\npackage main\n")
		for _, l := range strings.Split(src, "\n") {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "// [stage ") || t == "// [end]" || t == "" {
				continue
			}
			out = append(out, strings.Join(strings.Fields(l), " ")) // as gofmt aligns it
		}
		return out
	}
	want := body(Reference())
	// The chroot, which pivot_root replaced, is gone from the whole program.
	var kept []string
	for _, l := range want {
		if !strings.Contains(l, "// must(unix.Chroot") && !strings.Contains(l, `// must(os.Chdir("/"))`) {
			kept = append(kept, l)
		}
	}
	if g := body(got); strings.Join(g, "\n") != strings.Join(kept, "\n") {
		t.Errorf("the program up to the last stage is not the reference:\n%s", got)
	}
	if strings.Contains(got, "// TODO stage") {
		t.Error("the whole program has a TODO left")
	}
}

// Each stage has a TODO in the skeleton, and its region is written from its
// stage on: the program up to stage n has no TODO of stage n or before.
func TestEachStageHasItsTodo(t *testing.T) {
	for _, lang := range i18n.Langs {
		for n := 0; n <= len(Stages()); n++ {
			src, err := Program(n, lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range Stages() {
				todo := i18n.T("TODO stage %d (%s): %s", st.N, st.ID, textOf(st.ID, lang).Todo).In(lang)
				if has := strings.Contains(src, todo); has != (st.N > n) {
					t.Errorf("%s, up to stage %d: TODO of stage %d there: %v", lang, n, st.N, has)
				}
			}
		}
	}
}

func TestEveryStageIsTaughtInEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, st := range Stages() {
			tx, ok := texts[lang][st.ID]
			if !ok || tx.Todo == "" || tx.Task == "" || len(tx.Hints) == 0 {
				t.Errorf("stage %s has no todo, task or hint in %s", st.ID, lang)
			}
			if len(tx.Hints) != len(texts[i18n.English][st.ID].Hints) {
				t.Errorf("stage %s has %d hints in %s, %d in English", st.ID, len(tx.Hints), lang, len(texts[i18n.English][st.ID].Hints))
			}
		}
	}
}

// A claim build leaves out must be one its step makes, or the filter
// would silently keep it.
func TestTheClaimsNotCheckedAreTheSteps(t *testing.T) {
	for text := range notChecked {
		found := false
		for _, st := range Stages() {
			for _, c := range st.Step.Claims {
				found = found || c.Text.Format() == text
			}
		}
		if !found {
			t.Errorf("no step claims %q", text)
		}
	}
}

// The learner's go.sum is burk's own for x/sys.
func TestTheModuleNeedsWhatBurkHas(t *testing.T) {
	sum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(xsysSum), "\n") {
		if !strings.Contains(string(sum), l+"\n") {
			t.Errorf("burk's go.sum lacks %q", l)
		}
	}
}
