package lessons

import (
	"fmt"
	"strconv"
	"strings"
)

// A lesson ends with notes for a speaker who shows the tour to a room: a
// level-2 section the tour never shows (Get leaves it out), read by burk
// notes on a second screen (Notes). It is ordinary Markdown, so a speaker
// can read it in the file too:
//
//	## Speaker notes
//
//	Minutes: 3
//
//	- a talking point
//	- another
//
//	Ask: a question for the room (optional: the step's predict question)
//
//	Type: `ps`
//
// Type is the command the presenter's t key types into the step's shell:
// the same in every language.

// NotesHeading is the heading of the speaker's section, by language.
var NotesHeading = map[string]string{"en": "Speaker notes", "sv": "Talarstöd"}

// noteLabels start the lines of the speaker's section that are not talking
// points, by language.
var noteLabels = map[string]struct{ minutes, ask, typed string }{
	"en": {"Minutes:", "Ask:", "Type:"},
	"sv": {"Minuter:", "Fråga:", "Skriv:"},
}

// SpeakerNotes are a step's notes for the speaker.
type SpeakerNotes struct {
	Minutes float64  // how long the step takes on stage
	Points  []string // talking points, as Markdown
	Ask     string   // the question for the room; "" is the step's own
	Type    string   // the command the presenter's t key types
}

// Notes returns a step's speaker notes in a language.
func Notes(stepID, lang string) (SpeakerNotes, error) {
	data, err := files.ReadFile(lang + "/" + stepID + ".md")
	if err != nil {
		return SpeakerNotes{}, fmt.Errorf("no %s lesson for step %q", lang, stepID)
	}
	_, section, ok := cutNotes(string(data), lang)
	if !ok {
		return SpeakerNotes{}, fmt.Errorf("%s/%s.md has no %q section", lang, stepID, NotesHeading[lang])
	}
	n, err := parseNotes(section, lang)
	if err != nil {
		return n, fmt.Errorf("%s/%s.md, %q: %w", lang, stepID, NotesHeading[lang], err)
	}
	return n, nil
}

// cutNotes splits a lesson into what the learner reads and the speaker's
// section's body. The section runs to the next level-2 heading or the end;
// what follows it stays in the lesson.
func cutNotes(md, lang string) (lesson, notes string, found bool) {
	heading := "\n## " + NotesHeading[lang] + "\n"
	before, rest, ok := strings.Cut(md, heading)
	if !ok {
		return md, "", false
	}
	body, after, more := strings.Cut(rest, "\n## ")
	lesson = strings.TrimRight(before, "\n") + "\n"
	if more {
		lesson += "\n## " + after
	}
	return lesson, body, true
}

// parseNotes reads the body of a speaker's section. A talking point may
// go on over several lines, indented.
func parseNotes(body, lang string) (SpeakerNotes, error) {
	var n SpeakerNotes
	labels := noteLabels[lang]
	var last *string // the item a continued line belongs to
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			last = nil
		case strings.HasPrefix(line, "- "):
			n.Points = append(n.Points, strings.TrimSpace(line[2:]))
			last = &n.Points[len(n.Points)-1]
		case strings.HasPrefix(line, labels.minutes):
			v := strings.TrimSpace(strings.TrimPrefix(line, labels.minutes))
			m, err := strconv.ParseFloat(v, 64)
			if err != nil || m <= 0 {
				return n, fmt.Errorf("%s %q is not a number of minutes above 0", labels.minutes, v)
			}
			n.Minutes, last = m, nil
		case strings.HasPrefix(line, labels.ask):
			n.Ask = strings.TrimSpace(strings.TrimPrefix(line, labels.ask))
			last = &n.Ask
		case strings.HasPrefix(line, labels.typed):
			v := strings.TrimSpace(strings.TrimPrefix(line, labels.typed))
			if len(v) < 3 || !strings.HasPrefix(v, "`") || !strings.HasSuffix(v, "`") {
				return n, fmt.Errorf("%s wants one command in backticks, not %q", labels.typed, v)
			}
			n.Type, last = v[1:len(v)-1], nil
		case last != nil && strings.HasPrefix(line, " "):
			*last += " " + trimmed
		default:
			return n, fmt.Errorf("a line that is no talking point (- …) nor %s, %s or %s: %q", labels.minutes, labels.ask, labels.typed, line)
		}
	}
	switch {
	case n.Minutes == 0:
		return n, fmt.Errorf("no %s line", labels.minutes)
	case len(n.Points) == 0:
		return n, fmt.Errorf("no talking points (- …)")
	case n.Type == "":
		return n, fmt.Errorf("no %s line", labels.typed)
	}
	return n, nil
}
