package record

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/plain"
	"github.com/burk-tui/burk/steps"
)

// fakeRunner returns the observation it was made with, for any step.
type fakeRunner struct {
	obs func(step *steps.Step, v steps.Variant) *steps.Observation
}

func (f fakeRunner) Run(_ context.Context, step *steps.Step, v steps.Variant) *steps.Observation {
	return f.obs(step, v)
}

// sample is an observation with every kind of message and field the
// format keeps: raw lines, messages with int, string, slice, bool, float
// and message arguments, a table, marks, a trace, and the three kinds of
// claim.
func sample(stepID string, v steps.Variant) *steps.Observation {
	started := time.Date(2026, 11, 30, 3, 54, 38, 123456789, time.UTC)
	return &steps.Observation{
		StepID: stepID, Variant: v, Started: started, Duration: 312*time.Millisecond + 7*time.Microsecond,
		Views: []steps.View{{
			ID: "ps", Title: i18n.T("Processes"),
			Host: steps.Pane{Source: i18n.Raw("ps -o pid,comm"), Lines: []i18n.Msg{
				i18n.Raw("  PID COMMAND"), i18n.Raw("    1 burk-init"),
				i18n.T("… and %d other processes on the host", 212),
			}, Marked: []int{1}, Table: &steps.Table{From: 0, Header: true, Columns: 2, Drop: []int{1}},
				Charts: []steps.Chart{{Controller: "memory", Title: i18n.T("memory.current against memory.max"), Unit: i18n.T("MiB"), Limit: 16,
					Event: i18n.T("OOM kill"), Began: 7 * time.Millisecond, Samples: []steps.Sample{{At: 0, Value: 0.25}, {At: 50*time.Millisecond + 3*time.Microsecond, Value: 15.75, Events: 1}}, Line: 1}}},
			Container: steps.Pane{Source: i18n.Raw("ps"), Err: i18n.T("exit status %d", 1)},
		}},
		Trace: []steps.Call{
			{Host: true, Call: `clone(CLONE_NEWPID)`, Result: "4242", Why: "a new PID namespace", At: 1500 * time.Microsecond},
			{Call: `mount("proc", "/proc", "proc", 0, "")`, Result: "-1 EPERM (Operation not permitted)", Failed: true, At: 2 * time.Millisecond},
		},
		Claims: []steps.ClaimResult{
			{Text: i18n.T("ps works now, and lists every process on the host."), Held: true,
				Seen: i18n.T("ps listed %d processes (the host has %d); burk's PID %d listed: %s", 17, 17, 4242, i18n.T("yes"))},
			{Text: i18n.T("The container shares every namespace with the host."), Seen: i18n.T("namespaces that differ: %v", []string{"pid", "uts"})},
			{Text: i18n.T("The container's hostname is the host's."), Skipped: true, Seen: i18n.T("inside %q, host %q", "burk", "laptop")},
			// Arguments of other types, each shown by a verb that tells
			// the type: a slice quoted, an empty one, a float, a bool, an
			// error.
			{Text: i18n.T("The container's / is the root filesystem, not the host's /."),
				Seen: i18n.T("%q %v %d %.2f %t %v %x %s", []string{"a b", "c"}, []string{}, []int{1, 2}, 0.5, true, errors.New("no"), uint8(255), 2*time.Second)},
		},
	}
}

func sampleOf(s *steps.Step, v steps.Variant) *steps.Observation { return sample(s.ID, v) }

// rendered is an observation as the plain tour prints it, in lang.
func rendered(t *testing.T, o *steps.Observation, lang i18n.Lang) string {
	t.Helper()
	step, err := steps.ByID(o.StepID)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := plain.Write(&b, 1, step, o, "", lang); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// viewsOf is every field of the views, the messages in every language.
func viewsOf(o *steps.Observation) string {
	var b strings.Builder
	pane := func(p steps.Pane) {
		for _, l := range i18n.Langs {
			fmt.Fprintf(&b, "  %s source %q lines %q err %q\n", l, p.Source.In(l), p.LinesIn(l), p.Err.In(l))
		}
		fmt.Fprintf(&b, "  marked %v", p.Marked)
		if p.Table != nil {
			fmt.Fprintf(&b, " table %+v", *p.Table)
		}
		for _, c := range p.Charts {
			fmt.Fprintf(&b, " chart %s %q %q %s %v %q %q began %v %+v under %d", c.Controller, c.Title.In(i18n.English), c.Title.In("sv"), c.Unit.In("sv"), c.Limit,
				c.Event.In(i18n.English), c.Event.In("sv"), c.Began, c.Samples, c.Line)
		}
		b.WriteString("\n")
	}
	for _, v := range o.Views {
		fmt.Fprintf(&b, "%s %q %q\n", v.ID, v.Title.In(i18n.English), v.Title.In("sv"))
		pane(v.Host)
		pane(v.Container)
	}
	return b.String()
}

func TestRecordAndPlay(t *testing.T) {
	rec := NewRecorder(fakeRunner{sampleOf}, Machine{OS: "Debian GNU/Linux 13 (trixie)", Kernel: "6.12.48", Arch: "amd64", Cgroup: "v2", Rootfs: "host", User: UserRoot, Taken: time.Now()})
	ctx := context.Background()
	pidNS, _ := steps.ByID("pid-ns")
	chroot, _ := steps.ByID("chroot")
	live := map[runKey]*steps.Observation{}
	for _, s := range []*steps.Step{pidNS, chroot} {
		for _, v := range []steps.Variant{steps.Itself, steps.BreakIt} {
			live[runKey{s.ID, v}] = rec.Run(ctx, s, v)
		}
	}
	var file bytes.Buffer
	if err := rec.Recording().Write(&file); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(file.Bytes(), "tour.json")
	if err != nil {
		t.Fatalf("Parse of what Write wrote: %v\n%s", err, file.String())
	}
	if ids := []string{got.Runs[0].Step, got.Runs[1].Variant, got.Runs[2].Step}; !reflect.DeepEqual(ids, []string{"chroot", VariantBreak, "pid-ns"}) {
		t.Errorf("runs in the order %v, want the tour's: chroot, its break, pid-ns", ids)
	}
	player := NewPlayer(got)
	for key, want := range live {
		step, _ := steps.ByID(key.step)
		played := player.Run(ctx, step, key.variant)
		for _, lang := range i18n.Langs {
			if w, g := rendered(t, want, lang), rendered(t, played, lang); w != g {
				t.Errorf("%v in %s: played back\n%s\nwant, as recorded\n%s", key, lang, g, w)
			}
		}
		if !played.Started.Equal(want.Started) || played.Duration != want.Duration {
			t.Errorf("%v: timing %v %v, want %v %v", key, played.Started, played.Duration, want.Started, want.Duration)
		}
		if !reflect.DeepEqual(played.Trace, want.Trace) {
			t.Errorf("%v: trace %+v, want %+v", key, played.Trace, want.Trace)
		}
		if g, w := viewsOf(played), viewsOf(want); g != w {
			t.Errorf("%v: views\n%s\nwant\n%s", key, g, w)
		}
		if played.Held() != want.Held() {
			t.Errorf("%v: Held %v, want %v", key, played.Held(), want.Held())
		}
	}
	// A step the recording lacks says so, and how to see it.
	uts, _ := steps.ByID("uts-ns")
	if o := player.Run(ctx, uts, steps.Itself); o.Err == nil || !strings.Contains(o.Err.Error(), "no run of step uts-ns") {
		t.Errorf("a step not recorded: Err = %v, want one that says the recording has no run of it", o.Err)
	}
}

// A run stopped midway (the learner moved on) shows nothing of the step,
// and must not replace the run that finished.
func TestRecorderKeepsNoStoppedRun(t *testing.T) {
	stop := false
	rec := NewRecorder(fakeRunner{func(s *steps.Step, v steps.Variant) *steps.Observation {
		if stop {
			return &steps.Observation{StepID: s.ID, Variant: v, Err: context.Canceled}
		}
		return sampleOf(s, v)
	}}, Machine{})
	proc, _ := steps.ByID("proc")
	rec.Run(context.Background(), proc, steps.Itself)
	stop = true
	rec.Run(context.Background(), proc, steps.Itself)
	runs := rec.Recording().Runs
	if len(runs) != 1 || runs[0].Error != "" || len(runs[0].Views) == 0 {
		t.Errorf("runs = %+v, want the one that finished", runs)
	}
}

// recorded is a small recording as this burk writes it.
func recorded(t *testing.T) []byte {
	t.Helper()
	rec := NewRecorder(fakeRunner{sampleOf}, Machine{OS: "Debian", Kernel: "6.12.48", Arch: "amd64", Cgroup: "v2", Rootfs: "host", User: UserRoot, Taken: time.Now(), Burk: "v1.2.0"})
	for _, id := range []string{"process", "pid-ns"} {
		s, _ := steps.ByID(id)
		rec.Run(context.Background(), s, steps.Itself)
	}
	var b bytes.Buffer
	if err := rec.Recording().Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParseErrors(t *testing.T) {
	good := string(recorded(t))
	edit := func(old, new string) string {
		t.Helper()
		if !strings.Contains(good, old) {
			t.Fatalf("the recording has no %q", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	for _, c := range []struct {
		name string
		file string
		want []string // what the error must say
	}{
		{"truncated", good[:len(good)/2], []string{"truncated", "record it again"}},
		{"empty", "", []string{"empty"}},
		{"not a recording", `{"format": "something else", "version": "1.0"}`, []string{`"something else"`, "not a recording"}},
		{"a newer major version", edit(`"version": "`+Version+`"`, `"version": "2.0"`), []string{"format version 2.0", "by burk v1.2.0", "reads format version 1.x", "newer burk"}},
		{"an older major version", edit(`"version": "`+Version+`"`, `"version": "0.3"`), []string{"format version 0.3", "reads format version 1.x", "record it again"}},
		{"a version that is no version", edit(`"version": "`+Version+`"`, `"version": "one"`), []string{`"version"`, `"one" is not MAJOR.MINOR`}},
		{"a variant misspelt", edit(`"variant": "itself"`, `"variant": "itsef"`), []string{"run 1 (step process)", `"variant"`, `"itsef"`}},
		{"a claim's result", edit(`"result": "held"`, `"result": "maybe"`), []string{"run 1 (step process)", "claims[0].result", `"maybe"`}},
		{"a field added by hand", edit(`"variant": "itself"`, `"variant": "itself", "mood": "happy"`), []string{"run 1 (step process)", `unknown field "mood"`}},
		{"a type changed", edit(`"failed": true`, `"failed": "yes"`), []string{"run 1 (step process)", "trace.failed", "string", "bool"}},
		{"a step that is no step", edit(`"step": "pid-ns"`, `"step": "pid-namespace"`), []string{"run 2 (step pid-namespace)", "no step of this burk"}},
		{"a mark past the lines", edit(`"marked": [`, `"marked": [99,`), []string{"run 1 (step process)", "marked: line 99"}},
		{"a chart under no line", edit(`"line": 1`, `"line": 7`), []string{"run 1 (step process)", "charts[0].line: line 7"}},
		{"a bad duration", edit(`"duration": "312.007ms"`, `"duration": "soon"`), []string{"run 1 (step process)", "soon"}},
		{"a syntax error", edit(`"variant": "itself"`, `"variant": itself`), []string{"not valid JSON at line"}},
		{"a message without a format", edit(`"t": "Processes"`, `"text": "Processes"`), []string{"run 1 (step process)", "message"}},
	} {
		_, err := Parse([]byte(c.file), "tour.json")
		t.Logf("%s: %v", c.name, err)
		if err == nil {
			t.Errorf("%s: Parse succeeded, want an error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", c.name, err, w)
			}
		}
		if !strings.HasPrefix(err.Error(), "tour.json: ") {
			t.Errorf("%s: error %q does not name the file", c.name, err)
		}
	}
}

// A newer minor version may add fields: this burk reads it, ignoring them.
func TestParseNewerMinorVersion(t *testing.T) {
	file := strings.Replace(string(recorded(t)), `"version": "`+Version+`"`, `"version": "1.7", "added later": {"x": 1}`, 1)
	file = strings.Replace(file, `"variant": "itself"`, `"variant": "itself", "mood": "happy"`, 1)
	rec, err := Parse([]byte(file), "tour.json")
	if err != nil {
		t.Fatalf("a recording of format 1.7: %v", err)
	}
	if len(rec.Runs) != 2 {
		t.Errorf("%d runs, want 2", len(rec.Runs))
	}
}

// A recording of version 1.0, from before the charts, still plays: its
// views have no chart.
func TestParseVersion10WithoutCharts(t *testing.T) {
	rec := NewRecorder(fakeRunner{sampleOf}, Machine{OS: "Debian", Kernel: "6.12.48", Arch: "amd64", Cgroup: "v2", Taken: time.Now(), Burk: "v1.2.0"})
	s, _ := steps.ByID("cgroups")
	rec.Run(context.Background(), s, steps.Itself)
	old := rec.Recording()
	for i := range old.Runs {
		for j := range old.Runs[i].Views {
			old.Runs[i].Views[j].Host.Charts = nil
		}
	}
	var b bytes.Buffer
	if err := old.Write(&b); err != nil {
		t.Fatal(err)
	}
	file := strings.Replace(b.String(), `"version": "`+Version+`"`, `"version": "1.0"`, 1)
	if strings.Contains(file, "charts") || !strings.Contains(file, `"version": "1.0"`) {
		t.Fatalf("not a recording of version 1.0 without charts:\n%s", file)
	}
	got, err := Parse([]byte(file), "tour.json")
	if err != nil {
		t.Fatalf("a recording of format 1.0: %v", err)
	}
	if o := NewPlayer(got).Run(context.Background(), s, steps.Itself); o.Err != nil || len(o.Views) != 1 || o.Views[0].Host.Charts != nil {
		t.Errorf("played back: %v, %d views, want the recorded view without charts", o.Err, len(o.Views))
	}
}

func TestLastGood(t *testing.T) {
	dir := t.TempDir()
	proc, _ := steps.ByID("proc")
	if _, err := LastGood(dir, proc.ID, steps.Itself); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LastGood with nothing kept: %v, want fs.ErrNotExist", err)
	}
	good := sample(proc.ID, steps.Itself)
	good.Claims = good.Claims[:1]
	if err := SaveLastGood(dir, good); err != nil {
		t.Fatal(err)
	}
	failed := sample(proc.ID, steps.Itself) // its second claim failed
	failed.Started = failed.Started.Add(time.Hour)
	if err := SaveLastGood(dir, failed); err != nil {
		t.Fatal(err)
	}
	broken := &steps.Observation{StepID: proc.ID, Err: errors.New("no root")}
	if err := SaveLastGood(dir, broken); err != nil {
		t.Fatal(err)
	}
	got, err := LastGood(dir, proc.ID, steps.Itself)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Started.Equal(good.Started) || !got.Held() {
		t.Errorf("LastGood = run of %v (held %v), want the good one of %v", got.Started, got.Held(), good.Started)
	}
	if _, err := LastGood(dir, proc.ID, steps.BreakIt); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LastGood of the break variant: %v, want fs.ErrNotExist", err)
	}
	// A file cut short is an error that says so, not a run.
	path := lastGoodPath(dir, proc.ID, steps.Itself)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)/3], 0o644)
	if _, err := LastGood(dir, proc.ID, steps.Itself); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("LastGood of a truncated file: %v, want truncated", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "last-good", ".*")); len(matches) != 0 {
		t.Errorf("temporary files left behind: %v", matches)
	}
}

// What a Recorder writes, Parse reads: a run of a step outside the tour's
// list is not recorded.
func TestRecorderKeepsOnlyTheTourSteps(t *testing.T) {
	rec := NewRecorder(fakeRunner{sampleOf}, Machine{Taken: time.Now()})
	rec.Run(context.Background(), &steps.Step{ID: "not-a-step"}, steps.Itself)
	proc, _ := steps.ByID("proc")
	rec.Run(context.Background(), proc, steps.Itself)
	var b bytes.Buffer
	if err := rec.Recording().Write(&b); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(b.Bytes(), "tour.json")
	if err != nil {
		t.Fatalf("Parse of what a Recorder wrote: %v", err)
	}
	if len(got.Runs) != 1 || got.Runs[0].Step != "proc" {
		t.Errorf("runs %+v, want only proc's", got.Runs)
	}
}
