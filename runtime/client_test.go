package runtime_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
)

func TestNewRejectsBadBaseURLs(t *testing.T) {
	for _, tc := range []struct{ baseURL, want string }{
		{"", "not an absolute http or https URL"},
		{"example.com/api", "not an absolute http or https URL"},
		{"ftp://example.com", "not an absolute http or https URL"},
		{"mailto:me@example.com", "not an absolute http or https URL"},
		{"http://", "no host"},
		{"http:///path", "no host"},
		{"http://:8080", "no host"},
		{"http://example.com?q=1", "cannot have a query"},
		{"http://example.com/?", "cannot have a query"},
		{"http://example.com/#top", "cannot have a fragment"},
		{"http://example.com#", "cannot have a fragment"},
		{"http://example.com:port", "invalid port"},
		{"http://exa mple.com", "invalid character"},
	} {
		t.Run(tc.baseURL, func(t *testing.T) {
			client, err := runtime.New(tc.baseURL)
			assert.Nil(t, client)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "feign: base URL")
		})
	}
}

func TestNewAcceptsBaseURLs(t *testing.T) {
	for _, tc := range []struct{ baseURL, wantURL string }{
		{"http://example.com", "http://example.com/v1"},
		{"https://example.com/", "https://example.com/v1"},
		{"http://example.com:8080/api/", "http://example.com:8080/api/v1"},
		{"http://example.com:/api", "http://example.com/api/v1"},
		{"http://[::1]:80/a%2Fb/", "http://[::1]:80/a%2Fb/v1"},
		{"HTTP://Example.com/API", "http://Example.com/API/v1"},
	} {
		t.Run(tc.baseURL, func(t *testing.T) {
			var got string
			client, err := runtime.New(tc.baseURL,
				runtime.WithHTTPClient(&http.Client{Transport: &roundTripper{answer: func(r *http.Request, _ int) (*http.Response, error) {
					got = r.URL.String()
					return respond(r, http.StatusNoContent, nil, ""), nil
				}}}),
			)
			require.NoError(t, err)
			call := client.NewCall(context.Background(), endpoint("GET"))
			call.Path("/v1")
			require.NoError(t, call.Do())
			assert.Equal(t, tc.wantURL, got)
		})
	}
}

func TestNilOptionsMeanDefaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var bodies []string
		client, rt := inMemory(t, func(r *http.Request, attempt int) (*http.Response, error) {
			b, _ := io.ReadAll(r.Body)
			bodies = append(bodies, string(b))
			if attempt == 1 {
				return respond(r, http.StatusServiceUnavailable, nil, ""), nil
			}
			return respond(r, http.StatusOK, nil, `{"attempt":2}`), nil
		},
			nil,
			runtime.WithRetryer(nil),
			runtime.WithErrorDecoder(nil),
			runtime.WithEncoder(nil),
			runtime.WithDecoder(nil),
			runtime.WithRequestInterceptor(nil),
		)

		var got result
		call := client.NewCall(context.Background(), endpoint("PUT"))
		call.Body(result{Attempt: 1})
		require.NoError(t, call.Decode(&got))

		assert.EqualValues(t, 2, rt.hits.Load(), "the default ErrorDecoder and Retryer retried the 503")
		assert.Equal(t, result{Attempt: 2}, got, "the default Decoder is JSON")
		assert.Equal(t, []string{`{"attempt":1}`, `{"attempt":1}`}, bodies, "the default Encoder is JSON")
	})
}

func TestCallErrorMessage(t *testing.T) {
	err := &runtime.CallError{MethodKey: "GitHub#Contributors", Attempts: 1, Err: assert.AnError}
	assert.Equal(t, "GitHub#Contributors: "+assert.AnError.Error(), err.Error())
	err.Attempts = 0
	assert.Equal(t, "GitHub#Contributors: "+assert.AnError.Error(), err.Error())
	err.Attempts = 3
	assert.Equal(t, "GitHub#Contributors: after 3 attempts: "+assert.AnError.Error(), err.Error())
	assert.ErrorIs(t, err, assert.AnError)
}

func TestCallErrorNamesTheMethodOnce(t *testing.T) {
	own := &errordecoder.HTTPError{StatusCode: 503, Method: "GET", URL: "http://x/y", MethodKey: "API#Get"}
	err := &runtime.CallError{MethodKey: "API#Get", Attempts: 1, Err: own}
	assert.Equal(t, own.Error(), err.Error(), "Feign's message names the method already")
	err.Attempts = 2
	assert.Equal(t, "after 2 attempts: "+own.Error(), err.Error())

	other := &errordecoder.HTTPError{StatusCode: 503, Method: "GET", URL: "http://x/y", MethodKey: "Other#Call"}
	err = &runtime.CallError{MethodKey: "API#Get", Attempts: 1, Err: other}
	assert.Equal(t, "API#Get: "+other.Error(), err.Error())
}

func TestCallErrorWithoutCause(t *testing.T) {
	assert.Equal(t, "API#X: <nil>", (&runtime.CallError{MethodKey: "API#X"}).Error())
}
