package runtime_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
)

// closeTracker is an io.ReadSeeker that records whether anyone closed it: the runtime
// must not, since the reader belongs to the caller.
type closeTracker struct {
	io.ReadSeeker
	closed bool
}

func (c *closeTracker) Close() error { c.closed = true; return nil }

func TestStreamedSeekableBodyIsReplayedWholeFromWhereItStood(t *testing.T) {
	s := newServer(t, statuses(503, 201))
	f := newFixture(t, s.URL)
	reader := &closeTracker{ReadSeeker: strings.NewReader("skip:the body")}
	_, err := reader.Seek(int64(len("skip:")), io.SeekStart)
	require.NoError(t, err)

	call := f.NewCall(context.Background(), endpoint(http.MethodPost))
	call.Path("/upload")
	call.BodyReader(reader)
	require.NoError(t, call.Do())

	got := s.attempts()
	require.Len(t, got, 2, "a POST answered 503 is retried, and a seekable body can be")
	for _, a := range got {
		assert.Equal(t, "the body", string(a.Body))
		assert.Equal(t, "8", a.Header.Get("Content-Length"))
		assert.Equal(t, "application/octet-stream", a.Header.Get("Content-Type"))
	}
	assert.False(t, reader.closed, "the caller's reader is never closed by the runtime")
}

func TestStreamedBodyThatCannotRewindIsSentOnce(t *testing.T) {
	s := newServer(t, statuses(503, 200))
	f := newFixture(t, s.URL)
	// io.MultiReader hides any Seek method: the body can be read only once.
	body := io.MultiReader(strings.NewReader("once "), strings.NewReader("only"))

	call := f.NewCall(context.Background(), endpoint(http.MethodPut))
	call.Path("/upload")
	call.BodyReader(body)
	err := call.Do()

	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, 503, httpErr.StatusCode)
	got := s.attempts()
	require.Len(t, got, 1, "a consumed body cannot be sent again, even for a PUT")
	assert.Equal(t, "once only", string(got[0].Body))
	assert.EqualValues(t, 1, f.sent.Load())
}

func TestLargeStreamedBodyIsNotBuffered(t *testing.T) {
	const size = 8 << 20
	s := newServer(t, statuses(204))
	f := newFixture(t, s.URL)
	payload := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	// A reader without Seek or Len: net/http cannot learn the size, so it streams the
	// body in chunks, as it arrives.
	body := struct{ io.Reader }{bytes.NewReader(payload)}

	call := f.NewCall(context.Background(), endpoint(http.MethodPost))
	call.Path("/upload")
	call.Header("Content-Type", "application/x-ndjson")
	call.BodyReader(body)
	require.NoError(t, call.Do())

	got := s.attempts()
	require.Len(t, got, 1)
	assert.Equal(t, sha256.Sum256(payload), got[0].BodyHash)
	assert.Equal(t, []string{"chunked"}, got[0].TransferEncoding, "streamed: the client never read the body ahead to measure it")
	assert.Equal(t, "application/x-ndjson", got[0].Header.Get("Content-Type"), "a declared Content-Type wins")
}
