package ui

import "github.com/burk-tui/burk/steps"

// uiText is every string the UI itself shows, in one language. Step titles,
// claims and hints come from package steps as steps.Text; lessons from
// package lessons. A struct, not a map: a string missing from a language
// is a test failure, not a blank on the screen.
type uiText struct {
	// Key help.
	Next, Prev, Jump, Picker, NextView, PrevView     string
	Up, Down, PageUp, PageDown, LessonUp, LessonDown string
	Shell, Rerun, Break, Lesson, Lang, Reset, Help   string
	Quit, Select, Cancel                             string
	Host, Container, Syscalls, Claims, Seen, Running string
	Held                                             string // "%d/%d held"
	Failed, Hint, TooSmall, NoBreak, Breaking        string
	PickerTitle, ResetDone, NoShell, ShellFailed     string
	NewSince, Marked, FailedCall, More, SaveFailed   string
	Legend, NewPrev, LessonFailed, ShellWaiting      string
	Gone                                             string // "%d lines gone since %s"
	GonePrev, RunningShort                           string
	ResetAsk, ResetKept, Yes                         string // Yes: the key that says yes
	Recovered                                        string
}

var texts = map[steps.Lang]uiText{
	steps.English: {
		Next: "next step", Prev: "previous step", Jump: "go to step", Picker: "pick a step",
		NextView: "next view", PrevView: "previous view",
		Up: "scroll up", Down: "scroll down", PageUp: "page up", PageDown: "page down",
		LessonUp: "lesson up", LessonDown: "lesson down",
		Shell: "shell inside", Rerun: "run again", Break: "break it", Lesson: "lesson",
		Lang: "svenska", Reset: "reset progress", Help: "help", Quit: "quit",
		Select: "go there", Cancel: "close",
		Host: "HOST", Container: "CONTAINER", Syscalls: "syscalls", Claims: "Claims",
		Seen: "seen", Running: "running the step on this machine…", Held: "%d/%d held",
		Failed: "This step could not run", Hint: "What to do",
		TooSmall: "burk needs a terminal of at least %d×%d (this one is %d×%d): make it larger, or run burk tour --plain.",
		NoBreak:  "this step has no \"break it\" variant", Breaking: "break it",
		PickerTitle: "Go to step", ResetDone: "progress reset",
		NoShell: "no shell here", ShellFailed: "the shell failed",
		NewSince: "+ new since %s", Marked: "• worth a look", FailedCall: "✗ refused by the kernel",
		More: "↓ %d more", SaveFailed: "progress not saved", Gone: "%d lines gone since %s",
		Legend:       "In the panes:",
		NewPrev:      "+ new since the previous step",
		GonePrev:     "- gone since the previous step",
		RunningShort: "running…",
		LessonFailed: "no lesson",
		ShellWaiting: "the shell opens when the step in flight has stopped…",
		ResetAsk:     "forget every step you have seen? y/n",
		ResetKept:    "progress kept",
		Yes:          "y",
		Recovered:    "burk cleaned up after a run that was killed:",
	},
	steps.Swedish: {
		Next: "nästa steg", Prev: "förra steget", Jump: "gå till steg", Picker: "välj steg",
		NextView: "nästa vy", PrevView: "förra vyn",
		Up: "rulla upp", Down: "rulla ner", PageUp: "sida upp", PageDown: "sida ner",
		LessonUp: "lektionen upp", LessonDown: "lektionen ner",
		Shell: "skal i containern", Rerun: "kör igen", Break: "ha sönder det", Lesson: "lektion",
		Lang: "english", Reset: "nollställ", Help: "hjälp", Quit: "avsluta",
		Select: "gå dit", Cancel: "stäng",
		Host: "VÄRD", Container: "CONTAINER", Syscalls: "systemanrop", Claims: "Påståenden",
		Seen: "sett", Running: "kör steget på den här maskinen…", Held: "%d/%d håller",
		Failed: "Steget kunde inte köras", Hint: "Vad du kan göra",
		TooSmall: "burk behöver en terminal på minst %d×%d (den här är %d×%d): gör den större, eller kör burk tour --plain.",
		NoBreak:  "det här steget har ingen \"ha sönder det\"-variant", Breaking: "ha sönder det",
		PickerTitle: "Gå till steg", ResetDone: "framstegen nollställda",
		NoShell: "inget skal här", ShellFailed: "skalet misslyckades",
		NewSince: "+ nytt sedan %s", Marked: "• värt en blick", FailedCall: "✗ nekat av kärnan",
		More: "↓ %d till", SaveFailed: "framstegen sparades inte", Gone: "%d rader borta sedan %s",
		Legend:       "I panelerna:",
		NewPrev:      "+ nytt sedan förra steget",
		GonePrev:     "- borta sedan förra steget",
		RunningShort: "kör…",
		LessonFailed: "ingen lektion",
		ShellWaiting: "skalet öppnas när steget som körs har stoppats…",
		ResetAsk:     "glöm alla steg du har sett? j/n",
		ResetKept:    "framstegen finns kvar",
		Yes:          "j",
		Recovered:    "burk städade efter en körning som dödades:",
	},
}

// textsFor returns the UI's strings in lang, English when it has none.
func textsFor(lang steps.Lang) *uiText {
	t, ok := texts[lang]
	if !ok {
		t = texts[steps.English]
	}
	return &t
}
