package ui

import (
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// A table in a pane — ps, the IPC listing, mount, the namespaces, the
// network devices, the cgroup files — is laid out for the pane's width, so
// that its columns line up at every size and a row never takes two lines:
// every cell is padded to its column, numbers to the right; when the row
// is too wide the table's droppable columns go, in the order the step
// gave (keeping the one it is about), and then the widest column left is
// cut, within itself, with "…".

// tableLayout is how one table is drawn at one width.
type tableLayout struct {
	spec   steps.Table
	cols   []int // the columns shown, in order
	widths []int // by column index: each column's width
	right  []bool
	gap    string
}

// splitRow splits a table line into n fields: at runs of spaces, the last
// field taking the rest of the line.
func splitRow(line string, n int) []string {
	f := strings.Fields(strings.ReplaceAll(line, "\t", " "))
	if len(f) <= n {
		for len(f) < n {
			f = append(f, "")
		}
		return f
	}
	// The last field is the rest of the line, its own spacing kept.
	rest := strings.TrimLeft(strings.ReplaceAll(line, "\t", " "), " ")
	for range n - 1 {
		i := strings.IndexByte(rest, ' ')
		rest = strings.TrimLeft(rest[i:], " ")
	}
	return append(f[:n-1], rest)
}

// isRow reports whether line i of a pane is a row of its table: a line a
// command printed, or the header, which may be burk's own words.
func isRow(p steps.Pane, i int) bool {
	if p.Table == nil || i < p.Table.From || i >= len(p.Lines) {
		return false
	}
	return p.Lines[i].IsRaw() || p.Table.Header && i == p.Table.From
}

// rows are a pane's table rows, split, by line index; the header too.
func rows(p steps.Pane, lang i18n.Lang) map[int][]string {
	out := map[int][]string{}
	if p.Table == nil || p.Table.Columns <= 0 {
		return out
	}
	for i, l := range p.LinesIn(lang) {
		if isRow(p, i) {
			out[i] = splitRow(l, p.Table.Columns)
		}
	}
	return out
}

var numeric = regexp.MustCompile(`^[-+]?[0-9][0-9.]*$|^-$`)

// layTable lays out a pane's table for w cells. peer is the pane beside
// it: when it is a table of the same columns, both measure their columns
// together, so that the two sides' columns meet across the screen.
func layTable(p, peer steps.Pane, lang i18n.Lang, w int) *tableLayout {
	if p.Table == nil || p.Table.Columns <= 0 {
		return nil
	}
	n := p.Table.Columns
	t := &tableLayout{spec: *p.Table, widths: make([]int, n), right: make([]bool, n)}
	type side struct {
		rows map[int][]string
		from int
	}
	sides := []side{{rows(p, lang), p.Table.From}}
	if peer.Table != nil && peer.Table.Columns == n && peer.Table.Header == p.Table.Header {
		sides = append(sides, side{rows(peer, lang), peer.Table.From})
	}
	// Numbers align right: a column is numeric when every cell below the
	// header that has something is a number.
	numbers := make([]int, n)
	words := make([]int, n)
	for _, s := range sides {
		for i, r := range s.rows {
			for c, cell := range r {
				t.widths[c] = max(t.widths[c], ansi.StringWidth(cell))
				if i == s.from && p.Table.Header || cell == "" {
					continue
				}
				if numeric.MatchString(cell) {
					numbers[c]++
				} else {
					words[c]++
				}
			}
		}
	}
	for c := range n {
		t.right[c] = numbers[c] > 0 && words[c] == 0
		t.cols = append(t.cols, c)
	}
	width := func(gap int) int {
		total := gap * (len(t.cols) - 1)
		for _, c := range t.cols {
			total += t.widths[c]
		}
		return total
	}
	t.gap = "  "
	if width(2) > w {
		t.gap = " "
	}
	for _, c := range p.Table.Drop {
		if width(len(t.gap)) <= w || len(t.cols) <= 1 {
			break
		}
		t.cols = slices.DeleteFunc(t.cols, func(x int) bool { return x == c })
	}
	// Still too wide: the widest column left gives up cells, and is cut.
	for width(len(t.gap)) > w {
		widest := t.cols[0]
		for _, c := range t.cols {
			if t.widths[c] >= t.widths[widest] {
				widest = c
			}
		}
		if t.widths[widest] <= 2 {
			break
		}
		t.widths[widest]--
	}
	return t
}

// row draws one row of the table.
func (t *tableLayout) row(fields []string) string {
	cells := make([]string, 0, len(t.cols))
	for k, c := range t.cols {
		cell := fields[c]
		w := t.widths[c]
		if ansi.StringWidth(cell) > w {
			cell = ansi.Truncate(cell, w, "…")
		}
		pad := strings.Repeat(" ", w-ansi.StringWidth(cell))
		switch {
		case t.right[c]:
			cell = pad + cell
		case k < len(t.cols)-1:
			cell += pad
		}
		cells = append(cells, cell)
	}
	return strings.Join(cells, t.gap)
}

// header is the table's header row, or "" when it has none.
func (t *tableLayout) header(p steps.Pane, lang i18n.Lang) string {
	if t == nil || !t.spec.Header || !isRow(p, t.spec.From) {
		return ""
	}
	return t.row(splitRow(p.Lines[t.spec.From].In(lang), t.spec.Columns))
}

// isHeader reports whether line i is the table's header.
func (t *tableLayout) isHeader(i int) bool {
	return t != nil && t.spec.Header && i == t.spec.From
}
