package i18n

// The hardening step's capabilities: how many the host's burk holds of
// the kernel's, and what the hostname claim saw.
func init() {
	extend(sv, map[string]string{
		"  = %d capabilities": "  = %d capabilities",
		"  = %d of this kernel's %d capabilities (missing: %s)": "  = %d av den här kärnans %d capabilities (saknas: %s)",

		"hostname now: %s":                           "värdnamnet nu: %s",
		"hostname succeeded":                         "hostname lyckades",
		"CapEff lacks CAP_SYS_ADMIN":                 "CapEff saknar CAP_SYS_ADMIN",
		"CapEff still has CAP_SYS_ADMIN":             "CapEff har kvar CAP_SYS_ADMIN",
		"%s; %s; the hostname inside afterwards: %q": "%s; %s; värdnamnet inuti efteråt: %q",
	})
}
