// Package plain prints the tour as Markdown text: every step's lesson, what
// the host and the container saw, the syscalls made and whether each claim
// held. It is the tour for screen readers, handouts, recordings and CI.
package plain

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// Runner runs one step; *steps.Engine is one.
type Runner interface {
	Run(ctx context.Context, step *steps.Step, variant string) *steps.Observation
}

// labels are plain's words in each language; the trace's sides ("host
// side", "container side") are the interactive tour's words for them.
var labels = map[steps.Lang]map[string]string{
	steps.English: {"host": "Host", "container": "Container", "syscalls": "Syscalls", "claims": "Claims",
		"seen": "seen", "error": "This step could not run", "hint": "What to do", "break": "Break it",
		"host side": "host", "container side": "container"},
	steps.Swedish: {"host": "Värd", "container": "Container", "syscalls": "Systemanrop", "claims": "Påståenden",
		"seen": "sett", "error": "Steget kunde inte köras", "hint": "Vad du kan göra", "break": "Ha sönder det",
		"host side": "värd", "container side": "container"},
}

// From is the tour from step start to the end; nil starts at the first.
func From(start *steps.Step) []*steps.Step {
	all := steps.All()
	if start == nil {
		return all
	}
	return all[max(steps.Index(start.ID), 0):]
}

// Write prints one step's observation, after its lesson.
func Write(w io.Writer, n int, step *steps.Step, obs *steps.Observation, lesson string, lang steps.Lang) error {
	l := labels[lang]
	var b strings.Builder
	title := step.Title.In(lang)
	if obs.Variant == "break" && step.Break != nil {
		title += " — " + l["break"] + ": " + step.Break.Title.In(lang)
	}
	fmt.Fprintf(&b, "# %d. %s\n\n", n, title)
	if lesson != "" && obs.Variant == "" {
		// The lesson's own title repeats the step's.
		body := lesson
		if strings.HasPrefix(body, "# ") {
			if _, rest, ok := strings.Cut(body, "\n"); ok {
				body = rest
			}
		}
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(body))
	}
	if obs.Err != nil {
		fmt.Fprintf(&b, "**%s:** %v\n\n**%s:** %s\n\n", l["error"], obs.Err, l["hint"], obs.Hint.In(lang))
	}
	for _, v := range obs.Views {
		// With the tab's name, which the lessons use for the view.
		heading := v.Title.In(lang)
		if !strings.EqualFold(heading, v.ID) {
			heading += " (`" + v.ID + "`)"
		}
		fmt.Fprintf(&b, "### %s\n\n", heading)
		writePane(&b, l["host"], v.Host, lang)
		writePane(&b, l["container"], v.Container, lang)
	}
	if len(obs.Trace) > 0 {
		fmt.Fprintf(&b, "### %s\n\n```\n", l["syscalls"])
		for _, ev := range obs.Trace {
			side := l["container side"]
			if ev.Side == sandbox.HostSide {
				side = l["host side"]
			}
			fmt.Fprintf(&b, "%-9s %s = %s\n", side, ev.Call, ev.Result)
		}
		b.WriteString("```\n\n")
	}
	if len(obs.Claims) > 0 {
		fmt.Fprintf(&b, "### %s\n\n", l["claims"])
		for _, c := range obs.Claims {
			mark := "✓"
			if !c.Held {
				mark = "✗"
			}
			fmt.Fprintf(&b, "- %s %s\n", mark, c.Text.In(lang))
			if !c.Held {
				fmt.Fprintf(&b, "  - %s: %s\n", l["seen"], c.SeenIn(lang))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writePane(b *strings.Builder, label string, p steps.Pane, lang steps.Lang) {
	fmt.Fprintf(b, "**%s** (`%s`)\n\n```\n", label, p.SourceIn(lang))
	for _, line := range p.LinesIn(lang) {
		b.WriteString(line + "\n")
	}
	if p.Err != "" {
		b.WriteString("! " + p.ErrIn(lang) + "\n")
	}
	b.WriteString("```\n\n")
}

// Tour runs and prints the given steps in order, and each step's "break it"
// variant after it. It reports whether every claim held.
func Tour(ctx context.Context, w io.Writer, r Runner, tour []*steps.Step, lesson func(stepID, lang string) (string, error), lang steps.Lang) (bool, error) {
	allHeld := true
	for _, s := range tour {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		text, _ := lesson(s.ID, string(lang))
		n := steps.Index(s.ID) + 1
		variants := []string{""}
		if s.HasBreak() {
			variants = append(variants, "break")
		}
		for _, variant := range variants {
			obs := r.Run(ctx, s, variant)
			if !obs.Held() {
				allHeld = false
			}
			if err := Write(w, n, s, obs, text, lang); err != nil {
				return false, err
			}
		}
	}
	return allHeld, nil
}
