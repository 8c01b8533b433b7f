package runtime_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// A value that makes a "." or ".." segment, as any server may read the path, or that
// makes the request target start with "//", fails the call before anything is sent,
// with a message naming the variable and never quoting the rest of the value.
func TestDotSegmentsFailBeforeSending(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string // after the server's URL in the base URL
		build  func(*runtime.Call)
		want   string
	}{
		{
			name:  "dot-dot as a whole segment",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", "..") },
			want:  `API#GET: path parameter {name} makes the dot-segment ".." in the path`,
		},
		{
			name:  "dot as a whole segment, before more path",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", "."); c.Path("/raw") },
			want:  `API#GET: path parameter {name} makes the dot-segment "." in the path`,
		},
		{
			name:  "dot-dot before the query",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", ".."); c.Query("q", "1") },
			want:  `API#GET: path parameter {name} makes the dot-segment ".." in the path`,
		},
		{
			name:  "an escaped slash a server decodes",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", "../admin") },
			want:  `API#GET: path parameter {name} makes the dot-segment ".." in the path`,
		},
		{
			name:  "a backslash a Windows server reads as a slash",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", `x\..`) },
			want:  `API#GET: path parameter {name} makes the dot-segment ".." in the path`,
		},
		{
			name:  "a value that completes a literal dot",
			build: func(c *runtime.Call) { c.Path("/files/."); c.PathValue("ext", "."); c.Path("/raw") },
			want:  `API#GET: path parameter {ext} makes the dot-segment ".." in the path`,
		},
		{
			name:  "an empty value that leaves a literal dot alone",
			build: func(c *runtime.Call) { c.Path("/files/."); c.PathValue("ext", "") },
			want:  `API#GET: path parameter {ext} makes the dot-segment "." in the path`,
		},
		{
			name:  "two values that make a dot-dot",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathValue("a", "."); c.PathValue("b", ".") },
			want:  `API#GET: path parameter {b} makes the dot-segment ".." in the path`,
		},
		{
			name:  "a dot-dot element of a list",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathList("ids", []string{".."}, false) },
			want:  `API#GET: path parameter {ids} makes the dot-segment ".." in the path`,
		},
		{
			name: "a dot-dot inside a reserved value",
			build: func(c *runtime.Call) {
				c.Path("/files/")
				c.PathReservedSegment("path", "docs/../admin")
				c.Path("/raw")
			},
			want: `API#GET: path parameter {+path} makes the dot-segment ".." in the path`,
		},
		{
			name:  "a reserved value ending in a dot",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathReservedSegment("path", "docs/.") },
			want:  `API#GET: path parameter {+path} makes the dot-segment "." in the path`,
		},
		{
			name:  "a reserved value that is a dot-dot",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathReserved("path", "..") },
			want:  `API#GET: path parameter {+path} makes the dot-segment ".." in the path`,
		},
		{
			name:  "a reserved value that makes the target a host",
			build: func(c *runtime.Call) { c.Path("/"); c.PathReservedSegment("path", "/evil.example/x") },
			want:  `API#GET: path parameter {+path} makes the path start with "//"`,
		},
		{
			name:  "a reserved value that is only slashes",
			build: func(c *runtime.Call) { c.Path("/"); c.PathReservedSegment("path", "/") },
			want:  `API#GET: path parameter {+path} makes the path start with "//"`,
		},
		{
			name:  "a reserved value whose slash a literal follows",
			build: func(c *runtime.Call) { c.PathReserved("path", "/"); c.Path("/x") },
			want:  `API#GET: path parameter {+path} makes the path start with "//"`,
		},
		{
			name:  "an escaped slash at the start of the target",
			build: func(c *runtime.Call) { c.Path("/"); c.PathSegment("name", "/evil.example") },
			want:  `API#GET: path parameter {name} makes the path start with "//"`,
		},
		{
			name:  "empty values before a slash at the start of the target",
			build: func(c *runtime.Call) { c.Path("/"); c.PathValue("a", ""); c.PathValue("b", ""); c.Path("/x") },
			want:  `API#GET: path parameter {b} makes the path start with "//"`,
		},
		{
			name:   "dot-dot under a base URL path",
			prefix: "/api",
			build:  func(c *runtime.Call) { c.Path("/"); c.PathSegment("name", "..") },
			want:   `API#GET: path parameter {name} makes the dot-segment ".." in the path`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(200))
			f := newFixture(t, srv.URL+tc.prefix)
			call := f.NewCall(context.Background(), endpoint("GET"))
			tc.build(call)

			err := call.Do()

			assert.EqualValues(t, 0, srv.hits.Load(), "nothing may be sent")
			assert.EqualValues(t, 0, f.sent.Load(), "no interceptor may run")
			require.EqualError(t, err, tc.want)
			var argErr *runtime.ArgumentError
			require.ErrorAs(t, err, &argErr)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Zero(t, callErr.Attempts)
		})
	}
}

// What is only part of a segment, or spells its dots so that no server decodes them to
// dots, is sent as is: the server gets the value back, in its place.
func TestHarmlessDotsAreSent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string
		build  func(*runtime.Call)
		want   string // the request target the server got
	}{
		{
			name:  "dots after a literal",
			build: func(c *runtime.Call) { c.Path("/files/v"); c.PathValue("name", "..") },
			want:  "/files/v..",
		},
		{
			name:  "dots before a literal",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathValue("name", "."); c.Path(".json") },
			want:  "/files/..json",
		},
		{
			name:  "three dots",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", "...") },
			want:  "/files/...",
		},
		{
			name:  "escaped dots as literal text",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", "%2e%2e") },
			want:  "/files/%252e%252e",
		},
		{
			name:  "an escaped slash between names",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathSegment("name", "feature/x") },
			want:  "/files/feature%2Fx",
		},
		{
			name:  "a part of a dotted name across an escaped slash",
			build: func(c *runtime.Call) { c.Path("/files/v"); c.PathValue("name", "../x") },
			want:  "/files/v..%2Fx",
		},
		{
			name:  "reserved segments with dots in them",
			build: func(c *runtime.Call) { c.Path("/files/"); c.PathReservedSegment("name", "a/.b/c..") },
			want:  "/files/a/.b/c..",
		},
		{
			name:   "a leading slash under a base URL path",
			prefix: "/api",
			build:  func(c *runtime.Call) { c.Path("/"); c.PathReservedSegment("name", "/x") },
			want:   "/api//x",
		},
		{
			name:  "a literal dot-segment of the declaration",
			build: func(c *runtime.Call) { c.Path("/a/%2E%2E/b") },
			want:  "/a/%2E%2E/b",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(200))
			f := newFixture(t, srv.URL+tc.prefix)
			call := f.NewCall(context.Background(), endpoint("GET"))
			tc.build(call)

			require.NoError(t, call.Do())

			seen := srv.attempts()
			require.Len(t, seen, 1)
			assert.Equal(t, tc.want, seen[0].RequestURI)
			assert.EqualValues(t, 1, srv.hits.Load())
		})
	}
}

// Go's own ServeMux gives a handler of "/files/{name}" the name ".." for "/files/%2E%2E"
// (which is why encoding the dots was no defence): every value the runtime sends reaches
// such a handler as itself, and a value it refuses reaches no handler at all.
func TestServeMuxGetsEveryValueInItsPlace(t *testing.T) {
	var mu sync.Mutex
	var names []string
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET /files/{name}/raw", func(_ http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		mu.Lock()
		defer mu.Unlock()
		names = append(names, r.PathValue("name"))
	})
	mux.HandleFunc("/", func(http.ResponseWriter, *http.Request) { hits.Add(1) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	resp, err := srv.Client().Get(srv.URL + "/files/%2E%2E/raw")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	mu.Lock()
	require.Equal(t, []string{".."}, names, "the mux decodes an encoded dot-segment")
	names = nil
	mu.Unlock()
	hits.Store(0)

	f := newFixture(t, srv.URL)
	sent := []string{"...", "%2e%2e", "a/b", ".x", "x.", "zoë", "a b?c#d"}
	for _, name := range append([]string{".", "..", "../x", "x/..", `..\x`}, sent...) {
		call := f.NewCall(context.Background(), endpoint("GET"))
		call.Path("/files/")
		call.PathSegment("name", name)
		call.Path("/raw")
		if err := call.Do(); err != nil {
			require.ErrorAs(t, err, new(*runtime.ArgumentError), "%q", name)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, sent, names)
	assert.EqualValues(t, len(sent), hits.Load(), "the refused values reached no handler")
}
