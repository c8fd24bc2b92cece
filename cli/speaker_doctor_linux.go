package cli

// burk doctor --stage: a speaker's pre-flight. It runs the whole tour once,
// quietly, as the tour runs it — every step and every "break it" variant —
// keeps each good run as the presenter's fallback (tour --presenter, f),
// checks the terminal the talk will be given in, and says go or no-go for
// each, with the fix.

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/burk-tui/burk/doctor"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/record"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
	"github.com/burk-tui/burk/ui"
)

// stageCheck is one go or no-go of the pre-flight.
type stageCheck struct {
	Name   string
	Go     bool
	Detail string // what was found
	Fix    string // for a no-go: what to do about it
}

// terminalInfo is what the pre-flight knows of the terminal the talk will
// be given in. thisTerminal reads it; a test makes its own.
type terminalInfo struct {
	IsTerminal    bool
	Width, Height int
	Profile       termenv.Profile
	NoColor       bool   // NO_COLOR is set (no-color.org)
	Locale        string // the locale in force for characters
}

// thisTerminal is the terminal burk's standard output is.
func thisTerminal() terminalInfo {
	fd := int(os.Stdout.Fd())
	t := terminalInfo{IsTerminal: term.IsTerminal(fd), NoColor: os.Getenv("NO_COLOR") != ""}
	if t.IsTerminal {
		t.Width, t.Height, _ = term.GetSize(fd)
	}
	t.Profile = termenv.NewOutput(os.Stdout).ColorProfile()
	// The locale's character set is LC_ALL's, else LC_CTYPE's, else
	// LANG's, as setlocale(3) picks it.
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if t.Locale = os.Getenv(v); t.Locale != "" {
			break
		}
	}
	return t
}

// terminalChecks are the terminal's go and no-go: its size against what
// presenter mode is drawn for, its colours, and whether it draws the
// panes' Unicode boxes.
func terminalChecks(t terminalInfo) []stageCheck {
	name := func(m i18n.Msg) string { return tr(m) }
	if !t.IsTerminal {
		return []stageCheck{{Name: name(i18n.T("terminal")), Detail: tr(i18n.T("the output is not a terminal")),
			Fix: tr(i18n.T("run burk doctor --stage in the terminal the talk will be given in, not into a pipe or a file"))}}
	}
	var out []stageCheck
	w, h := ui.PresenterSize()
	size := stageCheck{Name: name(i18n.T("size")), Go: t.Width >= w && t.Height >= h,
		Detail: tr(i18n.T("%d×%d; presenter mode is drawn for %d×%d or more", t.Width, t.Height, w, h))}
	if !size.Go {
		size.Fix = tr(i18n.T("make the window larger or the font smaller until it has %d columns and %d lines", w, h))
	}
	out = append(out, size)

	colour := stageCheck{Name: name(i18n.T("colours")), Go: !t.NoColor && t.Profile <= termenv.ANSI}
	switch {
	case t.NoColor:
		colour.Detail = tr(i18n.T("NO_COLOR is set: the tour is drawn without colour"))
		colour.Fix = tr(i18n.T("unset NO_COLOR for the talk (the tour stays readable without colour, by its marks ✓ ✗ + -)"))
	case !colour.Go:
		colour.Detail = tr(i18n.T("this terminal shows no colour (TERM=%s)", os.Getenv("TERM")))
		colour.Fix = tr(i18n.T("set TERM=xterm-256color, or use a terminal with colour: the presenter's theme needs the 16 basic colours"))
	default:
		colour.Detail = profileName(t.Profile)
	}
	out = append(out, colour)

	utf8 := strings.Contains(strings.ToLower(strings.ReplaceAll(t.Locale, "-", "")), "utf8")
	boxes := stageCheck{Name: name(i18n.T("box drawing")), Go: utf8}
	if utf8 {
		boxes.Detail = tr(i18n.T("a UTF-8 locale (%s): the panes' boxes are drawn in Unicode", t.Locale))
	} else {
		locale := t.Locale
		if locale == "" {
			locale = "C"
		}
		boxes.Detail = tr(i18n.T("the locale %s is not UTF-8: the panes' Unicode boxes may show as garbage", locale))
		boxes.Fix = tr(i18n.T("export LANG=C.UTF-8 where the terminal is UTF-8; else burk tour --ascii draws the tour in ASCII"))
	}
	return append(out, boxes)
}

func profileName(p termenv.Profile) string {
	switch p {
	case termenv.TrueColor:
		return tr(i18n.T("true colour"))
	case termenv.ANSI256:
		return tr(i18n.T("256 colours"))
	default:
		return tr(i18n.T("16 colours"))
	}
}

// runFunc runs one step, as the tour's engine does.
type runFunc func(ctx context.Context, s *steps.Step, v steps.Variant) *steps.Observation

// stageSteps runs every step and every "break it" variant once, in the
// tour's order, and says go for each that ran and whose claims held, or
// no-go, with the fix. keep is given every good run, to keep as the
// fallback; each check is told to report as soon as it is known.
func stageSteps(ctx context.Context, run runFunc, keep func(*steps.Observation) error, fix func(*steps.Step) string, report func(stageCheck)) {
	for i, s := range steps.All() {
		variants := []steps.Variant{steps.Itself}
		if s.HasBreak() {
			variants = append(variants, steps.BreakIt)
		}
		for _, v := range variants {
			if ctx.Err() != nil {
				return
			}
			c := stageCheck{Name: fmt.Sprintf("%2d %s", i+1, s.ID)}
			if v == steps.BreakIt {
				c.Name += " " + tr(i18n.T("(break it)"))
			}
			o := run(ctx, s, v)
			c.Go, c.Detail, c.Fix = judge(o, s, fix)
			if c.Go {
				if err := keep(o); err != nil {
					c.Detail += "; " + tr(i18n.T("no fallback kept: %v", err))
				} else {
					c.Detail += ", " + tr(i18n.T("fallback kept"))
				}
			}
			report(c)
		}
	}
}

// judge says whether a step's run is fit for the stage: it ran, and no
// claim failed. A claim this machine cannot show (skipped) is said.
func judge(o *steps.Observation, s *steps.Step, fix func(*steps.Step) string) (ok bool, detail, howToFix string) {
	if o == nil || o.Err != nil {
		err := "no observation"
		if o != nil {
			err = o.Err.Error()
		}
		howToFix = fix(s)
		if o != nil && !o.Hint.IsZero() {
			howToFix = tr(o.Hint)
		}
		return false, tr(i18n.T("the step did not run: %s", err)), howToFix
	}
	held, skipped := 0, 0
	var failed *steps.ClaimResult
	for i, c := range o.Claims {
		switch {
		case c.Held:
			held++
		case c.Skipped:
			skipped++
		case failed == nil:
			failed = &o.Claims[i]
		}
	}
	if failed != nil {
		return false, tr(i18n.T("a claim did not hold: %s (seen: %s)", tr(failed.Text), tr(failed.Seen))), fix(s)
	}
	detail = tr(i18n.T("%d/%d claims held, %d ms", held, len(o.Claims), o.Duration.Milliseconds()))
	if skipped > 0 {
		detail += ", " + tr(i18n.T("%d skipped here", skipped))
	}
	return true, detail, ""
}

// stagePrinter prints a heading and checks as they come, and counts the
// no-gos.
type stagePrinter struct {
	out  io.Writer
	nogo int
}

func (p *stagePrinter) heading(m i18n.Msg) { fmt.Fprintf(p.out, "\n%s\n", tr(m)) }

func (p *stagePrinter) check(c stageCheck) {
	mark := tr(i18n.T("go"))
	if !c.Go {
		mark = tr(i18n.T("NO-GO"))
		p.nogo++
	}
	fmt.Fprintf(p.out, "%s %s %s\n", pad(mark, 5), pad(c.Name, 22), c.Detail)
	if !c.Go && c.Fix != "" {
		fmt.Fprintf(p.out, "%s %s %s\n", pad("", 28), tr(i18n.T("fix:")), c.Fix)
	}
}

// doctorStage is burk doctor --stage.
func doctorStage(cmd *cobra.Command, rootfsDir string) error {
	// First, as root or in a rootless lab made here: without root, this
	// burk runs again inside the lab, and everything is said from there.
	host, dir, release, err := prepare(rootfsDir)
	out := cmd.OutOrStdout()
	p := &stagePrinter{out: out}
	fmt.Fprintln(out, tr(i18n.T("burk doctor --stage: the whole tour, once, as it will run on stage")))
	p.heading(i18n.T("The terminal"))
	for _, c := range terminalChecks(thisTerminal()) {
		p.check(c)
	}
	p.heading(i18n.T("The steps"))
	if err != nil {
		p.check(stageCheck{Name: tr(i18n.T("every step")), Detail: err.Error(),
			Fix: tr(i18n.T("burk doctor says what this machine allows, and how to fix what it doesn't"))})
	} else {
		defer release()
		ctx, cancel := signalContext()
		defer cancel()
		engine := newEngine(dir, host.Host)
		state := stateDir()
		keep := func(o *steps.Observation) error { return record.SaveLastGood(state, o) }
		stageSteps(ctx, engine.Run, keep, preflightFix(host.Host, dir), p.check)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if p.nogo > 0 {
		fmt.Fprintf(out, "\n%s\n", tr(i18n.T("no-go: %d to fix before the talk", p.nogo)))
		return exitError(1)
	}
	fmt.Fprintf(out, "\n%s\n", tr(i18n.T("go: ready for the stage")))
	return nil
}

// preflightFix is the fix burk doctor knows for a step that did not hold
// here, or where to look when it knows none.
func preflightFix(host *sandbox.Host, rootfs string) func(*steps.Step) string {
	return func(s *steps.Step) string {
		for _, c := range doctor.Preflight(host, steps.SpecFor(s, rootfs)) {
			if c.Fix != "" {
				return doctorText(c.Fix)
			}
		}
		return tr(i18n.T("burk tour --step %s shows what happened; on stage, f in --presenter shows the last good run", s.ID))
	}
}
