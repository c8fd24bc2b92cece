package cli

import (
	"errors"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/build"
)

// runBuildWatch is burk build with no command: the stages in the tour's
// look, the module in dir checked again on every save.
func runBuildWatch(cmd *cobra.Command, dir, rootfsDir string) error {
	lang, err := langFlag(langOption)
	if err != nil {
		return err
	}
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer watcher.Close()
	if err := watcher.Add(dir); err != nil {
		return err
	}
	host, rootfs, release, err := prepare(rootfsDir)
	if err != nil {
		return err
	}
	defer release()
	ctx, cancel := signalContext()
	defer cancel()
	progress, err := build.LoadProgress(buildProgressPath())
	if err != nil {
		return err
	}
	passed := map[string]bool{}
	for id := range progress.Passed {
		passed[id] = true
	}
	changes := make(chan struct{}, 1)
	go func() {
		for ev := range watcher.Events {
			name := filepath.Base(ev.Name)
			if strings.HasSuffix(name, ".go") || name == "go.mod" {
				select {
				case changes <- struct{}{}:
				default: // one is waiting already
				}
			}
		}
		close(changes)
	}()
	check := func(st *build.Stage) build.Result {
		bin, clean, err := build.BuildModule(ctx, dir)
		if err != nil {
			return build.Result{Stage: st, Err: err}
		}
		defer clean()
		res, err := (&build.Checker{Host: host.Host, Binary: bin, Rootfs: rootfs}).Check(ctx, []*build.Stage{st})
		if err != nil || len(res) == 0 {
			return build.Result{Stage: st, Err: err}
		}
		progress.Record(res)
		_ = progress.Save()
		return res[0]
	}
	_, err = tea.NewProgram(newWatchModel(lang, passed, check, changes), tea.WithAltScreen(), tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
