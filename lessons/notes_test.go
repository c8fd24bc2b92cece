package lessons

import (
	"strings"
	"testing"

	"github.com/burk-tui/burk/steps"
)

func TestEveryStepHasSpeakerNotesInEveryLanguage(t *testing.T) {
	for _, id := range steps.IDs() {
		var en SpeakerNotes
		for _, lang := range Langs() {
			n, err := Notes(id, lang)
			if err != nil {
				t.Error(err)
				continue
			}
			if len(n.Points) < 3 || len(n.Points) > 5 {
				t.Errorf("%s/%s.md has %d talking points, want 3 to 5", lang, id, len(n.Points))
			}
			if lang == "en" {
				en = n
				continue
			}
			// What the speaker plans and types is the same in every
			// language; only the words differ.
			if n.Minutes != en.Minutes {
				t.Errorf("%s/%s.md plans %v minutes, en plans %v", lang, id, n.Minutes, en.Minutes)
			}
			if n.Type != en.Type {
				t.Errorf("%s/%s.md types %q, en types %q", lang, id, n.Type, en.Type)
			}
			if (n.Ask == "") != (en.Ask == "") {
				t.Errorf("%s/%s.md and en/%s.md disagree on asking their own question", lang, id, id)
			}
		}
	}
}

// The tour and the plain text show what Get returns: never the notes.
func TestTheLessonLeavesTheSpeakerNotesOut(t *testing.T) {
	for _, id := range steps.IDs() {
		for _, lang := range Langs() {
			md, err := Get(id, lang)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := Notes(id, lang)
			if strings.Contains(md, NotesHeading[lang]) || strings.Contains(md, n.Type+"`\n") && strings.Contains(md, noteLabels[lang].typed) {
				t.Errorf("Get(%q, %q) shows the speaker's notes", id, lang)
			}
			if !strings.HasSuffix(md, "\n") || strings.HasSuffix(md, "\n\n") {
				t.Errorf("Get(%q, %q) ends in %q, want one newline", id, lang, md[max(len(md)-10, 0):])
			}
		}
	}
}

func TestCutNotesKeepsWhatFollowsThem(t *testing.T) {
	md := "# T\n\n## A\n\ntext\n\n## Speaker notes\n\nMinutes: 1\n\n- p\n\n## B\n\nmore\n"
	lesson, notes, ok := cutNotes(md, "en")
	if !ok {
		t.Fatal("no notes found")
	}
	if want := "# T\n\n## A\n\ntext\n\n## B\n\nmore\n"; lesson != want {
		t.Errorf("lesson = %q, want %q", lesson, want)
	}
	if !strings.Contains(notes, "- p") || strings.Contains(notes, "more") {
		t.Errorf("notes = %q", notes)
	}
}

func TestBadSpeakerNotesSayWhatIsWrong(t *testing.T) {
	cases := []struct{ body, want string }{
		{"\nMinutes: soon\n", `"soon" is not a number`},
		{"\nMinutes: 2\n\nType: `ps`\n", "no talking points"},
		{"\nMinutes: 2\n\n- p\n", "no Type: line"},
		{"\n- p\n\nType: `ps`\n", "no Minutes: line"},
		{"\nMinutes: 2\n\n- p\n\nType: ps\n", "in backticks"},
		{"\nMinutes: 2\n\nSomething else\n", "no talking point"},
	}
	for _, c := range cases {
		_, err := parseNotes(c.body, "en")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseNotes(%q) = %v, want an error saying %q", c.body, err, c.want)
		}
	}
	n, err := parseNotes("\nMinutes: 2.5\n\n- one\n  and on\n- two\n\nAsk: why?\n\nType: `ps -e`\n", "en")
	if err != nil || n.Minutes != 2.5 || len(n.Points) != 2 || n.Points[0] != "one and on" || n.Ask != "why?" || n.Type != "ps -e" {
		t.Errorf("parseNotes = %+v, %v", n, err)
	}
}
