package i18n

// The Swedish of recording and replaying the tour (package record, the
// replay's mark in ui, burk tour --record/--replay, burk off Linux).
func init() {
	extend(sv, map[string]string{
		"as root":                        "som root",
		"rootless":                       "utan root",
		"%s, Linux %s %s, cgroup %s, %v": "%s, Linux %s %s, cgroup %s, %v",
		"This step was not recorded: run the live tour on Linux to see it.": "Steget spelades inte in: kör rundturen live på Linux för att se det.",

		"last good run":         "senaste lyckade körning",
		"no shell: a recording": "inget skal: en inspelning",
		"a recording has no shell nor exercises: those run live, on Linux":            "en inspelning har varken skal eller övningar: de körs live, på Linux",
		"no good run of this step is kept yet: burk doctor --stage records one":       "ingen lyckad körning av steget är sparad än: burk doctor --stage spelar in en",
		"⏺ RECORDING from %s, %v · burk %s · not live on this machine":                "⏺ INSPELNING från %s, %v · burk %s · inte live på den här datorn",
		"⏺ RECORDED %s: this step's last good run · live it failed (r runs it again)": "⏺ INSPELAT %s: stegets senaste lyckade körning · live misslyckades det (r kör det igen)",

		"A recording, not a live run on this machine: taken %s on %v, by burk %s.":             "En inspelning, inte en körning live på den här datorn: gjord %s på %v, av burk %s.",
		"show the tour recorded in `FILE` instead of running the steps: needs no root":         "visa rundturen inspelad i `FIL` i stället för att köra stegen: kräver inte root",
		"save every step's run as it is taken to `FILE`, for --replay (see docs/recording.md)": "spara varje stegs körning, som den blev, i `FIL`, för --replay (se docs/recording.md)",
		"--record and --replay go one at a time: a replay runs no step to record":              "--record och --replay går inte att kombinera: en uppspelning kör inga steg att spela in",
		"--record %s: there is no directory %s to save it in":                                  "--record %s: det finns ingen katalog %s att spara den i",
		"--record %s: that is a directory; name a file":                                        "--record %s: det är en katalog; ange en fil",
		"burk: nothing was recorded: no step ran to its end":                                   "burk: inget spelades in: inget steg kördes klart",
		"burk: recorded %d runs of the steps to %s (burk tour --replay %s shows them)":         "burk: spelade in %d körningar av stegen i %s (burk tour --replay %s visar dem)",

		"burk %s needs Linux, whose kernel makes the containers (this is %s): run it in a Linux VM, as above":                                        "burk %s kräver Linux, vars kärna gör containrarna (det här är %s): kör den i en virtuell Linuxmaskin, som ovan",
		"--record runs the live tour, which needs Linux (this is %s)":                                                                                "--record kör rundturen live, och det kräver Linux (det här är %s)",
		"show the tour recorded in `FILE` (default: the one built into burk)":                                                                        "visa rundturen inspelad i `FIL` (standard: den som är inbyggd i burk)",
		"burk: this is %s; the live tour needs Linux, so burk shows a tour recorded on Linux.":                                                       "burk: det här är %s; rundturen live kräver Linux, så burk visar en rundtur inspelad på Linux.",
		"For the live tour, build burk for Linux here (GOOS=linux go build -o burk-linux .) and run sudo ./burk-linux in a Linux VM:":                "För rundturen live: bygg burk för Linux här (GOOS=linux go build -o burk-linux .) och kör sudo ./burk-linux i en virtuell Linuxmaskin:",
		"Lima, OrbStack and WSL2 see this directory inside the VM; multipass copies the binary in; in UTM, make a Debian VM from its gallery first.": "Lima, OrbStack och WSL2 ser den här katalogen inifrån maskinen; multipass kopierar in binären; i UTM skapar du först en Debianmaskin från galleriet.",
	})
}
