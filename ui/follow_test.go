package ui

import (
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
)

// hear is the teacher saying c, with every step run it starts done.
func hear(m Model, c RoomCast) Model {
	next, cmd := m.Update(roomCastMsg{c})
	return finish(next.(Model), cmd)
}

// When the room follows the teacher, the tour goes to the teacher's step
// and runs it; a learner who moves steps away and stays away while the
// teacher moves on; F brings them back to the teacher's step.
func TestFollowStepAwayAndBack(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{StartStep: "chroot"})
	m = hear(m, RoomCast{Follow: true, Step: "uts-ns"})
	if got := m.step().ID; got != "uts-ns" {
		t.Fatalf("following the teacher at uts-ns: the tour is at %s", got)
	}
	if o := m.current(); o == nil || o.StepID != "uts-ns" {
		t.Fatalf("the teacher's step was not run: %+v", o)
	}
	if v := m.View(); !strings.Contains(v, "following the teacher: step 6 of 14") {
		t.Errorf("no mark of following:\n%s", v)
	}
	// The teacher moves on: so does the tour.
	m = hear(m, RoomCast{Follow: true, Step: "ipc-ns"})
	if m.step().ID != "ipc-ns" {
		t.Errorf("the teacher moved to ipc-ns, the tour is at %s", m.step().ID)
	}
	// The learner goes on alone: stepped away.
	m = press(m, "right")
	if m.step().ID != "net-ns" || !m.room.away {
		t.Fatalf("→ while following: at %s, away %v", m.step().ID, m.room.away)
	}
	v := m.View()
	if !strings.Contains(v, "you stepped away from the teacher, who is at step 7: F follows again") || !strings.Contains(v, "F follow the teacher") {
		t.Errorf("the mark or the footer does not say how to come back:\n%s", v)
	}
	// The teacher moves on; the learner who stepped away stays.
	m = hear(m, RoomCast{Follow: true, Step: "user-ns"})
	if m.step().ID != "net-ns" {
		t.Errorf("stepped away, yet the tour moved to %s", m.step().ID)
	}
	// F: back to the teacher's step, following.
	m = press(m, "F")
	if m.step().ID != "user-ns" || m.room.away {
		t.Errorf("F: at %s, away %v; want user-ns, following", m.step().ID, m.room.away)
	}
	if o := m.current(); o == nil || o.StepID != "user-ns" {
		t.Errorf("F did not run the teacher's step: %+v", o)
	}
	// A learner who comes back on their own follows again too.
	m = press(m, "left")
	m = press(m, "right")
	if m.room.away {
		t.Error("back at the teacher's step by →, still marked away")
	}
}

// F does nothing unless the learner stepped away from a teacher the room
// follows: it is not a key of the tour outside a room.
func TestFollowKeyOnlyWhenAway(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{StartStep: "proc"})
	m = press(m, "F")
	if m.step().ID != "proc" || strings.Contains(m.View(), "follow") {
		t.Errorf("F outside a room did something:\n%s", m.View())
	}
	m = hear(m, RoomCast{Follow: true, Step: "proc"})
	if strings.Contains(m.View(), "F follow the teacher") {
		t.Error("the footer offers F to a learner who is following")
	}
}

// The room stops following: the mark goes, and the learner stays where
// they are. When it starts again, everyone comes along, away or not.
func TestFollowOffAndOnAgain(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{})
	m = hear(m, RoomCast{Follow: true, Step: "proc"})
	m = press(m, "right")
	m = hear(m, RoomCast{Step: "proc"})
	if m.step().ID != "mount-ns" || m.room.away || strings.Contains(m.View(), "teacher") {
		t.Errorf("follow off: at %s, away %v:\n%s", m.step().ID, m.room.away, m.View())
	}
	m = hear(m, RoomCast{Follow: true, Step: "pid-ns"})
	if m.step().ID != "pid-ns" {
		t.Errorf("follow on again: at %s, want pid-ns", m.step().ID)
	}
	// A step this tour does not have is no step to follow.
	m = hear(m, RoomCast{Follow: true, Step: "no-such-step"})
	if m.step().ID != "pid-ns" || strings.Contains(m.View(), "following") {
		t.Errorf("an unknown step: at %s\n%s", m.step().ID, m.View())
	}
}

// A message shows until the teacher replaces or clears it; it is said in
// at most two lines, cut where it is long.
func TestRoomMessage(t *testing.T) {
	m := newTestModel(t, 80, 24, Options{StartStep: "uts-ns"})
	m = hear(m, RoomCast{Message: "five minutes left"})
	if v := m.View(); !strings.Contains(v, "• from the teacher: five minutes left") {
		t.Errorf("no message:\n%s", v)
	}
	m = press(m, "right", "?", "esc")
	if !strings.Contains(m.View(), "five minutes left") {
		t.Error("the message went with a key")
	}
	m = hear(m, RoomCast{Message: "coffee " + strings.Repeat("now ", 60)})
	v := m.View()
	if strings.Contains(v, "five minutes") {
		t.Errorf("the message was not replaced:\n%s", v)
	}
	if n := strings.Count(v, "now"); n == 0 || n > 40 {
		t.Errorf("a long message: %d words of it shown", n)
	}
	if lines := strings.Split(v, "\n"); len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	m = hear(m, RoomCast{})
	if strings.Contains(m.View(), "teacher") {
		t.Errorf("the message was not cleared:\n%s", m.View())
	}
}

// The tour following the teacher, stepped away, and with a message, at
// 80×24, in English and Swedish.
func TestGoldenFollow(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Swedish} {
		name := map[i18n.Lang]string{i18n.English: "", i18n.Swedish: "-swedish"}[lang]
		msg := map[i18n.Lang]string{i18n.English: "five minutes left, then coffee", i18n.Swedish: "fem minuter kvar, sedan kaffe"}[lang]
		m := newTestModel(t, 80, 24, Options{Lang: lang})
		m = hear(m, RoomCast{Follow: true, Step: "uts-ns"})
		golden(t, "follow"+name+"-80x24", m.View())
		away := press(m, "right")
		golden(t, "follow-away"+name+"-80x24", away.View())
		m = hear(m, RoomCast{Follow: true, Step: "uts-ns", Message: msg})
		golden(t, "follow-message"+name+"-80x24", m.View())
		golden(t, "message"+name+"-80x24", hear(newTestModel(t, 80, 24, Options{Lang: lang, StartStep: "proc"}), RoomCast{Message: msg}).View())
	}
}
