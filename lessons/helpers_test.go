package lessons

// What the tests read lessons with; burk itself needs none of it.

import "strings"

// Langs are the languages lessons are written in.
func Langs() []string { return []string{"en", "sv"} }

// GlossaryTerms are the glossary's terms, its level-2 headings, in order.
// A term in a language other than English ends with the English term in
// parentheses where the two differ: "propagering (mount propagation)".
func GlossaryTerms(markdown string) []string { return Headings(markdown) }

// Headings returns the level-2 headings of a Markdown text, in order.
func Headings(markdown string) []string {
	var out []string
	inCode := false
	for _, line := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if !inCode && strings.HasPrefix(line, "## ") {
			out = append(out, strings.TrimSpace(line[3:]))
		}
	}
	return out
}
