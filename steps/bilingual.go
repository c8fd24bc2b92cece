package steps

// What burk writes into the panes and the claims' "seen", in both
// languages at once. A pane's lines are of two kinds: what a command or a
// kernel file printed, shown the same in every language, and burk's own
// words around it. Both kinds go into a pane through say and show, so that
// Lines and LinesSv can never fall out of step: the UI marks and diffs
// lines by index.

import (
	"fmt"
	"strings"
)

// tf formats a text in both languages with the same arguments. The Swedish
// format may take them in another order with explicit indexes (%[2]d).
func tf(en, sv string, args ...any) Text {
	return Text{fmt.Sprintf(en, args...), fmt.Sprintf(sv, args...)}
}

// say appends a line burk wrote itself, in both languages.
func (p *Pane) say(t Text) {
	if p.LinesSv == nil {
		// From the first line of burk's own, every line has a Swedish form.
		p.LinesSv = append(make([]string, 0, len(p.Lines)+1), p.Lines...)
	}
	p.Lines = append(p.Lines, t.En)
	p.LinesSv = append(p.LinesSv, t.In(Swedish))
}

// show appends a line that a command or a kernel file printed: it reads
// the same in every language.
func (p *Pane) show(line string) {
	p.Lines = append(p.Lines, line)
	if p.LinesSv != nil {
		p.LinesSv = append(p.LinesSv, line)
	}
}

// setSource sets the pane's header, which names a file or a command and
// says in words what burk took from it.
func (p *Pane) setSource(t Text) {
	p.Source, p.SourceSv = t.En, t.Sv
}

// setErr sets the error burk writes when a command did not end well.
func (p *Pane) setErr(t Text) {
	p.Err, p.ErrSv = t.En, t.Sv
}

// translateOwn gives a Swedish form to the lines burk's own shell scripts
// printed (their echo), leaving the lines of the commands they ran as they
// are. own returns the Swedish form of a line burk wrote, and false for a
// line it did not.
func (p *Pane) translateOwn(own func(line string) (string, bool)) {
	for i, line := range p.Lines {
		sv, ok := own(line)
		if !ok {
			continue
		}
		if p.LinesSv == nil {
			p.LinesSv = append([]string{}, p.Lines...)
		}
		p.LinesSv[i] = sv
	}
}

// yesNo is a bool as the learner reads it. English keeps Go's true and
// false, as burk has always printed them.
func yesNo(b bool) Text {
	if b {
		return Text{"true", "ja"}
	}
	return Text{"false", "nej"}
}

// exitText is how a command that ran ended, as burk reports it: "" when it
// ended well.
func exitText(timedOut bool, signal string, code int) Text {
	switch {
	case timedOut:
		return Text{"timed out", "tog för lång tid och avbröts"}
	case signal != "":
		return tf("killed by %s", "dödades av %s", signal)
	case code != 0:
		return tf("exit status %d", "avslutades med status %d", code)
	}
	return Text{}
}

// guardSv is, in Swedish, what the sandbox reports when burk asks to write
// the init's binary (sandbox.InitBinaryGuard). An error the kernel gave is
// quoted as it came; a form it does not know is left in English, which the
// tests catch.
func guardSv(guard string) string {
	switch guard {
	case "a memfd sealed with F_SEAL_WRITE":
		return "en memfd förseglad med F_SEAL_WRITE"
	case "open for writing succeeded":
		return "öppna för skrivning: lyckades"
	}
	rest, ok := strings.CutPrefix(guard, "open for writing: ")
	if !ok {
		return guard
	}
	switch rest {
	case "EROFS (a read-only overlay, in no mount table)":
		rest = "EROFS (en skrivskyddad overlay, som inte finns i någon mount-tabell)"
	case "EROFS (read-only file system)":
		rest = "EROFS (skrivskyddat filsystem)"
	}
	return "öppna för skrivning: " + rest
}
