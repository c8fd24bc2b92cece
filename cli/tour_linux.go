package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/plain"
	"github.com/burk-tui/burk/record"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/speaker/ptyshell"
	"github.com/burk-tui/burk/steps"
	"github.com/burk-tui/burk/ui"
)

func newTourCommand() *cobra.Command {
	var flags tourFlags
	var rootfsDir string
	cmd := &cobra.Command{
		Use:   "tour",
		Short: tr(i18n.T("The interactive tour (the default)")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			// Checked before anything starts, and the same in both modes.
			o, err := flags.options()
			if err != nil {
				return err
			}
			recordTo, replayFrom := flags.record, flags.replay
			if replayFrom != "" {
				// A recording needs no root, no rootfs, no container.
				if recordTo != "" {
					return errors.New(tr(i18n.T("--record and --replay go one at a time: a replay runs no step to record")))
				}
				rec, err := loadRecording(replayFrom)
				if err != nil {
					return err
				}
				return replayTour(cmd, rec, o, nil)
			}
			if recordTo != "" {
				// Said now, not after a tour that could not be saved.
				if err := canWrite(recordTo); err != nil {
					return err
				}
			}
			// What start-up cleans up after a killed run goes to the tour's
			// first screen: the tour's own screen would hide it on stderr.
			host, release, recovered, err := prepareHost()
			if err != nil {
				return err
			}
			defer release()
			dir, err := resolveRootfs(rootfsDir, os.Stderr)
			if err != nil {
				tellRemoved(os.Stderr, recovered)
				return err
			}
			ctx, cancel := signalContext()
			defer cancel()
			engine := newEngine(dir, host.Host)
			var runner record.Runner = engine
			var recorder *record.Recorder
			if recordTo != "" {
				recorder = record.NewRecorder(engine, thisMachine(host.Host, dir))
				runner = recorder
			}
			// Whatever happens to the tour, what was recorded is saved.
			defer func() {
				if recorder != nil {
					err = saveRecording(recorder, recordTo, cmd.ErrOrStderr(), err)
				}
			}()

			interactive := term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
			if o.plain || !interactive {
				tellRemoved(os.Stderr, recovered)
				held, err := plain.Tour(ctx, cmd.OutOrStdout(), runner, plain.From(o.start), lessons.Get, o.lang)
				if err != nil {
					return err
				}
				if !held {
					return exitError(1)
				}
				return nil
			}

			// The interactive tour keeps each step's last good run, for the
			// presenter's fallback; the plain one, CI's and handouts', does
			// not touch the learner's state.
			tracked := &trackedRunner{runner: &lastGoodRunner{runner: runner, dir: stateDir()}}
			self, err := os.Executable()
			if err != nil {
				return err
			}
			files, err := host.FilesDir()
			if err != nil {
				return err
			}
			opts := ui.Options{
				Runner:   tracked,
				FilesDir: files,
				Lesson:   lessons.Get,
				// The shell's burk run says what it changed on the host in
				// a file, for the tour to show: on stderr it would be lost
				// when the tour draws its screen again.
				Shell: func(id, changes string) *exec.Cmd {
					return exec.Command(self, "run", "--step", id, "--rootfs", dir, "--changes", changes, "--", "/bin/sh")
				},
				Lang:      o.lang,
				Presenter: o.presenter,
				Predict:   o.predict,
				Theme:     o.theme,
				ASCII:     o.ascii,
				StatePath: progressPath(),
				// The presenter's t key types the step's command from its
				// speaker notes, the same in every language.
				TypedCommand: func(id string) string {
					n, err := lessons.Notes(id, string(i18n.English))
					if err != nil {
						return ""
					}
					return n.Type
				},
				TypeInto: func(shell *exec.Cmd, in io.Reader, out io.Writer, text string) error {
					return ptyshell.Run(shell, in, out, ptyshell.Typing{Text: text, Enter: true})
				},
				// burk notes, in a second terminal, follows the tour here.
				Stage:     tourStage(),
				Recovered: recovered,
				// In a served room: what the teacher says.
				Room: roomInbox(),
			}
			if recorder != nil {
				opts.Exercised = recorder.AddExercises
			}
			if o.presenter {
				// A live step that fails on stage: f shows its last good run.
				opts.LastGood = func(id string, v steps.Variant) (*steps.Observation, error) {
					return record.LastGood(stateDir(), id, v)
				}
			}
			if o.start != nil {
				opts.StartStep = o.start.ID
			}
			err = ui.Run(ctx, opts)
			// A step may still be running in the background: let it close
			// its container before burk exits.
			cancel()
			tracked.wait(10 * time.Second)
			return err
		},
	}
	flags.add(cmd, i18n.T("show the tour recorded in `FILE` instead of running the steps: needs no root"))
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	return cmd
}

// newEngine is the step engine the tour runs on, on this machine. Every
// engine burk makes is made here.
func newEngine(rootfs string, host *sandbox.Host) *steps.Engine {
	return &steps.Engine{Rootfs: rootfs, Host: host}
}

// trackedRunner counts the steps running, so that burk can wait for them
// to close their containers before it exits.
type trackedRunner struct {
	runner record.Runner
	wg     sync.WaitGroup
}

func (r *trackedRunner) Run(ctx context.Context, step *steps.Step, variant steps.Variant) *steps.Observation {
	r.wg.Add(1)
	defer r.wg.Done()
	return r.runner.Run(ctx, step, variant)
}

func (r *trackedRunner) wait(limit time.Duration) {
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
	}
}

// progressPath is where the tour remembers how far the learner got.
func progressPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = home + "/.local/state"
	}
	return dir + "/burk/progress.json"
}
