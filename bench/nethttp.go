package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// netHTTP is Issues written by hand with net/http, as a careful user would: the
// baseline every other contender is measured against. With retry set it retries, at
// most 5 attempts and with no wait, on the statuses the feign client retries (429, 502,
// 503, 504 for a GET; 429 and 503 for a POST); failsafe-go leaves retry unset and does
// it in its RoundTripper instead.
type netHTTP struct {
	hc    *http.Client
	base  string
	retry bool
}

// StatusError is what the hand-written contenders return for a final non-2xx status.
type StatusError struct {
	Method     string
	URL        string
	StatusCode int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: status %d", e.Method, e.URL, e.StatusCode)
}

func (c *netHTTP) Get(ctx context.Context, owner, repo string, number int, fields string) (*Issue, error) {
	u := c.base + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) +
		"/issues/" + strconv.Itoa(number) + "?fields=" + url.QueryEscape(fields)
	var issue Issue
	if err := c.do(ctx, http.MethodGet, u, nil, &issue); err != nil {
		return nil, err
	}
	return &issue, nil
}

func (c *netHTTP) Create(ctx context.Context, owner, repo string, issue NewIssue) (*Issue, error) {
	u := c.base + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/issues"
	body, err := json.Marshal(issue)
	if err != nil {
		return nil, err
	}
	var created Issue
	if err := c.do(ctx, http.MethodPost, u, body, &created); err != nil {
		return nil, err
	}
	return &created, nil
}

// do sends the request, retrying as the type doc says, and decodes a 2xx JSON answer
// into v.
func (c *netHTTP) do(ctx context.Context, method, u string, body []byte, v any) error {
	for attempt := 1; ; attempt++ {
		var reqBody io.Reader
		if body != nil {
			reqBody = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u, reqBody)
		if err != nil {
			return err
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "feign-bench/1")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			return err
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			drainAndClose(resp.Body)
			if c.retry && attempt < 5 && retryable(method, resp.StatusCode) {
				continue
			}
			return &StatusError{Method: method, URL: u, StatusCode: resp.StatusCode}
		}
		err = json.NewDecoder(resp.Body).Decode(v)
		drainAndClose(resp.Body)
		return err
	}
}

// retryable reports whether a response with status may be retried: the rules of the
// feign runtime, so that both do the same work.
func retryable(method string, status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return method != http.MethodPost
	}
	return false
}

// drainAndClose reads what is left of body, so that the connection can be reused, and
// closes it. The bodies here are small; production code would bound the read.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, body)
	_ = body.Close()
}
