package serve

import (
	"errors"
	"time"

	"github.com/burk-tui/burk/internal/cgroup"
)

// Config is how a room is served: the flags of burk serve.
type Config struct {
	Listen      string        // ADDR:PORT
	KeysFile    string        // learners' authorized_keys
	Code        string        // the class code, asked at login
	TeacherKeys string        // the teacher's authorized_keys
	MaxSessions int           // learners at once
	Limits      cgroup.Limits // each session's memory, pids and CPU
	Idle        time.Duration // a session without a key pressed this long ends; 0: never
	// Dir keeps the host key and each learner's progress.
	Dir string
	// Rootfs is the tour's root filesystem, read-only in every session.
	Rootfs string
}

// DefaultDir is where a server keeps its host key and the learners'
// progress.
const DefaultDir = "/var/lib/burk/serve"

// ErrNoWayIn is returned for a room nobody could enter.
var ErrNoWayIn = errors.New("no way in: give --keys FILE (learners' public keys) or --code WORD (a class code), or both")

// MinCodeLen is the shortest class code: with the attempts per address
// limited (limit.go), a short code still takes long to guess.
const MinCodeLen = 6
