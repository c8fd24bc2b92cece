package steps

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// What a container changed on the host, as the UI reads it: the tour's
// shell is a burk run of its own, and says what it changed and what it put
// back in a file (burk run --changes FILE) that the tour reads when the
// shell returns.
//
// The file is JSON, one object with a list:
//
//	{"changes": [{"kind": "hostname", "before": "vm", "after": "x", "restored": true}]}
//
// Each change has kind (a ChangeKind), and where they apply name, before,
// after, restored, undo and err, as in sandbox.HostChange. It is versioned
// by its field names: a reader ignores names it does not know, and a field
// whose meaning changes gets a new name.

// HostChange is one thing a container changed on the host, and what burk
// did about it (see sandbox.HostChange, which converts to it).
type HostChange struct {
	Kind     ChangeKind `json:"kind"`
	Name     string     `json:"name,omitempty"`
	Before   string     `json:"before,omitempty"`
	After    string     `json:"after,omitempty"`
	Restored bool       `json:"restored,omitempty"`
	Undo     string     `json:"undo,omitempty"`
	Err      string     `json:"err,omitempty"`
}

// ChangeKind is a sort of thing a container can change on the host.
type ChangeKind = sandbox.ChangeKind

// The kinds of change.
const (
	ChangedHostname     = sandbox.ChangedHostname
	ChangedDomainname   = sandbox.ChangedDomainname
	ChangedLink         = sandbox.ChangedLink
	ChangedMsgQueue     = sandbox.ChangedMsgQueue
	ChangedSemaphores   = sandbox.ChangedSemaphores
	ChangedSharedMemory = sandbox.ChangedSharedMemory
	ChangedMQueue       = sandbox.ChangedMQueue
	ChangedMount        = sandbox.ChangedMount
)

type changesFile struct {
	Changes   []HostChange      `json:"changes"`
	Exercises []ExerciseOutcome `json:"exercises,omitempty"`
}

// ExerciseOutcome is an exercise of the shell's step, checked against its
// container after the shell ended and before the container was closed:
// what the tour shows and keeps.
type ExerciseOutcome struct {
	StepID     string `json:"step"`
	ExerciseID string `json:"exercise"`
	Held       bool   `json:"held"`
	// NotDone: nothing of the task was to be seen, as after a shell that
	// only looked around; not a failure (ExerciseResult.NotDone).
	NotDone bool `json:"not_done,omitempty"`
	// Skipped: the rootfs lacks a command the task needs (Seen says which).
	Skipped bool `json:"skipped,omitempty"`
	// Seen is what the check saw, in each language of the tour.
	Seen map[i18n.Lang]string `json:"seen"`
}

// WriteShellReport writes what the shell's container changed on the host,
// and how its exercises came out, to the file at path, for the tour.
func WriteShellReport(path string, changes []sandbox.HostChange, results []ExerciseResult) error {
	f := changesFile{Changes: make([]HostChange, 0, len(changes))}
	for _, c := range changes {
		f.Changes = append(f.Changes, HostChange(c))
	}
	for _, r := range results {
		o := ExerciseOutcome{StepID: r.StepID, ExerciseID: r.ExerciseID, Held: r.Held, NotDone: r.NotDone, Skipped: r.Skipped, Seen: map[i18n.Lang]string{}}
		for _, l := range i18n.Langs {
			o.Seen[l] = r.Seen.In(l)
		}
		f.Exercises = append(f.Exercises, o)
	}
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}

// ReadShellReport reads what WriteShellReport wrote.
func ReadShellReport(path string) ([]HostChange, []ExerciseOutcome, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var f changesFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, fmt.Errorf("what the shell changed on the host, in %s: %w", path, err)
	}
	return f.Changes, f.Exercises, nil
}

// Thing names what changed, as the learner reads it: "hostname", "link lo".
func (c HostChange) Thing() i18n.Msg {
	switch c.Kind {
	case ChangedHostname:
		return i18n.T("hostname")
	case ChangedDomainname:
		return i18n.T("NIS domain name")
	case ChangedLink:
		return i18n.T("link %s", c.Name)
	case ChangedMsgQueue:
		return i18n.T("message queue %s", c.Name)
	case ChangedSemaphores:
		return i18n.T("semaphore set %s", c.Name)
	case ChangedSharedMemory:
		return i18n.T("shared memory segment %s", c.Name)
	case ChangedMQueue:
		return i18n.T("POSIX message queue %s", c.Name)
	case ChangedMount:
		return i18n.T("mount %s (%s)", c.Name, c.Before+c.After)
	}
	return i18n.Raw(string(c.Kind) + " " + c.Name)
}

// IsolatedBy is the step whose namespace keeps such a change inside the
// container.
func (c HostChange) IsolatedBy() string {
	switch c.Kind {
	case ChangedHostname, ChangedDomainname:
		return "uts-ns"
	case ChangedLink:
		return "net-ns"
	case ChangedMsgQueue, ChangedSemaphores, ChangedSharedMemory, ChangedMQueue:
		return "ipc-ns"
	case ChangedMount:
		return "mount-ns"
	}
	return ""
}
