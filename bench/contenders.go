package bench

import (
	"net/http"

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
		c, err := NewIssues(baseURL,
			runtime.WithHTTPClient(&http.Client{Transport: rt}),
			// 5 attempts with no wait, as every contender, so that the retry case
			// measures the cost of a retry and not a sleep.
			runtime.WithRetryer(retryer.New(0, 0, 5)),
			// Every other attempt fails in the retry case: a success must refill what
			// a failure costs, or the default budget would stop the retries.
			runtime.WithRetryBudget(runtime.RetryBudget{MaxTokens: 10, TokenRatio: 1}),
		)
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
