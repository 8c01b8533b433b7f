package runtime_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// A call timeout that fires while the result's body is read ends the call with an
// error wrapping both ErrCallTimeout and context.DeadlineExceeded, as every other end
// by the call timeout does, after one attempt on both sides.
func TestCallTimeoutWhileTheBodyIsRead(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `"half`)
		w.(http.Flusher).Flush()
		<-r.Context().Done() // the rest never comes
	})
	for _, tc := range []struct {
		name string
		call func(*fixture) *runtime.Call
	}{
		{"timeout=", func(f *fixture) *runtime.Call {
			e := endpoint("GET")
			e.Timeout = bodyReadTimeout
			return f.NewCall(context.Background(), e)
		}},
		{"CallTimeout", func(f *fixture) *runtime.Call {
			return f.NewCall(context.Background(), endpoint("GET"), runtime.CallTimeout(bodyReadTimeout))
		}},
	} {
		for _, ending := range boundedEndings[:3] {
			t.Run(tc.name+"/"+ending.name, func(t *testing.T) {
				f := newFixture(t, srv.URL)
				before := srv.hits.Load()
				_, err := ending.end(tc.call(f))
				require.ErrorIs(t, err, runtime.ErrCallTimeout)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				var callErr *runtime.CallError
				require.ErrorAs(t, err, &callErr)
				assert.Equal(t, 1, callErr.Attempts)
				assert.EqualValues(t, 1, f.sent.Load(), "attempts the client sent")
				assert.EqualValues(t, 1, srv.hits.Load()-before, "attempts the server saw")
				assert.Equal(t, "API#GET: context deadline exceeded: "+ending.prefix+"feign: call timeout", err.Error())
			})
		}
		t.Run(tc.name+"/Stream", func(t *testing.T) {
			f := newFixture(t, srv.URL)
			before := srv.hits.Load()
			body, err := tc.call(f).Stream()
			require.NoError(t, err)
			_, err = io.ReadAll(body)
			require.NoError(t, body.Close())
			require.ErrorIs(t, err, runtime.ErrCallTimeout)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.EqualValues(t, 1, f.sent.Load(), "attempts the client sent")
			assert.EqualValues(t, 1, srv.hits.Load()-before, "attempts the server saw")
		})
	}
}

// bodyReadTimeout is the call timeout of TestCallTimeoutWhileTheBodyIsRead: long enough
// for the response headers to arrive on a loaded machine, so that it fires while the
// body is read, which is what the test is about.
const bodyReadTimeout = 300 * time.Millisecond
