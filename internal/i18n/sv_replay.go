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
		"no shell in a recording, nor exercises to check: the live tour on Linux has them": "en inspelning har inget skal och inga övningar att kontrollera: det har rundturen live på Linux",
		"no good run of this step is kept yet: burk doctor --stage records one":            "ingen lyckad körning av steget är sparad än: burk doctor --stage spelar in en",
		"⏺ RECORDING from %s, %v · burk %s · not live on this machine":                     "⏺ INSPELNING från %s, %v · burk %s · inte live på den här datorn",
		"⏺ RECORDED %s: this step's last good run · live it failed (r runs it again)":      "⏺ INSPELAT %s: stegets senaste lyckade körning · live misslyckades det (r kör det igen)",
	})
}
