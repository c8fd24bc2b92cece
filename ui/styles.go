package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles is every style the tour uses, built by one function from a theme.
// No other file makes a style: a theme changes here, and only here.
type Styles struct {
	Title, Summary, Dim, Status, Error, Text lipgloss.Style

	// Flash is the header for a moment after a run again.
	Flash lipgloss.Style
	// Recorded is the mark of a recording: the line that says what is on
	// the screen was recorded elsewhere or earlier.
	Recorded lipgloss.Style

	StepCurrent, StepSeen, StepTodo, StepFailed lipgloss.Style

	Tab, TabActive lipgloss.Style

	Pane, Source, Marked, Changed, Gone, Overflow, TableHeader lipgloss.Style
	HostLabel, ContainerLabel                                  lipgloss.Style

	ClaimsTitle, ClaimHeld, ClaimFailed, Seen lipgloss.Style

	TraceHost, TraceContainer, TraceFailed lipgloss.Style

	Help help.Styles

	MDText, MDHeading1, MDHeading2, MDCode, MDCodeSpan, MDEmph, MDStrong, MDLink, MDBullet lipgloss.Style
}

// Themes are the colour themes a learner can choose; the first is the default.
var Themes = []string{"dark", "light", "high-contrast"}

// CheckTheme says whether name is a theme, and if not, which ones are.
func CheckTheme(name string) error {
	for _, t := range Themes {
		if t == name {
			return nil
		}
	}
	return fmt.Errorf("unknown theme %q: the themes are %s", name, strings.Join(Themes, ", "))
}

type palette struct {
	fg, dim, accent, host, container, good, bad, mark, code, border lipgloss.TerminalColor
}

var palettes = map[string]palette{
	"dark": {
		fg: lipgloss.Color("252"), dim: lipgloss.Color("245"), accent: lipgloss.Color("212"),
		host: lipgloss.Color("39"), container: lipgloss.Color("214"), good: lipgloss.Color("42"),
		bad: lipgloss.Color("203"), mark: lipgloss.Color("229"), code: lipgloss.Color("180"), border: lipgloss.Color("240"),
	},
	"light": {
		fg: lipgloss.Color("235"), dim: lipgloss.Color("242"), accent: lipgloss.Color("125"),
		host: lipgloss.Color("25"), container: lipgloss.Color("130"), good: lipgloss.Color("28"),
		bad: lipgloss.Color("160"), mark: lipgloss.Color("90"), code: lipgloss.Color("94"), border: lipgloss.Color("248"),
	},
	// For a projector in a bright room: only the 16 basic colours, which
	// every projector and terminal shows at full strength.
	"high-contrast": {
		fg: lipgloss.Color("15"), dim: lipgloss.Color("15"), accent: lipgloss.Color("11"),
		host: lipgloss.Color("14"), container: lipgloss.Color("11"), good: lipgloss.Color("10"),
		bad: lipgloss.Color("9"), mark: lipgloss.Color("11"), code: lipgloss.Color("15"), border: lipgloss.Color("15"),
	},
}

// NewStyles builds the styles of a theme; an unknown theme is the first.
// Nothing here relies on colour alone: what is new, marked, failed or
// selected also has a character of its own, for NO_COLOR and for readers
// who do not tell red from green.
func NewStyles(theme string) Styles {
	p, ok := palettes[theme]
	if !ok {
		p = palettes[Themes[0]]
	}
	bold := theme == "high-contrast"
	s := lipgloss.NewStyle
	return Styles{
		Title:   s().Bold(true).Foreground(p.accent),
		Summary: s().Foreground(p.dim),
		Dim:     s().Foreground(p.dim),
		Status:  s().Foreground(p.dim),
		Error:   s().Bold(true).Foreground(p.bad),
		Text:    s().Foreground(p.fg).Bold(bold),

		StepCurrent: s().Bold(true).Foreground(p.accent),
		StepSeen:    s().Foreground(p.good),
		StepTodo:    s().Foreground(p.dim),
		StepFailed:  s().Foreground(p.bad),

		Flash:    s().Reverse(true).Bold(true),
		Recorded: s().Reverse(true).Bold(true).Foreground(p.mark),

		Tab:       s().Foreground(p.dim),
		TabActive: s().Bold(true).Foreground(p.accent),

		Pane:           s().Border(lipgloss.RoundedBorder()).BorderForeground(p.border).Padding(0, 1),
		Source:         s().Foreground(p.dim).Italic(true),
		Marked:         s().Bold(true).Foreground(p.mark),
		Changed:        s().Bold(true).Foreground(p.good),
		Gone:           s().Bold(true).Foreground(p.bad),
		TableHeader:    s().Bold(true).Foreground(p.fg),
		Overflow:       s().Foreground(p.dim).Italic(true),
		HostLabel:      s().Bold(true).Foreground(p.host),
		ContainerLabel: s().Bold(true).Foreground(p.container),

		ClaimsTitle: s().Bold(true).Foreground(p.accent),
		ClaimHeld:   s().Foreground(p.good).Bold(bold),
		ClaimFailed: s().Bold(true).Foreground(p.bad),
		Seen:        s().Foreground(p.dim),

		TraceHost:      s().Foreground(p.host),
		TraceContainer: s().Foreground(p.container),
		TraceFailed:    s().Bold(true).Foreground(p.bad),

		Help: help.Styles{
			ShortKey:       s().Bold(true).Foreground(p.accent),
			ShortDesc:      s().Foreground(p.dim),
			ShortSeparator: s().Foreground(p.border),
			Ellipsis:       s().Foreground(p.border),
			FullKey:        s().Bold(true).Foreground(p.accent),
			FullDesc:       s().Foreground(p.fg),
			FullSeparator:  s().Foreground(p.border),
		},

		MDText:     s().Foreground(p.fg).Bold(bold),
		MDHeading1: s().Bold(true).Underline(true).Foreground(p.accent),
		MDHeading2: s().Bold(true).Foreground(p.accent),
		MDCode:     s().Foreground(p.code),
		MDCodeSpan: s().Foreground(p.code),
		MDEmph:     s().Italic(true),
		MDStrong:   s().Bold(true),
		MDLink:     s().Underline(true),
		MDBullet:   s().Foreground(p.accent),
	}
}
