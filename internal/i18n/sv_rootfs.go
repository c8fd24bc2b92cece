package i18n

// The root filesystem's refusals.

func init() {
	extend(sv, map[string]string{
		"%s unpacks to more than the disk has room for (%s up to and including %q): %s is free where the root filesystem goes, and burk keeps %s of it free; the bound for any archive is %s. Refusing it; nothing was kept": "%s packas upp till mer än disken har plats för (%s till och med %q): %s är ledigt där rotfilsystemet hamnar, och burk lämnar %s av det ledigt; gränsen för alla arkiv är %s. Arkivet avvisas; inget har behållits",
		"%s unpacks to more than %s (at %q, which says it holds %d bytes): more than any root filesystem burk needs (%s is free where it goes); refusing it, as it may be a decompression bomb":                              "%s packas upp till mer än %s (vid %q, som säger att den rymmer %d byte): mer än något rotfilsystem burk behöver (%s är ledigt där det hamnar); arkivet avvisas, eftersom det kan vara en dekomprimeringsbomb",
	})
}
