// Package plain prints the tour as Markdown text: every step's lesson, what
// the host and the container saw, the syscalls made and whether each claim
// held. It is the tour for screen readers, handouts, recordings and CI.
package plain

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/burk-tui/burk/steps"
)

// Runner runs one step; *steps.Engine is one.
type Runner interface {
	Run(ctx context.Context, step *steps.Step, variant string) *steps.Observation
}

var labels = map[steps.Lang]map[string]string{
	steps.English: {"host": "Host", "container": "Container", "syscalls": "Syscalls", "claims": "Claims",
		"seen": "seen", "error": "This step could not run", "hint": "What to do", "break": "Break it"},
	steps.Swedish: {"host": "Värd", "container": "Container", "syscalls": "Systemanrop", "claims": "Påståenden",
		"seen": "sett", "error": "Steget kunde inte köras", "hint": "Vad du kan göra", "break": "Ha sönder det"},
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
		fmt.Fprintf(&b, "### %s\n\n", v.Title.In(lang))
		writePane(&b, l["host"], v.Host)
		writePane(&b, l["container"], v.Container)
	}
	if len(obs.Trace) > 0 {
		fmt.Fprintf(&b, "### %s\n\n```\n", l["syscalls"])
		for _, ev := range obs.Trace {
			fmt.Fprintf(&b, "%-9s %s = %s\n", ev.Side, ev.Call, ev.Result)
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
				fmt.Fprintf(&b, "  - %s: %s\n", l["seen"], c.Seen)
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writePane(b *strings.Builder, label string, p steps.Pane) {
	fmt.Fprintf(b, "**%s** (`%s`)\n\n```\n", label, p.Source)
	for _, line := range p.Lines {
		b.WriteString(line + "\n")
	}
	if p.Err != "" {
		b.WriteString("! " + p.Err + "\n")
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
