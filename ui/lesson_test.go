package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/lessons"
	"github.com/burk-tui/burk/steps"
)

// codeLesson is a lesson, the same for every step, whose code is wider
// than the lesson pane at every size, and which has an "Under the hood"
// section between two others: the goldens of how code wraps and how the
// section folds, whatever the real lessons say.
func codeLesson(_, lang string) (string, error) {
	words := map[string][5]string{
		"en": {"Code that wraps", "The user namespace's maps, as Go's os/exec takes them:", "In a real runtime",
			"RCU: the kernel frees the old namespace only after a grace period, when no reader can hold it.",
			"runc writes the same maps to /proc/PID/uid_map."},
		"sv": {"Kod som radbryts", "User-namespacets mappningar, så som Gos os/exec tar dem:", "I en riktig runtime",
			"RCU: kärnan frigör det gamla namespacet först efter en grace period, när ingen läsare kan hålla det.",
			"runc skriver samma mappningar till /proc/PID/uid_map."},
	}[lang]
	return "# " + words[0] + "\n\n" + words[1] + "\n\n" +
		"```go\n" +
		"cmd.SysProcAttr = &syscall.SysProcAttr{\n" +
		"\tCloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID,\n" +
		"\tUidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},\n" +
		"\tGidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 100000, Size: 65536}},\n" +
		"}\n```\n\n" +
		"## " + UnderTheHood[i18n.Lang(lang)] + "\n\n" +
		words[3] + "\n\n" +
		"## " + words[2] + "\n\n" +
		words[4] + "\n", nil
}

// The lesson's code at 80, 120 and 160 columns: wrapped between tokens,
// with the "Under the hood" section folded under it; and the section
// opened in place with u, in both languages.
func TestGoldenLessonCodeAndTheHood(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {160, 45}} {
		n := fmt.Sprintf("%dx%d", size.w, size.h)
		m := newTestModel(t, size.w, size.h, Options{StartStep: "user-ns", Lesson: codeLesson})
		if m.layout().lessonW == 0 {
			m = press(m, "l")
		}
		golden(t, "lesson-code-"+n, m.View())
		golden(t, "hood-open-"+n, press(m, "u").View())
	}
	sv := press(newTestModel(t, 80, 24, Options{StartStep: "user-ns", Lesson: codeLesson, Lang: i18n.Swedish}), "l")
	golden(t, "hood-swedish-80x24", sv.View())
	golden(t, "hood-swedish-open-80x24", press(sv, "u").View())
}

// The section is one line until u opens it, in place, and u folds it again.
func TestUnderTheHoodIsFoldedAndOpensInPlace(t *testing.T) {
	m := press(newTestModel(t, 80, 24, Options{StartStep: "user-ns", Lesson: codeLesson}), "l")
	body := "RCU: the kernel frees"
	folded := m.View()
	if !strings.Contains(folded, "▸ Under the hood — the kernel's details, for the curious: u opens them") || strings.Contains(folded, body) {
		t.Errorf("the section is not folded into its line:\n%s", folded)
	}
	m = press(m, "J")
	offset := m.lesson.vp.YOffset
	open := press(m, "u")
	if s := open.View(); !strings.Contains(s, body) || !strings.Contains(s, "▾ Under the hood — u folds it") || open.lesson.vp.YOffset != offset {
		t.Errorf("u does not open the section in place (offset %d, was %d):\n%s", open.lesson.vp.YOffset, offset, s)
	}
	if again := press(open, "u").View(); again != press(m).View() {
		t.Errorf("u again does not fold it:\n%s", again)
	}
}

// No line of code in any lesson breaks inside a name, a number or a flag,
// at the width the lesson pane has at 80, 120 and 160 columns: two rows
// meet inside a word only where a single token is wider than a row.
func TestNoLessonCodeBreaksInsideAWord(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {160, 45}} {
		m := newTestModel(t, size.w, size.h, Options{})
		width := m.layout().lessonW
		if width == 0 {
			width = size.w
		}
		for _, id := range append(steps.IDs(), GlossaryID) {
			for _, l := range i18n.Langs {
				lang := string(l)
				md, err := lessons.Get(id, lang)
				if err != nil {
					t.Fatal(err)
				}
				for _, line := range codeLines(md) {
					line = "  " + strings.ReplaceAll(line, "\t", "    ")
					indent := line[:len(line)-len(strings.TrimLeft(line, " "))] + "    "
					rows := wrapCode(line, width, indent)
					if at := breakInsideAWord(line, rows, indent); at != "" {
						t.Errorf("%s/%s at %d columns: %q breaks inside a word, at %q: %q", lang, id, width, line, at, rows)
					}
					for _, row := range rows {
						if ansi.StringWidth(row) > width {
							t.Errorf("%s/%s at %d columns: row %q is too wide", lang, id, width, row)
						}
					}
				}
			}
		}
	}
}

// codeLines are the lines of a Markdown text's fenced code blocks.
func codeLines(md string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			in = !in
			continue
		}
		if in {
			out = append(out, line)
		}
	}
	return out
}

// breakInsideAWord is the row of rows, line wrapped with indent, that ends
// inside a word of line, where a row before it had room to break between
// tokens: "" when none does.
func breakInsideAWord(line string, rows []string, indent string) string {
	src := []rune(line)
	pos := 0
	for i, row := range rows {
		if i > 0 {
			row = strings.TrimPrefix(row, indent)
			for pos < len(src) && src[pos] == ' ' {
				pos++
			}
		}
		pos += len([]rune(row))
		body := strings.TrimLeft(row, " ")
		oneWord := !strings.ContainsFunc(body, func(c rune) bool { return !isWordRune(c) })
		if pos < len(src) && pos > 0 && isWordRune(src[pos-1]) && isWordRune(src[pos]) && !oneWord {
			return row
		}
	}
	return ""
}
