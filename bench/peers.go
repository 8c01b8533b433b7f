package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/failsafehttp"
	restyv2 "github.com/go-resty/resty/v2"
	"github.com/hashicorp/go-retryablehttp"
	restyv3 "resty.dev/v3"
)

// retryStatus is the retry condition given to the peers that need one: the statuses
// the feign client retries for a GET (a POST retries only 429 and 503 there).
func retryStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryable is Issues on hashicorp/go-retryablehttp: the hand-written request code,
// with retryablehttp's Client doing the attempts (at most 5, no wait, no logger).
type retryableClient struct {
	rc   *retryablehttp.Client
	base string
}

func newRetryable(baseURL string, rt http.RoundTripper) *retryableClient {
	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{Transport: rt}
	rc.Logger = nil // its default logs every request at DEBUG
	rc.RetryMax = 4
	rc.RetryWaitMin, rc.RetryWaitMax = 0, 0
	return &retryableClient{rc: rc, base: baseURL}
}

func (c *retryableClient) Get(ctx context.Context, owner, repo string, number int, fields string) (*Issue, error) {
	u := c.base + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) +
		"/issues/" + strconv.Itoa(number) + "?fields=" + url.QueryEscape(fields)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	var issue Issue
	if err := c.do(req, &issue); err != nil {
		return nil, err
	}
	return &issue, nil
}

func (c *retryableClient) Create(ctx context.Context, owner, repo string, issue NewIssue) (*Issue, error) {
	u := c.base + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/issues"
	body, err := json.Marshal(issue)
	if err != nil {
		return nil, err
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	var created Issue
	if err := c.do(req, &created); err != nil {
		return nil, err
	}
	return &created, nil
}

func (c *retryableClient) do(req *retryablehttp.Request, v any) error {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "feign-bench/1")
	resp, err := c.rc.Do(req)
	if err != nil {
		return err
	}
	return decodeResponse(req.Method, req.URL.String(), resp, v)
}

// restyV2 is Issues on github.com/go-resty/resty/v2: path parameters, query, headers
// and result decoding by resty, retries on the retryStatus statuses with no wait.
type restyV2 struct{ c *restyv2.Client }

func newRestyV2(baseURL string, rt http.RoundTripper) *restyV2 {
	c := restyv2.NewWithClient(&http.Client{Transport: rt}).
		SetBaseURL(baseURL).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "feign-bench/1").
		SetRetryCount(4).
		SetRetryWaitTime(0).
		SetRetryMaxWaitTime(0).
		AddRetryCondition(func(r *restyv2.Response, err error) bool {
			return err == nil && retryStatus(r.StatusCode())
		})
	return &restyV2{c: c}
}

func (c *restyV2) Get(ctx context.Context, owner, repo string, number int, fields string) (*Issue, error) {
	var issue Issue
	resp, err := c.c.R().
		SetContext(ctx).
		SetPathParams(map[string]string{"owner": owner, "repo": repo, "number": strconv.Itoa(number)}).
		SetQueryParam("fields", fields).
		SetResult(&issue).
		Get("/repos/{owner}/{repo}/issues/{number}")
	if err != nil {
		return nil, err
	}
	if !resp.IsSuccess() {
		return nil, &StatusError{Method: http.MethodGet, URL: resp.Request.URL, StatusCode: resp.StatusCode()}
	}
	return &issue, nil
}

func (c *restyV2) Create(ctx context.Context, owner, repo string, issue NewIssue) (*Issue, error) {
	var created Issue
	resp, err := c.c.R().
		SetContext(ctx).
		SetPathParams(map[string]string{"owner": owner, "repo": repo}).
		SetHeader("Content-Type", "application/json").
		SetBody(issue).
		SetResult(&created).
		Post("/repos/{owner}/{repo}/issues")
	if err != nil {
		return nil, err
	}
	if !resp.IsSuccess() {
		return nil, &StatusError{Method: http.MethodPost, URL: resp.Request.URL, StatusCode: resp.StatusCode()}
	}
	return &created, nil
}

// restyV3 is Issues on resty.dev/v3, configured as restyV2. Its client must be closed.
type restyV3 struct{ c *restyv3.Client }

func newRestyV3(baseURL string, rt http.RoundTripper) *restyV3 {
	c := restyv3.NewWithClient(&http.Client{Transport: rt}).
		SetBaseURL(baseURL).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "feign-bench/1").
		SetRetryCount(4).
		SetRetryWaitTime(0).
		SetRetryMaxWaitTime(0).
		// v3 retries only idempotent methods; the feign client retries a POST on a
		// 429 or 503, which the server did not process.
		SetRetryAllowNonIdempotent(true).
		AddRetryConditions(func(r *restyv3.Response, err error) bool {
			return err == nil && retryStatus(r.StatusCode())
		})
	return &restyV3{c: c}
}

func (c *restyV3) Get(ctx context.Context, owner, repo string, number int, fields string) (*Issue, error) {
	var issue Issue
	resp, err := c.c.R().
		SetContext(ctx).
		SetPathParams(map[string]string{"owner": owner, "repo": repo, "number": strconv.Itoa(number)}).
		SetQueryParam("fields", fields).
		SetResult(&issue).
		Get("/repos/{owner}/{repo}/issues/{number}")
	if err != nil {
		return nil, err
	}
	if !resp.IsStatusSuccess() {
		return nil, &StatusError{Method: http.MethodGet, URL: resp.Request.URL, StatusCode: resp.StatusCode()}
	}
	return &issue, nil
}

func (c *restyV3) Create(ctx context.Context, owner, repo string, issue NewIssue) (*Issue, error) {
	var created Issue
	resp, err := c.c.R().
		SetContext(ctx).
		SetPathParams(map[string]string{"owner": owner, "repo": repo}).
		SetHeader("Content-Type", "application/json").
		SetBody(issue).
		SetResult(&created).
		Post("/repos/{owner}/{repo}/issues")
	if err != nil {
		return nil, err
	}
	if !resp.IsStatusSuccess() {
		return nil, &StatusError{Method: http.MethodPost, URL: resp.Request.URL, StatusCode: resp.StatusCode()}
	}
	return &created, nil
}

func (c *restyV3) Close() error { return c.c.Close() }

// newFailsafe is Issues as the hand-written net/http code, with failsafe-go's retry
// policy in the http.Client's RoundTripper doing the attempts (at most 5, no wait).
func newFailsafe(baseURL string, rt http.RoundTripper) *netHTTP {
	policy := failsafehttp.NewRetryPolicyBuilder().
		WithMaxRetries(4).
		// failsafehttp neither drains nor closes the response it retries: without this
		// hook the body leaks, and over a network its connection with it.
		OnRetry(func(e failsafe.ExecutionEvent[*http.Response]) {
			if resp := e.LastResult(); resp != nil {
				drainAndClose(resp.Body)
			}
		}).
		ReturnLastFailure().
		Build()
	hc := &http.Client{Transport: failsafehttp.NewRoundTripper(rt, policy)}
	return &netHTTP{hc: hc, base: baseURL}
}

// decodeResponse checks the status of resp, decodes a 2xx JSON body into v, and drains
// and closes the body.
func decodeResponse(method, u string, resp *http.Response, v any) error {
	defer drainAndClose(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &StatusError{Method: method, URL: u, StatusCode: resp.StatusCode}
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("%s %s: %w", method, u, err)
	}
	return nil
}
