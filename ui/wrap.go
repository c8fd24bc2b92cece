package ui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// A pane's lines are the values learners compare — namespace inodes, the
// device and inode of /, a mount's options — so a line too long for its
// pane is never cut: the pane's padding goes first, and then the line
// wraps.

// squeezeToFit returns the lines with the runs of spaces inside them made
// one space, when that leaves fewer lines too wide for w cells; else the
// lines as they are. All lines or none, so that a table's columns stay
// lined up: ls's padded namespace names are squeezed, while a process
// table whose long command lines would not fit either way keeps its
// columns.
func squeezeToFit(lines []string, w int) []string {
	tooWide := func(ls []string) int {
		n := 0
		for _, l := range ls {
			if ansi.StringWidth(l) > w {
				n++
			}
		}
		return n
	}
	before := tooWide(lines)
	if before == 0 {
		return lines
	}
	squeezed := make([]string, len(lines))
	for i, l := range lines {
		body := strings.TrimLeft(l, " ")
		squeezed[i] = l[:len(l)-len(body)] + strings.Join(strings.Fields(body), " ")
	}
	if tooWide(squeezed) < before {
		return squeezed
	}
	return lines
}

// wrapLine breaks a plain-text line into rows of at most w cells: at a
// space where it can, else inside a word; every row after the first starts
// with indent. Too narrow a pane for that cuts the line instead. Not
// x/ansi's Wrap: it always breaks at a hyphen, which splits a shell's
// "-lt" and burk's cgroup names (burk-4100-…) across rows.
func wrapLine(s string, w int, indent string) []string {
	if ansi.StringWidth(s) <= w {
		return []string{s}
	}
	if w-len(indent) < 6 {
		return []string{ansi.Truncate(s, w, "…")}
	}
	var rows []string
	lead := ""
	for ansi.StringWidth(lead+s) > w {
		head := ansi.Truncate(s, w-len(lead), "")
		// Break at the last space, or after the last comma, | or /: mount
		// options, clone flags and paths are long words. Unless the row ends a
		// word already, or only spaces would be left on it.
		if s[len(head)] != ' ' {
			i := strings.LastIndex(head, " ")
			if j := strings.LastIndexAny(head, ",|/") + 1; j > i && j < len(head) {
				i = j
			}
			if i > 0 && strings.TrimSpace(head[:i]) != "" {
				head = head[:i]
			}
		}
		rows = append(rows, lead+strings.TrimRight(head, " "))
		s = strings.TrimLeft(s[len(head):], " ")
		lead = indent
	}
	if s != "" {
		rows = append(rows, lead+s)
	}
	return rows
}

// wrapCode breaks a line of code into rows of at most w cells, only
// between tokens, so that no identifier, number or flag is ever split
// (Containe / rID would read as two names): at the last space that is not
// the row's own indentation, else after the last punctuation
// (`SysProcIDMap{{` / `ContainerID`), else before it. Only a token longer
// than a whole row is cut. Every row after the first starts with indent.
func wrapCode(s string, w int, indent string) []string {
	r := []rune(s)
	if ansi.StringWidth(s) <= w {
		return []string{s}
	}
	if w-len(indent) < 6 || ansi.StringWidth(s) != len(r) {
		// Too narrow a pane, or wide characters, which the code of a
		// lesson does not have: the plain wrap.
		return wrapLine(s, w, indent)
	}
	var rows []string
	lead := ""
	for len(lead)+len(r) > w {
		cut := codeBreak(r, w-len(lead))
		rows = append(rows, lead+strings.TrimRight(string(r[:cut]), " "))
		r = []rune(strings.TrimLeft(string(r[cut:]), " "))
		lead = indent
	}
	if len(r) > 0 {
		rows = append(rows, lead+string(r))
	}
	return rows
}

// codeBreak is where to end a row of code that has room runes, of r, which
// is longer: the number of runes the row takes.
func codeBreak(r []rune, room int) int {
	if r[room] == ' ' {
		return room
	}
	start := 0 // the row's own indentation is no place to break
	for start < room && r[start] == ' ' {
		start++
	}
	for p := room; p > start; p-- {
		if r[p-1] == ' ' {
			return p
		}
	}
	for p := room; p > start; p-- {
		if !isWordRune(r[p-1]) && isWordRune(r[p]) {
			return p // after punctuation
		}
	}
	for p := room; p > start; p-- {
		if isWordRune(r[p-1]) != isWordRune(r[p]) {
			return p // before it
		}
	}
	return room
}

// isWordRune is a rune an identifier or a number is made of.
func isWordRune(c rune) bool { return c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c) }
