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

// One span per call, one child span per attempt, the resend count on every retry: 2
// attempts for to-do 1, 3 (the Retryer's limit) for to-do 13, as the server counts too.
func TestTracing(t *testing.T) {
	srv := todo.NewServer()
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, runAgainst(&out, srv))

	assert.Equal(t, `Todos.Get [internal]
  HTTP GET [client] http.request.method=GET url.full=…/todos/1 http.response.status_code=503 status=Error
  HTTP GET [client] http.request.method=GET url.full=…/todos/1 http.response.status_code=200 http.request.resend_count=1
Todos.Get [internal] status=Error
  HTTP GET [client] http.request.method=GET url.full=…/todos/13 http.response.status_code=503 status=Error
  HTTP GET [client] http.request.method=GET url.full=…/todos/13 http.response.status_code=503 http.request.resend_count=1 status=Error
  HTTP GET [client] http.request.method=GET url.full=…/todos/13 http.response.status_code=503 http.request.resend_count=2 status=Error
`, out.String())
	assert.Equal(t, 5, srv.Requests())
}
