package i18n

// The Swedish of the kernel reader's third read: the memory files named
// as the host's cgroup version names them, the busy loop's throttled
// periods counted over the busy loop (steps/charts.go, steps/claims.go,
// steps/recap.go), and what a sysfs inside would show.
func init() {
	extend(sv, map[string]string{
		"memory.usage_in_bytes against memory.limit_in_bytes":                "memory.usage_in_bytes mot memory.limit_in_bytes",
		"MemTotal inside %s, on the host %s; memory.limit_in_bytes %d bytes": "MemTotal inuti %s, på värden %s; memory.limit_in_bytes %d byte",

		"the busy loop: throttled in %d of its %d periods (the cgroup since it was made: %d of %d)":               "den snurrande loopen: bromsad i %d av sina %d perioder (cgroupen sedan den skapades: %d av %d)",
		"cpu.stat was not read before the busy loop; the cgroup since it was made: throttled in %d of %d periods": "cpu.stat lästes inte före den snurrande loopen; cgroupen sedan den skapades: bromsad i %d av %d perioder",

		"There is no sysfs namespace: burk mounts no /sys inside, because it would show the host's devices (all but the network interfaces, which sysfs shows for the mounter's network namespace).": "Det finns inget sysfs-namespace: burk monterar inget /sys inuti, eftersom det skulle visa värdens enheter (alla utom nätverksgränssnitten, som sysfs hämtar från nätverks-namespacet hos den som monterar det).",
	})
}
