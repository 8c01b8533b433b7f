package runtime

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
)

func newTestCall(t testing.TB) *Call {
	t.Helper()
	c, err := New("http://h/base")
	require.NoError(t, err)
	return c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Get", Method: "GET"})
}

func TestPathReserved(t *testing.T) {
	for in, want := range map[string]string{
		"docs/intro.md":  "http://h/base/files/docs/intro.md",
		"a b?c#d/e%2F":   "http://h/base/files/a%20b%3Fc%23d/e%252F",
		"/lead//double/": "http://h/base/files//lead//double/",
		".a/b./...":      "http://h/base/files/.a/b./...",
	} {
		call := newTestCall(t)
		call.Path("/files/")
		call.PathReserved("p", in)
		call.endPath()
		require.NoError(t, call.err, "%q", in)
		assert.Equal(t, want, string(call.rawURL), "%q", in)
	}
	for _, in := range []string{"a/../b", "./x", "..", "x/.", `a\..\b`} {
		call := newTestCall(t)
		call.Path("/files/")
		call.PathReserved("p", in)
		call.endPath()
		require.ErrorAs(t, call.err, new(*ArgumentError), "%q", in)
	}
	call := newTestCall(t)
	call.PathReservedSegment("p", "")
	require.ErrorAs(t, call.err, new(*ArgumentError), "an empty whole segment is an error")
}

func TestQueryAndHeaderMaps(t *testing.T) {
	call := newTestCall(t)
	call.QueryMap(map[string][]string{"b": {"2", "3"}, "a&x=1": {"v=w"}})
	call.QueryStringMap(map[string]string{"z": "#"})
	call.QueryJoined("tag", ",", []string{"a,b", "c"})
	call.QueryJoined("none", ",", nil)
	assert.Equal(t, "http://h/base?a%26x%3D1=v%3Dw&b=2&b=3&z=%23&tag=a%2Cb,c", string(call.rawURL))

	call.HeaderMap(map[string][]string{"x-a": {"1", "2"}})
	call.HeaderStringMap(map[string]string{"X-B": "3"})
	assert.Equal(t, http.Header{"X-A": {"1", "2"}, "X-B": {"3"}}, call.declaredHeader())
	require.NoError(t, call.err)
	call.HeaderStringMap(map[string]string{"X-C": "a\nb"})
	require.ErrorAs(t, call.err, new(*ArgumentError))
}

func TestFormsAndMultipart(t *testing.T) {
	call := newTestCall(t)
	call.FormField("b", "x&y=z")
	call.FormField("a", "1")
	h := http.Header{}
	body, err := call.encoder.Encode(call.body, h)
	require.NoError(t, err)
	assert.Equal(t, "a=1&b=x%26y%3Dz", string(body))
	assert.Equal(t, "application/x-www-form-urlencoded", h.Get("Content-Type"))
	assert.IsType(t, codec.Form{}, call.encoder)

	call = newTestCall(t)
	call.MultipartField("n", "v")
	call.MultipartFile("f", `a"b`, []byte("data"))
	h = http.Header{"Content-Type": {"multipart/form-data"}}
	body, err = call.encoder.Encode(call.body, h)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(h.Get("Content-Type"), "multipart/form-data; boundary="), "the boundary is added")
	assert.Contains(t, string(body), `name="f"; filename="a\"b"`)
}

func TestJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"plain":     "plain",
		`a"b\c`:     `a\"b\\c`,
		"l\r\n\t":   `l\r\n\t`,
		"<&>\u2028": `\u003C\u0026\u003E\u2028`,
		"\x01":      `\u0001`,
		"\xff":      "\uFFFD",
	} {
		assert.Equal(t, want, JSONString(in), "%q", in)
	}
	call := newTestCall(t)
	assert.Equal(t, "1.5", call.JSONNumber("f", "1.5"))
	require.NoError(t, call.err)
	call.JSONNumber("f", "NaN")
	require.ErrorAs(t, call.err, new(*ArgumentError))
}

func TestNilElementsAndTexts(t *testing.T) {
	assert.Nil(t, Texts([]int(nil), func(int) string { return "" }))
	assert.Equal(t, []string{"1", "2"}, Texts([]int{1, 2}, func(i int) string { return string(rune('0' + i)) }))
	call := newTestCall(t)
	call.PathList("ids", nil, false)
	require.ErrorAs(t, call.err, new(*ArgumentError), "an empty list in a path is undefined")
	call = newTestCall(t)
	call.Path("/")
	call.PathList("ids", []string{"a/b", ".."}, false)
	call.Path("/")
	call.PathList("p", []string{"a/b", ".."}, true)
	call.endPath()
	assert.Equal(t, "http://h/base/a%2Fb,../a/b,..", string(call.rawURL))
	require.NoError(t, call.err, `"a/b,.." and "b,.." are no dot-segments`)
	call.NilElement("tags")
	var argErr *ArgumentError
	require.ErrorAs(t, call.err, &argErr)
	assert.Equal(t, "tags", argErr.Param)
}

// FuzzExpand checks that no value expanded by the runtime leaves its place: a {+var}
// path value adds no query or fragment, and a dot-segment fails the call (FuzzPath
// checks the path in depth); a query map key or value, a joined
// list, a form field or a JSON string value adds no pair, field or member; a header map
// value never holds a line break.
func FuzzExpand(f *testing.F) {
	for _, seed := range [][2]string{{"a/b", "c"}, {"../x", "&y=1"}, {"./", "#f"}, {"a\r\nb", `"},"x":"`}, {"\xff", "\u2028"}, {"", ""}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		call := newTestCall(t)
		call.Path("/files/")
		call.PathReserved("p", a)
		call.Path("/end")
		call.QueryMap(map[string][]string{a: {b}})
		call.QueryStringMap(map[string]string{b: a})
		call.QueryJoined("j", "%7C", []string{a, b})
		u, err := url.Parse(string(call.rawURL))
		require.NoError(t, err)
		assert.Empty(t, u.Fragment)
		assert.True(t, strings.HasPrefix(u.EscapedPath(), "/base/files/") && strings.HasSuffix(u.EscapedPath(), "/end"), "path %q", u.EscapedPath())
		call.endPath()
		for _, seg := range strings.Split(u.EscapedPath(), "/") {
			if seg == "." || seg == ".." {
				require.ErrorAs(t, call.err, new(*ArgumentError), "a dot-segment in %q", u.EscapedPath())
			}
		}
		q, err := url.ParseQuery(u.RawQuery)
		require.NoError(t, err)
		names := map[string]bool{a: true, b: true, "j": true}
		assert.Len(t, q, len(names), "no value adds a pair")
		assert.Contains(t, q[a], b)
		assert.Contains(t, q[b], a)
		assert.Contains(t, q["j"], a+"|"+b)

		call.HeaderStringMap(map[string]string{"X-V": a})
		if values := call.declaredHeader()["X-V"]; len(values) > 0 {
			assert.NotContains(t, values[0], "\n")
			assert.NotContains(t, values[0], "\r")
		}

		call.FormField(a, b)
		body, err := call.encoder.Encode(call.body, http.Header{})
		require.NoError(t, err)
		form, err := url.ParseQuery(string(body))
		require.NoError(t, err)
		assert.Equal(t, url.Values{a: {b}}, form)

		if utf8.ValidString(a) {
			var v map[string]string
			require.NoError(t, json.Unmarshal([]byte(`{"k": "`+JSONString(a)+`"}`), &v))
			assert.Equal(t, map[string]string{"k": a}, v, "a JSON string value stays in its string")
		}
	})
}
