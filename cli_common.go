package main

// What the command line is on every OS: the language, the step a flag
// names, and burk steps.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/steps"
)

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

func newStepsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "steps",
		Short: tr(i18n.T("List the steps of the tour")),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(langOption)
			if err != nil {
				return err
			}
			for i, s := range steps.All() {
				fmt.Fprintf(cmd.OutOrStdout(), "%2d  %-11s %s — %s\n", i+1, s.ID, s.Title.In(l), s.Summary.In(l))
			}
			return nil
		},
	}
	return cmd
}
