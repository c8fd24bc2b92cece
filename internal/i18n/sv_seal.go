package i18n

// The hardening step's sealed binary: what burk claims of it, and what the
// kernel showed when burk asked to write it.
func init() {
	extend(sv, map[string]string{
		"The init's binary cannot be written through /proc/<pid>/exe, not even by root.":                                                                  "Det går inte att skriva till inits binär via /proc/<pid>/exe, inte ens för root.",
		"a memfd sealed with F_SEAL_WRITE (its seals read through a read-only descriptor: open for writing said ETXTBSY, which lasts only while it runs)": "en memfd förseglad med F_SEAL_WRITE (förseglingarna lästes genom en skrivskyddad fildeskriptor: att öppna den för skrivning gav ETXTBSY, vilket bara gäller medan den körs)",
	})
}
