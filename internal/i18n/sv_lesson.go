package i18n

// The Swedish of the lesson pane's own words: its folded "Under the hood"
// section and the key that opens it.
func init() {
	extend(sv, map[string]string{
		"under the hood": "under huven",
		"%s folds it":    "%s fäller ihop det",
		"the kernel's details, for the curious: %s opens them": "kärnans detaljer, för den nyfikna: %s öppnar dem",
	})
}
