package ui

import (
	"fmt"
	"slices"

	"github.com/charmbracelet/bubbles/key"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/steps"
)

// KeyMap is every key of the tour. It implements help.KeyMap, so the help
// footer and the ? screen are generated from the very bindings Update
// matches and can never drift from them.
type KeyMap struct {
	Next, Prev, Jump, Picker   key.Binding
	NextView, PrevView         key.Binding
	Up, Down, PageUp, PageDown key.Binding
	LessonUp, LessonDown       key.Binding
	Hood                       key.Binding // opens and folds the lesson's "Under the hood"
	Shell, Rerun, Break        key.Binding
	Type                       key.Binding // presenter mode: t types the step's command
	Fallback                   key.Binding // presenter: a failed step's last good run
	Lesson, Lang, Reset        key.Binding
	Glossary                   key.Binding
	Help, Quit, ForceQuit      key.Binding
	Select, Cancel             key.Binding // in the step picker
	Yes                        key.Binding // to a question, such as R's
	Follow                     key.Binding // in a served room: back to the teacher's step
}

// newKeyMap builds the bindings with their help in one language.
func newKeyMap(lang i18n.Lang) KeyMap {
	bind := func(keys []string, label string, desc i18n.Msg) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc.In(lang)))
	}
	one := func(k string, desc i18n.Msg) key.Binding { return bind([]string{k}, k, desc) }
	yes := i18n.T("y").In(lang)
	return KeyMap{
		Next:       bind([]string{"right", "n"}, "→/n", i18n.T("next step")),
		Prev:       bind([]string{"left", "p"}, "←/p", i18n.T("previous step")),
		Jump:       bind([]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, fmt.Sprintf("1–%d", len(steps.All())), i18n.T("go to step")),
		Picker:     one("g", i18n.T("pick a step")),
		NextView:   one("tab", i18n.T("next view")),
		PrevView:   bind([]string{"shift+tab"}, "shift+tab", i18n.T("previous view")),
		Up:         bind([]string{"up", "k"}, "↑/k", i18n.T("scroll up")),
		Down:       bind([]string{"down", "j"}, "↓/j", i18n.T("scroll down")),
		PageUp:     bind([]string{"pgup"}, "pgup", i18n.T("page up")),
		PageDown:   bind([]string{"pgdown", " "}, "pgdn", i18n.T("page down")),
		LessonUp:   bind([]string{"K", "shift+up"}, "K", i18n.T("lesson up")),
		LessonDown: bind([]string{"J", "shift+down"}, "J", i18n.T("lesson down")),
		Hood:       one("u", i18n.T("under the hood")),
		Shell:      one("s", i18n.T("shell inside")),
		Type:       typeKey(lang),
		Rerun:      one("r", i18n.T("run again")),
		Break:      one("b", i18n.T("break it")),
		Fallback:   fallbackKey(lang),
		Lesson:     one("l", i18n.T("lesson")),
		Lang:       one("L", i18n.Raw(i18n.Name(i18n.Next(lang)))),
		Reset:      one("R", i18n.T("reset progress")),
		Glossary:   one("G", i18n.T("glossary")),
		Help:       one("?", i18n.T("help")),
		Quit:       one("q", i18n.T("quit")),
		ForceQuit:  one("ctrl+c", i18n.T("quit")),
		Select:     one("enter", i18n.T("go there")),
		Cancel:     bind([]string{"esc", "g"}, "esc/q", i18n.T("close")),
		// y is yes in every language, and the language's own word too.
		Yes: bind(slices.Compact([]string{"y", yes}), yes, i18n.Msg{}),
		// Off until the learner steps away from a teacher the room follows.
		Follow: func() key.Binding {
			b := one("F", i18n.T("follow the teacher"))
			b.SetEnabled(false)
			return b
		}(),
	}
}

// forStep is the keys as a step offers them: b where the step has a
// "break it" variant, and in the variant, b back to the step itself.
func (k KeyMap) forStep(s *steps.Step, v steps.Variant, lang i18n.Lang) KeyMap {
	switch {
	case !s.HasBreak():
		k.Break.SetEnabled(false)
	case v == steps.BreakIt:
		k.Break.SetHelp(k.Break.Help().Key, i18n.T("back to the step").In(lang))
	}
	return k
}

// ShortHelp is the footer: what a learner needs first.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.NextView, k.Follow, k.Fallback, k.Shell, k.Type, k.Break, k.Lesson, k.Help, k.Quit}
}

// FullHelp is the ? screen, in three groups that fit 80 columns: moving
// through the tour, looking at a step, doing something with it.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Jump, k.Picker, k.Follow, k.NextView, k.PrevView},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.LessonUp, k.LessonDown, k.Hood},
		{k.Shell, k.Type, k.Rerun, k.Break, k.Fallback, k.Lesson, k.Glossary, k.Lang, k.Reset, k.Help, k.Quit},
	}
}

// PickerHelp is the step picker's own line.
func (k KeyMap) PickerHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Select, k.Cancel}
}
