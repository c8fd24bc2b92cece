// Package roomcast is what the teacher says to every tour in a served
// room: whether the room follows the teacher, the teacher's step, and a
// message ("five minutes left").
//
// burk serve writes it into a pipe that each learner's tour reads (the
// machine's inbox), one JSON line per change, and every line is the whole
// cast: a line lost or spoiled is mended by the next. The learner is root
// of their machine and may tamper with their own tour, so the reader
// trusts nothing: a line is at most MaxLine bytes, a message at most
// MaxMessage characters, and no control character reaches the terminal.
package roomcast

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// Cast is the room's state as the teacher set it.
type Cast struct {
	Follow  bool   `json:"follow,omitempty"`  // the tours go with the teacher's step
	Step    string `json:"step,omitempty"`    // the teacher's step, by id
	Message string `json:"message,omitempty"` // to everyone; "" is none
}

// MaxMessage is the longest message, in characters: two lines of a tour
// at 80 columns, with room for its label.
const MaxMessage = 140

// MaxLine is the longest line a reader takes. A write of at most
// PIPE_BUF (4096) bytes to a pipe is whole or nothing, so a line this
// long never arrives in pieces mixed with another's.
const MaxLine = 1024

// Clean is c as a terminal may show it: no control characters (an escape
// sequence could redraw the learner's screen), at most MaxMessage
// characters, and a step id of at most 32 bytes.
func (c Cast) Clean() Cast {
	c.Message = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			return ' '
		}
		return r
	}, c.Message)), " ")
	if utf8.RuneCountInString(c.Message) > MaxMessage {
		c.Message = string([]rune(c.Message)[:MaxMessage])
	}
	if len(c.Step) > 32 {
		c.Step = ""
	}
	return c
}

// Encode is c as one line, cleaned first. It begins with a newline too,
// so that whatever came before it, whole or not, ends there and does not
// swallow this line.
func Encode(c Cast) []byte {
	data, _ := json.Marshal(c.Clean()) // a struct of strings always encodes
	return append(append([]byte{'\n'}, data...), '\n')
}

// ErrLong is a line longer than MaxLine, skipped to its end.
var ErrLong = errors.New("a line longer than the cast's longest")

// Read reads casts from r until it ends, and hands each line that is a
// cast to got, cleaned; lines that are too long or not a cast are skipped.
func Read(r io.Reader, got func(Cast)) error {
	br := bufio.NewReaderSize(r, MaxLine)
	long := false // in the rest of a line that was too long
	for {
		line, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			long = true
			continue
		case err != nil:
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		case long:
			long = false
			continue
		}
		var c Cast
		if json.Unmarshal(line, &c) == nil {
			got(c.Clean())
		}
	}
}
