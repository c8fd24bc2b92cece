// Package lessons holds the tour's lesson texts: one Markdown file per step
// per language, embedded in the binary so the tour works offline.
package lessons

import (
	"embed"
	"fmt"
	"os"
	"strings"
)

//go:embed en/*.md sv/*.md
var files embed.FS

// Sections are the level-2 headings every lesson has, in this order, by
// language: a learner finds the same thing in the same place at every step.
var Sections = map[string][]string{
	"en": {"What changes", "Look at", "The syscall", "Try it", "Gotcha", "In a real runtime"},
	"sv": {"Vad som ändras", "Titta på", "Systemanropet", "Prova själv", "Se upp", "I en riktig runtime"},
}

// WithoutRoot is the heading, by language, of the section a lesson may
// end with: what its step does differently in the rootless lab, where
// that differs. It comes after every section of Sections.
var WithoutRoot = map[string]string{"en": "Without root", "sv": "Utan root"}

// UnderTheHood is the heading, by language, of the section a lesson may
// have last, after every other section the learner reads (the speaker's
// notes may follow it): how burk does what the step shows, in detail a
// beginner can skip. The tour shows it folded.
var UnderTheHood = map[string]string{"en": "Under the hood", "sv": "Under huven"}

// Get returns the lesson for a step in a language, as Markdown: what the
// learner reads, without the speaker's notes (see Notes).
func Get(stepID, lang string) (string, error) {
	data, err := files.ReadFile(lang + "/" + stepID + ".md")
	if err != nil {
		return "", fmt.Errorf("no %s lesson for step %q", lang, stepID)
	}
	lesson, _, _ := cutNotes(string(data), lang)
	return lesson, nil
}

// GlossaryID is the glossary's name among the lessons: Get(GlossaryID,
// lang) is the glossary, a Markdown page like a lesson.
const GlossaryID = "glossary"

// TermsID is the Swedish term list's name beside the lessons
// (sv/terms.md): one word per concept, which the lessons and the UI's
// catalogue share. It is no lesson; internal/i18n's test reads it.
const TermsID = "terms"

// Glossary returns the glossary in a language, as Markdown: each term a
// level-2 heading, then further reading.
func Glossary(lang string) (string, error) { return Get(GlossaryID, lang) }

// DefaultLang picks the language from the environment as POSIX locales
// do: LC_ALL, then LC_MESSAGES, then LANG. Swedish for sv_*, else English.
func DefaultLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if val := os.Getenv(v); val != "" {
			if strings.HasPrefix(val, "sv") {
				return "sv"
			}
			return "en"
		}
	}
	return "en"
}
