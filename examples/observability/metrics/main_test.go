package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/examples/observability/todo"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// To-dos 1 and 2 take a retry each, to-do 13 fails after 3 attempts: 7 attempts, as
// the server counts, 4 retries, 2 calls ok and 1 failed.
func TestMetrics(t *testing.T) {
	srv := todo.NewServer()
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, runAgainst(&out, srv))
	require.Equal(t, 7, srv.Requests())

	if out.String() == "no metrics: the client reported no Events\n" {
		t.Skip("this runtime reports no Events yet")
	}
	assert.Equal(t, `# HELP feign_attempt_duration_seconds Time from sending an attempt to its response headers, by method key and outcome.
# TYPE feign_attempt_duration_seconds histogram
feign_attempt_duration_seconds_count{method_key="Todos#Get",outcome="2xx"} 2
feign_attempt_duration_seconds_count{method_key="Todos#Get",outcome="5xx"} 5
# HELP feign_attempts_total Attempts sent, by method key and outcome (the status class, lost, canceled or error).
# TYPE feign_attempts_total counter
feign_attempts_total{method_key="Todos#Get",outcome="2xx"} 2
feign_attempts_total{method_key="Todos#Get",outcome="5xx"} 5
# HELP feign_calls_total Calls ended, by method key and outcome (ok or error).
# TYPE feign_calls_total counter
feign_calls_total{method_key="Todos#Get",outcome="error"} 1
feign_calls_total{method_key="Todos#Get",outcome="ok"} 2
# HELP feign_retries_total Retries, each after a wait, by method key.
# TYPE feign_retries_total counter
feign_retries_total{method_key="Todos#Get"} 4
`, out.String())
}
