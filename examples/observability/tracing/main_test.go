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

// One span per call, one child span per attempt named by the route, the resend count
// on every retry and the Retryer's waits as events: 2 attempts for to-do 1, 3 (the
// Retryer's limit) for to-do 13, as the server counts too, each with its trace context.
func TestTracing(t *testing.T) {
	srv := todo.NewServer()
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, runAgainst(&out, srv))

	assert.Equal(t, `Todos.Get [internal] feign.attempts=2
  · feign.retry_wait feign.attempt=2 feign.wait=0.001
  GET /todos/{id} [client] url.full=…/todos/1 http.response.status_code=503 error.type=503 status=Error
  GET /todos/{id} [client] url.full=…/todos/1 http.response.status_code=200 http.request.resend_count=1
Todos.Get [internal] error.type=503 feign.attempts=3 status=Error
  · feign.retry_wait feign.attempt=2 feign.wait=0.001
  · feign.retry_wait feign.attempt=3 feign.wait=0.002
  GET /todos/{id} [client] url.full=…/todos/13 http.response.status_code=503 error.type=503 status=Error
  GET /todos/{id} [client] url.full=…/todos/13 http.response.status_code=503 error.type=503 http.request.resend_count=1 status=Error
  GET /todos/{id} [client] url.full=…/todos/13 http.response.status_code=503 error.type=503 http.request.resend_count=2 status=Error
the server saw 5 requests, 5 with a traceparent
`, out.String())
	assert.Equal(t, 5, srv.Requests())
	assert.Equal(t, 5, srv.Traced())
}
