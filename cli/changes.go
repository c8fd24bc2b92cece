package cli

import (
	"fmt"
	"io"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
	"github.com/burk-tui/burk/steps"
)

// tellChanges says on w, in lang, what a container changed on the host
// through the namespaces it shared with it, and what burk put back: the
// lesson of the steps before a namespace is isolated.
func tellChanges(w io.Writer, changes []sandbox.HostChange, lang i18n.Lang) {
	for _, c := range changes {
		what := changedThing(c)
		var m i18n.Msg
		switch {
		case c.Restored && c.Before == "":
			m = i18n.T("burk: the container made %v on the host; burk removed it", what)
		case c.Restored:
			m = i18n.T("burk: the container changed the host's %v from %q to %q; burk put it back", what, c.Before, c.After)
		case c.Err != "":
			m = i18n.T("burk: the container changed the host's %v from %q to %q, and burk could not put it back: %s", what, c.Before, c.After, i18n.Raw(c.Err))
		case c.Before == "":
			m = i18n.T("burk: new on the host since the container started: %v; burk leaves it, since a program on the host may have made it; to remove it: %s", what, i18n.Raw(c.Undo))
		default:
			m = i18n.T("burk: the container removed the host's %v; to put it back: %s", what, i18n.Raw(c.Undo))
		}
		fmt.Fprintln(w, m.In(lang))
	}
}

// changedThing names what changed, as the learner reads it.
func changedThing(c sandbox.HostChange) i18n.Msg { return steps.HostChange(c).Thing() }
