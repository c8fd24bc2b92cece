package roomcast

import (
	"bytes"
	"strings"
	"testing"
)

// What the server encodes, the tour reads back the same.
func TestEncodeRead(t *testing.T) {
	want := []Cast{{Follow: true, Step: "uts-ns"}, {Message: "five minutes left"}, {}}
	var buf bytes.Buffer
	for _, c := range want {
		buf.Write(Encode(c))
	}
	var got []Cast
	if err := Read(&buf, func(c Cast) { got = append(got, c) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cast %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A learner who writes into their own pipe spoils only lines: a line too
// long, garbage and escape sequences are dropped or made harmless, and
// the next good line is read.
func TestReadSkipsWhatIsNotACast(t *testing.T) {
	in := strings.Repeat("x", 3*MaxLine) + "\n" +
		"not json\n" +
		`{"follow":true,"step":"` + strings.Repeat("a", 100) + `"}` + "\n" +
		`{"message":"\u001b[2Jhi\u0007 there` + strings.Repeat("!", 500) + `"}` + "\n" +
		`{"follow":true,"step":"pid-ns"}` + "\n"
	var got []Cast
	Read(strings.NewReader(in), func(c Cast) { got = append(got, c) })
	if len(got) != 3 {
		t.Fatalf("read %d casts, want 3: %+v", len(got), got)
	}
	if got[0].Step != "" {
		t.Errorf("a step id of 100 bytes was kept: %q", got[0].Step)
	}
	if m := got[1].Message; strings.ContainsAny(m, "\x1b\x07") || len([]rune(m)) > MaxMessage || !strings.HasPrefix(m, "[2Jhi there") {
		t.Errorf("message = %q: control characters kept, or longer than %d", m, MaxMessage)
	}
	if got[2] != (Cast{Follow: true, Step: "pid-ns"}) {
		t.Errorf("the good line after the garbage: %+v", got[2])
	}
}

// Every encoded line fits one atomic pipe write, whatever the message.
func TestEncodeFitsALine(t *testing.T) {
	c := Cast{Follow: true, Step: "hardening", Message: strings.Repeat("å\"\\", 1000)}
	if n := len(Encode(c)); n > MaxLine {
		t.Errorf("an encoded cast of %d bytes, longer than MaxLine %d", n, MaxLine)
	}
}

// Half a line before a cast does not swallow it.
func TestHalfALineBeforeACast(t *testing.T) {
	in := `{"follow":true,"step":"hardening","mess` + string(Encode(Cast{Message: "five minutes left"}))
	var got []Cast
	Read(strings.NewReader(in), func(c Cast) { got = append(got, c) })
	if len(got) != 1 || got[0] != (Cast{Message: "five minutes left"}) {
		t.Errorf("read %+v, want the cast alone", got)
	}
}
