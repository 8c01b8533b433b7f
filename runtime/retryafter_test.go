package runtime_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// A Retry-After too large for a time.Duration, in seconds or as a date centuries
// ahead, asks for too long a wait: the call fails at once with ErrRetryAfterTooLong,
// for a GET and for a POST (a 503 promises it was not processed), instead of taking
// the value as absent and retrying at once.
func TestRetryAfterBeyondADurationFailsAtOnce(t *testing.T) {
	for _, value := range []string{
		"9223372037",
		"99999999999999999999",
		"00000000000000000000000000009223372037",
		"Fri, 31 Dec 9999 23:59:59 GMT",
		"Sun Nov  6 08:49:37 2999",
	} {
		for _, method := range []string{"GET", "POST"} {
			t.Run(method+" "+value, func(t *testing.T) {
				srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
					w.Header().Set("Retry-After", value)
					w.WriteHeader(http.StatusServiceUnavailable)
				})
				f := newFixture(t, srv.URL, runtime.WithRetryer(retryer.Default()))

				err := f.NewCall(context.Background(), endpoint(method)).Do()

				require.ErrorIs(t, err, retryer.ErrRetryAfterTooLong)
				var retryable *errordecoder.RetryableError
				require.ErrorAs(t, err, &retryable)
				assert.False(t, retryable.RetryAfter.IsZero(), "the value is a wait, not an absence")
				assert.EqualValues(t, 1, srv.hits.Load(), "attempts the server saw")
				assert.EqualValues(t, 1, f.sent.Load(), "attempts the client sent")
			})
		}
	}
}
