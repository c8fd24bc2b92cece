package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
)

// The room holds --max-sessions learners, each name once.
func TestRoomJoin(t *testing.T) {
	r := newRoom(2)
	a, err := r.join("anna")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.join("anna"); err != errConnected {
		t.Errorf("anna twice: %v, want %v", err, errConnected)
	}
	r.join("bert")
	if _, err := r.join("cilla"); err != errFull {
		t.Errorf("a third in a room of 2: %v, want %v", err, errFull)
	}
	r.leave(a)
	if _, err := r.join("cilla"); err != nil {
		t.Errorf("cilla after anna left: %v", err)
	}
}

// What the tour writes about itself becomes the learner's row.
func TestLearnerUpdate(t *testing.T) {
	l := &Learner{Name: "anna"}
	since := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l.update([]byte(`{"current":"pid-ns","seen":["process","chroot","proc"],"failed":["proc"],"exercises":{"process/rename-host":{"outcome":"passed"},"proc/mount-proc":{"outcome":"failed"}}}`),
		[]byte(`{"version":1,"step":"uts-ns","index":5,"total":14,"since":"`+since.Format(time.RFC3339)+`"}`))
	v := l.View()
	if v.Step != "uts-ns" || v.Index != 5 || v.Seen != 3 || v.Failed != 1 || v.ExPassed != 1 || v.ExFailed != 1 || !v.OnStepSince.Equal(since) {
		t.Errorf("view = %+v", v)
	}
	// A learner's garbage leaves the row as it was.
	l.update([]byte("\x00garbage"), []byte("{"))
	if l.View().Step != "uts-ns" {
		t.Errorf("garbage changed the row: %+v", l.View())
	}
}

// The teacher's view fits 80×24 with a full room, in both languages.
func TestRoomViewFits80x24(t *testing.T) {
	var ls []LearnerView
	now := time.Now()
	for i := range 30 {
		ls = append(ls, LearnerView{Name: fmt.Sprintf("learner%02d", i), Step: "cgroup-ns", Index: 10, Total: 14,
			OnStepSince: now.Add(-time.Duration(i) * time.Minute), Idle: time.Duration(i) * time.Second, Seen: 11, Failed: 1, ExPassed: 4, ExFailed: 1})
	}
	for _, lang := range []i18n.Lang{i18n.English, "sv"} {
		m := NewRoomModel(&fakeClass{learners: ls}, lang, lipgloss.NewRenderer(nil))
		m.learners = ls
		view := m.View()
		lines := strings.Split(view, "\n")
		if len(lines) > 24 {
			t.Errorf("%s: %d lines, want at most 24:\n%s", lang, len(lines), view)
		}
		for _, line := range lines {
			if w := ansi.StringWidth(line); w > 80 {
				t.Errorf("%s: a line of %d columns: %q", lang, w, line)
			}
		}
		if !strings.Contains(view, "learner29") || !strings.Contains(view, "cgroup-ns") {
			t.Errorf("%s: the longest stuck learner is not named:\n%s", lang, view)
		}
	}
}
