package serve

// Who may come in. A learner comes in under the name they gave as the
// SSH user, with a key from --keys or with the class code; the teacher as
// "teacher", with a key from --teacher-keys only. A name, once used with
// a key, is that key's (store.go): no one else reads that learner's
// progress by giving their name.

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"os"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// TeacherName is the SSH user of the teacher's view; no learner has it.
const TeacherName = "teacher"

// keySet is the keys of an authorized_keys file.
type keySet []gossh.PublicKey

// loadKeys reads an authorized_keys file; "" is no file, no keys.
func loadKeys(path string) (keySet, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys keySet
	for len(bytes.TrimSpace(data)) > 0 {
		k, _, _, rest, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		keys = append(keys, k)
		data = rest
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no key in it", path)
	}
	return keys, nil
}

func (ks keySet) has(k ssh.PublicKey) bool {
	for _, have := range ks {
		if ssh.KeysEqual(have, k) {
			return true
		}
	}
	return false
}

// ctxKey holds, in a connection's context, the key it came in with.
type ctxKey struct{}

// publicKey lets a learner in with a key of --keys, the teacher with one
// of --teacher-keys.
func (s *Server) publicKey(ctx ssh.Context, k ssh.PublicKey) bool {
	ok := false
	if ctx.User() == TeacherName {
		ok = s.teachers.has(k)
	} else {
		ok = s.learners.has(k)
	}
	if ok {
		ctx.SetValue(ctxKey{}, gossh.FingerprintSHA256(k))
	}
	return ok
}

// codeOK checks a class code: in constant time, and at most failBurst
// wrong ones from an address, then one every failEvery.
func (s *Server) codeOK(ctx ssh.Context, code string) bool {
	if s.cfg.Code == "" || ctx.User() == TeacherName {
		return false
	}
	addr := host(ctx.RemoteAddr())
	if !s.limits.mayTry(addr) {
		return false
	}
	if subtle.ConstantTimeCompare([]byte(code), []byte(s.cfg.Code)) == 1 {
		return true
	}
	s.limits.failed(addr)
	return false
}

func (s *Server) password(ctx ssh.Context, pw string) bool { return s.codeOK(ctx, pw) }

// keyboardInteractive asks for the class code, without echo.
func (s *Server) keyboardInteractive(ctx ssh.Context, ask gossh.KeyboardInteractiveChallenge) bool {
	answers, err := ask("", "burk", []string{"class code: "}, []bool{false})
	return err == nil && len(answers) == 1 && s.codeOK(ctx, answers[0])
}

// cameWithKey is the fingerprint of the key the session came in with, or
// "" for the class code.
func cameWithKey(ctx ssh.Context) string {
	fp, _ := ctx.Value(ctxKey{}).(string)
	return fp
}
