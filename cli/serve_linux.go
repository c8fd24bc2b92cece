//go:build linux

package cli

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/cgroup"
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/serve"
)

func newServeCommand() *cobra.Command {
	cfg := serve.Config{Listen: ":2222", MaxSessions: 30, Idle: 0}
	var memory, rootfsDir string
	var pids int64
	var cpu float64
	cmd := &cobra.Command{
		Use:   "serve [--listen ADDR:PORT] [--keys FILE] [--code WORD] [--teacher-keys FILE] [limits]",
		Short: tr(i18n.T("Serve the live tour over SSH: each learner in a machine of their own")),
		Long: tr(i18n.T(`burk serve is an SSH server for a room: each learner connects with ssh and
gets the live tour in a machine of their own (its own user, mount, PID, UTS,
IPC, network, cgroup and time namespaces, with memory, pids and CPU limits).
The teacher connects as teacher with a key of --teacher-keys to see the room.
Every session shares this machine's kernel: for a room of strangers, serve
from a throwaway VM. docs/serve.md says what each layer stops.`)),
		Example: "  sudo burk serve --code tulpan42\n  sudo burk serve --keys room.keys --teacher-keys me.pub --memory 256M",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !sandbox.IsRealRoot() {
				return errors.New(tr(i18n.T("burk serve needs root: it makes each learner a machine of namespaces, id ranges and cgroups, which only root may hand out")))
			}
			if cfg.KeysFile == "" && cfg.Code == "" {
				return errors.New(tr(i18n.T("burk serve: no way in for the learners: give --keys FILE (their public keys, as in authorized_keys) or --code WORD (a class code they type), or both")))
			}
			limits, err := serveLimits(memory, pids, cpu)
			if err != nil {
				return err
			}
			cfg.Limits = limits
			host, dir, release, err := prepare(rootfsDir)
			if err != nil {
				return err
			}
			defer release()
			cfg.Rootfs = dir
			srv, err := serve.New(cfg, host)
			if err != nil {
				return err
			}
			srv.Log = os.Stderr
			ln, err := net.Listen("tcp", cfg.Listen)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), tr(i18n.T("burk serve: listening on %s; the host key's fingerprint, for the room to compare:\n  %s\nlearners connect with: ssh -p %s NAME@THIS-HOST", ln.Addr(), srv.Fingerprint(), portOf(ln.Addr()))))
			ctx, cancel := signalContext()
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ln) }()
			select {
			case <-ctx.Done():
			case err = <-done:
			}
			srv.Close()
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", cfg.Listen, tr(i18n.T("the address and port to listen on")))
	f.StringVar(&cfg.KeysFile, "keys", "", tr(i18n.T("the learners' public keys (an authorized_keys `FILE`); a learner's name is the SSH user they give")))
	f.StringVar(&cfg.Code, "code", "", tr(i18n.T("a class code the learners type at login (at least 6 characters)")))
	f.StringVar(&cfg.TeacherKeys, "teacher-keys", "", tr(i18n.T("the public keys that may open the teacher's view (ssh teacher@…)")))
	f.IntVar(&cfg.MaxSessions, "max-sessions", cfg.MaxSessions, tr(i18n.T("learners at once; the next is told the room is full")))
	f.StringVar(&memory, "memory", "512M", tr(i18n.T("each session's memory limit (K, M or G)")))
	f.Int64Var(&pids, "pids", 256, tr(i18n.T("each session's limit on processes and threads")))
	f.Float64Var(&cpu, "cpu", 1, tr(i18n.T("each session's CPU limit, in CPUs (0.5: half of one)")))
	f.DurationVar(&cfg.Idle, "idle", 0, tr(i18n.T("end a session after this long without a key pressed (0: never)")))
	f.StringVar(&cfg.Dir, "dir", serve.DefaultDir, tr(i18n.T("where the host key and the learners' progress are kept")))
	f.StringVar(&rootfsDir, "rootfs", "", tr(i18n.T("the root filesystem (default: built on first use)")))
	return cmd
}

// serveLimits reads --memory, --pids and --cpu.
func serveLimits(memory string, pids int64, cpu float64) (cgroup.Limits, error) {
	bytes, err := parseSize(memory)
	if err != nil || bytes < 64<<20 {
		return cgroup.Limits{}, errors.New(tr(i18n.T("--memory %s: a size of at least 64M, such as 512M or 1G", memory)))
	}
	if pids < 32 {
		return cgroup.Limits{}, errors.New(tr(i18n.T("--pids %d: at least 32, or the tour cannot start its containers", pids)))
	}
	if cpu < 0.05 || cpu > 64 {
		return cgroup.Limits{}, errors.New(tr(i18n.T("--cpu %v: between 0.05 and 64 CPUs", cpu)))
	}
	period := 100 * time.Millisecond
	return cgroup.Limits{MemoryBytes: bytes, Pids: pids, CPUQuota: time.Duration(cpu * float64(period)), CPUPeriod: period}, nil
}

// parseSize reads 512M, 1G, 65536K or a number of bytes.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult = 1 << 10
	case strings.HasSuffix(s, "M"):
		mult = 1 << 20
	case strings.HasSuffix(s, "G"):
		mult = 1 << 30
	}
	n, err := strconv.ParseInt(strings.TrimRight(s, "KMG"), 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("size %q", s)
	}
	return n * mult, nil
}

func portOf(a net.Addr) string {
	_, p, _ := net.SplitHostPort(a.String())
	return p
}
