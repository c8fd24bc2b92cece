package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/burk-tui/burk/internal/i18n"
)

// Msg is a message of the tour as a recording keeps it: in every language
// at once, so that a tour recorded in English plays back in Swedish.
//
// Text a command or the kernel printed (i18n.Raw) is a JSON string. A
// message burk wrote is its English format and its arguments, translated
// when it is shown: {"t": "ps listed %d processes", "args": [{"int": 3}]}.
// An argument is a JSON string, {"int": n}, {"uint": n}, {"float": x},
// {"bool": b}, {"strings": [...]}, {"ints": [...]}, or a message itself,
// {"msg": ...}: each comes back as the type it was, so that any verb
// formats it as it did. Any other value is kept as the text fmt's %v
// makes of it, which %v and %s show the same.
type Msg struct{ i18n.Msg }

// IsZero reports whether the message is empty, for omitzero.
func (m Msg) IsZero() bool { return m.Msg.IsZero() }

type storedMsg struct {
	T    string `json:"t"`
	Args []arg  `json:"args,omitempty"`
}

type arg struct {
	value any
}

type typedArg struct {
	Int     *int64   `json:"int,omitempty"`
	Uint    *uint64  `json:"uint,omitempty"`
	Float   *float64 `json:"float,omitempty"`
	Bool    *bool    `json:"bool,omitempty"`
	Strings []string `json:"strings,omitzero"`
	Ints    []int    `json:"ints,omitzero"`
	Msg     *Msg     `json:"msg,omitempty"`
}

func (m Msg) MarshalJSON() ([]byte, error) {
	if m.Msg.IsRaw() || m.Msg.IsZero() {
		return json.Marshal(m.Msg.Format())
	}
	s := storedMsg{T: m.Msg.Format()}
	for _, a := range m.Msg.Args() {
		s.Args = append(s.Args, arg{a})
	}
	return json.Marshal(s)
}

func (m *Msg) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var text string
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
		m.Msg = i18n.Raw(text)
		return nil
	}
	var s storedMsg
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("a message is a string or {\"t\": format, \"args\": [...]}: %w", err)
	}
	if s.T == "" {
		return errors.New(`a message has no format ("t")`)
	}
	args := make([]any, len(s.Args))
	for i, a := range s.Args {
		args[i] = a.value
	}
	m.Msg = i18n.Stored(s.T, args...)
	return nil
}

func (a arg) MarshalJSON() ([]byte, error) {
	switch v := a.value.(type) {
	case i18n.Msg:
		return json.Marshal(typedArg{Msg: &Msg{v}})
	case string:
		return json.Marshal(v)
	case []string:
		return json.Marshal(typedArg{Strings: append([]string{}, v...)})
	case []int:
		return json.Marshal(typedArg{Ints: append([]int{}, v...)})
	case fmt.Stringer, error:
		// As %v shows it: a Stringer's own words, not its number.
		return json.Marshal(fmt.Sprint(v))
	}
	rv := reflect.ValueOf(a.value)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := rv.Int()
		return json.Marshal(typedArg{Int: &n})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n := rv.Uint()
		return json.Marshal(typedArg{Uint: &n})
	case reflect.Float32, reflect.Float64:
		x := rv.Float()
		return json.Marshal(typedArg{Float: &x})
	case reflect.Bool:
		b := rv.Bool()
		return json.Marshal(typedArg{Bool: &b})
	case reflect.String:
		return json.Marshal(rv.String())
	}
	return json.Marshal(fmt.Sprint(a.value))
}

func (a *arg) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		a.value = s
		return nil
	}
	var t typedArg
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return fmt.Errorf("an argument is a string, {\"int\": n}, {\"uint\": n}, {\"float\": x}, {\"bool\": b}, {\"strings\": [...]}, {\"ints\": [...]} or {\"msg\": ...}: %w", err)
	}
	switch {
	case t.Int != nil:
		a.value = int(*t.Int)
	case t.Uint != nil:
		a.value = uint(*t.Uint)
	case t.Float != nil:
		a.value = *t.Float
	case t.Bool != nil:
		a.value = *t.Bool
	case t.Strings != nil:
		a.value = t.Strings
	case t.Ints != nil:
		a.value = t.Ints
	case t.Msg != nil:
		a.value = t.Msg.Msg
	default:
		return errors.New(`an argument has no value: want "int", "uint", "float", "bool", "strings", "ints" or "msg"`)
	}
	return nil
}
