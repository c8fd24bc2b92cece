// Package plain prints the tour as Markdown text: every step's lesson, what
// the host and the container saw, the syscalls made and whether each claim
// held. It is the tour for screen readers, handouts, recordings and CI.
package plain

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// Runner runs one step; *steps.Engine is one.
type Runner interface {
	Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation
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
func Write(w io.Writer, n int, step *steps.Step, obs *steps.Observation, lesson string, lang i18n.Lang) error {
	var b strings.Builder
	title := step.Title.In(lang)
	if obs.Variant == steps.BreakIt && step.Break != nil {
		title += " — " + i18n.T("Break it").In(lang) + ": " + step.Break.Title.In(lang)
	}
	fmt.Fprintf(&b, "# %d. %s\n\n", n, title)
	if obs.Variant == steps.Itself && !step.Question.IsZero() {
		// Asked before anything is shown: the claims below answer it.
		fmt.Fprintf(&b, "> **%s** %s\n\n", i18n.T("Before the step runs:").In(lang), step.Question.In(lang))
	}
	if lesson != "" && obs.Variant == steps.Itself {
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
		fmt.Fprintf(&b, "**%s:** %v\n\n**%s:** %s\n\n", i18n.T("This step could not run").In(lang), obs.Err, i18n.T("What to do").In(lang), obs.Hint.In(lang))
	}
	for _, v := range obs.Views {
		// With the tab's name, which the lessons use for the view.
		heading := v.Title.In(lang)
		if !strings.EqualFold(heading, v.ID) {
			heading += " (`" + v.ID + "`)"
		}
		fmt.Fprintf(&b, "### %s\n\n", heading)
		writePane(&b, i18n.T("Host").In(lang), v.Host, lang)
		writePane(&b, i18n.T("Container").In(lang), v.Container, lang)
	}
	if len(obs.Trace) > 0 {
		fmt.Fprintf(&b, "### %s\n\n```\n", i18n.T("Syscalls").In(lang))
		for _, c := range obs.Trace {
			side := i18n.T("container").In(lang)
			if c.Host {
				side = i18n.T("host").In(lang)
			}
			fmt.Fprintf(&b, "%-9s %s = %s\n", side, c.Call, c.Result)
		}
		b.WriteString("```\n\n")
	}
	if len(obs.Claims) > 0 {
		fmt.Fprintf(&b, "### %s\n\n", i18n.T("Claims").In(lang))
		writeClaims(&b, obs.Claims, obs.Variant == steps.BreakIt, lang)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeClaims lists claims with their marks: ✓ held, ✗ failed, and ○
// skipped with the reason; seen says what a run saw where it held too.
func writeClaims(b *strings.Builder, claims []steps.ClaimResult, seen bool, lang i18n.Lang) {
	for _, c := range claims {
		mark := "✓"
		switch {
		case c.Skipped:
			mark = "○"
		case !c.Held:
			mark = "✗"
		}
		fmt.Fprintf(b, "- %s %s\n", mark, c.Text.In(lang))
		switch {
		case c.Skipped:
			// Neither held nor failed: this machine cannot show it.
			fmt.Fprintf(b, "  - %s: %s\n", i18n.T("skipped").In(lang), c.Seen.In(lang))
		case !c.Held:
			fmt.Fprintf(b, "  - %s: %s\n", i18n.T("seen").In(lang), c.Seen.In(lang))
		case seen && !c.Seen.IsZero():
			// What breaking the step did here, as the tour's pane says;
			// in the recap, what each check read.
			fmt.Fprintf(b, "  - %s %s\n", i18n.T("On this machine:").In(lang), c.Seen.In(lang))
		}
	}
	b.WriteString("\n")
}

// WriteRecap prints the recap: what the container at full isolation has
// of its own, what it still shares with the host, each as checked, and
// the misconceptions that clears up.
func WriteRecap(w io.Writer, obs *steps.Observation, lang i18n.Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", i18n.T("Recap: what is isolated, and what is not").In(lang))
	fmt.Fprintf(&b, "%s\n\n", i18n.T("burk started one more container, with every step applied (as at step %d), and checked each line below against it and the host, now.", len(steps.All())).In(lang))
	if obs.Err != nil {
		fmt.Fprintf(&b, "**%s:** %v\n\n**%s:** %s\n\n", i18n.T("This step could not run").In(lang), obs.Err, i18n.T("What to do").In(lang), obs.Hint.In(lang))
	}
	isolated, shared := steps.RecapClaims(obs)
	if len(isolated) > 0 {
		fmt.Fprintf(&b, "### %s\n\n", i18n.T("Isolated now").In(lang))
		writeClaims(&b, isolated, true, lang)
		fmt.Fprintf(&b, "### %s\n\n", i18n.T("Still shared with the host").In(lang))
		writeClaims(&b, shared, true, lang)
	}
	if v := obs.View("shared"); v != nil {
		writePane(&b, i18n.T("Host").In(lang), v.Host, lang)
		writePane(&b, i18n.T("Container").In(lang), v.Container, lang)
	}
	fmt.Fprintf(&b, "### %s\n\n", i18n.T("What this clears up").In(lang))
	for _, mc := range steps.Misconceptions {
		fmt.Fprintf(&b, "- %s\n  %s", i18n.T("Misconception: %s", mc.Belief).In(lang), mc.Instead.In(lang))
		if c := mc.ShownBy(obs); c != nil && c.Held {
			fmt.Fprintf(&b, " %s", i18n.T("(✓ shown above)").In(lang))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writePane(b *strings.Builder, label string, p steps.Pane, lang i18n.Lang) {
	fmt.Fprintf(b, "**%s** (`%s`)\n\n```\n", label, p.Source.In(lang))
	for _, line := range p.LinesIn(lang) {
		b.WriteString(line + "\n")
	}
	if !p.Err.IsZero() {
		b.WriteString("! " + p.Err.In(lang) + "\n")
	}
	b.WriteString("```\n\n")
	if len(p.Charts) > 0 {
		b.WriteString("```\n")
		for _, c := range p.Charts {
			writeChart(b, c, lang)
		}
		b.WriteString("```\n\n")
	}
}

// Tour runs and prints the given steps in order, and each step's "break it"
// variant after it. It reports whether no claim failed: each held, or was
// skipped with the reason this machine cannot show it.
func Tour(ctx context.Context, w io.Writer, r Runner, tour []*steps.Step, lesson func(stepID, lang string) (string, error), lang i18n.Lang) (bool, error) {
	allHeld := true
	for _, s := range tour {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		text, _ := lesson(s.ID, string(lang))
		n := steps.Index(s.ID) + 1
		variants := []steps.Variant{steps.Itself}
		if s.HasBreak() {
			variants = append(variants, steps.BreakIt)
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
	if len(tour) > 0 && tour[len(tour)-1] == steps.Last() && ctx.Err() == nil {
		// The tour went to its end: the recap closes it.
		obs := r.Run(ctx, steps.Recap(), steps.Itself)
		if !obs.Held() {
			allHeld = false
		}
		if err := WriteRecap(w, obs, lang); err != nil {
			return false, err
		}
	}
	return allHeld, nil
}
