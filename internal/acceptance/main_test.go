package acceptance

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: a stream left by
// break or by a cancelled context must leave nothing running.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
