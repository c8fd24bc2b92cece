package housekeeping_test

import (
	"os"
	"testing"

	"github.com/burk-tui/burk/internal/testutil"
)

func TestMain(m *testing.M) {
	os.Exit(testutil.RunPrivileged(m))
}
