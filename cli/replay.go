package cli

// A recorded tour, replayed: the same UI and the same plain text as the
// live tour, from a recording's observations. It needs no root and no
// Linux, so it is also what burk is off Linux.

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/plain"
	"github.com/burk-tui/burk/record"
	"github.com/burk-tui/burk/steps"
	"github.com/burk-tui/burk/ui"
)

// replayOptions are the tour's flags that a replay honours.
type replayOptions struct {
	start     *steps.Step
	lang      i18n.Lang
	plain     bool
	presenter bool
	predict   bool
	ascii     bool
	theme     string
}

// tourFlags are the flags burk tour takes on every OS.
type tourFlags struct {
	step, theme, record, replay      string
	plain, presenter, predict, ascii bool
}

// add gives cmd the tour's flags; replayHelp says what --replay shows
// when it is given.
func (t *tourFlags) add(cmd *cobra.Command, replayHelp i18n.Msg) {
	f := cmd.Flags()
	f.StringVar(&t.step, "step", "", tr(i18n.T("start at this step, by id or number, and go on from there (see burk steps)")))
	f.BoolVar(&t.plain, "plain", false, tr(i18n.T("print every step as text instead of the interactive tour")))
	f.BoolVar(&t.presenter, "presenter", false, tr(i18n.T("large panes, lesson hidden, high contrast: for a projector")))
	f.BoolVar(&t.predict, "predict", false, tr(i18n.T("ask the class first: → shows the next step's question, the next → runs it")))
	f.BoolVar(&t.ascii, "ascii", false, tr(i18n.T("draw the tour in ASCII (boxes with + - |, marks as + x o) where the terminal cannot draw Unicode's")))
	f.StringVar(&t.theme, "theme", "dark", tr(i18n.T("colour theme: dark, light or high-contrast")))
	f.StringVar(&t.record, "record", "", tr(i18n.T("save every step's run as it is taken to `FILE`, for --replay (see docs/recording.md)")))
	f.StringVar(&t.replay, "replay", "", tr(replayHelp))
}

// options checks the flags, before anything starts, and says what they
// ask of the tour, in the language --lang names.
func (t *tourFlags) options() (replayOptions, error) {
	l, err := langFlag(langOption)
	if err != nil {
		return replayOptions{}, err
	}
	if err := ui.CheckTheme(t.theme); err != nil {
		return replayOptions{}, err
	}
	o := replayOptions{lang: l, plain: t.plain, presenter: t.presenter, predict: t.predict, ascii: t.ascii, theme: t.theme}
	if t.step != "" {
		if o.start, err = stepArg(t.step); err != nil {
			return replayOptions{}, err
		}
	}
	return o, nil
}

// replayTour shows the recording rec, as text or in the tour's UI. after,
// when set, is said once the tour's screen is gone (off Linux: how to get
// the live tour).
func replayTour(cmd *cobra.Command, rec *record.Recording, o replayOptions, after func(io.Writer)) error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	player := record.NewPlayer(rec)
	out := cmd.OutOrStdout()
	interactive := term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
	if o.plain || !interactive {
		fmt.Fprintf(out, "> %s\n\n", recordingMark(rec.Machine).In(o.lang))
		held, err := plain.Tour(ctx, out, player, plain.From(o.start), lessons.Get, o.lang)
		if err == nil && len(rec.Exercises) > 0 {
			err = plain.WriteExercises(out, rec.Exercises, o.lang)
		}
		if after != nil {
			after(cmd.ErrOrStderr())
		}
		if err != nil {
			return err
		}
		if !held {
			return exitError(1)
		}
		return nil
	}
	opts := ui.Options{
		Runner:    player,
		Lesson:    lessons.Get,
		Lang:      o.lang,
		Presenter: o.presenter,
		Predict:   o.predict,
		ASCII:     o.ascii,
		Theme:     o.theme,
		Out:       out,
		// burk notes follows a replayed tour as it follows a live one.
		Stage: tourStage(),
		Replay: &ui.Recorded{
			Machine: rec.Machine.Summary(),
			Taken:   rec.Machine.Taken,
			Burk:    rec.Machine.Burk,
		},
	}
	if o.start != nil {
		opts.StartStep = o.start.ID
	}
	err := ui.Run(ctx, opts)
	if after != nil {
		after(cmd.ErrOrStderr())
	}
	return err
}

// recordingMark says, in one line, that what follows is a recording, and
// where and when it was taken.
func recordingMark(m record.Machine) i18n.Msg {
	return i18n.T("A recording, not a live run on this machine: taken %s on %v, by burk %s.",
		m.Taken.Format("2006-01-02 15:04 MST"), m.Summary(), m.Burk)
}

// loadRecording reads the recording in path.
func loadRecording(path string) (*record.Recording, error) {
	rec, err := record.Load(path)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	return rec, nil
}
