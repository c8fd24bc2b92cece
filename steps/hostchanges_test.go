package steps

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/burk-tui/burk/sandbox"
)

func TestHostChangesRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "changes.json")
	in := []sandbox.HostChange{
		{Kind: sandbox.ChangedHostname, Before: "vm", After: "x", Restored: true},
		{Kind: sandbox.ChangedMsgQueue, Name: "32768", Undo: "ipcrm -q 32768"},
	}
	if err := WriteShellReport(path, in, nil); err != nil {
		t.Fatal(err)
	}
	got, _, err := ReadShellReport(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []HostChange{HostChange(in[0]), HostChange(in[1])}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadShellReport = %+v, want %+v", got, want)
	}
	if err := WriteShellReport(path, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got, _, err := ReadShellReport(path); err != nil || len(got) != 0 {
		t.Errorf("no changes read back as %v, %v", got, err)
	}
}

func TestEveryChangeIsIsolatedByAStep(t *testing.T) {
	for _, k := range []ChangeKind{ChangedHostname, ChangedDomainname, ChangedLink, ChangedMsgQueue,
		ChangedSemaphores, ChangedSharedMemory, ChangedMQueue, ChangedMount} {
		id := HostChange{Kind: k}.IsolatedBy()
		if _, err := ByID(id); err != nil {
			t.Errorf("a %s change: isolated by %q: %v", k, id, err)
		}
	}
}
