package machine

// The ids of a machine. Root inside a user namespace is, to the rest of
// the kernel, whatever id its map names outside: every check of a file's
// owner, every signal's permission, every setrlimit(RLIMIT_NPROC) counts
// that id. Two machines sharing an id could signal each other's processes
// and open each other's files; a machine sharing an id with a user of the
// server could do the same to that user. So each machine gets a range no
// one else has: none of /etc/subuid's and /etc/subgid's (which rootless
// podman and the lab hand out), no uid in /etc/passwd, and none of
// another machine's.

import (
	"errors"
	"strconv"
	"strings"
	"sync"
)

// IDRange is the ids of the server that one machine's user namespace maps:
// Count of them from Start.
type IDRange struct{ Start, Count int }

// End is the first id after the range.
func (r IDRange) End() int { return r.Start + r.Count }

func (r IDRange) overlaps(o IDRange) bool { return r.Start < o.End() && o.Start < r.End() }

const (
	// RangeSize is how many ids each machine gets: 65536 for its own 0 to
	// 65535, and as many for its 100000 to 165535, where the user-ns
	// step's containers map their root (steps.UserMapHostID), as they do
	// on a real host.
	RangeSize = 2 * 65536
	// FirstID is where machines' ranges begin: far above what useradd
	// hands out (/etc/subuid's 100000, 165536, …), and below 2^31, past
	// which some tools read an id as negative.
	FirstID = 1 << 30
	// slots is how many ranges fit between FirstID and 2^31.
	slots = (1<<31 - FirstID) / RangeSize
)

// ErrNoIDs is returned when every range is taken.
var ErrNoIDs = errors.New("every id range for machines is taken")

// Allocator hands out ranges that overlap none it was told are taken,
// and none it handed out and was not given back.
type Allocator struct {
	mu    sync.Mutex
	taken []IDRange
	used  map[int]bool
}

// NewAllocator is an Allocator that avoids the ranges in the given texts
// of /etc/subuid, /etc/subgid ("name:start:count" lines) and /etc/passwd
// (whose third field, the uid, is a range of one).
func NewAllocator(texts ...string) *Allocator {
	a := &Allocator{used: map[int]bool{}}
	for _, t := range texts {
		a.taken = append(a.taken, parseRanges(t)...)
	}
	return a
}

// parseRanges reads subuid lines (name:start:count) and passwd lines
// (name:x:uid:gid:…); what is neither is skipped.
func parseRanges(text string) []IDRange {
	var out []IDRange
	for line := range strings.SplitSeq(text, "\n") {
		f := strings.Split(strings.TrimSpace(line), ":")
		switch {
		case len(f) == 3:
			s, err1 := strconv.Atoi(f[1])
			n, err2 := strconv.Atoi(f[2])
			if err1 == nil && err2 == nil && n > 0 {
				out = append(out, IDRange{s, n})
			}
		case len(f) >= 4:
			if uid, err := strconv.Atoi(f[2]); err == nil {
				out = append(out, IDRange{uid, 1})
			}
			if gid, err := strconv.Atoi(f[3]); err == nil {
				out = append(out, IDRange{gid, 1})
			}
		}
	}
	return out
}

// Take returns a free range, marked used until Give.
func (a *Allocator) Take() (IDRange, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range slots {
		r := IDRange{FirstID + i*RangeSize, RangeSize}
		if a.used[i] || a.clashes(r) {
			continue
		}
		a.used[i] = true
		return r, nil
	}
	return IDRange{}, ErrNoIDs
}

func (a *Allocator) clashes(r IDRange) bool {
	for _, t := range a.taken {
		if r.overlaps(t) {
			return true
		}
	}
	return false
}

// Give returns a range Take handed out, once its machine is gone.
func (a *Allocator) Give(r IDRange) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.used, (r.Start-FirstID)/RangeSize)
}
