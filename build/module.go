package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
)

// xsys is the golang.org/x/sys the module needs, with its go.sum lines:
// the ones burk itself is built with (a test keeps them in step), so that
// a learner's build needs nothing a burk build did not fetch already.
const (
	xsysVersion = "v0.50.0"
	xsysSum     = "golang.org/x/sys v0.50.0 h1:dkKZEFTEKaLr1sjhs0WiKqoi8Jj5nHbS3Njmx1UoMJs=\n" +
		"golang.org/x/sys v0.50.0/go.mod h1:hNLxWAXmnKAxqDtdwIYC4bM9oQPEecfsnNMuSxOs3og=\n"
)

// Files are the learner's module as burk build init writes it, by name.
func Files(lang i18n.Lang) (map[string]string, error) {
	main, err := Program(0, lang)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"go.mod":   "module myruntime\n\ngo 1.26.0\n\nrequire golang.org/x/sys " + xsysVersion + "\n",
		"go.sum":   xsysSum,
		"main.go":  main,
		"TASKS.md": Tasks(lang),
	}, nil
}

// Init writes the learner's module into dir, which must not hold any of
// its files already: nothing of the learner's is ever overwritten.
func Init(dir string, lang i18n.Lang) ([]string, error) {
	files, err := Files(lang)
	if err != nil {
		return nil, err
	}
	var names []string
	for name := range files {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return nil, msgErr(i18n.T("%s already has a %s: burk build init writes a new module, and overwrites nothing (choose another directory)", dir, name))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		names = append(names, name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range []string{"go.mod", "go.sum", "main.go", "TASKS.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(files[name]), 0o644); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// Tasks is TASKS.md: every stage's task and what burk checks, in lang.
func Tasks(lang i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", i18n.T("Build your own container runtime").In(lang),
		i18n.T("One stage at a time, in order: each builds on the ones before. burk build check checks them; burk build hint N gives a hint.").In(lang))
	for _, st := range stages {
		fmt.Fprintf(&b, "\n## %d. %s — %s\n\n%s\n\n%s\n\n", st.N, st.ID, st.Step.Title.In(lang), st.Task(lang), i18n.T("burk checks:").In(lang))
		for _, c := range st.Checks(lang) {
			fmt.Fprintf(&b, "- %s\n", c)
		}
	}
	return b.String()
}
