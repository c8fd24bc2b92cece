package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every key of the tour. It implements help.KeyMap, so the help
// footer and the ? screen are generated from the very bindings Update
// matches and can never drift from them.
type KeyMap struct {
	Next, Prev, Jump, Picker   key.Binding
	NextView, PrevView         key.Binding
	Up, Down, PageUp, PageDown key.Binding
	LessonUp, LessonDown       key.Binding
	Shell, Rerun, Break        key.Binding
	Lesson, Lang, Reset        key.Binding
	Help, Quit                 key.Binding
	Select, Cancel             key.Binding // in the step picker
	Yes                        key.Binding // to a question, such as R's
}

// newKeyMap builds the bindings with their help in one language.
func newKeyMap(t *uiText) KeyMap {
	bind := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	one := func(k, desc string) key.Binding { return bind([]string{k}, k, desc) }
	return KeyMap{
		Next:       bind([]string{"right", "n"}, "→/n", t.Next),
		Prev:       bind([]string{"left", "p"}, "←/p", t.Prev),
		Jump:       bind([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1–9", t.Jump),
		Picker:     one("g", t.Picker),
		NextView:   one("tab", t.NextView),
		PrevView:   bind([]string{"shift+tab"}, "shift+tab", t.PrevView),
		Up:         bind([]string{"up", "k"}, "↑/k", t.Up),
		Down:       bind([]string{"down", "j"}, "↓/j", t.Down),
		PageUp:     bind([]string{"pgup"}, "pgup", t.PageUp),
		PageDown:   bind([]string{"pgdown", " "}, "pgdn", t.PageDown),
		LessonUp:   bind([]string{"K", "shift+up"}, "K", t.LessonUp),
		LessonDown: bind([]string{"J", "shift+down"}, "J", t.LessonDown),
		Shell:      one("s", t.Shell),
		Rerun:      one("r", t.Rerun),
		Break:      one("b", t.Break),
		Lesson:     one("l", t.Lesson),
		Lang:       one("L", t.Lang),
		Reset:      one("R", t.Reset),
		Help:       one("?", t.Help),
		Quit:       bind([]string{"q", "ctrl+c"}, "q", t.Quit),
		Select:     one("enter", t.Select),
		Cancel:     bind([]string{"esc", "g"}, "esc", t.Cancel),
		// y is yes in every language, and the language's own word too.
		Yes: bind(slices.Compact([]string{"y", t.Yes}), t.Yes, ""),
	}
}

// ShortHelp is the footer: what a learner needs first.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.NextView, k.Shell, k.Break, k.Lesson, k.Help, k.Quit}
}

// FullHelp is the ? screen, in three groups that fit 80 columns: moving
// through the tour, looking at a step, doing something with it.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Jump, k.Picker, k.NextView, k.PrevView},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.LessonUp, k.LessonDown},
		{k.Shell, k.Rerun, k.Break, k.Lesson, k.Lang, k.Reset, k.Help, k.Quit},
	}
}

// PickerHelp is the step picker's own line.
func (k KeyMap) PickerHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Select, k.Cancel}
}
