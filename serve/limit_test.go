package serve

import (
	"testing"
	"time"
)

// Guessing the class code: after the burst, one try every failEvery, so
// a thousand guesses take hours; a room's connections pass.
func TestLimiterSlowsAGuesser(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter()
	l.now = func() time.Time { return now }
	tries := 0
	for range 1000 {
		if l.mayTry("10.0.0.1") {
			l.failed("10.0.0.1")
			tries++
		}
		now = now.Add(100 * time.Millisecond) // a guess every 0.1 s, 100 s in all
	}
	if want := failBurst + int(100*time.Second/failEvery); tries > want {
		t.Errorf("%d wrong codes in 100 s from one address, want at most %d", tries, want)
	}
	if !l.mayTry("10.0.0.2") {
		t.Error("another address is refused too")
	}
	// A room of 40 behind one address connects at once.
	for i := range 40 {
		if !l.allowConn("192.0.2.1") {
			t.Fatalf("connection %d of a room behind one address refused", i+1)
		}
	}
	for range connBurst {
		l.allowConn("192.0.2.9")
	}
	if l.allowConn("192.0.2.9") {
		t.Errorf("connection %d at once from one address allowed", connBurst+1)
	}
}
