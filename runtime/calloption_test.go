package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func TestUserAgent(t *testing.T) {
	tests := []struct {
		name   string
		header string // a declared User-Agent, if any
		call   []runtime.CallOption
		opts   []runtime.Option
		want   string
	}{
		{name: "default names the library", want: "gofeign/1"},
		{name: "declared header wins", header: "declared/2", want: "declared/2"},
		{name: "call header wins", call: []runtime.CallOption{runtime.CallHeader("user-agent", "per-call/3")}, want: "per-call/3"},
		{
			name: "interceptor wins",
			opts: []runtime.Option{runtime.WithRequestInterceptor(func(r *http.Request) error {
				r.Header.Set("User-Agent", "intercepted/4")
				return nil
			})},
			want: "intercepted/4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
				got = r.Header.Values("User-Agent")
				return respond(r, 200, nil, ""), nil
			}, tt.opts...)
			call := client.NewCall(context.Background(), endpoint("GET"), tt.call...)
			if tt.header != "" {
				call.Header("User-Agent", tt.header)
			}
			require.NoError(t, call.Do())
			assert.Equal(t, []string{tt.want}, got)
		})
	}
}

func TestCallOptions(t *testing.T) {
	t.Run("base URL and header", func(t *testing.T) {
		var got *http.Request
		client, _ := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			got = r
			return respond(r, 200, nil, ""), nil
		})
		call := client.NewCall(context.Background(), endpoint("GET"),
			runtime.CallBaseURL("https://other.test/v2/"), nil,
			runtime.CallHeader("X-Request-Id", "a"), runtime.CallHeader("X-Request-Id", "b"))
		call.Path("/items")
		require.NoError(t, call.Do())
		assert.Equal(t, "https://other.test/v2/items", got.URL.String())
		assert.Equal(t, []string{"a", "b"}, got.Header.Values("X-Request-Id"))
	})
	t.Run("retryer", func(t *testing.T) {
		client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
			return respond(r, 503, nil, ""), nil
		})
		err := client.NewCall(context.Background(), endpoint("GET"), runtime.CallRetryer(retryer.Never)).Do()
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr)
		assert.Equal(t, 503, httpErr.StatusCode)
		assert.Equal(t, int32(1), rt.hits.Load())
	})
	bad := []struct {
		name string
		opt  runtime.CallOption
		msg  string
	}{
		{"base URL", runtime.CallBaseURL("ftp://user:hunter2@x.test"), "base URL ftp://user:xxxxx@x.test: not an absolute http or https URL"},
		{"header name", runtime.CallHeader("Bad Name", "v"), "CallHeader: invalid header name"},
		{"header value", runtime.CallHeader("X-Token", "a\r\nEvil: 1"), "header X-Token has a value with a control character (CR, LF, ...)"},
	}
	for _, tt := range bad {
		t.Run("bad "+tt.name, func(t *testing.T) {
			client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
				return respond(r, 200, nil, ""), nil
			})
			err := client.NewCall(context.Background(), endpoint("GET"), tt.opt).Do()
			var argErr *runtime.ArgumentError
			require.True(t, errors.As(err, &argErr), "%v", err)
			assert.Equal(t, "API#GET: "+tt.msg, err.Error())
			assert.Equal(t, int32(0), rt.hits.Load())
		})
	}
}

func TestResponseInterceptor(t *testing.T) {
	stop := errors.New("refused by interceptor")
	var statuses []int
	client, rt := inMemory(t, func(r *http.Request, n int) (*http.Response, error) {
		return respond(r, []int{503, 200}[n-1], nil, "body"), nil
	}, runtime.WithRetryer(retryer.New(0, 0, 3)), runtime.WithResponseInterceptor(func(r *http.Response) error {
		statuses = append(statuses, r.StatusCode)
		return nil
	}), runtime.WithResponseInterceptor(func(r *http.Response) error {
		if r.StatusCode == 200 {
			return stop
		}
		return nil
	}))
	err := client.NewCall(context.Background(), endpoint("GET")).Do()
	require.ErrorIs(t, err, stop)
	assert.Equal(t, []int{503, 200}, statuses)
	assert.Equal(t, int32(2), rt.hits.Load())
}
