package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
)

// The command line speaks the learner's language too: --help, the errors
// burk itself makes, and doctor. The language is known before cobra
// parses anything — from --lang on the command line, else from the
// locale (LC_ALL, LC_MESSAGES, LANG) — since the help is built with the
// commands. What stays English: cobra's and pflag's own words (an unknown
// flag's error, a flag's "(default …)"), errors from the kernel and the
// packages under burk, and doctor's details that carry values (a sysctl's
// value, a controller's fix), which come from sandbox in English.

// cliLang is the language of the command line.
var cliLang = i18n.English

// langFromArgs picks the command line's language: --lang, else the locale.
// A language burk does not speak is English here; --lang's own check says so.
func langFromArgs(args []string) i18n.Lang {
	s := ""
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			s = v
		} else if a == "--lang" && i+1 < len(args) {
			s = args[i+1]
		}
	}
	if s == "" {
		s = lessons.DefaultLang()
	}
	for _, l := range i18n.Langs {
		if string(l) == s {
			return l
		}
	}
	return i18n.English
}

// tr is a message in the command line's language.
func tr(m i18n.Msg) string { return m.In(cliLang) }

// usageTemplate is cobra's usage template, its headings translated. burk
// has no command groups or aliases, so they are left out.
func usageTemplate() string {
	return tr(i18n.T("Usage:")) + `{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if .HasExample}}

` + tr(i18n.T("Examples:")) + `
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

` + tr(i18n.T("Commands:")) + `{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

` + tr(i18n.T("Flags:")) + `
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

` + tr(i18n.T("Global flags:")) + `
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

` + tr(i18n.T("Use \"%s [command] --help\" for more about a command.", "{{.CommandPath}}")) + `{{end}}
`
}

// translateCommands gives every command the translated usage template,
// help flag and help command; cobra's completion command stays, hidden.
func translateCommands(root *cobra.Command) {
	root.SetUsageTemplate(usageTemplate())
	root.CompletionOptions.HiddenDefaultCmd = true
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: tr(i18n.T("Help about any command")),
		Run: func(c *cobra.Command, args []string) {
			cmd, _, err := c.Root().Find(args)
			if cmd == nil || err != nil {
				cmd = c.Root()
			}
			cmd.Help()
		},
	})
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, tr(i18n.T("help for %s", c.Name())))
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// doctorWords are the words of doctor's checks that sandbox writes in
// English and that carry no value, by their English.
var doctorWords = map[string]i18n.Msg{
	"root":                         i18n.T("root"),
	"user namespaces":              i18n.T("user namespaces"),
	"unprivileged user namespaces": i18n.T("unprivileged user namespaces"),
	"AppArmor and user namespaces": i18n.T("AppArmor and user namespaces"),
	"subordinate ids":              i18n.T("subordinate ids"),
	"cgroups without root":         i18n.T("cgroups without root"),
	"lab":                          i18n.T("lab"),
	"cgroups":                      i18n.T("cgroups"),
	"cgroup mode":                  i18n.T("cgroup mode"),
	"propagation of /":             i18n.T("propagation of /"),
	"kernel":                       i18n.T("kernel"),
	"syscall present":              i18n.T("syscall present"),
	"kill a whole cgroup at once (Linux 5.14+)":                                                                                                      i18n.T("kill a whole cgroup at once (Linux 5.14+)"),
	"puts the init straight into its cgroup (Linux 5.7+)":                                                                                            i18n.T("puts the init straight into its cgroup (Linux 5.7+)"),
	"the init runs from burk through a read-only overlay mounted nowhere":                                                                            i18n.T("the init runs from burk through a read-only overlay mounted nowhere"),
	"the sealed copy of the init binary, if the overlay fails":                                                                                       i18n.T("the sealed copy of the init binary, if the overlay fails"),
	"mount cgroup2 at /sys/fs/cgroup":                                                                                                                i18n.T("mount cgroup2 at /sys/fs/cgroup"),
	"burk falls back to killing each process in the cgroup":                                                                                          i18n.T("burk falls back to killing each process in the cgroup"),
	"this kernel lacks pivot_root":                                                                                                                   i18n.T("this kernel lacks pivot_root"),
	"on a host with cgroup2 burk needs it: upgrade to Linux 5.7 or later":                                                                            i18n.T("on a host with cgroup2 burk needs it: upgrade to Linux 5.7 or later"),
	"without overlayfs either, the hardening step cannot protect the binary":                                                                         i18n.T("without overlayfs either, the hardening step cannot protect the binary"),
	"sysctl -w kernel.unprivileged_userns_clone=1 (only needed without root)":                                                                        i18n.T("sysctl -w kernel.unprivileged_userns_clone=1 (only needed without root)"),
	"only matters without root: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0":                                                            i18n.T("only matters without root: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"),
	"burk copies itself into a sealed memfd for the init instead (modprobe overlay, or Linux 5.2+, avoids the copy)":                                 i18n.T("burk copies itself into a sealed memfd for the init instead (modprobe overlay, or Linux 5.2+, avoids the copy)"),
	"namespaces, mounts and cgroups need root: run burk with sudo (sudo ./burk, or from the source: sudo env PATH=\"$PATH\" CGO_ENABLED=0 go run .)": i18n.T("namespaces, mounts and cgroups need root: run burk with sudo (sudo ./burk, or from the source: sudo env PATH=\"$PATH\" CGO_ENABLED=0 go run .)"),
}

// doctorText is one of doctor's English words in the command line's
// language, where the catalogue has it; a name "X namespace" or "X
// controller" keeps its kernel word X.
func doctorText(s string) string {
	if m, ok := doctorWords[s]; ok {
		return tr(m)
	}
	if ns, ok := strings.CutSuffix(s, " namespace"); ok && !strings.Contains(ns, " ") {
		return tr(i18n.T("%s namespace", ns))
	}
	if c, ok := strings.CutSuffix(s, " controller"); ok && !strings.Contains(c, " ") {
		return tr(i18n.T("%s controller", c))
	}
	if rest, ok := strings.CutPrefix(s, "running as uid "); ok {
		return tr(i18n.T("running as uid %s", rest))
	}
	return s
}

// pad pads s with spaces to n cells: %-30s counts bytes, and Swedish has å.
func pad(s string, n int) string {
	if w := len([]rune(s)); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
