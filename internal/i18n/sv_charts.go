package i18n

// The Swedish of the cgroups step's charts: the demonstrations drawn as
// the host sampled their cgroup files (steps/charts.go, ui/chart.go, the
// plain tour).
func init() {
	extend(sv, map[string]string{
		"memory.current against memory.max": "memory.current mot memory.max",
		"pids.current against pids.max":     "pids.current mot pids.max",
		"CPU time used against the quota":   "förbrukad CPU-tid mot kvoten",
		"cpu.stat: periods throttled":       "cpu.stat: bromsade perioder",
		"OOM kill":                          "OOM-killern slog till",
		"fork refused":                      "nekade forkar",
		"period throttled":                  "bromsade perioder",
		"limit %s %s":                       "gräns %s %s",
		"%v: none":                          "%v: inga",
		"%v: %d, first seen at %v":          "%v: %d, första gången efter %v",
		"sampled %d times in %v":            "avläst %d gånger på %v",
		// The units: pids.max counts tasks, the processes and the
		// threads alike, as the lesson says.
		"MiB":     "MiB",
		"tasks":   "processer och trådar",
		"periods": "perioder",
		"% CPU":   "% CPU",
	})
}
