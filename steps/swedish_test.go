package steps_test

// In Swedish, nothing burk writes itself is left in English: not a pane's
// header, not a line burk writes among a command's output, not an error it
// reports, not what a claim saw. What a command or a kernel file printed
// is shown as it came, in every language.
//
// The check knows burk's English by its words (englishWords): words that
// burk's prose uses and that no kernel file, syscall result or listing a
// pane shows as it came uses on its own. Before it looks, it cuts out
// what the commands run inside the container printed — except a line whose
// English words are in the command itself, like the caps probe's
// `echo "sethostname refused"`: those words are burk's, so they are
// translated too. swedishProblems runs on every step and variant in
// TestEveryClaimHolds, on real containers; TestSwedishCheckCatchesEnglish
// shows that it fails where it must.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// englishWords are the words of burk's English prose, as words() splits
// them. Left out on purpose: words Swedish shares (process, container,
// mounts, namespaces, capabilities, controller, status, under, per), the
// kernel's words in errno strings (not, no, or, file, directory, read,
// only, such), and words of data a pane shows (run, root, on and type in
// mount's lines).
var englishWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		the and its other of in at by for with from after before during
		inside outside this all one three another was could has tried among
		them differ while ran meanwhile kept said
		host host's container's init's burk's
		processes directories children thread reached listed lists refused
		killed exit skipped throttled periods quota runs writing limit peak
		kills forks loop bytes held started demonstrations bounded files
		interfaces queue hog escape succeeded sealed inode private table`) {
		englishWords[w] = true
	}
}

// words splits text into lowercase words, keeping snake_case names
// (nr_throttled) and possessives (host's) whole.
func words(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '\''
	})
	for i, f := range fields {
		fields[i] = strings.Trim(f, "'")
	}
	return fields
}

// english returns the words of burk's English in text.
func english(text string) []string {
	var found []string
	for _, w := range words(text) {
		if englishWords[w] {
			found = append(found, w)
		}
	}
	return found
}

// printed is what the learner's machine printed this run, which every
// language shows as it came.
type printed struct {
	lines map[string]bool // whole lines, trimmed
	cut   []string        // what to cut out of longer text, longest first
}

func newPrinted(execs map[string]sandbox.ExecResult, hostname string) printed {
	p := printed{lines: map[string]bool{hostname: true}}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			p.lines[s] = true
			// Short strings would cut pieces out of words.
			if len(s) >= 4 {
				p.cut = append(p.cut, s)
			}
		}
	}
	p.cut = append(p.cut, strconv.Quote(hostname))
	for _, r := range execs {
		command := strings.Join(r.Args, " ")
		add(command) // a pane's header, or "$ script"
		if len(r.Args) > 0 {
			add(r.Args[len(r.Args)-1])
		}
		script := words(command)
		for _, out := range []string{r.Stdout, r.Stderr, r.StartErr} {
			for _, line := range strings.Split(out, "\n") {
				if slices.ContainsFunc(english(line), func(w string) bool { return slices.Contains(script, w) }) {
					continue // burk's own words, echoed by its script
				}
				add(line)
			}
		}
	}
	slices.SortFunc(p.cut, func(a, b string) int { return len(b) - len(a) })
	return p
}

// burksEnglish returns the English words burk itself wrote in text.
func (p printed) burksEnglish(text string) []string {
	if p.lines[strings.TrimSpace(text)] {
		return nil
	}
	for _, c := range p.cut {
		text = strings.ReplaceAll(text, c, " ")
	}
	return english(text)
}

// swedishProblems lists what obs leaves in English in Swedish, and any
// pane whose Swedish lines are out of step with its English ones.
func swedishProblems(obs *steps.Observation, execs map[string]sandbox.ExecResult, hostname string) []string {
	p := newPrinted(execs, hostname)
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, v := range obs.Views {
		for _, side := range []struct {
			name string
			pane steps.Pane
		}{{"host", v.Host}, {"container", v.Container}} {
			where, pane := v.ID+" "+side.name, side.pane
			if en := p.burksEnglish(pane.SourceIn(steps.Swedish)); len(en) > 0 {
				bad("%s: the header %q is English in Swedish (%v)", where, pane.SourceIn(steps.Swedish), en)
			}
			if pane.SourceSv != "" && (pane.SourceSv == pane.Source || len(english(pane.Source)) == 0) {
				bad("%s: SourceSv %q is set for %q, which has no English prose that englishWords knows", where, pane.SourceSv, pane.Source)
			}
			if pane.LinesSv != nil {
				if len(pane.LinesSv) != len(pane.Lines) {
					bad("%s: %d Swedish lines for %d lines", where, len(pane.LinesSv), len(pane.Lines))
					continue
				}
				translated := 0
				for i, line := range pane.Lines {
					if pane.LinesSv[i] == line {
						continue
					}
					translated++
					// Else the check could not see this line left in English.
					if len(english(line)) == 0 {
						bad("%s: line %d %q is translated, but englishWords knows none of its words", where, i, line)
					}
				}
				if translated == 0 {
					bad("%s: LinesSv is set but translates nothing: it should be nil", where)
				}
			}
			for i, line := range pane.LinesIn(steps.Swedish) {
				if en := p.burksEnglish(line); len(en) > 0 {
					bad("%s: line %d %q is English in Swedish (%v)", where, i, line, en)
				}
			}
			for _, m := range pane.Marked {
				if m < 0 || m >= len(pane.Lines) {
					bad("%s: marked line %d of %d", where, m, len(pane.Lines))
				}
			}
			if en := p.burksEnglish(pane.ErrIn(steps.Swedish)); len(en) > 0 {
				bad("%s: the error %q is English in Swedish (%v)", where, pane.ErrIn(steps.Swedish), en)
			}
		}
	}
	for _, c := range obs.Claims {
		sv := c.SeenIn(steps.Swedish)
		if len(p.burksEnglish(c.Seen)) > 0 && sv == c.Seen {
			bad("claim %q: seen %q has no Swedish", c.Text.En, c.Seen)
		}
		if en := p.burksEnglish(sv); len(en) > 0 {
			bad("claim %q: seen %q is English in Swedish (%v)", c.Text.En, sv, en)
		}
	}
	return problems
}

// The check above must be able to fail: a line, a header, a seen and a
// script's echo left in English are each caught, and a command's own
// English output is not.
func TestSwedishCheckCatchesEnglish(t *testing.T) {
	execs := map[string]sandbox.ExecResult{
		"ps":   {Args: []string{"ps", "-e"}, Stderr: "Error, do this: mount -t proc proc /proc\nthe proc filesystem is not mounted\n", ExitCode: 1},
		"caps": {Args: []string{"sh", "-c", `hostname x || echo "sethostname refused"`}, Stdout: "hostname: sethostname: Operation not permitted\nsethostname refused\n"},
	}
	good := func() *steps.Observation {
		return &steps.Observation{
			Views: []steps.View{{ID: "ps",
				Host: steps.Pane{
					Source: "/proc: burk (PID 7) and its children", SourceSv: "/proc: burk (PID 7) och dess barn",
					Lines:   []string{"    PID    PPID NSPID  CMD", "      7       1 -      burk", "+ 3 other processes on the host"},
					LinesSv: []string{"    PID    PPID NSPID  CMD", "      7       1 -      burk", "+ 3 andra processer på värden"},
					Marked:  []int{1},
				},
				Container: steps.Pane{Source: "ps -e", Lines: []string{"Error, do this: mount -t proc proc /proc", "the proc filesystem is not mounted"},
					Err: "exit status 1", ErrSv: "avslutades med status 1"},
			}, {ID: "caps",
				Container: steps.Pane{Source: `sh -c hostname x || echo "sethostname refused"`,
					Lines:   []string{"hostname: sethostname: Operation not permitted", "sethostname refused"},
					LinesSv: []string{"hostname: sethostname: Operation not permitted", "sethostname nekades"}},
			}},
			Claims: []steps.ClaimResult{{Text: steps.Text{En: "ps fails."}, Held: true,
				Seen:   "ps listed 0 processes; it said: the proc filesystem is not mounted",
				SeenSv: "ps listade 0 processer; det skrev: the proc filesystem is not mounted"}},
		}
	}
	if problems := swedishProblems(good(), execs, "laptop"); len(problems) > 0 {
		t.Fatalf("a fully translated observation has problems:\n%s", strings.Join(problems, "\n"))
	}
	for name, spoil := range map[string]func(o *steps.Observation){
		"a header":             func(o *steps.Observation) { o.Views[0].Host.SourceSv = "" },
		"a line":               func(o *steps.Observation) { o.Views[0].Host.LinesSv = nil },
		"a half translation":   func(o *steps.Observation) { o.Views[0].Host.LinesSv[2] = "+ 3 andra processes on the host" },
		"lines out of step":    func(o *steps.Observation) { o.Views[0].Host.LinesSv = o.Views[0].Host.LinesSv[1:] },
		"nothing translated":   func(o *steps.Observation) { o.Views[0].Host.LinesSv[2] = o.Views[0].Host.Lines[2] },
		"an error":             func(o *steps.Observation) { o.Views[0].Container.ErrSv = "" },
		"a script's own echo":  func(o *steps.Observation) { o.Views[1].Container.LinesSv = nil },
		"what a claim saw":     func(o *steps.Observation) { o.Claims[0].SeenSv = "" },
		"a mark out of range":  func(o *steps.Observation) { o.Views[0].Host.Marked = []int{3} },
		"a needless SourceSv":  func(o *steps.Observation) { o.Views[0].Container.SourceSv = "ps -e" },
		"a seen half in Swede": func(o *steps.Observation) { o.Claims[0].SeenSv = "ps listed 0 processer" },
	} {
		o := good()
		spoil(o)
		if problems := swedishProblems(o, execs, "laptop"); len(problems) == 0 {
			t.Errorf("%s left in English (or out of step) is not caught", name)
		}
	}
}

// The English a pane shows is what it showed before it had a Swedish form:
// the UI's golden files and --plain's readers depend on it.
func TestPaneAndSeenFallBackToEnglish(t *testing.T) {
	p := steps.Pane{Source: "ls /proc", Lines: []string{"1 2 3"}, Err: "boom"}
	if p.SourceIn(steps.Swedish) != "ls /proc" || !slices.Equal(p.LinesIn(steps.Swedish), p.Lines) || p.ErrIn(steps.Swedish) != "boom" {
		t.Errorf("a pane without Swedish does not fall back to English: %q %q %q", p.SourceIn(steps.Swedish), p.LinesIn(steps.Swedish), p.ErrIn(steps.Swedish))
	}
	p.SourceSv, p.LinesSv, p.ErrSv = "ls /proc (sv)", []string{"1 2 3 (sv)"}, "pang"
	if p.SourceIn(steps.English) != "ls /proc" || !slices.Equal(p.LinesIn(steps.English), p.Lines) || p.ErrIn(steps.English) != "boom" {
		t.Errorf("English is not English")
	}
	if p.SourceIn(steps.Swedish) != p.SourceSv || !slices.Equal(p.LinesIn(steps.Swedish), p.LinesSv) || p.ErrIn(steps.Swedish) != "pang" {
		t.Errorf("Swedish is not Swedish")
	}
	c := steps.ClaimResult{Seen: "PIDs inside: [1]"}
	if c.SeenIn(steps.Swedish) != c.Seen {
		t.Errorf("SeenIn(Swedish) = %q without SeenSv, want the English", c.SeenIn(steps.Swedish))
	}
	c.SeenSv = "PID i containern: [1]"
	if c.SeenIn(steps.Swedish) != c.SeenSv || c.SeenIn(steps.English) != c.Seen {
		t.Errorf("SeenIn picks the wrong language")
	}
}
