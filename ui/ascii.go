package ui

import "strings"

// The tour in ASCII (burk tour --ascii, which doctor --stage offers): for
// a terminal, a font or a locale that cannot draw Unicode's boxes and
// marks, as a venue's machine or a serial console may not. The tour is
// laid out as ever, then every character it drew that is not ASCII
// becomes one that is, of the same width — so what lipgloss measured and
// aligned stays aligned. Letters of a language (Swedish å, ä, ö) are kept:
// they are the learner's choice, not the tour's decoration.

// asciiOnly is s with the tour's Unicode drawn in ASCII.
func asciiOnly(s string) string { return strings.Map(asciiRune, s) }

// asciiMarks are the tour's own marks and punctuation, and what stands for
// each.
var asciiMarks = map[rune]rune{
	'✓': '+', '✗': 'x', '○': 'o', '✎': 'e', '⏺': '*', '•': '*', '·': '.',
	'→': '>', '←': '<', '↓': 'v', '↑': '^', '▸': '>', '▶': '>', '◂': '<',
	'…': '.', '—': '-', '–': '-', '×': 'x', 'µ': 'u',
	'‘': '\'', '’': '\'', '“': '"', '”': '"',
}

func asciiRune(r rune) rune {
	if r < 0x80 {
		return r
	}
	if a, ok := asciiMarks[r]; ok {
		return a
	}
	switch {
	case r >= 0x2500 && r <= 0x257f: // box drawing
		return boxRune(r)
	case r >= 0x2800 && r <= 0x28ff: // braille: a spinner's frames
		return '*'
	}
	return r
}

// boxRune draws a box-drawing character as lipgloss's ASCII border does:
// lines as - and |, every corner and junction as +.
func boxRune(r rune) rune {
	switch r {
	case '─', '━', '┄', '┅', '┈', '┉', '╌', '╍', '═', '╴', '╶', '╸', '╺', '╼', '╾':
		return '-'
	case '│', '┃', '┆', '┇', '┊', '┋', '╎', '╏', '║', '╵', '╷', '╹', '╻', '╽', '╿':
		return '|'
	}
	return '+'
}
