package ui

import (
	"strings"

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
