package errordecoder_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func ExampleDefault() {
	rec := httptest.NewRecorder()
	rec.Header().Set("Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT")
	rec.WriteHeader(http.StatusServiceUnavailable)
	rec.WriteString("down for maintenance")
	resp := rec.Result()
	resp.Request = httptest.NewRequest(http.MethodGet, "https://api.example.com/repos?access_token=s3cr3t", nil)

	err := errordecoder.Default().Decode("GitHub#Repos", resp)

	fmt.Println(err)
	var retryable *errordecoder.RetryableError
	fmt.Println(errors.As(err, &retryable), retryable.RetryAfter)
	var httpErr *errordecoder.HTTPError
	fmt.Println(errors.As(err, &httpErr), httpErr.StatusCode)
	// Output:
	// [503 Service Unavailable] during [GET] to [https://api.example.com/repos?access_token=REDACTED] [GitHub#Repos]: [down for maintenance] (retry after 1999-12-31T23:59:59Z)
	// true 1999-12-31 23:59:59 +0000 UTC
	// true 503
}

func ExampleParseRetryAfter() {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, value := range []string{
		"120",
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
		"-1",
		"soon",
	} {
		t, ok := errordecoder.ParseRetryAfter(value, now)
		fmt.Printf("%-32q %v %v\n", value, ok, t)
	}
	// Output:
	// "120"                            true 2026-01-02 03:06:05 +0000 UTC
	// "Sun, 06 Nov 1994 08:49:37 GMT"  true 1994-11-06 08:49:37 +0000 UTC
	// "Sunday, 06-Nov-94 08:49:37 GMT" true 1994-11-06 08:49:37 +0000 UTC
	// "Sun Nov  6 08:49:37 1994"       true 1994-11-06 08:49:37 +0000 UTC
	// "-1"                             false 0001-01-01 00:00:00 +0000 UTC
	// "soon"                           false 0001-01-01 00:00:00 +0000 UTC
}

// APIError is the error document of an imaginary API, returned as the caller's own type.
type APIError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("api error %d %s: %s", e.Status, e.Code, e.Message)
}

func ExampleFunc() {
	decoder := errordecoder.Func(func(methodKey string, resp *http.Response) error {
		if resp.Header.Get("Content-Type") != "application/json" {
			return errordecoder.Default().Decode(methodKey, resp)
		}
		apiErr := &APIError{Status: resp.StatusCode}
		if err := json.NewDecoder(resp.Body).Decode(apiErr); err != nil {
			return fmt.Errorf("%s: decoding the error body of a %d response: %w", methodKey, resp.StatusCode, err)
		}
		return apiErr
	})

	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteHeader(http.StatusUnprocessableEntity)
	rec.WriteString(`{"code":"invalid_title","message":"title must not be empty"}`)

	err := decoder.Decode("GitHub#CreateIssue", rec.Result())

	var apiErr *APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code)
	}
	fmt.Println(err)
	// Output:
	// invalid_title
	// api error 422 invalid_title: title must not be empty
}

// An API that answers errors with a JSON document gets its own error type through a
// custom ErrorDecoder, end to end: the generated method's error is a
// *runtime.CallError, and errors.As finds the *APIError in it. The decoder asks for a
// retry when the document says so, by wrapping the error in a *RetryableError.
func Example_customErrorDecoder() {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusConflict)
			io.WriteString(w, `{"code":"locked","message":"try again","retryable":true}`)
			return
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		io.WriteString(w, `{"code":"invalid_title","message":"title must not be empty"}`)
	}))
	defer srv.Close()

	decoder := errordecoder.Func(func(methodKey string, resp *http.Response) error {
		var doc struct {
			APIError
			Retryable bool `json:"retryable"`
		}
		if resp.Header.Get("Content-Type") != "application/json" ||
			json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&doc) != nil {
			return errordecoder.Default().Decode(methodKey, resp) // not the API's document
		}
		apiErr := &doc.APIError
		apiErr.Status = resp.StatusCode
		if doc.Retryable {
			return &errordecoder.RetryableError{Err: apiErr}
		}
		return apiErr
	})
	client, err := runtime.New(srv.URL,
		runtime.WithErrorDecoder(decoder),
		runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}

	// What a generated CreateIssue(ctx, issue) does.
	call := client.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "API#CreateIssue", Method: http.MethodPut})
	call.Path("/issues/1")
	call.Body(map[string]string{"title": ""})
	err = call.Do()

	var apiErr *APIError
	if errors.As(err, &apiErr) {
		fmt.Printf("%s (HTTP %d) after %d attempts\n", apiErr.Code, apiErr.Status, attempts.Load())
	}
	fmt.Println(err)
	// Output:
	// invalid_title (HTTP 422) after 2 attempts
	// API#CreateIssue: after 2 attempts: api error 422 invalid_title: title must not be empty
}

// A server that echoes a credential back, and a control character that would start a
// log line of its own: the message hides the one and escapes the other, while Body keeps
// what the server sent. The runtime calls Redact with the secrets of every request.
func ExampleHTTPError_Redact() {
	err := &errordecoder.HTTPError{
		StatusCode: 401, Status: "401 Unauthorized", Method: "GET",
		URL: "https://api.example.com/me", MethodKey: "API#Me",
		Body: []byte("bad token Bearer s3cr3t\nlevel=INFO msg=forged"),
	}
	err.Redact("Bearer s3cr3t", "s3cr3t")

	fmt.Println(err)
	fmt.Printf("%q\n", err.Body)
	// Output:
	// [401 Unauthorized] during [GET] to [https://api.example.com/me] [API#Me]: [bad token REDACTED\nlevel=INFO msg=forged]
	// "bad token Bearer s3cr3t\nlevel=INFO msg=forged"
}
