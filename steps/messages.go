package steps

// burk's own words in the panes and the claims' "seen" that more than one
// probe or claim uses. Every message is an i18n.T with an English format,
// translated through the catalogues of package i18n; what a command or the
// kernel printed is i18n.Raw.

import (
	"strings"

	"github.com/burk-tui/burk/internal/i18n"
)

// yesNo is a bool as the learner reads it. English keeps Go's true and
// false, as burk has always printed them.
func yesNo(b bool) i18n.Msg {
	if b {
		return i18n.T("true")
	}
	return i18n.T("false")
}

// exitText is how a command that ran ended, as burk reports it: the zero
// Msg when it ended well.
func exitText(timedOut bool, signal string, code int) i18n.Msg {
	switch {
	case timedOut:
		return i18n.T("timed out")
	case signal != "":
		return i18n.T("killed by %s", signal)
	case code != 0:
		return i18n.T("exit status %d", code)
	}
	return i18n.Msg{}
}

// echoed is a line one of burk's own shell scripts prints: the script
// echoes the message's English (echo), and the pane shows the line it
// printed as the message again, in the learner's language (parse). The
// message takes at most one argument, a %s the shell fills in.
type echoed func(arg string) i18n.Msg

// echo is the shell command that prints the line, with arg a shell
// expansion ("${#x}") in place of the message's argument.
func (e echoed) echo(arg string) string { return `echo "` + e(arg).In(i18n.English) + `"` }

// parse returns the message a line the script printed is, and false for a
// line it did not print (a command's own).
func (e echoed) parse(line string) (i18n.Msg, bool) {
	arg, ok := e.arg(line)
	if !ok {
		return i18n.Msg{}, false
	}
	return e(arg), true
}

// arg is the argument in a line the script printed with e, and false for
// a line it did not print.
func (e echoed) arg(line string) (string, bool) {
	const hole = "\x00"
	before, after, hasArg := strings.Cut(e(hole).In(i18n.English), hole)
	if !hasArg {
		return "", line == before
	}
	if len(line) < len(before)+len(after) || !strings.HasPrefix(line, before) || !strings.HasSuffix(line, after) {
		return "", false
	}
	return line[len(before) : len(line)-len(after)], true
}

// ownLine is a line a script printed: burk's message when one of echoes
// printed it, else the line as it came.
func ownLine(line string, echoes ...echoed) i18n.Msg {
	for _, e := range echoes {
		if m, ok := e.parse(line); ok {
			return m
		}
	}
	return i18n.Raw(line)
}

// guardMsg is what the sandbox reports when burk asks to write the init's
// binary (the host's InitBinaryGuard), in burk's words. An error the kernel
// gave is quoted as it came.
func guardMsg(guard string) i18n.Msg {
	switch guard {
	case "a memfd sealed with F_SEAL_WRITE":
		return i18n.T("a memfd sealed with F_SEAL_WRITE")
	case "a memfd sealed with F_SEAL_WRITE (its seals read through a read-only descriptor: open for writing said ETXTBSY, which lasts only while it runs)":
		return i18n.T("a memfd sealed with F_SEAL_WRITE (its seals read through a read-only descriptor: open for writing said ETXTBSY, which lasts only while it runs)")
	case "open for writing succeeded":
		return i18n.T("open for writing succeeded")
	}
	rest, ok := strings.CutPrefix(guard, "open for writing: ")
	if !ok {
		return i18n.Raw(guard)
	}
	switch rest {
	case "EROFS (a read-only overlay, in no mount table)":
		return i18n.T("open for writing: %s", i18n.T("EROFS (a read-only overlay, in no mount table)"))
	case "EROFS (read-only file system)":
		return i18n.T("open for writing: %s", i18n.T("EROFS (read-only file system)"))
	}
	return i18n.T("open for writing: %s", i18n.Raw(rest))
}
