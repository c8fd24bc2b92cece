package ui

// The lesson renderer: goldmark's parser, lipgloss's styles. Not glamour:
// the container's init is this very binary, re-executed for every
// container, so every package's init() runs at every container start —
// glamour's syntax highlighter, chroma, spends about 11 ms in its own
// (GODEBUG=inittrace=1), and with it a whole `burk run` took 58 ms instead
// of 24 on the machine this was measured on. goldmark's core parser costs
// a fraction of a millisecond. Like glamour with a fixed style, it never
// asks the terminal anything, and wraps to the pane's width.

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

var mdParser = goldmark.New().Parser()

// renderMarkdown renders a lesson for a terminal width wide.
func renderMarkdown(md string, width int, st Styles) string {
	if width < 20 {
		width = 20
	}
	src := []byte(md)
	doc := mdParser.Parse(text.NewReader(src))
	r := &mdRenderer{src: src, width: width, st: st}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		r.block(n, "", "")
	}
	return strings.TrimRight(strings.Join(r.out, "\n"), "\n ")
}

type mdRenderer struct {
	src   []byte
	width int
	st    Styles
	out   []string
}

// block renders one block node; first and rest prefix its first and
// following lines (list bullets, quote bars).
func (r *mdRenderer) block(n ast.Node, first, rest string) {
	switch n := n.(type) {
	case *ast.Heading:
		style := r.st.MDHeading2
		if n.Level == 1 {
			style = r.st.MDHeading1
		}
		if len(r.out) > 0 && r.out[len(r.out)-1] != "" {
			r.out = append(r.out, "")
		}
		r.out = append(r.out, style.Render(r.inline(n, lipgloss.Style{})))
	case *ast.Paragraph, *ast.TextBlock:
		r.wrap(r.inline(n, r.st.MDText), first, rest)
		if _, tight := n.(*ast.TextBlock); !tight {
			r.out = append(r.out, "")
		}
	case *ast.List:
		i := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			bullet := "• "
			if n.IsOrdered() {
				bullet = strconv.Itoa(i) + ". "
				i++
			}
			pad := strings.Repeat(" ", lipgloss.Width(bullet))
			firstChild := true
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				if firstChild {
					r.block(c, rest+r.st.MDBullet.Render(bullet), rest+pad)
				} else {
					r.block(c, rest+pad, rest+pad)
				}
				firstChild = false
			}
		}
		if n.Parent() != nil && n.Parent().Kind() == ast.KindDocument {
			r.out = append(r.out, "")
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := strings.TrimRight(strings.ReplaceAll(string(seg.Value(r.src)), "\t", "    "), "\n")
			// Wrapped, never cut: a cut line of code hides the very flag
			// the lesson is about. Its rows go on under its indent, and
			// break between tokens, never inside a name (wrapCode).
			line = "  " + line
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))] + "    "
			for _, row := range wrapCode(line, r.width, indent) {
				r.out = append(r.out, r.st.MDCode.Render(row))
			}
		}
		r.out = append(r.out, "")
	case *ast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			r.block(c, first+"│ ", rest+"│ ")
		}
	case *ast.ThematicBreak:
		r.out = append(r.out, strings.Repeat("─", r.width))
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			r.block(c, first, rest)
		}
	}
}

// wrap word-wraps styled text to the width, with the prefixes.
func (r *mdRenderer) wrap(s, first, rest string) {
	w := r.width - lipgloss.Width(rest)
	if w < 10 {
		w = 10
	}
	for i, line := range strings.Split(wordwrap(s, w), "\n") {
		// A word longer than the line still must not overflow it.
		line = ansi.Hardwrap(line, w, true)
		for j, part := range strings.Split(line, "\n") {
			prefix := rest
			if i == 0 && j == 0 {
				prefix = first
			}
			r.out = append(r.out, strings.TrimRight(prefix+part, " "))
		}
	}
}

// inline renders a node's inline children as one styled string.
func (r *mdRenderer) inline(n ast.Node, base lipgloss.Style) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			t := string(c.Segment.Value(r.src))
			b.WriteString(base.Render(t))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString(" ")
			}
		case *ast.String:
			b.WriteString(base.Render(string(c.Value)))
		case *ast.CodeSpan:
			var t strings.Builder
			for g := c.FirstChild(); g != nil; g = g.NextSibling() {
				if tx, ok := g.(*ast.Text); ok {
					t.Write(tx.Segment.Value(r.src))
				}
			}
			b.WriteString(r.st.MDCodeSpan.Render(t.String()))
		case *ast.Emphasis:
			style := r.st.MDEmph
			if c.Level == 2 {
				style = r.st.MDStrong
			}
			b.WriteString(r.inline(c, style))
		case *ast.Link:
			b.WriteString(r.inline(c, r.st.MDLink))
			b.WriteString(" (" + string(c.Destination) + ")")
		case *ast.AutoLink:
			b.WriteString(r.st.MDLink.Render(string(c.URL(r.src))))
		default:
			b.WriteString(r.inline(c, base))
		}
	}
	return b.String()
}

// nonBreakingHyphen stands in for "-" while a text is wrapped.
const nonBreakingHyphen = "\u2011"

// wordwrap wraps a text at spaces only. x/ansi's Wordwrap also breaks
// after a hyphen, and leaves the hyphen on a line of its own when the word
// is at the end of a line ("containers", "-", "from-scratch"); a
// non-breaking hyphen while wrapping keeps such a word whole.
func wordwrap(s string, width int) string {
	s = strings.ReplaceAll(s, "-", nonBreakingHyphen)
	return strings.ReplaceAll(ansi.Wordwrap(s, width, ""), nonBreakingHyphen, "-")
}
