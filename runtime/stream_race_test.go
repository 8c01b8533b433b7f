package runtime_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// earlyAnswerServer answers its first request with status after reading only the start
// of the body, then goes on reading the rest slowly, so that the client is still
// writing the first attempt's body when it sends the next attempt (a retry after a 503,
// or net/http's resend after a 307). Later requests are read whole, and their hashes
// recorded.
type earlyAnswerServer struct {
	*httptest.Server
	hits atomic.Int32

	mu     sync.Mutex
	hashes [][sha256.Size]byte // of every request read whole
	sizes  []int
}

func newEarlyAnswerServer(t *testing.T, status int) *earlyAnswerServer {
	t.Helper()
	s := &earlyAnswerServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.hits.Add(1) == 1 {
			io.CopyN(io.Discard, r.Body, 64<<10)
			rc := http.NewResponseController(w)
			rc.EnableFullDuplex() // go on reading the body after the answer
			w.Header().Set("Location", "/again")
			w.WriteHeader(status)
			rc.Flush()
			buf := make([]byte, 32<<10)
			for {
				if _, err := r.Body.Read(buf); err != nil {
					return
				}
				time.Sleep(time.Millisecond)
			}
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.hashes = append(s.hashes, sha256.Sum256(body))
		s.sizes = append(s.sizes, len(body))
		s.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(s.Close)
	return s
}

// seekOnly hides every method of its reader but Read and Seek: no io.ReaderAt.
type seekOnly struct{ io.ReadSeeker }

// TestStreamedBodyIsNotSharedBetweenAttempts: net/http may still read a request body
// after RoundTrip returned. An attempt, or a redirect's resend, that rewound the
// caller's reader while the previous request's write loop still read it raced with it
// (-race) and sent a body missing what the old write loop took.
func TestStreamedBodyIsNotSharedBetweenAttempts(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), (4<<20)/16)
	file := filepath.Join(t.TempDir(), "payload")
	require.NoError(t, os.WriteFile(file, payload, 0o600))
	readers := map[string]func(t *testing.T) io.Reader{
		"bytes.Reader": func(*testing.T) io.Reader { return bytes.NewReader(payload) },
		"os.File": func(t *testing.T) io.Reader {
			f, err := os.Open(file)
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		},
		"Seeker only": func(*testing.T) io.Reader { return seekOnly{bytes.NewReader(payload)} },
	}
	for _, tc := range []struct {
		name         string
		status       int
		method       string
		wantAttempts int32
	}{
		{"retry after 503", http.StatusServiceUnavailable, http.MethodPut, 2},
		{"resend after 307", http.StatusTemporaryRedirect, http.MethodPost, 1},
	} {
		for name, reader := range readers {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				s := newEarlyAnswerServer(t, tc.status)
				f := newFixture(t, s.URL)
				call := f.NewCall(context.Background(), endpoint(tc.method))
				call.Path("/upload")
				call.BodyReader(reader(t))
				require.NoError(t, call.Do())

				assert.Equal(t, tc.wantAttempts, f.sent.Load(), "attempts sent")
				assert.EqualValues(t, 2, s.hits.Load(), "requests received")
				s.mu.Lock()
				defer s.mu.Unlock()
				require.Len(t, s.hashes, 1)
				assert.Equal(t, len(payload), s.sizes[0])
				assert.Equal(t, sha256.Sum256(payload), s.hashes[0], "the last request carried the whole body")
			})
		}
	}
}
