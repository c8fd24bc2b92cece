package housekeeping_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/burk-tui/burk/housekeeping"
)

// The lock needs no root: an abstract socket of the test's own name.
func TestLockRefusesASecondBurk(t *testing.T) {
	t.Setenv("BURK_LOCK_NAME", fmt.Sprintf("burk-test-%d", os.Getpid()))
	keeper, err := housekeeping.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	release, err := keeper.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// Every attempt asks the holder who it is; a teacher's tour makes
	// dozens (each shell is one). None may hang, however many came before.
	refused := make(chan error)
	go func() {
		for range 50 {
			_, err := keeper.Lock()
			if le, ok := err.(*housekeeping.LockedError); !ok || le.PID != os.Getpid() {
				refused <- fmt.Errorf("Lock() while held = %v, want LockedError naming pid %d", err, os.Getpid())
				return
			}
		}
		refused <- nil
	}()
	select {
	case err := <-refused:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a Lock() while the lock is held hung")
	}
	release()
	again, err := keeper.Lock()
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	again()
}
