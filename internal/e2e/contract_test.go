package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// newCatalog returns a generated Catalog client for s, with the tracker that proves
// every response body gets closed.
func newCatalog(t *testing.T, s *server, opts ...runtime.Option) Catalog {
	t.Helper()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	tracker := &bodyTracker{next: transport}
	opts = append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: tracker}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 5)),
	}, opts...)
	c, err := NewCatalog(s.URL, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { assert.Zero(t, tracker.open.Load(), "response bodies left open") })
	return c
}

func line(r seen) string { return r.Method + " " + r.RequestURI }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestReservedAndQueryExpansions(t *testing.T) {
	s := newServer(t, reply{status: 200, body: "raw"})
	c := newCatalog(t, s)
	ctx := context.Background()

	text, err := c.File(ctx, "docs/a b/x.md", ptr("main"), 2, []string{"x", "y&z"})
	require.NoError(t, err)
	assert.Equal(t, "raw", text)
	_, err = c.File(ctx, "...", nil, 0, nil)
	require.NoError(t, err)
	_, err = c.File(ctx, "a?b#c/d", nil, -1, nil)
	require.NoError(t, err)
	_, err = c.File(ctx, "docs/../admin", nil, 0, nil)
	require.ErrorAs(t, err, new(*runtime.ArgumentError), "{+path} refuses a dot-segment")
	_, err = c.File(ctx, "./d", nil, 0, nil)
	require.ErrorAs(t, err, new(*runtime.ArgumentError), "{+path} refuses a dot-segment")

	got := s.requests()
	require.Len(t, got, 3)
	assert.Equal(t, "GET /files/docs/a%20b/x.md/raw?ref=main&depth=2&tag=x&tag=y%26z", line(got[0]),
		"{+path} keeps '/'; {?…} and {&…} add a pair per defined value")
	assert.Equal(t, "GET /files/.../raw?depth=0", line(got[1]), "an undefined value drops its pair")
	assert.Equal(t, "GET /files/a%3Fb%23c/d/raw?depth=-1", line(got[2]), "{+path} never adds a query or fragment")
	assert.Equal(t, "v1", got[0].Header.Get("X-Catalog"))
}

func TestCollectionFormats(t *testing.T) {
	s := newServer(t, reply{status: 200, body: "ok"})
	c := newCatalog(t, s)
	ctx := context.Background()

	b, err := c.Search(ctx, []string{"go", "a,b"}, ptr(2))
	require.NoError(t, err)
	assert.Equal(t, "ok", string(b))
	_, err = c.Search(ctx, nil, nil)
	require.NoError(t, err)
	require.NoError(t, c.SSV(ctx, []string{"a", "b c"}, []Day{{2026, 1, 2}, {2026, 12, 31}}))
	require.NoError(t, c.Pipes(ctx, []int{1, 2, 3}))
	require.NoError(t, c.Pipes(ctx, nil))

	got := s.requests()
	require.Len(t, got, 5)
	assert.Equal(t, "GET /search?q=go,a%2Cb&sort=stars&page=2", line(got[0]), "csv: one pair, literal commas between encoded values")
	assert.Equal(t, "GET /search?sort=stars", line(got[1]))
	assert.Equal(t, "GET /ssv?v=a%20b%20c&p=2026-01-02%202026-12-31", line(got[2]),
		"ssv: a value holding a space reads as two elements, as in every joined format; exploded is the unambiguous default")
	assert.Equal(t, "GET /pipes?ids=1%7C2%7C3", line(got[3]))
	assert.Equal(t, "GET /pipes", line(got[4]))
	q, err := url.ParseQuery(strings.SplitN(got[3].RequestURI, "?", 2)[1])
	require.NoError(t, err)
	assert.Equal(t, []string{"1|2|3"}, q["ids"])
}

func TestQueryMaps(t *testing.T) {
	s := newServer(t, reply{status: 204})
	c := newCatalog(t, s)
	ctx := context.Background()

	require.NoError(t, c.Values(ctx, url.Values{"state": {"open"}, "a&b": {"1=2", "x y"}, "label": {"bug"}}))
	require.NoError(t, c.Values(ctx, nil))
	require.NoError(t, c.Params(ctx, map[string]string{"z": "last", "a": "first", "q#": "?"}))
	require.NoError(t, c.Filtered(ctx, "new", &Filter{State: "open", Labels: []string{"bug", "ui"}, Since: &Day{2026, 2, 3}, Secret: "hidden", Plain: true}))
	require.NoError(t, c.Filtered(ctx, "old", &Filter{Page: 3}))
	require.NoError(t, c.Filtered(ctx, "none", nil))

	got := s.requests()
	require.Len(t, got, 6)
	assert.Equal(t, "GET /issues?per_page=10&a%26b=1%3D2&a%26b=x%20y&label=bug&state=open", line(got[0]),
		"keys sorted, names and values encoded: no key or value adds a pair")
	assert.Equal(t, "GET /issues?per_page=10", line(got[1]))
	assert.Equal(t, "GET /issues?a=first&q%23=%3F&z=last", line(got[2]))
	assert.Equal(t, "GET /issues?sort=new&state=open&label=bug&label=ui&since=2026-02-03&Plain=true", line(got[3]),
		"struct fields in declaration order; omitempty and query:\"-\" fields left out")
	assert.Equal(t, "GET /issues?sort=old&state=&page=3&Plain=false", line(got[4]))
	assert.Equal(t, "GET /issues?sort=none", line(got[5]), "a nil struct pointer adds nothing")
}

func TestHeaderMaps(t *testing.T) {
	s := newServer(t, reply{status: 204})
	c := newCatalog(t, s)
	ctx := context.Background()

	require.NoError(t, c.Headers(ctx, http.Header{"X-Multi": {"a", "b"}, "x-lower": {"c"}}))
	require.NoError(t, c.StringHeaders(ctx, map[string]string{"x-one": "1", "X-Catalog": "v2"}))

	err := c.StringHeaders(ctx, map[string]string{"X-Evil": "a\r\nInjected: yes"})
	var argErr *runtime.ArgumentError
	require.ErrorAs(t, err, &argErr, "a value with CR or LF is refused before sending")
	err = c.Headers(ctx, http.Header{"X-Bad\r\nInjected": {"v"}})
	require.ErrorAs(t, err, &argErr, "a name with CR or LF is refused before sending")
	assert.NotContains(t, err.Error(), "Injected")
	err = c.StringHeaders(ctx, map[string]string{"Host": "evil.example"})
	require.ErrorAs(t, err, &argErr)

	got := s.requests()
	require.Len(t, got, 2, "refused calls send nothing")
	assert.Equal(t, []string{"a", "b"}, got[0].Header.Values("X-Multi"))
	assert.Equal(t, []string{"c"}, got[0].Header.Values("X-Lower"))
	assert.Equal(t, []string{"1"}, got[1].Header.Values("X-One"))
	assert.Equal(t, []string{"v1", "v2"}, got[1].Header.Values("X-Catalog"), "a header map adds to the declared headers")
	assert.NotContains(t, got[0].Header, "Injected")
}

func TestBodyTemplates(t *testing.T) {
	s := newServer(t, reply{status: 204})
	c := newCatalog(t, s)
	ctx := context.Background()

	evil := `x", "admin": true, "y": "` + "\n</script>\u2028"
	require.NoError(t, c.JSONBody(ctx, evil, 7, true, []string{"a", `b"c`}))
	require.NoError(t, c.FormTemplate(ctx, "ann&admin=1", "p=ss w+d"))
	require.NoError(t, c.TextTemplate(ctx, ptr("Ann")))
	err := c.TextTemplate(ctx, nil)
	var argErr *runtime.ArgumentError
	require.ErrorAs(t, err, &argErr, "an undefined body value fails the call")
	assert.Equal(t, "name", argErr.Param)
	err = c.JSONBody(ctx, "t", 1, false, nil)
	require.ErrorAs(t, err, &argErr)

	got := s.requests()
	require.Len(t, got, 3)
	assert.Equal(t, "POST /issues", line(got[0]))
	assert.Equal(t, "application/json", got[0].Header.Get("Content-Type"))
	assert.Equal(t, `{"title": "x\", \"admin\": true, \"y\": \"\n\u003C/script\u003E\u2028", "count": 7, "draft": true, "labels": "a,b\"c"}`, got[0].Body)
	var decoded map[string]any
	require.NoError(t, jsonUnmarshal(got[0].Body, &decoded))
	assert.Equal(t, map[string]any{"title": evil, "count": 7.0, "draft": true, "labels": `a,b"c`}, decoded,
		"a value never breaks out of its JSON string")

	assert.Equal(t, "user=ann%26admin%3D1&pass=p%3Dss%20w%2Bd", got[1].Body)
	form, err := url.ParseQuery(got[1].Body)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"user": {"ann&admin=1"}, "pass": {"p=ss w+d"}}, form, "a value never adds a form field")
	assert.Equal(t, "application/x-www-form-urlencoded", got[1].Header.Get("Content-Type"))

	assert.Equal(t, "Dear Ann,", got[2].Body)
	assert.Equal(t, "text/plain", got[2].Header.Get("Content-Type"))
}

func TestFormAndMultipartBodies(t *testing.T) {
	s := newServer(t, reply{status: 204})
	c := newCatalog(t, s)
	ctx := context.Background()

	require.NoError(t, c.SignupFields(ctx, "Ann&x=1", 30, nil, []string{"a", "b"}))
	require.NoError(t, c.SignupFields(ctx, "Bob", 1, ptr("bobby"), nil))
	require.NoError(t, c.SignupStruct(ctx, Signup{Name: "Cy", Tags: []string{"t"}}))
	require.NoError(t, c.Upload(ctx, "7", `my "title"`, []byte("\x00binary\r\n--")))

	got := s.requests()
	require.Len(t, got, 4)
	assert.Equal(t, "age=30&name=Ann%26x%3D1&tag=a&tag=b", got[0].Body)
	assert.Equal(t, "application/x-www-form-urlencoded", got[0].Header.Get("Content-Type"))
	assert.Equal(t, "age=1&name=Bob&nick=bobby", got[1].Body)
	assert.Equal(t, "name=Cy&tag=t", got[2].Body, "a struct is the whole form, encoded by codec.Form; an empty omitempty field is left out")

	assert.Equal(t, "POST /upload/7", line(got[3]))
	media, params, err := mime.ParseMediaType(got[3].Header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", media)
	r := multipart.NewReader(strings.NewReader(got[3].Body), params["boundary"])
	var parts []string
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(p)
		require.NoError(t, err)
		parts = append(parts, fmt.Sprintf("%s|%s|%s|%q", p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data))
	}
	assert.Equal(t, []string{
		`title|||"my \"title\""`,
		`file|file|application/octet-stream|"\x00binary\r\n--"`,
	}, parts)
}

func TestCallOptionsAndGenericResults(t *testing.T) {
	s := newServer(t, reply{status: 200, body: `{"items":[{"id":"1","name":"one"}],"next":2}`})
	other := newServer(t, reply{status: 200, body: `{"items":[],"next":0}`})
	c := newCatalog(t, s)
	ctx := context.Background()

	page, err := c.WithOptions(ctx, "a", runtime.CallHeader("X-Extra", "yes"))
	require.NoError(t, err)
	assert.Equal(t, Page[Item]{Items: []Item{{ID: "1", Name: "one"}}, Next: 2}, page)
	page, err = c.WithOptions(ctx, "b", runtime.CallBaseURL(other.URL+"/v2"))
	require.NoError(t, err)
	assert.Equal(t, Page[Item]{Items: []Item{}}, page)
	_, err = c.WithOptions(ctx, "c")
	require.NoError(t, err)

	got := s.requests()
	require.Len(t, got, 2)
	assert.Equal(t, "GET /opts/a", line(got[0]))
	assert.Equal(t, "yes", got[0].Header.Get("X-Extra"))
	assert.Equal(t, "GET /opts/c", line(got[1]))
	assert.Empty(t, got[1].Header.Get("X-Extra"), "call options apply to their call only")
	require.Len(t, other.requests(), 1)
	assert.Equal(t, "GET /v2/opts/b", line(other.requests()[0]), "CallBaseURL sends the call elsewhere")
}

type sort string

func (s sort) String() string { return string(s) }

func TestNilListElementsFailTheCall(t *testing.T) {
	s := newServer(t, reply{status: 204})
	c := newCatalog(t, s)
	ctx := context.Background()

	require.NoError(t, c.NilElements(ctx, []fmt.Stringer{sort("a"), sort("b")}))
	err := c.NilElements(ctx, []fmt.Stringer{sort("a"), nil})
	var argErr *runtime.ArgumentError
	require.ErrorAs(t, err, &argErr, "a nil element is an argument error, never a panic")
	assert.Equal(t, "sorts", argErr.Param)
	require.ErrorAs(t, c.When(ctx, nil), &argErr, "an undefined path value fails the call")

	got := s.requests()
	require.Len(t, got, 1)
	assert.Equal(t, "GET /nil?sorts=a&sorts=b", line(got[0]))
}

func TestEmbeddedInterfaceMethodsAndDirectives(t *testing.T) {
	s := newServer(t, reply{status: 204})
	admin, err := NewAdmin(s.URL)
	require.NoError(t, err)
	ctx := context.Background()

	require.NoError(t, admin.Remove(ctx, "a/b"))
	require.NoError(t, admin.Pipes(ctx, []int{4}))

	got := s.requests()
	require.Len(t, got, 2)
	assert.Equal(t, "DELETE /files/a/b", line(got[0]))
	assert.Equal(t, "yes", got[0].Header.Get("X-Admin"))
	assert.Empty(t, got[0].Header.Get("X-Catalog"), "the embedded interface's headers apply to its own methods only")
	assert.Equal(t, "GET /pipes?ids=4", line(got[1]))
	assert.Equal(t, "yes", got[1].Header.Get("X-Admin"), "the embedding interface's headers apply to embedded methods")
	assert.Equal(t, "v1", got[1].Header.Get("X-Catalog"))
}

func TestOptionsReachTheEndpoints(t *testing.T) {
	assert.Equal(t, runtime.Endpoint{MethodKey: "Catalog#SSV", Method: "GET", Timeout: 1500 * time.Millisecond, AttemptTimeout: 250 * time.Millisecond, NoHedge: true}, catalogSSVEndpoint,
		"method options win over the interface's")
	assert.Equal(t, runtime.Endpoint{MethodKey: "Catalog#Pipes", Method: "GET", Timeout: 5 * time.Second, NoRetry: true}, catalogPipesEndpoint)
	assert.Equal(t, runtime.Endpoint{MethodKey: "Admin#Pipes", Method: "GET", Timeout: 5 * time.Second, AttemptTimeout: time.Second, NoRetry: true}, adminPipesEndpoint,
		"embedded methods get the embedding interface's options under their own")
	assert.Equal(t, runtime.Endpoint{MethodKey: "Admin#Remove", Method: "DELETE", AttemptTimeout: time.Second}, adminRemoveEndpoint)
}
