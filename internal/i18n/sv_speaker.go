package i18n

// The speaker's tools: burk notes, burk doctor --stage, the presenter's
// typed commands.
func init() {
	extend(sv, map[string]string{
		// burk notes
		"A speaker's notes, following the tour from a second terminal": "Talarstöd som följer rundturen från en andra terminal",
		"burk notes follows a tour running on this machine: the step on screen,\nwhat to say, the question for the room, the command the presenter's t key\ntypes, and the time spent against the plan. Start it in a second terminal\nor on a second screen; it waits for a tour to start.": "burk notes följer en rundtur som körs på den här maskinen: steget som visas,\nvad du kan säga, frågan till publiken, kommandot som presentatörens t-tangent\nskriver, och tiden som gått mot planen. Starta den i en andra terminal\neller på en andra skärm; den väntar tills en rundtur startar.",
		"the minutes the talk has, split over the steps by their own figures (default: the figures' sum)":     "minuterna som föredraget har, fördelade över stegen efter deras egna siffror (standard: siffrornas summa)",
		"the tour's state directory, where it says where it is (default: where a tour on this machine would)": "rundturens tillståndskatalog, där den berättar var den är (standard: där en rundtur på den här maskinen skulle göra det)",
		"--minutes %v: a talk takes more than 0 minutes":                                                      "--minutes %v: ett föredrag tar mer än 0 minuter",
		"burk notes": "burk notes",
		"No tour is running. Start one in another terminal — burk tour --presenter — and these notes follow it.": "Ingen rundtur körs. Starta en i en annan terminal – burk tour --presenter – så följer de här anteckningarna den.",
		"waiting…": "väntar…",
		"the tour is at step %q, which this burk does not know: use the same burk for the tour and the notes": "rundturen är vid steg %q, som den här burk inte känner till: använd samma burk för rundturen och anteckningarna",
		"Step %d of %d: %s":    "Steg %d av %d: %s",
		"this step %s of %s":   "det här steget %s av %s",
		"in all %s of %s":      "totalt %s av %s",
		"%s left":              "%s kvar",
		"%s over":              "%s över tiden",
		"%s behind the plan":   "%s efter planen",
		"%s ahead of the plan": "%s före planen",
		"on plan":              "enligt planen",
		"Say":                  "Säg",
		"Ask the room":         "Fråga publiken",
		"t types in the shell": "t skriver i skalet",
		"Next: %d %s (%s)":     "Nästa: %d %s (%s)",
		"The last step: then the recap, and questions.": "Sista steget: sedan sammanfattningen, och frågor.",
		"q quit":       "q avslutar",
		"following %s": "följer %s",

		// The presenter's t key
		"type the step's command":          "skriv stegets kommando",
		"this step has no command to type": "det här steget har inget kommando att skriva",
	})
}
