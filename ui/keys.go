package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key of the tour. It implements help.KeyMap, so the help
// footer is generated from the very bindings Update matches.
type KeyMap struct {
	Next, Prev, Jump, Picker   key.Binding
	NextView, PrevView         key.Binding
	Up, Down, PageUp, PageDown key.Binding
	LessonUp, LessonDown       key.Binding
	Shell, Rerun, Break        key.Binding
	Lesson, Lang, Reset        key.Binding
	Help, Quit                 key.Binding
}

// newKeyMap builds the bindings with their help in one language.
func newKeyMap(t i18n) KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
	}
	km := KeyMap{
		Next:       key.NewBinding(key.WithKeys("right", "n"), key.WithHelp("→/n", t["next"])),
		Prev:       key.NewBinding(key.WithKeys("left", "p"), key.WithHelp("←/p", t["prev"])),
		Jump:       key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", t["jump"])),
		Picker:     b(t["picker"], "g"),
		NextView:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t["view"])),
		PrevView:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t["prevview"])),
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t["up"])),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t["down"])),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", t["pageup"])),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", " "), key.WithHelp("pgdn", t["pagedown"])),
		LessonUp:   key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", t["lessonup"])),
		LessonDown: key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", t["lessondown"])),
		Shell:      b(t["shell"], "s"),
		Rerun:      b(t["rerun"], "r"),
		Break:      b(t["break"], "b"),
		Lesson:     b(t["lesson"], "l"),
		Lang:       b(t["lang"], "L"),
		Reset:      b(t["reset"], "R"),
		Help:       b(t["help"], "?"),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", t["quit"])),
	}
	return km
}

// ShortHelp is the footer.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.NextView, k.Shell, k.Break, k.Lesson, k.Help, k.Quit}
}

// FullHelp is the ? screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Jump, k.Picker, k.NextView, k.PrevView},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.LessonUp, k.LessonDown},
		{k.Shell, k.Rerun, k.Break, k.Lesson, k.Lang, k.Reset, k.Help, k.Quit},
	}
}
