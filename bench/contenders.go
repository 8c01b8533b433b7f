package bench

import (
	"net/http"
	"time"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// A Contender is one way to implement Issues.
type Contender struct {
	Name string
	// New returns the contender's Issues for the API at baseURL, sending through rt,
	// and a function that releases what it holds.
	New func(baseURL string, rt http.RoundTripper) (Issues, func() error, error)
}

// Contenders are the ways to call Issues, the baseline first.
var Contenders = []Contender{
	{"nethttp", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		return &netHTTP{hc: &http.Client{Transport: rt}, base: baseURL, retry: true}, nop, nil
	}},
	{"feign", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		c, err := newFeign(baseURL, rt)
		return c, nop, err
	}},
	{"feignhedged", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		c, err := newFeign(baseURL, rt,
			// A hedge that never fires within a benchmark: what hedging costs a call
			// that answers in time (Get; Create, a POST, is never hedged).
			runtime.WithHedging(runtime.Hedging{Delay: time.Hour}))
		return c, nop, err
	}},
	{"retryablehttp", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		return newRetryable(baseURL, rt), nop, nil
	}},
	{"restyv2", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		return newRestyV2(baseURL, rt), nop, nil
	}},
	{"restyv3", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		c := newRestyV3(baseURL, rt)
		return c, c.Close, nil
	}},
	{"failsafe", func(baseURL string, rt http.RoundTripper) (Issues, func() error, error) {
		return newFailsafe(baseURL, rt), nop, nil
	}},
}

func nop() error { return nil }

// newFeign returns the generated client as every feign contender configures it, with
// more options.
func newFeign(baseURL string, rt http.RoundTripper, more ...runtime.Option) (Issues, error) {
	opts := []runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: rt}),
		// 5 attempts with no wait, as every contender, so that the retry case measures
		// the cost of a retry and not a sleep.
		runtime.WithRetryer(retryer.New(0, 0, 5)),
		// Every other attempt fails in the retry case: a success must refill what a
		// failure costs, or the default budget would stop the retries.
		runtime.WithRetryBudget(runtime.RetryBudget{MaxTokens: 10, TokenRatio: 1}),
	}
	return NewIssues(baseURL, append(opts, more...)...)
}

// Contender returns the contender named name, or false.
func contender(name string) (Contender, bool) {
	for _, c := range Contenders {
		if c.Name == name {
			return c, true
		}
	}
	return Contender{}, false
}
