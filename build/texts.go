package build

import "github.com/burk-tui/burk/internal/i18n"

// text is what a stage asks of the learner, in one language: the TODO line
// in the skeleton, the task, and hints to give one at a time. What burk
// checks is not written here: it is the step's claims, in their own words.
type text struct {
	Todo  string
	Task  string
	Hints []string
}

// texts are every stage's, by language and stage id (texts_en.go,
// texts_sv.go).
var texts = map[i18n.Lang]map[string]text{}

// textOf is a stage's text in lang, or in English where lang has none.
func textOf(id string, lang i18n.Lang) text {
	if t, ok := texts[lang][id]; ok {
		return t
	}
	return texts[i18n.English][id]
}

// Task is what the stage asks, in lang.
func (s *Stage) Task(lang i18n.Lang) string { return textOf(s.ID, lang).Task }

// Hints are the stage's hints, in lang, in the order they are given.
func (s *Stage) Hints(lang i18n.Lang) []string { return textOf(s.ID, lang).Hints }

// Checks are what burk checks at the stage, in lang: the step's claims,
// then build's own.
func (s *Stage) Checks(lang i18n.Lang) []string {
	var out []string
	for _, c := range s.Step.Claims {
		if why, skip := notChecked[c.Text.Format()]; skip {
			out = append(out, i18n.T("(not checked: %v) %v", why, c.Text).In(lang))
			continue
		}
		out = append(out, c.Text.In(lang))
	}
	for _, c := range ownChecks(s) {
		out = append(out, c.In(lang))
	}
	return out
}

// ownChecks are build's own checks at a stage, besides the step's claims.
func ownChecks(s *Stage) []i18n.Msg {
	out := []i18n.Msg{i18n.T("The command got the arguments it was given.")}
	if s.N >= chrootStage {
		out = append(out, i18n.T("A file on the host, outside the rootfs, is out of reach inside."),
			i18n.T("The rootfs given to run is the container's /: a file burk put there reads the same inside."))
	}
	return append(out, i18n.T("The runtime exits with the command's exit status."))
}
