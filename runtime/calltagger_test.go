package runtime_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

type tagKey struct{}

// tagger tags every call with its own number and records what each Event carried.
type tagger struct {
	mu     sync.Mutex
	calls  int
	tagged []*runtime.Endpoint
	seen   []string // kind, the tag of the Event's context, the Endpoint's URLTemplate
	header []string // the X-Tag header each AttemptStart set
}

func (t *tagger) TagCall(ctx context.Context, e *runtime.Endpoint) context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.calls++
	t.tagged = append(t.tagged, e)
	return context.WithValue(ctx, tagKey{}, t.calls)
}

func (t *tagger) Observe(ctx context.Context, e runtime.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tag, _ := ctx.Value(tagKey{}).(int)
	t.seen = append(t.seen, e.Kind.String()+" "+string(rune('0'+tag))+" "+e.Endpoint.URLTemplate)
	if e.Kind == runtime.AttemptStart {
		e.Request.Header.Set("X-Tag", string(rune('0'+tag))) // allowed at AttemptStart
	}
}

// A CallTagger's context is the one every Event of the call is observed with and the
// one its requests carry; headers an Observer sets at AttemptStart are sent; every
// Event carries the call's Endpoint.
func TestCallTaggerContextReachesEventsAndRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tg := &tagger{}
		var mu sync.Mutex
		var sent []string // the tag of each request's context and its X-Tag header
		client, rt := inMemory(t, func(r *http.Request, hit int) (*http.Response, error) {
			tag, _ := r.Context().Value(tagKey{}).(int)
			mu.Lock()
			sent = append(sent, string(rune('0'+tag))+" "+r.Header.Get("X-Tag"))
			mu.Unlock()
			return respond(r, []int{503, 200, 200}[hit-1], nil, "{}"), nil
		}, runtime.WithRetryer(retryer.New(100*time.Millisecond, time.Second, 5)), runtime.WithObserver(tg))

		e := &runtime.Endpoint{MethodKey: "API#Get", Interface: "API", Name: "Get", Method: "GET", URLTemplate: "/things/{id}"}
		for _, id := range []string{"1", "2"} {
			call := client.NewCall(context.Background(), e)
			call.Path("/things/")
			call.PathSegment("id", id)
			require.NoError(t, call.Do())
		}

		assert.Equal(t, []*runtime.Endpoint{e, e}, tg.tagged)
		assert.Equal(t, []string{
			"AttemptStart 1 /things/{id}",
			"AttemptEnd 1 /things/{id}",
			"RetryWait 1 /things/{id}",
			"AttemptStart 1 /things/{id}",
			"AttemptEnd 1 /things/{id}",
			"CallEnd 1 /things/{id}",
			"AttemptStart 2 /things/{id}",
			"AttemptEnd 2 /things/{id}",
			"CallEnd 2 /things/{id}",
		}, tg.seen)
		assert.Equal(t, []string{"1 1", "1 1", "2 2"}, sent)
		assert.Equal(t, int32(3), rt.hits.Load())
	})
}
