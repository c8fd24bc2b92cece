package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// A screen opened over the tour keeps some keys and lets the others
// through: it closes, and the key does what it does on the tour. q closes
// the help and the glossary rather than quitting: a speaker must not lose
// the room by closing them.
func TestScreensOverTheTourLetTheirOtherKeysThrough(t *testing.T) {
	at := steps.Index("pid-ns")
	start := func() Model { return newTestModel(t, 100, 40, Options{StartStep: "pid-ns"}) }
	for _, tc := range []struct {
		name, open, key string
		want            func(Model) bool
	}{
		{"help, q", "?", "q", func(m Model) bool { return on[stepScreen](m) && m.cur == at }},
		{"help, →", "?", "right", func(m Model) bool { return on[stepScreen](m) && m.cur == at+1 }},
		{"glossary, q", "G", "q", func(m Model) bool { return on[stepScreen](m) && m.cur == at }},
		{"glossary, →", "G", "right", func(m Model) bool { return on[stepScreen](m) && m.cur == at+1 }},
		// L switches the glossary's language, and the glossary stays.
		{"glossary, L", "G", "L", func(m Model) bool { return on[glossaryScreen](m) && m.lang == i18n.Swedish }},
		{"picker, q", "g", "q", func(m Model) bool { return on[stepScreen](m) && m.cur == at }},
	} {
		m := press(start(), tc.open)
		if on[stepScreen](m) {
			t.Fatalf("%s: %s opened nothing", tc.name, tc.open)
		}
		next, cmd := m.Update(keyMsg(tc.key))
		if cmd != nil {
			if _, quit := cmd().(tea.QuitMsg); quit {
				t.Errorf("%s: the key quit the tour", tc.name)
				continue
			}
		}
		if got := finish(next.(Model), cmd); !tc.want(got) {
			t.Errorf("%s: on %T at step %d (%s), want otherwise", tc.name, got.screen, got.cur+1, got.lang)
		}
	}
}

// Over the end screen, the glossary closes back to the end, and ← from
// the end goes back to the last step.
func TestTheEndScreenIsUnderTheGlossary(t *testing.T) {
	last := len(steps.All()) - 1
	m := press(newTestModel(t, 100, 40, Options{StartStep: steps.All()[last].ID}), "right")
	if !on[endScreen](m) {
		t.Fatalf("→ at the last step: on %T, want the end", m.screen)
	}
	if m = press(m, "G", "G"); !on[endScreen](m) {
		t.Errorf("G G on the end screen: on %T, want the end again", m.screen)
	}
	if m = press(m, "left"); !on[stepScreen](m) || m.cur != last {
		t.Errorf("← from the end: on %T at step %d, want the last step", m.screen, m.cur+1)
	}
}
