package serve

import (
	"github.com/charmbracelet/ssh"

	"github.com/burk-tui/burk/internal/i18n"
)

func (s *Server) teacherView(sess ssh.Session, lang i18n.Lang) {
	tell(sess, lang, i18n.T("the teacher's view is not ready"))
}
