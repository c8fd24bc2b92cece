package main

import (
	"strings"
	"testing"
)

// burk glossary prints the glossary in the language asked for, with its
// further reading.
func TestGlossaryInBothLanguages(t *testing.T) {
	for lang, want := range map[string]string{"en": "## mount propagation", "sv": "## propagering (mount propagation)"} {
		out, stderr, code := burk(t, "", "glossary", "--lang", lang)
		if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "containers-from-scratch") {
			t.Errorf("glossary --lang %s: exit %d, stderr %q, out starts %q", lang, code, stderr, out[:min(len(out), 200)])
		}
	}
	if _, stderr, code := burk(t, "", "glossary", "--lang", "fi"); code == 0 || !strings.Contains(stderr, "fi") {
		t.Errorf("glossary --lang fi: exit %d, %q", code, stderr)
	}
}
