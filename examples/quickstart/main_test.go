package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestQuickstart runs the example end to end and compares its whole narration, with
// the port normalised, so the README's first command is tested. The waits are the
// ones the Retryer announced (rounded to 50ms), not measured: they are exact.
func TestQuickstart(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))

	got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out.String(), "127.0.0.1:PORT")
	want := `A local to-do server is listening on http://127.0.0.1:PORT and will misbehave on purpose.

1. Get(1): the server answers 503 once. A GET may be retried, so the client backs off and tries again.
   attempt 1: GET /todos/1 → 503 Service Unavailable
   waiting 150ms before attempt 2
   attempt 2: GET /todos/1 → 200 OK
   → &{ID:1 Title:Write the spec Done:true}

2. List(done=true): a pointer parameter becomes ?done=true; nil would leave the pair out.
   attempt 1: GET /todos?done=true → 200 OK
   → [{ID:1 Title:Write the spec Done:true}]

3. Create: the server answers 429 with Retry-After: 1. A POST may be retried on a 429, never sooner than asked.
   attempt 1: POST /todos → 429 Too Many Requests, Retry-After: 1
   waiting 1s before attempt 2
   attempt 2: POST /todos → 201 Created
   → &{ID:3 Title:Read the README Done:false}

4. Create again: the server answers 502. The write may have happened, so a POST is not sent twice.
   attempt 1: POST /todos → 502 Bad Gateway
   → error: [502 Bad Gateway] during [POST] to [http://127.0.0.1:PORT/todos] [Todos#Create]: [{"error":"upstream timed out"}]
   errors.As finds the *errordecoder.HTTPError: status 502, body {"error":"upstream timed out"}

5. Delete(99): a 404, which dismiss404=true turns into success.
   attempt 1: DELETE /todos/99 → 404 Not Found
   → ok

6. Search("50% off/?#"), then Search("../admin"): a template value is escaped, so it stays in its path segment; one that would climb the path is refused before anything is sent.
   attempt 1: GET /search/50%25%20off%2F%3F%23 → 200 OK
   → ok
   the server received /search/50%25%20off%2F%3F%23
   → error: Todos#Search: path parameter {text} makes the dot-segment ".." in the path
   no attempt was sent for it

7. Create with a token holding a line break: refused before anything is sent, secret kept out of the error.
   → error: Todos#Create: header Authorization has a value with a control character (CR, LF, ...)
   no attempt was sent

8. Get(2) with hedging: the server stalls on the first request. After 100ms a hedge goes out, and the first answer wins.
   no answer yet: attempt 2 goes out as a hedge, alongside the first
   attempt 2 (a hedge): GET /todos/2 → 200 OK
   attempt 1: GET /todos/2 → cancelled: another attempt won
   attempt 2 won; the slower attempt was cancelled and its body closed
   → &{ID:2 Title:Ship it Done:false}
`
	assert.Equal(t, want, got)
	assert.NotContains(t, out.String(), "secret-token", "no token reaches the output")
	assert.NotContains(t, out.String(), "X-Admin", "the refused header value is not echoed")
}
