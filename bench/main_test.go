package bench

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if serveFromEnv() {
		return // the binary was a server for a benchmark (see startServer)
	}
	goleak.VerifyTestMain(m)
}
