package serve

// The room: who is connected, and where each is in the tour, as the
// teacher sees it. What a learner's tour says about itself — its step on
// screen, its progress — is read out of their machine each second
// (Machine.ReadState), parsed here, and kept on the server's disk.

import (
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/burk-tui/burk/machine"
	"github.com/burk-tui/burk/speaker/stage"
)

// Room is the learners connected now.
type Room struct {
	mu       sync.Mutex
	max      int
	learners map[string]*Learner
}

// Learner is one connected learner.
type Learner struct {
	Name    string
	Joined  time.Time
	lastKey atomic.Int64 // unix nanoseconds of the last key they pressed

	mu      sync.Mutex
	machine *machine.Machine
	view    LearnerView
	saved   [2]string // the state last kept on disk
}

// changed reports whether the state differs from what was last kept, and
// notes it as kept.
func (l *Learner) changed(progress, onStage []byte) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := [2]string{string(progress), string(onStage)}
	if now == l.saved || len(progress) == 0 && len(onStage) == 0 {
		return false
	}
	l.saved = now
	return true
}

// LearnerView is a learner as the teacher's view shows them.
type LearnerView struct {
	Name        string
	Step        string // the step on their screen, by id; "" before the first
	Index       int    // its place, from 0
	Total       int
	OnStepSince time.Time
	Idle        time.Duration
	Seen        int // steps seen
	Failed      int // steps with a claim that did not hold
	ExPassed    int
	ExFailed    int
}

var (
	errFull      = errors.New("the room is full")
	errConnected = errors.New("already connected")
)

func newRoom(max int) *Room { return &Room{max: max, learners: map[string]*Learner{}} }

// join adds a learner, unless the room is full or they are connected
// already (two tours would write one progress).
func (r *Room) join(name string) (*Learner, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.learners[name]; ok {
		return nil, errConnected
	}
	if len(r.learners) >= r.max {
		return nil, errFull
	}
	l := &Learner{Name: name, Joined: time.Now()}
	l.lastKey.Store(time.Now().UnixNano())
	l.view.Name = name
	r.learners[name] = l
	return l, nil
}

func (r *Room) leave(l *Learner) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.learners[l.Name] == l {
		delete(r.learners, l.Name)
	}
}

// Len is how many learners are connected.
func (r *Room) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.learners)
}

// Snapshot is every learner's view now, by name.
func (r *Room) Snapshot() []LearnerView {
	r.mu.Lock()
	ls := make([]*Learner, 0, len(r.learners))
	for _, l := range r.learners {
		ls = append(ls, l)
	}
	r.mu.Unlock()
	out := make([]LearnerView, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.View())
	}
	slices.SortFunc(out, func(a, b LearnerView) int {
		if a.Name < b.Name {
			return -1
		}
		return 1
	})
	return out
}

// stopAll stops every machine.
func (r *Room) stopAll() {
	r.mu.Lock()
	ls := make([]*Learner, 0, len(r.learners))
	for _, l := range r.learners {
		ls = append(ls, l)
	}
	r.mu.Unlock()
	for _, l := range ls {
		l.mu.Lock()
		m := l.machine
		l.mu.Unlock()
		if m != nil {
			m.Stop()
		}
	}
}

// View is the learner as the teacher sees them now.
func (l *Learner) View() LearnerView {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := l.view
	v.Idle = time.Since(time.Unix(0, l.lastKey.Load())).Truncate(time.Second)
	return v
}

// pressed notes that the learner pressed a key.
func (l *Learner) pressed() { l.lastKey.Store(time.Now().UnixNano()) }

// tourProgress is the part of the tour's progress file the room shows
// (ui's progress).
type tourProgress struct {
	Current   string   `json:"current"`
	Seen      []string `json:"seen"`
	Failed    []string `json:"failed"`
	Exercises map[string]struct {
		Outcome string `json:"outcome"`
	} `json:"exercises"`
}

// update reads what the learner's tour says about itself.
func (l *Learner) update(progress, onStage []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var p tourProgress
	if json.Unmarshal(progress, &p) == nil {
		l.view.Seen, l.view.Failed = len(p.Seen), len(p.Failed)
		l.view.ExPassed, l.view.ExFailed = 0, 0
		for _, e := range p.Exercises {
			switch e.Outcome {
			case "passed":
				l.view.ExPassed++
			case "failed":
				l.view.ExFailed++
			}
		}
		if l.view.Step == "" {
			l.view.Step = p.Current
		}
	}
	var pos stage.Position
	if json.Unmarshal(onStage, &pos) == nil && pos.Step != "" {
		l.view.Step, l.view.Index, l.view.Total, l.view.OnStepSince = pos.Step, pos.Index, pos.Total, pos.Since
	}
}
