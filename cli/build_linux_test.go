package cli

import (
	"encoding/json"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// The watch mode checks once the files are quiet after a save, not at every
// write, and goes on to the next stage when one passes.
func TestBuildWatchChecksAfterTheQuietAndMovesOn(t *testing.T) {
	var checked []string
	pass := map[string]bool{"process": true}
	check := func(st *build.Stage) build.Result {
		checked = append(checked, st.ID)
		return build.Result{Stage: st, Claims: []steps.ClaimResult{{Held: pass[st.ID]}}}
	}
	m := newWatchModel(i18n.English, map[string]bool{}, check, make(chan struct{}))
	run := func(cmd tea.Cmd) {
		for cmd != nil {
			msg := cmd()
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					if c != nil {
						if r, ok := c().(checkedMsg); ok {
							next, _ := m.Update(r)
							m = next.(watchModel)
						}
					}
				}
				return
			}
			var next tea.Model
			next, cmd = m.Update(msg)
			m = next.(watchModel)
		}
	}
	run(m.startCheck())
	if strings.Join(checked, ",") != "process,chroot" || m.sel != 1 {
		t.Fatalf("a passing stage 1: checked %v, on stage %d", checked, m.sel+1)
	}
	// Two saves in a row: only the last one's quiet leads to a check.
	checked = nil
	next, _ := m.Update(changedMsg{})
	next, _ = next.Update(changedMsg{})
	m = next.(watchModel)
	next, cmd := m.Update(debounceMsg{gen: m.gen - 1})
	if m = next.(watchModel); cmd != nil || len(checked) != 0 {
		t.Fatal("an earlier save's quiet started a check")
	}
	next, cmd = m.Update(debounceMsg{gen: m.gen})
	m = next.(watchModel)
	run(cmd)
	if strings.Join(checked, ",") != "chroot" || m.sel != 1 {
		t.Errorf("after the quiet: checked %v, on stage %d", checked, m.sel+1)
	}
}

// --json says each stage's status and each check's claim, status and what
// was seen; passed only when every stage passed.
func TestBuildJSON(t *testing.T) {
	st := build.Stages()
	results := []build.Result{
		{Stage: st[0], Claims: []steps.ClaimResult{{Text: i18n.T("The command got the arguments it was given."), Held: true, Seen: i18n.Raw("seen")}}},
		{Stage: st[1], Claims: []steps.ClaimResult{{Text: i18n.Raw("a claim"), Seen: i18n.Raw("what was seen")}, {Text: i18n.Raw("skipped"), Skipped: true}}},
		{Stage: st[2], NeedsRoot: true},
	}
	var b strings.Builder
	if err := writeBuildJSON(&b, results, i18n.Swedish); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Passed bool
		Stages []struct {
			ID, Status string
			Checks     []struct{ Claim, Status, Seen string }
		}
	}
	if err := json.Unmarshal([]byte(b.String()), &got); err != nil {
		t.Fatal(err)
	}
	if got.Passed || len(got.Stages) != 3 || got.Stages[0].Status != "passed" || got.Stages[1].Status != "failed" || got.Stages[2].Status != "needs-root" {
		t.Fatalf("statuses: %s", b.String())
	}
	if c := got.Stages[0].Checks[0]; c.Claim != "Kommandot fick de argument som det startades med." || c.Status != "held" {
		t.Errorf("a held check in Swedish: %+v", c)
	}
	if c := got.Stages[1].Checks; c[0].Status != "failed" || c[0].Seen != "what was seen" || c[1].Status != "skipped" {
		t.Errorf("failed and skipped checks: %+v", c)
	}
}
