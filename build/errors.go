package build

import (
	"errors"

	"github.com/burk-tui/burk/internal/i18n"
)

// msgError is an error said in the learner's language.
type msgError struct{ msg i18n.Msg }

func msgErr(m i18n.Msg) error             { return &msgError{m} }
func (e *msgError) Error() string         { return e.msg.In(i18n.English) }
func (e *msgError) In(l i18n.Lang) string { return e.msg.In(l) }

// Say is err in lang, when it was made to be said in every language.
func Say(err error, lang i18n.Lang) string {
	var m *msgError
	if errors.As(err, &m) {
		return m.In(lang)
	}
	return err.Error()
}
