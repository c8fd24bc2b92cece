package cli

// What the command line is on every OS: the root command, the language
// and the step a flag names.

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/buildinfo"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/steps"
)

// rootCommand is burk: the tour, which runs when no command is named, and
// the other commands, made in the learner's language (cliLang).
func rootCommand(tour *cobra.Command, commands ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{
		Use:   "burk",
		Short: tr(i18n.T("Build a Linux container from scratch, one isolation step at a time")),
		Long: tr(i18n.T(`burk is an interactive tour of how Linux containers work. At every step it
starts a real container on this machine and shows side by side what the host
sees and what the container sees, and the syscalls that made the difference.`)),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE:          tour.RunE,
		Version:       buildinfo.Version(),
	}
	root.SetVersionTemplate("burk {{.Version}}\n")
	root.Flags().AddFlagSet(tour.Flags())
	// Every command speaks the learner's language.
	root.PersistentFlags().StringVar(&langOption, "lang", "", tr(i18n.T("language: en or sv (default from LANG)")))
	root.AddCommand(append([]*cobra.Command{tour}, commands...)...)
	translateCommands(root)
	return root
}

// langOption is --lang, which every command takes.
var langOption string

// langFlag parses --lang, defaulting from the environment.
func langFlag(s string) (i18n.Lang, error) {
	if s == "" {
		s = lessons.DefaultLang()
	}
	for _, l := range i18n.Langs {
		if string(l) == s {
			return l, nil
		}
	}
	return "", errors.New(tr(i18n.T("unknown language %q: burk speaks %s", s, joinLangs())))
}

// stepArg is the step --step names: its id, or its number as burk steps
// prints it (1 is the first).
func stepArg(s string) (*steps.Step, error) {
	if n, err := strconv.Atoi(s); err == nil {
		all := steps.All()
		if n < 1 || n > len(all) {
			return nil, errors.New(tr(i18n.T("no step %d: the steps are 1 to %d (burk steps lists them)", n, len(all))))
		}
		return all[n-1], nil
	}
	return steps.ByID(s)
}

func joinLangs() string {
	var out []string
	for _, l := range i18n.Langs {
		out = append(out, string(l))
	}
	return strings.Join(out, ", ")
}
