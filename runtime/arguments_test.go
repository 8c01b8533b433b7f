package runtime_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

type failingText struct{}

func (failingText) MarshalText() ([]byte, error) { return nil, errors.New("cannot marshal") }

type day string

func (d day) MarshalText() ([]byte, error) { return []byte("2026-" + string(d)), nil }

func TestMarshalText(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/days/")
	call.PathSegment("day", call.MarshalText("day", day("01/02")))
	require.NoError(t, call.Do())
	assert.Equal(t, "/days/2026-01%2F02", srv.attempts()[0].RequestURI)
}

func TestArgumentErrorsFailBeforeSending(t *testing.T) {
	errBad := errors.New("bad value")
	for _, tc := range []struct {
		name   string
		build  func(*runtime.Call)
		param  string
		reason string
		cause  error
	}{
		{
			name:   "undefined path variable",
			build:  func(c *runtime.Call) { c.Path("/users/"); c.Undefined("id") },
			param:  "id",
			reason: "path parameter {id} has no value",
		},
		{
			name:   "empty path segment",
			build:  func(c *runtime.Call) { c.Path("/users/"); c.PathSegment("id", ""); c.Path("/delete") },
			param:  "id",
			reason: "path parameter {id} is empty",
		},
		{
			name:   "CR LF in a header",
			build:  func(c *runtime.Call) { c.Header("Authorization", "Bearer SECRET-TOKEN\r\nX-Evil: 1") },
			param:  "Authorization",
			reason: "header Authorization has a value with a control character (CR, LF, ...)",
		},
		{
			name:   "NUL in a header",
			build:  func(c *runtime.Call) { c.Header("X-Token", "SECRET-TOKEN\x00") },
			param:  "X-Token",
			reason: "header X-Token has a value with a control character (CR, LF, ...)",
		},
		{
			name:   "DEL in a header",
			build:  func(c *runtime.Call) { c.Header("X-Token", "SECRET-TOKEN\x7f") },
			param:  "X-Token",
			reason: "header X-Token has a value with a control character (CR, LF, ...)",
		},
		{
			name:   "Fail",
			build:  func(c *runtime.Call) { c.Fail("since", errBad) },
			param:  "since",
			reason: "parameter since",
			cause:  errBad,
		},
		{
			name:   "MarshalText",
			build:  func(c *runtime.Call) { c.Query("at", c.MarshalText("at", failingText{})) },
			param:  "at",
			reason: "parameter at",
		},
		{
			name: "the first mistake is reported",
			build: func(c *runtime.Call) {
				c.Undefined("first")
				c.Undefined("second")
			},
			param:  "first",
			reason: "path parameter {first} has no value",
		},
		{
			name:   "path after query",
			build:  func(c *runtime.Call) { c.Query("a", "b"); c.Path("/late") },
			reason: "path part appended after the query",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(200))
			f := newFixture(t, srv.URL)
			call := f.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "API#Op", Method: "POST"})
			tc.build(call)
			call.Body("body")

			err := call.Do()

			assert.EqualValues(t, 0, srv.hits.Load(), "nothing may be sent")
			assert.EqualValues(t, 0, f.sent.Load(), "no interceptor may run")
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Equal(t, 0, callErr.Attempts)
			assert.Equal(t, "API#Op", callErr.MethodKey)
			var argErr *runtime.ArgumentError
			require.ErrorAs(t, err, &argErr)
			assert.Equal(t, tc.param, argErr.Param)
			assert.Equal(t, tc.reason, argErr.Reason)
			if tc.cause != nil {
				assert.ErrorIs(t, err, tc.cause)
			}
			assert.NotContains(t, err.Error(), "SECRET-TOKEN", "a header value may be a secret")
		})
	}
}

func TestArgumentErrorMessage(t *testing.T) {
	f := newFixture(t, "http://example.invalid")
	call := f.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "GitHub#Repo", Method: "GET"})
	call.Path("/repos/")
	call.Undefined("owner")
	assert.EqualError(t, call.Do(), "GitHub#Repo: path parameter {owner} has no value")

	call = f.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "GitHub#Repo", Method: "GET"})
	call.Fail("since", errors.New("year out of range"))
	assert.EqualError(t, call.Do(), "GitHub#Repo: parameter since: year out of range")
}

func TestEncodeErrorFailsBeforeSending(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("POST"))
	call.Body(make(chan int))

	err := call.Do()

	assert.ErrorContains(t, err, "codec.JSON: encode chan int")
	assert.EqualValues(t, 0, srv.hits.Load())
	assert.EqualValues(t, 0, f.sent.Load())
}

func TestHeaders(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("POST"))
	call.Header("Accept", "application/vnd.github+json")
	call.Header("Accept", "application/json")
	call.Header("Content-Type", "text/plain")
	call.Header("Content-Type", "application/merge-patch+json") // replaces
	call.Header("X-Tab", "a\tb")
	call.Body(map[string]int{"a": 1})

	require.NoError(t, call.Do())

	seen := srv.attempts()
	require.Len(t, seen, 1)
	assert.Equal(t, []string{"application/vnd.github+json", "application/json"}, seen[0].Header["Accept"])
	assert.Equal(t, []string{"application/merge-patch+json"}, seen[0].Header["Content-Type"], "the encoder keeps a declared Content-Type")
	assert.Equal(t, []string{"a\tb"}, seen[0].Header["X-Tab"])
}

// More values than a Call keeps inline, names interleaved and an interceptor that
// changes every attempt's header: each attempt still sends exactly the declared values.
func TestManyHeadersOnEveryAttempt(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	f := newFixture(t, srv.URL, runtime.WithRequestInterceptor(func(r *http.Request) error {
		r.Header.Add("A", "intercepted")
		r.Header["B"][0] = "overwritten"
		return nil
	}))
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Header("A", "1")
	call.Header("B", "2")
	call.Header("A", "3")
	for i := range 8 {
		call.Header("X-"+strconv.Itoa(i), strconv.Itoa(i))
	}
	call.Header("B", "4")

	require.NoError(t, call.Do())

	seen := srv.attempts()
	require.Len(t, seen, 2)
	for _, s := range seen {
		assert.Equal(t, []string{"1", "3", "intercepted"}, s.Header["A"])
		assert.Equal(t, []string{"overwritten", "4"}, s.Header["B"])
		for i := range 8 {
			assert.Equal(t, []string{strconv.Itoa(i)}, s.Header["X-"+strconv.Itoa(i)])
		}
	}
}

func TestBaseURLPrefixAndEscaping(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(*runtime.Call)
		want  string
	}{
		{
			name:  "slash in a segment",
			build: func(c *runtime.Call) { c.Path("/items/"); c.PathSegment("id", "a/b") },
			want:  "/api/items/a%2Fb",
		},
		{
			name:  "value that is escaped text",
			build: func(c *runtime.Call) { c.Path("/items/"); c.PathValue("id", "%2F%2E%2E") },
			want:  "/api/items/%252F%252E%252E",
		},
		{
			name:  "generator-escaped literal path",
			build: func(c *runtime.Call) { c.Path("/a%2Fb/%2E%2E/c") },
			want:  "/api/a%2Fb/%2E%2E/c",
		},
		{
			name:  "query delimiters",
			build: func(c *runtime.Call) { c.Path("/search"); c.Query("q", "a&b=c#d+e f?/"); c.RawQuery("page=2") },
			want:  "/api/search?q=a%26b%3Dc%23d%2Be%20f%3F%2F&page=2",
		},
		{
			name:  "unicode",
			build: func(c *runtime.Call) { c.Path("/users/"); c.PathSegment("name", "zoë"); c.Query("q", "ü") },
			want:  "/api/users/zo%C3%AB?q=%C3%BC",
		},
		{
			name:  "query value of dots stays",
			build: func(c *runtime.Call) { c.Query("dir", "..") },
			want:  "/api?dir=..",
		},
		{
			name:  "no path",
			build: func(*runtime.Call) {},
			want:  "/api",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(200))
			f := newFixture(t, srv.URL+"/api/")
			call := f.NewCall(context.Background(), endpoint("GET"))
			tc.build(call)
			require.NoError(t, call.Do())
			seen := srv.attempts()
			require.Len(t, seen, 1)
			assert.Equal(t, tc.want, seen[0].RequestURI)
		})
	}
}

func TestEmptyPathOnBareHost(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	require.NoError(t, f.NewCall(context.Background(), endpoint("GET")).Do())
	assert.Equal(t, "/", srv.attempts()[0].RequestURI)
}

func TestNilContextMeansBackground(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	var ctx context.Context // generated code may pass a nil context through
	require.NoError(t, f.NewCall(ctx, endpoint("GET")).Do())
}

func TestEmptyMethodMeansGet(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	require.NoError(t, f.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "API#X"}).Do())
	assert.Equal(t, http.MethodGet, srv.attempts()[0].Method)
}

func TestCallEndedTwice(t *testing.T) {
	srv := newServer(t, statuses(200))
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("GET"))
	require.NoError(t, call.Do())
	assert.ErrorContains(t, call.Do(), "call already ended")
	assert.EqualValues(t, 1, srv.hits.Load())
}
