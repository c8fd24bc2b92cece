package ui

import "github.com/charmbracelet/lipgloss"

// Styles is every style the tour uses, built by one function from a theme.
type Styles struct {
	Title, Dim, Status, Error, Hint lipgloss.Style

	StepCurrent, StepSeen, StepTodo, StepFailed lipgloss.Style

	Tab, TabActive lipgloss.Style

	Pane, PaneTitle, Source, Marked, Changed lipgloss.Style
	HostLabel, ContainerLabel                lipgloss.Style

	ClaimHeld, ClaimFailed, Seen lipgloss.Style

	TraceHost, TraceContainer, TraceFailed lipgloss.Style

	MDHeading1, MDHeading2, MDCode, MDCodeSpan, MDEmph, MDStrong, MDLink, MDBullet lipgloss.Style
}

// Themes are the colour themes a learner can choose.
var Themes = []string{"dark", "light", "high-contrast"}

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
	"high-contrast": {
		fg: lipgloss.Color("15"), dim: lipgloss.Color("15"), accent: lipgloss.Color("11"),
		host: lipgloss.Color("14"), container: lipgloss.Color("11"), good: lipgloss.Color("10"),
		bad: lipgloss.Color("9"), mark: lipgloss.Color("11"), code: lipgloss.Color("15"), border: lipgloss.Color("15"),
	},
}

// NewStyles builds the styles of a theme; an unknown theme is "dark".
func NewStyles(theme string) Styles {
	p, ok := palettes[theme]
	if !ok {
		p = palettes["dark"]
	}
	s := lipgloss.NewStyle
	return Styles{
		Title:  s().Bold(true).Foreground(p.accent),
		Dim:    s().Foreground(p.dim),
		Status: s().Foreground(p.dim),
		Error:  s().Bold(true).Foreground(p.bad),
		Hint:   s().Foreground(p.fg),

		StepCurrent: s().Bold(true).Foreground(p.accent),
		StepSeen:    s().Foreground(p.good),
		StepTodo:    s().Foreground(p.dim),
		StepFailed:  s().Foreground(p.bad),

		Tab:       s().Foreground(p.dim).Padding(0, 1),
		TabActive: s().Bold(true).Underline(true).Foreground(p.accent).Padding(0, 1),

		Pane:           s().Border(lipgloss.RoundedBorder()).BorderForeground(p.border).Padding(0, 1),
		PaneTitle:      s().Bold(true),
		Source:         s().Foreground(p.dim).Italic(true),
		Marked:         s().Bold(true).Foreground(p.mark),
		Changed:        s().Foreground(p.good),
		HostLabel:      s().Bold(true).Foreground(p.host),
		ContainerLabel: s().Bold(true).Foreground(p.container),

		ClaimHeld:   s().Foreground(p.good),
		ClaimFailed: s().Bold(true).Foreground(p.bad),
		Seen:        s().Foreground(p.dim),

		TraceHost:      s().Foreground(p.host),
		TraceContainer: s().Foreground(p.container),
		TraceFailed:    s().Foreground(p.bad),

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
