package steps_test

import (
	"os"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The teacher's guides list every step's question and exercise as the
// tour asks and checks them, in their language: a question or a task
// changed in the code and not in the guide fails here.
func TestTheGuidesListEveryQuestionAndExercise(t *testing.T) {
	guides := map[i18n.Lang]string{i18n.English: "../docs/teaching.md", i18n.Swedish: "../docs/teaching.sv.md"}
	for lang, path := range guides {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		guide := strings.Join(strings.Fields(string(data)), " ")
		has := func(what string, m i18n.Msg) {
			if text := strings.Join(strings.Fields(m.In(lang)), " "); !strings.Contains(guide, text) {
				t.Errorf("%s lacks %s %q", path, what, text)
			}
		}
		for _, s := range steps.All() {
			has(s.ID+"'s question", s.Question)
			for _, ex := range s.Exercises {
				has(s.ID+"'s exercise", ex.Task)
			}
		}
	}
}
