package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// claimsList is what the step says the kernel does, each sentence checked
// against this run: ✓ when it held, ✗ and what was seen instead when not.
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
	held := 0
	for _, cl := range c.claims {
		if cl.Held {
			held++
		}
	}
	title := c.styles.ClaimsTitle.Render(i18n.T("Claims").In(c.lang)) + "  " + c.styles.Dim.Render(i18n.T("%d/%d held", held, len(c.claims)).In(c.lang))
	if held < len(c.claims) {
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

func (c claimsList) wrapped() []string {
	var lines []string
	for _, cl := range c.claims {
		mark, style := "✓ ", c.styles.ClaimHeld
		if !cl.Held {
			mark, style = "✗ ", c.styles.ClaimFailed
		}
		for i, l := range strings.Split(wordwrap(cl.Text.In(c.lang), c.width-2), "\n") {
			prefix := "  "
			if i == 0 {
				prefix = mark
			}
			lines = append(lines, style.Render(ansi.Truncate(prefix+l, c.width, "…")))
		}
		if !cl.Held {
			seen := i18n.T("seen").In(c.lang) + ": " + cl.Seen.In(c.lang)
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
		line := c.styles.ClaimHeld.Render("✓ " + cl.Text.In(c.lang))
		if !cl.Held {
			line = c.styles.ClaimFailed.Render("✗ "+cl.Text.In(c.lang)) + c.styles.Seen.Render("  "+i18n.T("seen").In(c.lang)+": "+cl.Seen.In(c.lang))
		}
		lines = append(lines, ansi.Truncate(line, c.width, "…"))
	}
	return lines
}
