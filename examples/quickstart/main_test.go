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
// the port and the measured waits normalised, so the README's first command is tested.
func TestQuickstart(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))

	got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out.String(), "127.0.0.1:PORT")
	got = regexp.MustCompile(`after waiting [0-9.]+m?s`).ReplaceAllString(got, "after waiting WAIT")
	want := `A local to-do server is listening on http://127.0.0.1:PORT and will misbehave on purpose.

1. Get(1): the server answers 503 once. A GET may be retried, so the client backs off and tries again.
   attempt 1: GET /todos/1 → 503 Service Unavailable
   attempt 2: GET /todos/1 → 200 OK (after waiting WAIT)
   → &{ID:1 Title:Write the spec Done:true}

2. List(done=true): a pointer parameter becomes ?done=true; nil would leave the pair out.
   attempt 1: GET /todos?done=true → 200 OK
   → [{ID:1 Title:Write the spec Done:true}]

3. Create: the server answers 429 with Retry-After: 1. A POST may be retried on a 429, never sooner than asked.
   attempt 1: POST /todos → 429 Too Many Requests, Retry-After: 1
   attempt 2: POST /todos → 201 Created (after waiting WAIT)
   → &{ID:3 Title:Read the README Done:false}

4. Create again: the server answers 502. The write may have happened, so a POST is not sent twice.
   attempt 1: POST /todos → 502 Bad Gateway
   → error: [502 Bad Gateway] during [POST] to [http://127.0.0.1:PORT/todos] [Todos#Create]: [{"error":"upstream timed out"}]
   errors.As finds the *errordecoder.HTTPError: status 502, body {"error":"upstream timed out"}

5. Delete(99): a 404, which dismiss404=true turns into success.
   attempt 1: DELETE /todos/99 → 404 Not Found
   → ok

6. Search("../admin"): a template value is escaped, so it can never climb the path.
   attempt 1: GET /search/..%2Fadmin → 200 OK
   → ok
   the server received /search/..%2Fadmin

7. Create with a token holding a line break: refused before anything is sent, secret kept out of the error.
   → error: Todos#Create: header Authorization has a value with a control character (CR, LF, ...)
   no attempt was sent
`
	assert.Equal(t, want, got)
	assert.NotContains(t, out.String(), "secret-token", "no token reaches the output")
	assert.NotContains(t, out.String(), "X-Admin", "the refused header value is not echoed")
}
