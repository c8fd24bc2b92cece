package ui

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// After the end screen, → runs the recap and shows its two lists and the
// misconceptions; ← goes back to the end, and the recap is never a step
// of the progress.
func TestTheRecapFollowsTheEnd(t *testing.T) {
	state := filepath.Join(t.TempDir(), "progress.json")
	m := press(newTestModel(t, 100, 40, Options{StartStep: "hardening", StatePath: state}), "right")
	if !on[endScreen](m) {
		t.Fatal("→ at the last step does not end the tour")
	}
	m = press(m, "right")
	screen := m.View()
	for _, want := range []string{"Isolated now", "Still shared with the host", "✓ The kernel is the host's"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the recap lacks %q:\n%s", want, screen)
		}
	}
	if m.recapObs() == nil || slices.Contains(m.progress.Seen, steps.RecapID) {
		t.Errorf("the recap ran: %v; progress %v", m.recapObs() != nil, m.progress.Seen)
	}
	m = press(m, "pgdown", "pgdown")
	if !strings.Contains(m.View(), "Misconception: Docker is the container runtime.") {
		t.Errorf("the recap's end lacks the misconceptions:\n%s", m.View())
	}
	back := press(m, "left")
	if on[recapScreen](back) || !on[endScreen](back) {
		t.Errorf("← from the recap: on %T, want the end", back.screen)
	}
	if _, cmd := m.Update(keyMsg("q")); cmd == nil || cmd() != tea.Quit() {
		t.Errorf("q does not quit from the recap")
	}
}

// A recap that could not run says why and what to do, never a ✓.
func TestARecapThatCannotRunSaysSo(t *testing.T) {
	m := newTestModel(t, 100, 40, Options{StartStep: "hardening"})
	m.opts.Runner = fixtureRunner{err: errors.New("clone3: operation not permitted")}
	m = press(m, "right", "right")
	screen := m.View()
	if !strings.Contains(screen, "The recap could not run: clone3: operation not permitted") || strings.Contains(screen, "✓ The kernel") {
		t.Errorf("a failed recap:\n%s", screen)
	}
}

// G opens the glossary over any step, in the tour's language, and G or
// esc closes it again.
func TestTheGlossaryKey(t *testing.T) {
	for lang, want := range map[i18n.Lang]string{i18n.English: "mount propagation", i18n.Swedish: "propagering (mount propagation)"} {
		m := press(newTestModel(t, 100, 40, Options{StartStep: "pid-ns", Lang: lang}), "G")
		if !on[glossaryScreen](m) || !strings.Contains(m.View(), "namespace") {
			t.Fatalf("%s: G does not open the glossary:\n%s", lang, m.View())
		}
		seen := m.View()
		for range 6 {
			m = press(m, "pgdown")
			seen += m.View()
		}
		if !strings.Contains(seen, want) || !strings.Contains(seen, "containers-from-scratch") {
			t.Errorf("%s: the glossary, page by page, lacks %q or its further reading:\n%s", lang, want, seen)
		}
		for _, k := range []string{"G", "esc"} {
			if closed := press(m, k); on[glossaryScreen](closed) || closed.cur != steps.Index("pid-ns") {
				t.Errorf("%s: %s leaves the glossary open, or moves the step", lang, k)
			}
		}
	}
}
