package feigntest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: closing a Server
// (which every test does through t.Cleanup) must end all of its goroutines.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
