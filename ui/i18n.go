package ui

import "github.com/burk-tui/burk/steps"

// i18n is every string the UI shows, in one language.
type i18n map[string]string

var texts = map[steps.Lang]i18n{
	steps.English: {
		"next": "next step", "prev": "previous step", "jump": "go to step", "picker": "pick a step",
		"view": "next view", "prevview": "previous view", "up": "scroll up", "down": "scroll down",
		"pageup": "page up", "pagedown": "page down", "shell": "shell inside", "rerun": "run again",
		"break": "break it", "lesson": "lesson", "lang": "svenska", "reset": "reset progress",
		"help": "help", "quit": "quit",
		"host": "HOST", "container": "CONTAINER", "syscalls": "syscalls", "claims": "Claims",
		"running": "running the step on this machine…", "seen": "seen",
		"failed": "This step could not run", "hint": "What to do",
		"toosmall": "burk needs a terminal of at least %d×%d (this one is %d×%d): make it larger, or run burk tour --plain.",
		"nobreak":  "this step has no \"break it\" variant", "breaking": "break it",
		"pickertitle": "Go to step (↑/↓, enter, esc)", "reset_done": "progress reset",
		"changed": "new since the previous step", "noshell": "no shell here",
		"shellfail": "the shell failed", "lessonup": "lesson up", "lessondown": "lesson down",
	},
	steps.Swedish: {
		"next": "nästa steg", "prev": "förra steget", "jump": "gå till steg", "picker": "välj steg",
		"view": "nästa vy", "prevview": "förra vyn", "up": "rulla upp", "down": "rulla ner",
		"pageup": "sida upp", "pagedown": "sida ner", "shell": "skal i containern", "rerun": "kör igen",
		"break": "ha sönder det", "lesson": "lektion", "lang": "english", "reset": "nollställ",
		"help": "hjälp", "quit": "avsluta",
		"host": "VÄRD", "container": "CONTAINER", "syscalls": "systemanrop", "claims": "Påståenden",
		"running": "kör steget på den här maskinen…", "seen": "sett",
		"failed": "Steget kunde inte köras", "hint": "Vad du kan göra",
		"toosmall": "burk behöver en terminal på minst %d×%d (den här är %d×%d): gör den större, eller kör burk tour --plain.",
		"nobreak":  "det här steget har ingen \"ha sönder det\"-variant", "breaking": "ha sönder det",
		"pickertitle": "Gå till steg (↑/↓, enter, esc)", "reset_done": "framstegen nollställda",
		"changed": "nytt sedan förra steget", "noshell": "inget skal här",
		"shellfail": "skalet misslyckades", "lessonup": "lektionen upp", "lessondown": "lektionen ner",
	},
}
