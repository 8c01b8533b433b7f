package main

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// short is the experiment's workload, briefly: 40 callers, 2 calls each.
var short = config{callers: 40, calls: 2, window: 1e9, limit: 40, nodePrefix: os.Getenv("FEIGN_NODE_PREFIX")}

// rows runs the experiment against server; a missing server skips the test, but fails
// it under CI, whose script installs them.
func rows(t *testing.T, server string) map[string]row {
	t.Helper()
	rs, err := runServer(server, short)
	if errors.Is(err, errMissing) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v (.ci/run installs it)", err)
		}
		t.Skip(err)
	}
	require.NoError(t, err)
	byName := map[string]row{}
	for _, r := range rs {
		byName[r.client] = r
		t.Logf("%+v", r)
	}
	return byName
}

// Against express-rate-limit, which announces its quota, a governed client meets no
// 429 once the first window has told it the quota.
func TestExpressShort(t *testing.T) {
	rs := rows(t, "express")
	governed := rs["feign WithRateLimits"]
	assert.Zero(t, governed.limitedLater, "429s after the first window")
	assert.Zero(t, governed.failed)
	assert.EqualValues(t, short.callers*short.calls, governed.ok)
}

// nginx announces nothing but a Retry-After on its 429s: the governed client gets every
// call through, and with the client's own ceiling at the server's rate it meets no 429.
func TestNginxShort(t *testing.T) {
	rs := rows(t, "nginx")
	assert.Zero(t, rs["feign WithRateLimits"].failed)
	local := rs["feign + x/time/rate"]
	assert.Zero(t, local.failed)
	assert.Zero(t, local.limitedLater, "429s after the first window")
}
