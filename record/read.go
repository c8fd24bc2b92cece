package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/burk-tui/burk/internal/buildinfo"
	"github.com/burk-tui/burk/steps"
)

// VersionError is a recording of a format version this burk cannot read.
type VersionError struct {
	File    string
	Version string // the recording's
	Burk    string // the burk that recorded it, if the file says
}

func (e *VersionError) Error() string {
	by := ""
	if e.Burk != "" {
		by = " by burk " + e.Burk
	}
	fix := "record it again with this burk (burk tour --record FILE)"
	if major, _, err := parseVersion(e.Version); err == nil && major > Major {
		fix = "replay it with a newer burk, or record it again with this one"
	}
	return fmt.Sprintf("%s: recorded%s in format version %s; this burk (%s) reads format version %d.x: %s",
		e.File, by, e.Version, buildinfo.Version(), Major, fix)
}

// Load reads the recording in the file at path.
func Load(path string) (*Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// Parse reads a recording from data; name is the file it came from, for
// errors. A truncated or hand-edited recording is an error that says
// where it goes wrong: the byte, the run and its step, the field.
func Parse(data []byte, name string) (*Recording, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty: not a recording of burk's", name)
	}
	// The head first: the version says how to read the rest.
	var head struct {
		Format  string          `json:"format"`
		Version string          `json:"version"`
		Machine json.RawMessage `json:"machine"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(name, data, err)
	}
	if head.Format != Format {
		return nil, fmt.Errorf("%s: not a recording of burk's: its \"format\" is %q, not %q", name, head.Format, Format)
	}
	major, minor, err := parseVersion(head.Version)
	if err != nil {
		return nil, fmt.Errorf("%s: field \"version\": %v", name, err)
	}
	if major != Major {
		var m struct {
			Burk string `json:"burk"`
		}
		_ = json.Unmarshal(head.Machine, &m)
		return nil, &VersionError{File: name, Version: head.Version, Burk: m.Burk}
	}
	// A field this burk does not know is from a newer minor version, which
	// may add fields; in a file of this burk's version or older, it was
	// written by hand.
	strict := minor <= Minor
	var rec struct {
		Format    string                  `json:"format"`
		Version   string                  `json:"version"`
		Machine   json.RawMessage         `json:"machine"`
		Runs      []json.RawMessage       `json:"runs"`
		Exercises []steps.ExerciseOutcome `json:"exercises"`
	}
	if err := decode(data, &rec, strict); err != nil {
		return nil, fmt.Errorf("%s: %v", name, fieldError(err))
	}
	out := &Recording{Format: rec.Format, Version: rec.Version, Exercises: rec.Exercises}
	if rec.Machine == nil {
		return nil, fmt.Errorf("%s: field \"machine\" is missing: where the recording was taken", name)
	}
	if err := decode(rec.Machine, &out.Machine, strict); err != nil {
		return nil, fmt.Errorf("%s: field \"machine\": %v", name, fieldError(err))
	}
	if rec.Runs == nil {
		return nil, fmt.Errorf("%s: field \"runs\" is missing: the recorded steps", name)
	}
	for i, raw := range rec.Runs {
		var r Run
		where := fmt.Sprintf("%s: run %d", name, i+1)
		if err := decode(raw, &r, strict); err != nil {
			// Which step, if that much can be read.
			var id struct {
				Step string `json:"step"`
			}
			if json.Unmarshal(raw, &id) == nil && id.Step != "" {
				where += fmt.Sprintf(" (step %s)", id.Step)
			}
			return nil, fmt.Errorf("%s: %v", where, fieldError(err))
		}
		if err := r.check(); err != nil {
			if r.Step != "" {
				where += fmt.Sprintf(" (step %s)", r.Step)
			}
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		out.Runs = append(out.Runs, r)
	}
	return out, nil
}

// decode unmarshals data into v; strict refuses fields v does not have.
func decode(data []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	return dec.Decode(v)
}

// check finds what a hand edit may have broken and JSON alone cannot see.
func (r Run) check() error {
	if r.Step == "" {
		return errors.New(`field "step" is missing`)
	}
	if _, err := steps.Runnable(r.Step); err != nil {
		return fmt.Errorf("field \"step\": %q is no step of this burk (burk steps lists them)", r.Step)
	}
	if r.Variant != VariantItself && r.Variant != VariantBreak {
		return fmt.Errorf("field \"variant\": %q is neither %q nor %q", r.Variant, VariantItself, VariantBreak)
	}
	if r.Started.IsZero() {
		return errors.New(`field "started" is missing`)
	}
	for i, v := range r.Views {
		if v.ID == "" {
			return fmt.Errorf("views[%d]: field \"id\" is missing", i)
		}
		for side, p := range map[string]Pane{"host": v.Host, "container": v.Container} {
			for _, m := range p.Marked {
				if m < 0 || m >= len(p.Lines) {
					return fmt.Errorf("views[%d] (%s).%s.marked: line %d, but the pane has %d lines", i, v.ID, side, m, len(p.Lines))
				}
			}
			for j, c := range p.Charts {
				if c.Line < 0 || c.Line >= len(p.Lines) {
					return fmt.Errorf("views[%d] (%s).%s.charts[%d].line: line %d, but the pane has %d lines", i, v.ID, side, j, c.Line, len(p.Lines))
				}
			}
		}
	}
	for i, c := range r.Trace {
		if c.Side != "host" && c.Side != "container" {
			return fmt.Errorf("trace[%d].side: %q is neither \"host\" nor \"container\"", i, c.Side)
		}
		if c.Call == "" {
			return fmt.Errorf("trace[%d]: field \"call\" is missing", i)
		}
	}
	for i, c := range r.Claims {
		if c.Text.IsZero() {
			return fmt.Errorf("claims[%d]: field \"text\" is missing", i)
		}
		if c.Result != ClaimHeld && c.Result != ClaimFailed && c.Result != ClaimSkipped {
			return fmt.Errorf("claims[%d].result: %q is none of %q, %q, %q", i, c.Result, ClaimHeld, ClaimFailed, ClaimSkipped)
		}
	}
	return nil
}

// jsonError says where a file that is not JSON goes wrong.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syn) && syn.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n")))):
		return fmt.Errorf("%s: truncated: the file ends after %d bytes, in the middle of the recording: record it again", name, len(data))
	case errors.As(err, &syn):
		line := 1 + bytes.Count(data[:syn.Offset], []byte("\n"))
		return fmt.Errorf("%s: not valid JSON at line %d (byte %d): %v", name, line, syn.Offset, err)
	}
	return fmt.Errorf("%s: %v", name, fieldError(err))
}

// fieldError names the field of a type mismatch the way the file does.
func fieldError(err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("field %q: a JSON %s where it wants %s", typ.Field, typ.Value, typ.Type)
	}
	if s := err.Error(); strings.HasPrefix(s, "json: unknown field ") {
		return fmt.Errorf("%s, which this version of the format does not have", strings.TrimPrefix(s, "json: "))
	}
	return err
}

// parseVersion reads MAJOR.MINOR.
func parseVersion(v string) (major, minor int, err error) {
	a, b, ok := strings.Cut(v, ".")
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	if v == "" {
		return 0, 0, errors.New("missing")
	}
	if !ok || err1 != nil || err2 != nil || major < 0 || minor < 0 {
		return 0, 0, fmt.Errorf("%q is not MAJOR.MINOR", v)
	}
	return major, minor, nil
}

func versionString(major, minor int) string { return fmt.Sprintf("%d.%d", major, minor) }

// Write writes the recording as indented JSON.
func (rec *Recording) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rec)
}

// Save writes the recording to the file at path, whole or not at all: a
// recording cut short by a crash is never left behind in its place.
func (rec *Recording) Save(path string) error {
	var b bytes.Buffer
	if err := rec.Write(&b); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// Readable by all, as a file written with os.WriteFile would be: a
	// recording is for sharing.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
