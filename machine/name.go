package machine

import (
	"errors"
	"fmt"
)

// CheckName says whether name may name a machine: it becomes a hostname,
// a directory of the server's and part of a cgroup's name, so only what is
// safe in all three: a lowercase letter, then lowercase letters, digits,
// '-' or '_', at most 32 in all. No '/', no "..", no control character.
func CheckName(name string) error {
	if name == "" {
		return errors.New("empty name")
	}
	if len(name) > MaxNameLen {
		return fmt.Errorf("name of %d bytes: at most %d", len(name), MaxNameLen)
	}
	for i, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_')
		if !ok {
			return fmt.Errorf("name %q: byte %d (%q) is not a lowercase letter%s", name, i, c, map[bool]string{true: ", digit, '-' or '_'"}[i > 0])
		}
	}
	return nil
}

// MaxNameLen is the longest name a machine may have.
const MaxNameLen = 32
