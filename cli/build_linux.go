package cli

// burk build: build your own runtime, checked stage by stage by the tour's
// claims (package build).

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/build"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

func newBuildCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build",
		Short: tr(i18n.T("Build your own container runtime in Go, checked stage by stage by the tour's claims")),
		Long: tr(i18n.T(`Write a container runtime in Go, one stage at a time: burk build init writes
a module to start from, burk build check runs your runtime the way Liz
Rice's containers-from-scratch does (RUNTIME run ROOTFS COMMAND ARG...) with
burk's probe as the command, and the tour's claims decide each stage from what the host sees.
With no command, burk build shows the stages and checks the one you are on
again at every save. See docs/build.md.`)),
		Args: cobra.NoArgs,
	}
	var dir, rootfsDir string
	cmd.Flags().StringVar(&dir, "dir", ".", tr(i18n.T("the Go module of your runtime")))
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return runBuildWatch(cmd, dir, rootfsDir) }
	cmd.AddCommand(newBuildInitCommand(), newBuildCheckCommand(), newBuildHintCommand(), newBuildSolutionCommand())
	return cmd
}

// buildProgressPath is where build your own keeps its progress: beside
// the tour's.
func buildProgressPath() string {
	p := progressPath()
	if p == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(p), "build.json")
}

// buildErr is an error of package build in the learner's language.
func buildErr(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(build.Say(err, cliLang))
}

func newBuildInitCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: tr(i18n.T("Write a Go module to start from: main.go with a TODO per stage, and TASKS.md")),
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := langFlag(langOption)
			if err != nil {
				return err
			}
			dir := "runtime"
			if len(args) == 1 {
				dir = args[0]
			}
			names, err := build.Init(dir, lang)
			if err != nil {
				return buildErr(err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), i18n.T("burk: wrote %s in %s. Start with stage 1 in TASKS.md; sudo burk build check --dir %s checks it.", strings.Join(names, ", "), dir, dir).In(lang))
			return nil
		},
	}
}

func newBuildCheckCommand() *cobra.Command {
	var dir, stageArg, binary, rootfsDir string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check [--dir DIR] [--stage ID|N] [--json] [--binary FILE]",
		Short: tr(i18n.T("Build your runtime and check its stages; exit 0 only when every stage checked passes")),
		Example: "  sudo burk build check --dir runtime\n  sudo burk build check --stage pid-ns --json\n" +
			"  GOOS=linux go build -o rt . && sudo burk build check --binary ./rt",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang, err := langFlag(langOption)
			if err != nil {
				return err
			}
			// By default, the learner's stage: the first not passed yet,
			// and on while they pass. A stage's claims are about its own
			// container (at chroot, ps fails; at proc, the mount leaks),
			// which a runtime that went further no longer makes.
			list, from := build.Stages(), 0
			if p, err := build.LoadProgress(buildProgressPath()); err == nil {
				for from < len(list) && !p.Passed[list[from].ID].IsZero() {
					from++
				}
			}
			if stageArg == "" && from == len(list) {
				fmt.Fprintln(cmd.OutOrStdout(), i18n.T("every stage has passed: burk build check --stage N checks one again").In(lang))
				return nil
			}
			// Without root this burk runs again in the lab, which says it.
			quiet := asJSON || !sandbox.IsRealRoot() && !sandbox.InLab()
			if stageArg == "" && from > 0 && !quiet {
				fmt.Fprintln(cmd.ErrOrStderr(), "burk:", i18n.T("stages 1–%d passed earlier (burk build check --stage N checks one again)", from).In(lang))
			}
			list = list[from:]
			if stageArg != "" {
				st, err := build.StageArg(stageArg)
				if err != nil {
					return buildErr(err)
				}
				list = []*build.Stage{st}
				if !quiet {
					fmt.Fprintln(cmd.ErrOrStderr(), "burk:", st.Describe().In(lang))
				}
			}
			// Without root, prepare runs this command again in the
			// rootless lab, where the stages that need root say so.
			results, err := runBuildCheck(cmd, list, dir, binary, rootfsDir, stageArg == "")
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeBuildJSON(cmd.OutOrStdout(), results, lang); err != nil {
					return err
				}
			} else {
				tellBuild(cmd.OutOrStdout(), results, lang)
			}
			for _, r := range results {
				if !r.Passed() {
					return exitError(1)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", tr(i18n.T("the Go module of your runtime")))
	cmd.Flags().StringVar(&stageArg, "stage", "", tr(i18n.T("check only this stage, by id or number")))
	cmd.Flags().BoolVar(&asJSON, "json", false, tr(i18n.T("print the results as JSON, for a teacher or CI")))
	cmd.Flags().StringVar(&binary, "binary", "", tr(i18n.T("check this Linux executable instead of building the module (- reads it from standard input)")))
	cmd.Flags().StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	return cmd
}

// runBuildCheck builds the runtime, or takes --binary, and checks it.
func runBuildCheck(cmd *cobra.Command, list []*build.Stage, dir, binary, rootfsDir string, untilFailure bool) ([]build.Result, error) {
	host, rootfs, release, err := prepare(rootfsDir)
	if err != nil {
		return nil, err
	}
	defer release()
	ctx, cancel := signalContext()
	defer cancel()
	if binary == "" {
		bin, clean, err := build.BuildModule(ctx, dir)
		if err != nil {
			return nil, buildErr(err)
		}
		defer clean()
		binary = bin
	} else if binary == "-" {
		// A served session's upload, or a pipe: kept in this burk's
		// temporary directory (a machine's own /tmp) while it is checked.
		bin, clean, err := build.ReadBinary(os.Stdin)
		if err != nil {
			return nil, buildErr(err)
		}
		defer clean()
		binary = bin
	} else if binary, err = filepath.Abs(binary); err != nil {
		return nil, err
	}
	checker := &build.Checker{Host: host.Host, Binary: binary, Rootfs: rootfs, UntilFailure: untilFailure}
	results, err := checker.Check(ctx, list)
	tellRemoved(cmd.ErrOrStderr(), checker.Recovered)
	if err != nil {
		return nil, buildErr(err)
	}
	if p, err := build.LoadProgress(buildProgressPath()); err == nil {
		p.Record(results)
		if err := p.Save(); err != nil {
			fmt.Fprintln(cmd.ErrOrStderr(), "burk:", err)
		}
	}
	return results, nil
}

// tellBuild says how each stage went, with each check and what was seen.
func tellBuild(w io.Writer, results []build.Result, lang i18n.Lang) {
	for _, r := range results {
		mark := "✗"
		switch {
		case r.Passed():
			mark = "✓"
		case r.NeedsRoot:
			mark = "○"
		}
		fmt.Fprintf(w, "%s %2d %-10s %s\n", mark, r.Stage.N, r.Stage.ID, i18n.T("(%.2f s)", r.Seconds).In(lang))
		if r.NeedsRoot {
			fmt.Fprintf(w, "     %s\n", indent(needsRootLine(r, lang), "     "))
			continue
		}
		if r.Err != nil {
			fmt.Fprintf(w, "     %s\n", indent(build.Say(r.Err, lang), "     "))
			if !r.Hint.IsZero() {
				fmt.Fprintf(w, "     %s\n", r.Hint.In(lang))
			}
		}
		for _, c := range r.Claims {
			m, _ := claimStatus(c)
			fmt.Fprintf(w, "     %s %s\n", m, c.Text.In(lang))
			if !c.Held {
				fmt.Fprintf(w, "         %s\n", indent(c.Seen.In(lang), "         "))
			}
		}
		for _, l := range r.Left {
			fmt.Fprintf(w, "     ! %s\n", l.In(lang))
		}
	}
}

// needsRootLine says why a stage was not checked without root.
// In a served session there is no sudo to offer: the server's root is
// not the learner's.
func needsRootLine(r build.Result, lang i18n.Lang) string {
	if sandbox.InMachine() {
		return i18n.T("not checked in this session: %s", r.RootReason).In(lang)
	}
	return i18n.T("needs root (sudo burk build check): %s", r.RootReason).In(lang)
}

func indent(s, by string) string { return strings.ReplaceAll(s, "\n", "\n"+by) }

// writeBuildJSON writes the results for a teacher or CI: each stage's
// status, and each check's claim, status and what was seen.
func writeBuildJSON(w io.Writer, results []build.Result, lang i18n.Lang) error {
	type check struct {
		Claim  string `json:"claim"`
		Status string `json:"status"` // held, failed, skipped
		Seen   string `json:"seen"`
	}
	type stage struct {
		N       int      `json:"n"`
		ID      string   `json:"id"`
		Status  string   `json:"status"` // passed, failed, needs-root
		Seconds float64  `json:"seconds"`
		Error   string   `json:"error,omitempty"`
		Checks  []check  `json:"checks"`
		Left    []string `json:"left,omitempty"`
	}
	out := struct {
		Passed bool    `json:"passed"`
		Stages []stage `json:"stages"`
	}{Passed: len(results) > 0}
	for _, r := range results {
		s := stage{N: r.Stage.N, ID: r.Stage.ID, Status: "failed", Seconds: r.Seconds, Checks: []check{}}
		switch {
		case r.NeedsRoot:
			s.Status = "needs-root"
		case r.Passed():
			s.Status = "passed"
		}
		if !r.Passed() {
			out.Passed = false
		}
		if r.Err != nil {
			s.Error = build.Say(r.Err, lang)
		}
		if r.NeedsRoot {
			s.Error = needsRootLine(r, lang)
		}
		for _, c := range r.Claims {
			_, st := claimStatus(c)
			s.Checks = append(s.Checks, check{Claim: c.Text.In(lang), Status: st, Seen: c.Seen.In(lang)})
		}
		for _, l := range r.Left {
			s.Left = append(s.Left, l.In(lang))
		}
		out.Stages = append(out.Stages, s)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func newBuildHintCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "hint ID|N",
		Short: tr(i18n.T("Show the next hint for a stage, one at a time")),
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, st, p, err := stageWithProgress(args[0])
			if err != nil {
				return err
			}
			hints := st.Hints(lang)
			shown := min(p.Hints[st.ID], len(hints))
			out := cmd.OutOrStdout()
			for i := range shown {
				fmt.Fprintf(out, "%d/%d  %s\n", i+1, len(hints), hints[i])
			}
			if shown == len(hints) {
				fmt.Fprintln(out, i18n.T("No more hints for stage %d. burk build solution %d shows the reference once the stage passes.", st.N, st.N).In(lang))
				return nil
			}
			fmt.Fprintf(out, "%d/%d  %s\n", shown+1, len(hints), hints[shown])
			p.Hints[st.ID] = shown + 1
			return p.Save()
		},
	}
}

func newBuildSolutionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "solution ID|N",
		Short: tr(i18n.T("Show the reference runtime up to a stage, once that stage has passed")),
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, st, p, err := stageWithProgress(args[0])
			if err != nil {
				return err
			}
			if _, ok := p.Passed[st.ID]; !ok {
				return errors.New(i18n.T("stage %d (%s) has not passed yet: its solution is shown once burk build check passes it (burk build hint %d helps)", st.N, st.ID, st.N).In(lang))
			}
			src, err := build.Program(st.N, lang)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), src)
			return nil
		},
	}
}

// stageWithProgress is what hint and solution start from: the language,
// the stage their argument names, and the learner's progress.
func stageWithProgress(arg string) (i18n.Lang, *build.Stage, *build.Progress, error) {
	lang, err := langFlag(langOption)
	if err != nil {
		return "", nil, nil, err
	}
	st, err := build.StageArg(arg)
	if err != nil {
		return "", nil, nil, buildErr(err)
	}
	p, err := build.LoadProgress(buildProgressPath())
	return lang, st, p, err
}

// claimStatus is a check's mark and its word in --json: ✓ held, ✗ failed,
// ○ skipped with its reason.
func claimStatus(c steps.ClaimResult) (mark, word string) {
	switch {
	case c.Skipped:
		return "○", "skipped"
	case !c.Held:
		return "✗", "failed"
	}
	return "✓", "held"
}
