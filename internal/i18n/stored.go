package i18n

// Stored is a message read back from a file burk wrote — a recording of
// the tour — by its English format and arguments. The format was a
// literal in the burk that wrote the file, where the catalogue test
// checked it; a format this burk's catalogues do not have (the text
// changed since) is shown as it was written, in English.
func Stored(format string, args ...any) Msg { return Msg{format: format, args: args} }
