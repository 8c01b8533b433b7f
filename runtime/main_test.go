package runtime_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: a hedged call must
// end every goroutine it starts before it returns, and every test closes its servers
// and idle connections.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
