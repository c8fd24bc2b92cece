package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// claimsList is what the step says the kernel does, each sentence checked
// against this run: ✓ when it held, ✗ and what was seen instead when not,
// ○ and why when this machine cannot show it (skipped: neither).
type claimsList struct {
	styles           *Styles
	lang             i18n.Lang
	width, maxHeight int
	claims           []steps.ClaimResult
	lines            []string
}

func newClaimsList(st *Styles) claimsList { return claimsList{styles: st} }

func (c *claimsList) SetLang(lang i18n.Lang) {
	c.lang = lang
	c.render()
}

// SetSize gives the list a width and the most lines it may take.
func (c *claimsList) SetSize(w, maxHeight int) {
	c.width, c.maxHeight = w, maxHeight
	c.render()
}

func (c *claimsList) SetClaims(claims []steps.ClaimResult) {
	c.claims = claims
	c.render()
}

// Height is how many lines the list takes; none without claims.
func (c claimsList) Height() int { return len(c.lines) }

func (c claimsList) View() string { return strings.Join(c.lines, "\n") }

// render wraps every claim to the width. When that is too tall, each claim
// gets one line; when even that is, the list says how many it left out.
func (c *claimsList) render() {
	c.lines = nil
	if len(c.claims) == 0 || c.lang == "" || c.width <= 0 {
		return
	}
	held, skipped := claimCounts(c.claims)
	count := i18n.T("%d/%d held", held, len(c.claims))
	if skipped > 0 {
		count = i18n.T("%d/%d held, %d skipped", held, len(c.claims), skipped)
	}
	title := c.styles.ClaimsTitle.Render(i18n.T("Claims").In(c.lang)) + "  " + c.styles.Dim.Render(count.In(c.lang))
	if held+skipped < len(c.claims) {
		// A claim this kernel did not bear out: often a machine that lacks
		// something (a cgroup controller, unprivileged user namespaces),
		// which burk doctor names, with the fix.
		title += "  " + c.styles.Seen.Render(i18n.T("a ✗ here? burk doctor says what this machine lacks").In(c.lang))
	}
	title = ansi.Truncate(title, c.width, "…")
	lines := append([]string{title}, c.wrapped()...)
	if len(lines) > c.maxHeight {
		lines = append([]string{title}, c.oneLineEach()...)
	}
	if len(lines) > c.maxHeight && c.maxHeight > 1 {
		left := len(lines) - (c.maxHeight - 1)
		lines = append(lines[:c.maxHeight-1], c.styles.Overflow.Render(i18n.T("↓ %d more", left).In(c.lang)))
	}
	c.lines = lines
}

// claimCounts is how many claims held and how many were skipped.
func claimCounts(claims []steps.ClaimResult) (held, skipped int) {
	for _, cl := range claims {
		switch {
		case cl.Held:
			held++
		case cl.Skipped:
			skipped++
		}
	}
	return held, skipped
}

// claimMark is a claim's mark and style: ✓ held, ✗ failed, ○ skipped.
func (c claimsList) claimMark(cl steps.ClaimResult) (string, lipgloss.Style) {
	switch {
	case cl.Skipped:
		return "○ ", c.styles.Seen
	case !cl.Held:
		return "✗ ", c.styles.ClaimFailed
	}
	return "✓ ", c.styles.ClaimHeld
}

// claimSeen is what the list says under a claim that did not hold: what
// was seen instead, or why it was skipped; "" under one that held.
func (c claimsList) claimSeen(cl steps.ClaimResult) string {
	switch {
	case cl.Skipped:
		return i18n.T("skipped").In(c.lang) + ": " + cl.Seen.In(c.lang)
	case !cl.Held:
		return i18n.T("seen").In(c.lang) + ": " + cl.Seen.In(c.lang)
	}
	return ""
}

func (c claimsList) wrapped() []string {
	var lines []string
	for _, cl := range c.claims {
		mark, style := c.claimMark(cl)
		for i, l := range strings.Split(wordwrap(cl.Text.In(c.lang), c.width-2), "\n") {
			prefix := "  "
			if i == 0 {
				prefix = mark
			}
			lines = append(lines, style.Render(ansi.Truncate(prefix+l, c.width, "…")))
		}
		if seen := c.claimSeen(cl); seen != "" {
			for _, l := range strings.Split(wordwrap(seen, c.width-2), "\n") {
				lines = append(lines, "  "+c.styles.Seen.Render(ansi.Truncate(l, c.width-2, "…")))
			}
		}
	}
	return lines
}

func (c claimsList) oneLineEach() []string {
	var lines []string
	for _, cl := range c.claims {
		mark, style := c.claimMark(cl)
		line := style.Render(mark + cl.Text.In(c.lang))
		if seen := c.claimSeen(cl); seen != "" {
			line += c.styles.Seen.Render("  " + seen)
		}
		lines = append(lines, ansi.Truncate(line, c.width, "…"))
	}
	return lines
}
