// Package i18n is how burk speaks the learner's language: gettext-style
// message catalogues, with the English text as the key.
//
// Every string a learner reads is a Msg: an English format and its
// arguments, translated when it is read (Msg.In). A language other than
// English registers its catalogue in one file (sv.go) and may extend it
// from others (sv_*.go); English needs none. What a command or the kernel printed is Raw: shown as it came, in
// every language. A test parses burk's source for every call to T and
// fails when a catalogue lacks its format, or has one nobody uses.
package i18n

import (
	"fmt"
	"slices"
)

// Lang is a language the tour is written in.
type Lang string

// English is the language burk is written in: its formats are the keys of
// every other language's catalogue.
const English Lang = "en"

// Langs are the tour's languages, English first, then the others by code;
// the UI cycles through them in this order.
var Langs = []Lang{English}

// catalogues maps each registered language's English formats to its own.
var catalogues = map[Lang]map[string]string{}

// names are each language's name for itself, for the key that switches to it.
var names = map[Lang]string{English: "english"}

// register adds a language: its name for itself, and its catalogue from
// English formats to its own. A Swedish format may take the arguments in
// another order with explicit indexes (%[2]d).
func register(lang Lang, name string, catalogue map[string]string) {
	catalogues[lang], names[lang] = catalogue, name
	Langs = append(Langs, lang)
	slices.Sort(Langs[1:])
}

// extend adds the formats of another file of the same language to its
// catalogue (sv_*.go beside sv.go), so each part of burk can keep its
// own translations; a format translated in two files panics at start-up.
func extend(catalogue, more map[string]string) {
	for format, translated := range more {
		if _, twice := catalogue[format]; twice {
			panic("i18n: translated in two files: " + format)
		}
		catalogue[format] = translated
	}
}

// Name is the language's name for itself ("svenska").
func Name(lang Lang) string { return names[lang] }

// Next is the language after lang in Langs, round again to the first.
func Next(lang Lang) Lang {
	i := slices.Index(Langs, lang)
	return Langs[(i+1)%len(Langs)]
}

// Msg is one piece of text the learner reads, in every language: an English
// format and its arguments, or (Raw) text shown as it came.
type Msg struct {
	format string
	args   []any
	raw    bool
}

// T is a message burk writes: format is English, and the key into every
// catalogue; it must be a string literal (or a constant), so that the
// catalogue test can find it. An argument that is itself a Msg is
// translated with it.
func T(format string, args ...any) Msg { return Msg{format: format, args: args} }

// Raw is text shown as it came, in every language: what a command printed,
// an error the kernel gave, a path or a command line.
func Raw(s string) Msg { return Msg{format: s, raw: true} }

// In returns the message in lang. A format lang's catalogue lacks is shown
// in English (the catalogue test makes that a failure).
func (m Msg) In(lang Lang) string {
	if m.raw {
		return m.format
	}
	format := m.format
	if t, ok := catalogues[lang][format]; ok {
		format = t
	}
	if len(m.args) == 0 {
		return format
	}
	args := make([]any, len(m.args))
	for i, a := range m.args {
		if sub, ok := a.(Msg); ok {
			a = sub.In(lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(format, args...)
}

// String is the message in English.
func (m Msg) String() string { return m.In(English) }

// IsZero reports whether the message is empty: no text at all.
func (m Msg) IsZero() bool { return m.format == "" && len(m.args) == 0 }

// IsRaw reports whether the message is shown as it came, in every language.
func (m Msg) IsRaw() bool { return m.raw }

// Format is the English format of a message burk writes, or a Raw text.
func (m Msg) Format() string { return m.format }

// Args are the message's arguments.
func (m Msg) Args() []any { return m.args }

// Missing returns the formats in m, its arguments' included, that lang's
// catalogue has no translation for. Raw text needs none, nor does English.
func (m Msg) Missing(lang Lang) []string {
	var missing []string
	if !m.raw && lang != English && m.format != "" {
		if _, ok := catalogues[lang][m.format]; !ok {
			missing = append(missing, m.format)
		}
	}
	for _, a := range m.args {
		if sub, ok := a.(Msg); ok {
			missing = append(missing, sub.Missing(lang)...)
		}
	}
	return missing
}

// Formats returns every English format lang's catalogue translates: for
// the check that no English of burk's slips into a translated tour
// (steps' translation test).
func Formats(lang Lang) []string {
	var out []string
	for f := range catalogues[lang] {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}
