package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// redirectWeights is the mix of the redirect run: a third of the answers send the
// client to another origin, one in ten into a loop, and 5xx make calls retry before
// or after.
var redirectWeights = map[faultserver.Kind]int{
	faultserver.None:              40,
	faultserver.ServerError:       15,
	faultserver.RedirectElsewhere: 30,
	faultserver.RedirectLoop:      10,
}

// crossOriginAllowed are the only request headers the other origin may see: what the
// runtime keeps across origins, and what the transport adds itself.
var crossOriginAllowed = map[string]bool{
	"Accept": true, "Accept-Language": true, "User-Agent": true, "Accept-Encoding": true,
}

// TestChaosRedirects makes calls carrying credentials (Authorization, Cookie, a
// secret-looking X-Api-Key, the call id) against a server that redirects a third of
// them to another origin, with every redirect status, and sends one in ten into a
// redirect loop, over each protocol. Invariants: the other origin never sees a header
// the runtime does not keep across origins, nor a body; a 307 or 308 of a body to
// another origin ends its call with ErrRedirectBody; a loop ends its call with
// ErrTooManyRedirects after exactly 10 requests and no retry; client and server count
// the same attempts; every body and connection is closed.
func TestChaosRedirects(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	calls := max(*flagCalls/4, 30)
	for i, proto := range []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C, faultserver.H2TLS} {
		t.Run(proto.String(), func(t *testing.T) {
			runRedirects(t, proto, *flagSeed+uint64(i), calls)
		})
	}
}

// redirectResult is one call of the redirect run as the client saw it.
type redirectResult struct {
	id     string
	method method
	echo   *faultserver.Echo
	err    error
}

func runRedirects(t *testing.T, proto faultserver.Protocol, seed uint64, calls int) {
	other := faultserver.New(nil, faultserver.Options{Protocol: proto})
	defer other.Close()
	origin := faultserver.New(faultserver.NewPlan(seed, faultserver.Params{
		Weights: redirectWeights, Elsewhere: other.URL,
	}), faultserver.Options{Protocol: proto})
	defer origin.Close()
	require.NotEqual(t, origin.URL, other.URL)

	transport := origin.Transport() // trusts both: httptest servers share their certificate
	counter := newTransportCounter(transport)
	var mu sync.Mutex
	sent := map[string]int{} // attempts by call id, counted by the interceptor
	client, err := NewOrders(origin.URL,
		runtime.WithHTTPClient(&http.Client{Transport: counter}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, maxAttempts)),
		runtime.WithRetryBudget(runtime.RetryBudget{}), // off: the attempts are the Retryer's alone
		runtime.WithRequestInterceptor(func(r *http.Request) error {
			id := r.Header.Get(faultserver.DefaultCallIDHeader)
			r.Header.Set("Authorization", "Bearer secret-"+id)
			r.Header.Set("Cookie", "session="+id)
			r.Header.Set("X-Api-Key", "key-"+id)
			mu.Lock()
			sent[id]++
			mu.Unlock()
			return nil
		}))
	require.NoError(t, err)

	results := make([]redirectResult, calls)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range *flagWorkers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= calls {
					return
				}
				results[i] = redirectCall(client, seed, i)
			}
		})
	}
	wg.Wait()

	transport.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for name, s := range map[string]*faultserver.Server{"origin": origin, "other origin": other} {
		if conns, err := s.WaitConnsClosed(ctx); err != nil {
			t.Errorf("%s: %d connections left open: %+v", name, conns.Open(), conns)
		}
	}
	require.Zero(t, counter.open.Load(), "response bodies left open")
	checkRedirects(t, results, origin.SettledRecords(), other.SettledRecords(), sent)
}

// redirectCall makes call number n of the redirect run: a GET, a PUT or a POST.
func redirectCall(client Orders, seed uint64, n int) redirectResult {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	r := redirectResult{id: "r" + strconv.Itoa(n), method: []method{get, put, create}[rng.IntN(3)]}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // never reached
	defer cancel()
	p := Payload{Call: r.id, Data: strings.Repeat("d", 1+rng.IntN(64))}
	switch r.method {
	case get:
		r.echo, r.err = client.Get(ctx, r.id)
	case put:
		r.echo, r.err = client.Put(ctx, r.id, p)
	case create:
		r.echo, r.err = client.Create(ctx, r.id, p)
	}
	return r
}

func checkRedirects(t *testing.T, results []redirectResult, originRecs, otherRecs []faultserver.Record, sent map[string]int) {
	var violations []string
	violate := func(format string, args ...any) {
		if len(violations) < 20 {
			violations = append(violations, fmt.Sprintf(format, args...))
		}
	}

	// The other origin: nothing but negotiation headers, no body, and exactly one
	// request per redirect the client was allowed to follow.
	for _, rec := range otherRecs {
		for name := range rec.Header {
			if !crossOriginAllowed[name] {
				violate("other origin got header %s (%s %s)", name, rec.Method, rec.Path)
			}
		}
		if got := redact.Header(rec.Header); !headersEqual(got, rec.Header) {
			violate("other origin got a secret header: %v", got)
		}
		if rec.Method != http.MethodGet || rec.BodyLen != 0 {
			violate("other origin got a body: %s %s, %d bytes", rec.Method, rec.Path, rec.BodyLen)
		}
		if rec.CallID != "" {
			violate("other origin got the call id %s", rec.CallID)
		}
	}

	byCall := map[string][]faultserver.Record{}
	for _, rec := range originRecs {
		byCall[rec.CallID] = append(byCall[rec.CallID], rec)
	}
	followed, outcomes := 0, map[string]int{}
	for _, r := range results {
		recs := byCall[r.id]
		slices.SortFunc(recs, func(a, b faultserver.Record) int { return a.Arrived.Compare(b.Arrived) })
		starts := 0 // requests that began an attempt: not the hops of a loop
		for _, rec := range recs {
			if !strings.HasPrefix(rec.Path, faultserver.LoopPath) {
				starts++
			}
		}
		if sent[r.id] != starts {
			violate("%s: client sent %d attempts, origin saw %d", r.id, sent[r.id], starts)
		}
		var callErr *runtime.CallError
		if r.err != nil && (!errors.As(r.err, &callErr) || callErr.Attempts != sent[r.id]) {
			violate("%s: %T %v does not count its %d attempts", r.id, r.err, r.err, sent[r.id])
		}
		if len(recs) == 0 {
			violate("%s: no request reached the origin", r.id)
			continue
		}
		last := recs[len(recs)-1]
		withBody := r.method != get
		keepsBody := last.Fault.Status == http.StatusTemporaryRedirect || last.Fault.Status == http.StatusPermanentRedirect
		switch {
		case last.Fault.Kind == faultserver.RedirectLoop:
			outcomes["redirect loop"]++
			loop := 0
			for _, rec := range recs {
				if rec.Fault.Kind == faultserver.RedirectLoop {
					loop++
				}
			}
			if !errors.Is(r.err, runtime.ErrTooManyRedirects) || loop != 10 {
				violate("%s: a loop of %d requests ended with %v", r.id, loop, r.err)
			}
		case last.Fault.Kind == faultserver.RedirectElsewhere && withBody && keepsBody:
			outcomes["body refused to another origin"]++
			if !errors.Is(r.err, runtime.ErrRedirectBody) {
				violate("%s: a %d of a body to another origin ended with %v", r.id, last.Fault.Status, r.err)
			}
		case last.Fault.Kind == faultserver.RedirectElsewhere:
			outcomes["followed to another origin"]++
			followed++
			switch {
			case r.err != nil:
				violate("%s: a redirect to a healthy origin failed: %v", r.id, r.err)
			case r.echo.CallID != "" || r.echo.Method != http.MethodGet || !strings.HasSuffix(r.echo.Path, pathOf(r)):
				violate("%s: the other origin echoed %+v", r.id, r.echo)
			}
		case last.Fault.Kind == faultserver.ServerError:
			outcomes["5xx"]++
			var httpErr *errordecoder.HTTPError
			if !errors.As(r.err, &httpErr) || httpErr.StatusCode != last.Fault.Status {
				violate("%s: ended with %v after a %d", r.id, r.err, last.Fault.Status)
			}
		default:
			outcomes["ok"]++
			if r.err != nil || r.echo.CallID != r.id {
				violate("%s: %v %+v", r.id, r.err, r.echo)
			}
		}
	}
	if followed != len(otherRecs) {
		violate("%d calls followed a redirect to the other origin, which saw %d requests", followed, len(otherRecs))
	}
	t.Logf("%d calls: %v; origin saw %d requests, the other origin %d", len(results), outcomes, len(originRecs), len(otherRecs))
	if len(violations) > 0 {
		t.Errorf("invariants violated:\n%s", strings.Join(violations, "\n"))
	}
}

// pathOf is the path of r's request.
func pathOf(r redirectResult) string {
	if r.method == create {
		return "/orders"
	}
	return "/items/" + r.id
}

// headersEqual reports whether a and b hold the same values.
func headersEqual(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for name, values := range a {
		if !slices.Equal(values, b[name]) {
			return false
		}
	}
	return true
}
