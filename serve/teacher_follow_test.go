package serve

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	goldenfile "github.com/burk-tui/burk/internal/golden"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/internal/roomcast"
)

// go test ./serve -update rewrites the golden files (internal/golden).
var _ = flag.Bool("update", false, "rewrite the golden files")

// fakeClass is a room the teacher's view reads and speaks to, in memory.
type fakeClass struct {
	learners []LearnerView
	cast     roomcast.Cast
	said     []roomcast.Cast
	err      error
}

func (c *fakeClass) Learners() ([]LearnerView, error) { return c.learners, nil }
func (c *fakeClass) Cast() (roomcast.Cast, error)     { return c.cast, nil }
func (c *fakeClass) SetCast(cast roomcast.Cast) error {
	if c.err != nil {
		return c.err
	}
	c.cast = cast
	c.said = append(c.said, cast)
	return nil
}

// teacherPress types keys into the view, running what they say.
func teacherPress(m RoomModel, keys ...string) RoomModel {
	for _, k := range keys {
		msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		switch k {
		case "right":
			msg = tea.KeyMsg{Type: tea.KeyRight}
		case "left":
			msg = tea.KeyMsg{Type: tea.KeyLeft}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case " ":
			msg = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
		}
		next, cmd := m.Update(msg)
		m = next.(RoomModel)
		if cmd != nil {
			if set, ok := cmd().(castSetMsg); ok {
				next, _ := m.Update(set)
				m = next.(RoomModel)
			}
		}
	}
	return m
}

func typed(text string) []string {
	var keys []string
	for _, r := range text {
		keys = append(keys, string(r))
	}
	return keys
}

// f turns following on at the teacher's step, ←/→ move it, f again
// turns it off; m, a message and enter say it; m, emptied, clears it.
func TestTeacherFollowAndMessage(t *testing.T) {
	c := &fakeClass{}
	m := NewRoomModel(c, i18n.English, lipgloss.NewRenderer(nil))
	m = teacherPress(m, "right", "right", "f")
	if c.cast != (roomcast.Cast{Follow: true, Step: "proc"}) {
		t.Fatalf("after → → f: %+v, want following at proc", c.cast)
	}
	m = teacherPress(m, "right", "left", "left", "left", "left")
	if c.cast.Step != "process" || !c.cast.Follow {
		t.Errorf("← past the first step: %+v, want following at process", c.cast)
	}
	m = teacherPress(m, append(append([]string{"m"}, typed("five minutes left")...), "enter")...)
	if c.cast.Message != "five minutes left" || !c.cast.Follow {
		t.Errorf("after m: %+v", c.cast)
	}
	// esc leaves the message as it was; m, backspaces and enter clear it.
	m = teacherPress(m, "m", "x", "esc")
	if c.cast.Message != "five minutes left" {
		t.Errorf("esc changed the message: %q", c.cast.Message)
	}
	m = teacherPress(m, "m")
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	m = teacherPress(next.(RoomModel), "enter")
	if c.cast.Message != "" {
		t.Errorf("an empty message did not clear it: %q", c.cast.Message)
	}
	m = teacherPress(m, "f")
	if c.cast.Follow {
		t.Errorf("f again: still following: %+v", c.cast)
	}
	// q while a message is written is a letter, not quitting.
	m = teacherPress(m, "m", "q")
	if !m.follow.typing || string(m.follow.typed) != "q" {
		t.Errorf("q in a message: typing %v, %q", m.follow.typing, string(m.follow.typed))
	}
}

// A cast the server could not keep is said on the view; the teacher
// knows the room did not hear it.
func TestTeacherCastFailureShown(t *testing.T) {
	c := &fakeClass{err: errors.New("disk full")}
	m := teacherPress(NewRoomModel(c, i18n.English, lipgloss.NewRenderer(nil)), "f")
	if v := m.View(); !strings.Contains(v, "disk full") {
		t.Errorf("the failure is not on the view:\n%s", v)
	}
}

// A read of the server's cast begun before the teacher's newest change
// does not undo it on the screen.
func TestTeacherStaleReadIgnored(t *testing.T) {
	c := &fakeClass{}
	m := NewRoomModel(c, i18n.English, lipgloss.NewRenderer(nil))
	stale := m.refresh().(roomMsg) // read before f
	m = teacherPress(m, "f")
	next, _ := m.Update(stale)
	if !next.(RoomModel).follow.cast.Follow {
		t.Error("a stale read turned following off on the screen")
	}
	next, _ = next.(RoomModel).Update(next.(RoomModel).refresh())
	if !next.(RoomModel).follow.cast.Follow {
		t.Error("a fresh read lost following")
	}
}

// The teacher's view, following and with a message, at 80×24 in both
// languages: golden files, and nothing past 80 columns or 24 lines.
func TestGoldenTeacherFollowing(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var ls []LearnerView
	for i, name := range []string{"anna", "bert", "cilla", "david", "elin", "fredrik", "greta", "hassan", "ida", "johan", "karin", "lars", "maja", "nils", "olga", "per", "rut", "sven", "tove", "ulf", "vera", "william"} {
		step := []string{"uts-ns", "uts-ns", "pid-ns", "ipc-ns"}[i%4]
		index := map[string]int{"uts-ns": 5, "pid-ns": 4, "ipc-ns": 6}[step]
		ls = append(ls, LearnerView{Name: name, Step: step, Index: index, Total: 14, OnStepSince: now.Add(-time.Duration(i+1) * 47 * time.Second),
			Idle: time.Duration(i) * 3 * time.Second, Seen: index + 1, Failed: i % 2, ExPassed: i % 3, ExFailed: 1})
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Swedish} {
		for _, state := range []struct {
			name string
			keys []string
		}{
			{"following", []string{"right", "right", "right", "right", "right", "f"}},
			{"message", append(append([]string{"right", "right", "right", "right", "right", "f", "m"}, typed("five minutes left, then coffee")...), "enter")},
			{"typing", append([]string{"m"}, typed("fem minuter kvar")...)},
		} {
			c := &fakeClass{learners: ls}
			m := NewRoomModel(c, lang, lipgloss.NewRenderer(os.Stdout, termenv.WithProfile(termenv.Ascii)))
			m.now = func() time.Time { return now }
			m.learners = ls
			m = teacherPress(m, state.keys...)
			view := m.View()
			name := fmt.Sprintf("teacher-%s-%s-80x24", state.name, lang)
			goldenfile.Check(t, "serve", name, view)
			lines := strings.Split(view, "\n")
			if len(lines) > 24 {
				t.Errorf("%s: %d lines, want at most 24", name, len(lines))
			}
			for _, line := range lines {
				if w := ansi.StringWidth(line); w > 80 {
					t.Errorf("%s: a line of %d columns: %q", name, w, line)
				}
			}
		}
	}
}
