package steps_test

// In every language, what burk writes itself comes from the catalogues:
// a pane's header, a line burk writes among a command's output, an error
// it reports, a claim and what it saw. What a command or a kernel file
// printed is Raw, shown as it came.
//
// Two halves make sure of it. Statically, internal/i18n's catalogue test
// finds every i18n.T in the source and requires each catalogue to
// translate it. On real containers, untranslated (run on every step and
// variant by TestEveryClaimHolds) walks every message of an observation:
// a message that is not Raw must be in the catalogue, and a Raw one must
// not be burk's own English (a line burk's script echoed and the probe
// forgot to map back to its message) — the sentence formats of the
// catalogue, matched against the whole of every Raw text.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// fmtVerb matches one fmt verb in a format.
var fmtVerb = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z]`)

// burksEnglish matches the whole of a text that is one of burk's own
// sentences in English, whatever its arguments: the catalogues' formats
// with a word or more of text besides their verbs and at least one space
// (a single word, like "hostname", is also a command's output).
func burksEnglish() []*regexp.Regexp {
	formats := map[string]bool{}
	for _, lang := range i18n.Langs {
		for _, f := range i18n.Formats(lang) {
			formats[f] = true
		}
	}
	var out []*regexp.Regexp
	for f := range formats {
		literal := fmtVerb.ReplaceAllString(f, "")
		if !strings.Contains(strings.TrimSpace(f), " ") || !regexp.MustCompile(`[A-Za-z]{3}`).MatchString(literal) {
			continue
		}
		parts := fmtVerb.Split(f, -1)
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		out = append(out, regexp.MustCompile("^"+strings.Join(parts, "(?s:.*)")+"$"))
	}
	return out
}

// untranslated lists what obs shows in lang that did not come from lang's
// catalogue, and any mark that points at no line.
func untranslated(obs *steps.Observation, lang i18n.Lang) []string {
	english := burksEnglish()
	var problems []string
	var check func(where string, m i18n.Msg)
	check = func(where string, m i18n.Msg) {
		for _, f := range m.Missing(lang) {
			problems = append(problems, fmt.Sprintf("%s: %q has no %s translation", where, f, lang))
		}
		if m.IsRaw() {
			for _, re := range english {
				if re.MatchString(m.Format()) {
					problems = append(problems, fmt.Sprintf("%s: %q is burk's English, shown as if a command printed it", where, m.Format()))
					break
				}
			}
		}
		for _, a := range m.Args() {
			if sub, ok := a.(i18n.Msg); ok {
				check(where, sub)
			}
		}
	}
	check("the hint", obs.Hint)
	for _, v := range obs.Views {
		check(v.ID+" title", v.Title)
		for _, side := range []struct {
			name string
			pane steps.Pane
		}{{"host", v.Host}, {"container", v.Container}} {
			where := v.ID + " " + side.name
			check(where+" header", side.pane.Source)
			for i, l := range side.pane.Lines {
				check(fmt.Sprintf("%s line %d", where, i), l)
			}
			check(where+" error", side.pane.Err)
			for _, m := range side.pane.Marked {
				if m < 0 || m >= len(side.pane.Lines) {
					problems = append(problems, fmt.Sprintf("%s: marked line %d of %d", where, m, len(side.pane.Lines)))
				}
			}
		}
	}
	for _, c := range obs.Claims {
		check("claim "+c.Text.String(), c.Text)
		check("seen of "+c.Text.String(), c.Seen)
	}
	return problems
}

// The check above must be able to fail: a message missing from the
// catalogue, burk's own line passed off as a command's, a translated
// argument that is not, and a mark out of range are each caught; a
// command's own English is not.
func TestTheTranslationCheckCatchesEnglish(t *testing.T) {
	good := func() *steps.Observation {
		return &steps.Observation{
			Views: []steps.View{{ID: "caps", Title: i18n.T("privileges"),
				Host: steps.Pane{Source: i18n.T("/proc: burk (PID %d) and its children", 7),
					Lines:  []i18n.Msg{i18n.Raw("    PID CMD"), i18n.T("+ %d other processes on the host", 3)},
					Marked: []int{1}},
				Container: steps.Pane{Source: i18n.Raw(`sh -c hostname x || echo "sethostname refused"`),
					Lines: []i18n.Msg{i18n.Raw("hostname: sethostname: Operation not permitted"), i18n.T("sethostname refused")},
					Err:   i18n.T("exit status %d", 1)},
			}},
			Claims: []steps.ClaimResult{{Text: i18n.T("ps fails: /proc is empty inside the chroot."), Held: true,
				Seen: i18n.T("ps listed %d processes; it said: %s", 0, "the proc filesystem is not mounted")}},
		}
	}
	if problems := untranslated(good(), i18n.Swedish); len(problems) > 0 {
		t.Fatalf("a fully translated observation has problems:\n%s", strings.Join(problems, "\n"))
	}
	for name, spoil := range map[string]func(o *steps.Observation){
		"a header not in the catalogue": func(o *steps.Observation) { o.Views[0].Host.Source = i18n.T("burk's new words") },
		"a script's echo left as it came": func(o *steps.Observation) {
			o.Views[0].Container.Lines[1] = i18n.Raw("sethostname refused")
		},
		"burk's sentence as a Raw line": func(o *steps.Observation) {
			o.Views[0].Host.Lines[1] = i18n.Raw("+ 3 other processes on the host")
		},
		"an argument in English": func(o *steps.Observation) {
			o.Claims[0].Seen = i18n.T("the host's / is %s; the proc mount leaked: %s", i18n.T("shared-ish"), i18n.T("true"))
		},
		"a mark out of range": func(o *steps.Observation) { o.Views[0].Host.Marked = []int{2} },
	} {
		o := good()
		spoil(o)
		if problems := untranslated(o, i18n.Swedish); len(problems) == 0 {
			t.Errorf("%s is not caught", name)
		}
	}
}
