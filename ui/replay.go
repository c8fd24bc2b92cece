package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
)

// A replayed tour, and a speaker's fallback to the last good run: the
// observations come from a recording instead of the live engine. The tour
// draws them as it draws live ones; what tells them apart is the mark,
// one line under the header, on every screen and at every size, for as
// long as what is shown was recorded.

// Recorded is where and when a replayed recording was taken: what its
// mark says.
type Recorded struct {
	Machine i18n.Msg // the machine in one line: distribution, kernel, cgroup mode, user
	Taken   time.Time
	Burk    string // the version of the burk that recorded it
}

// fallbackKey is the key that shows a failed step's last good run. It is
// off until a live run fails in presenter mode (stepKeys).
func fallbackKey(lang i18n.Lang) key.Binding {
	return key.NewBinding(key.WithKeys("f"), key.WithHelp("f", i18n.T("last good run").In(lang)), key.WithDisabled())
}

// replayKeys is the key map of a replay, whose shell key says there is no
// shell in a recording.
func (m *Model) replayKeys() {
	if m.opts.Replay != nil {
		m.keys.Shell.SetHelp(m.keys.Shell.Help().Key, i18n.T("no shell: a recording").In(m.lang))
	}
}

// stepKeys are the keys as the current step offers them: b where the step
// has a "break it" variant, and f where the speaker can show the last good
// run instead of a live one that failed.
func (m Model) stepKeys() KeyMap {
	k := m.keys.forStep(m.step(), m.variant, m.lang)
	k.Fallback.SetEnabled(m.canFallBack())
	return k
}

// noShellInReplay is what the shell key says in a replay.
func (m *Model) noShellInReplay() {
	m.status = i18n.T("a recording has no shell nor exercises: those run live, on Linux").In(m.lang)
}

// canFallBack says whether the speaker can show the step's last good run:
// in presenter mode, when the live run failed (an error or a ✗).
func (m Model) canFallBack() bool {
	o := m.current()
	return m.opts.Presenter && m.opts.LastGood != nil && m.opts.Replay == nil &&
		o != nil && !o.Held() && !m.recorded[obsKey{m.step().ID, m.variant}]
}

// fallBack shows the step's last good run in place of the live one that
// failed, marked as recorded; running the step again shows it live.
func (m Model) fallBack() Model {
	k := obsKey{m.step().ID, m.variant}
	o, err := m.opts.LastGood(k.step, k.variant)
	if err != nil || o == nil {
		m.status = i18n.T("no good run of this step is kept yet: burk doctor --stage records one").In(m.lang)
		return m
	}
	m.seq++ // a live run in flight must not replace it
	m.running = false
	m.obs[k] = o
	m.recorded[k] = true
	m.status = ""
	m.refresh()
	return m
}

// markView is the mark of a recording: that what is on the screen was
// recorded, where and when. "" when it is live.
func (m Model) markView() string {
	var text string
	switch {
	case m.opts.Replay != nil:
		r := m.opts.Replay
		text = i18n.T("⏺ RECORDING from %s, %v · burk %s · not live on this machine", r.Taken.Format("2006-01-02 15:04"), r.Machine, r.Burk).In(m.lang)
	case m.recorded[obsKey{m.step().ID, m.variant}]:
		text = i18n.T("⏺ RECORDED %s: this step's last good run · live it failed (r runs it again)", m.current().Started.Format("2006-01-02 15:04")).In(m.lang)
	default:
		return ""
	}
	line := ansi.Truncate(text, m.width, "…")
	if pad := m.width - ansi.StringWidth(line); pad > 0 {
		line += strings.Repeat(" ", pad)
	}
	return m.styles.Recorded.Render(line)
}

// markHeight is the lines the mark takes.
func (m Model) markHeight() int {
	if m.opts.Replay != nil || m.recorded[obsKey{m.step().ID, m.variant}] {
		return 1
	}
	return 0
}
