package i18n

// A served room follows the teacher: the tour's marks and key, and the
// teacher's view's follow and message lines.
func init() {
	extend(sv, map[string]string{
		"follow the teacher":                     "följ läraren",
		"▶ following the teacher: step %d of %d": "▶ du följer läraren: steg %d av %d",
		"◂ you stepped away from the teacher, who is at step %d: %s follows again": "◂ du har gått ifrån läraren, som är på steg %d: tryck %s för att följa igen",
		"• from the teacher: %s":                         "• från läraren: %s",
		"▶ the room follows you: step %d %s":             "▶ rummet följer dig: steg %d %s",
		"the room does not follow you; your step: %d %s": "rummet följer dig inte; ditt steg: %d %s",
		"message:":                 "meddelande:",
		"message to everyone: %s":  "meddelande till alla: %s",
		"no message":               "inget meddelande",
		"not said to the room: %v": "kunde inte nå rummet: %v",
		"f room follows you: on/off · ←/→ your step · m message · q quit":  "f rummet följer dig: på/av · ←/→ ditt steg · m meddelande · q avsluta",
		"enter says it to everyone, an empty one clears it, esc leaves it": "enter skickar det till alla, ett tomt tar bort meddelandet, esc avbryter",
	})
}
