package roundtrip

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/server"
)

// hooked is one call of the error hook.
type hooked struct {
	status int
	err    error
}

// TestBadRequests sends requests no generated client sends: each gets its status and
// problem detail, and the implementation is never called.
func TestBadRequests(t *testing.T) {
	const problem = "application/problem+json"
	body := func(status int, title, detail string) string {
		return `{"type":"about:blank","title":"` + title + `","status":` + itoa(status) + `,"detail":"` + detail + `"}`
	}
	for _, tc := range []struct {
		name, method, target, contentType, body string
		header                                  http.Header
		status                                  int
		want                                    string
	}{
		{name: "an int that is no int", method: "GET", target: "/path/s/abc/1/1/1/1/true/2020-01-01T00:00:00Z/level-1/c",
			status: 400, want: body(400, "Bad Request", `path i: \"abc\" is not an integer of 64 bits`)},
		{name: "a uint8 out of range", method: "GET", target: "/path/s/1/1/256/1/1/true/2020-01-01T00:00:00Z/level-1/c",
			status: 400, want: body(400, "Bad Request", `path u8: \"256\" is not an unsigned integer of 8 bits`)},
		{name: "a TextUnmarshaler that refuses", method: "GET", target: "/path/s/1/1/1/1/1/true/2020-01-01T00:00:00Z/high/c",
			status: 400, want: body(400, "Bad Request", `path l: \"high\" does not parse: not a level`)},
		{name: "a bool that is no bool", method: "GET", target: "/query?fixed=yes&s=a&i=1&i32=1&u8=1&f=1&f32=1&b=maybe&t=2020-01-01T00:00:00Z&l=level-1&c=c",
			status: 400, want: body(400, "Bad Request", `query b: \"maybe\" is not a bool`)},
		{name: "a required query parameter missing", method: "GET", target: "/query?fixed=yes&i=1&i32=1&u8=1&f=1&f32=1&b=true&t=2020-01-01T00:00:00Z&l=level-1&c=c",
			status: 400, want: body(400, "Bad Request", `query s: missing`)},
		{name: "the literal pair of the request line missing", method: "GET", target: "/query?s=a&i=1&i32=1&u8=1&f=1&f32=1&b=true&t=2020-01-01T00:00:00Z&l=level-1&c=c",
			status: 400, want: body(400, "Bad Request", `query fixed: missing: the request line declares \"fixed=yes\"`)},
		{name: "a malformed escape", method: "GET", target: "/exploded?tags=%zz",
			status: 400, want: body(400, "Bad Request", `query tags: malformed percent-encoding`)},
		{name: "a list element that is no int", method: "GET", target: "/csv?nums=1,x",
			status: 400, want: body(400, "Bad Request", `query nums: \"x\" is not an integer`)},
		{name: "a header value that is no int", method: "GET", target: "/headers", header: http.Header{"Authorization": {"Bearer t"}, "X-Count": {"n=hunter2;"}},
			status: 400, want: body(400, "Bad Request", `header X-Count: \"hunter2\" is not an integer`)},
		{name: "a header without its declared prefix", method: "GET", target: "/headers", header: http.Header{"Authorization": {"Basic abc"}},
			status: 400, want: body(400, "Bad Request", `header Authorization: does not have the declared form \"Bearer {…}\"`)},
		{name: "a required header missing", method: "GET", target: "/headers",
			status: 400, want: body(400, "Bad Request", `header Authorization: missing`)},
		{name: "a form field that is no int", method: "POST", target: "/form", contentType: "application/x-www-form-urlencoded", body: "name=a&age=old",
			status: 400, want: body(400, "Bad Request", `form age: \"old\" is not an integer`)},
		{name: "malformed JSON", method: "PUT", target: "/items/1", contentType: "application/json", body: `{"name":`,
			status: 400, want: body(400, "Bad Request", `body: cannot be decoded: codec.JSON: decode *roundtrip.Item: unexpected end of JSON input`)},
		{name: "a JSON body under another Content-Type", method: "PUT", target: "/items/1", contentType: "text/plain", body: `{}`,
			status: 415, want: body(415, "Unsupported Media Type", `body: Content-Type \"text/plain\" is not the declared \"application/json\"`)},
		{name: "a raw body under another Content-Type", method: "POST", target: "/bytes", contentType: "application/json", body: `{}`,
			status: 415, want: body(415, "Unsupported Media Type", `body: Content-Type \"application/json\" is not the declared \"application/octet-stream\"`)},
		{name: "a form that is multipart", method: "POST", target: "/form", contentType: "multipart/form-data; boundary=x", body: "--x--",
			status: 415, want: body(415, "Unsupported Media Type", `body: Content-Type \"multipart/form-data\" is not the declared \"application/x-www-form-urlencoded\"`)},
		{name: "a JSON body over the limit", method: "PUT", target: "/items/1", contentType: "application/json", body: `{"name":"` + strings.Repeat("x", 64) + `"}`,
			status: 413, want: body(413, "Request Entity Too Large", `body: the body is larger than the limit of 32 bytes`)},
		{name: "a raw body over the limit", method: "POST", target: "/bytes", contentType: "application/octet-stream", body: strings.Repeat("x", 33),
			status: 413, want: body(413, "Request Entity Too Large", `body: the body is larger than the limit of 32 bytes`)},
		{name: "a streamed body read past the limit", method: "POST", target: "/reader", contentType: "application/octet-stream", body: strings.Repeat("x", 33),
			status: 413, want: body(413, "Request Entity Too Large", `body: the body is larger than the limit of 32 bytes`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			impl := &echo{}
			var mu sync.Mutex
			var hooks []hooked
			h := NewAPIHandler(impl, server.WithMaxBodyBytes(32), server.WithErrorHook(func(_ *http.Request, status int, err error) {
				mu.Lock()
				hooks = append(hooks, hooked{status, err})
				mu.Unlock()
			}))
			srv := httptest.NewServer(h)
			defer srv.Close()
			req, err := http.NewRequestWithContext(context.Background(), tc.method, srv.URL+tc.target, strings.NewReader(tc.body))
			require.NoError(t, err)
			for k, v := range tc.header {
				req.Header[k] = v
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, problem, resp.Header.Get("Content-Type"))
			assert.Equal(t, tc.want, string(got))
			if tc.target != "/reader" {
				assert.Zero(t, impl.calls.Load(), "the implementation is not called")
			}
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, hooks, 1)
			assert.Equal(t, tc.status, hooks[0].status)
			var re *server.RequestError
			assert.ErrorAs(t, hooks[0].err, &re)
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestErrorHookSeesTheHiddenError: a 500 shows nothing, the hook sees the error.
func TestErrorHookSeesTheHiddenError(t *testing.T) {
	impl := &echo{deleteErr: errSecret}
	var got []hooked
	h := NewAPIHandler(impl, server.WithErrorHook(func(_ *http.Request, status int, err error) {
		got = append(got, hooked{status, err})
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), "DELETE", "/items/7", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"the server could not complete the request"}`, rec.Body.String())
	assert.Equal(t, []hooked{{http.StatusInternalServerError, errSecret}}, got)
	assert.Equal(t, int64(1), impl.calls.Load())
}

// TestNoContent: a method that returns only an error answers 204 with no body.
func TestNoContent(t *testing.T) {
	rec := httptest.NewRecorder()
	NewAPIHandler(&echo{}).ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), "DELETE", "/items/7", nil))
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Empty(t, rec.Body.String())
}
