package i18n

// The Swedish of recording and replaying the tour (package record, the
// replay's mark in ui, burk tour --record/--replay, burk off Linux).
func init() {
	extend(sv, map[string]string{
		"as root":                        "som root",
		"rootless":                       "utan root",
		"%s, Linux %s %s, cgroup %s, %v": "%s, Linux %s %s, cgroup %s, %v",
		"This step was not recorded: run the live tour on Linux to see it.": "Steget spelades inte in: kör rundturen live på Linux för att se det.",
	})
}
