package main

import (
	"strings"
	"testing"
)

// burkIn runs burk with the locale set to lang, and nothing else saying
// which language to speak (an empty LC_ALL is no setting).
func burkIn(t *testing.T, lang string, args ...string) (stdout, stderr string) {
	t.Helper()
	stdout, stderr, _ = burkEnv(t, "", []string{"LANG=" + lang, "LC_ALL=", "LC_MESSAGES="}, args...) // the exit status is not the point here
	return stdout, stderr
}

// LANG=sv_SE.UTF-8 turns --help, burk's own errors and doctor Swedish,
// as it does the tour; --lang en turns them back.
func TestTheCommandLineSpeaksSwedish(t *testing.T) {
	help, _ := burkIn(t, "sv_SE.UTF-8", "--help")
	for _, want := range []string{"Användning:", "Kommandon:", "Lista rundturens steg", "språk: en eller sv", "hjälp för burk", `Skriv "burk [kommando] --help"`} {
		if !strings.Contains(help, want) {
			t.Errorf("burk --help in Swedish lacks %q:\n%s", want, help)
		}
	}
	runHelp, _ := burkIn(t, "sv_SE.UTF-8", "run", "--help")
	if !strings.Contains(runHelp, "Kör ett kommando i en riktig container") || !strings.Contains(runHelp, "Globala flaggor:") {
		t.Errorf("burk run --help in Swedish:\n%s", runHelp)
	}
	if _, stderr := burkIn(t, "sv_SE.UTF-8", "run", "--step", "99", "--", "true"); !strings.Contains(stderr, "inget steg 99") {
		t.Errorf("an error of burk's in Swedish: %q", stderr)
	}
	doctor, _ := burkIn(t, "sv_SE.UTF-8", "doctor")
	if !strings.Contains(doctor, "cgroup-läge") || strings.Contains(doctor, "cgroup mode") {
		t.Errorf("burk doctor in Swedish:\n%s", doctor)
	}
	english, _ := burkIn(t, "sv_SE.UTF-8", "--lang", "en", "--help")
	if !strings.Contains(english, "Usage:") || !strings.Contains(english, "List the steps of the tour") {
		t.Errorf("burk --lang en --help under a Swedish locale:\n%s", english)
	}
}
