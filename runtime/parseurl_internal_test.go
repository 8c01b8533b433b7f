package runtime

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseBases are base URLs of every shape New accepts.
var parseBases = []string{
	"http://api.test",
	"https://User:p%40ss@API.Example:8443/v1/api",
	"http://[fe80::1%25en0]:8080/x",
	"HTTP://h.example/",
	"http://h.example:/p",
	"http://127.0.0.1:9/a:b/c@d",
}

// parseSuffixes are paths and queries of calls, those the fast path takes and those it
// must leave to url.Parse.
var parseSuffixes = []string{
	"", "/", "/repos/golang/go/issues/42?fields=title%2Cstate", "?", "?a=1?b", "/a?",
	"/a%2Fb", "/a%20b", "/%zz", "/a b", "/é", "/a#frag", "/a?b#c", "/a?b\x7f", "/a?b\x01",
	"//other/x", "80/x", "ary/x", "/a;b=c/$&+,:=@", "/a!b", "/(x)", "/*", "/a'b",
	"/a?q=%ZZ&r=é", "/..", "/./a", "/a/../b", "/~user", "/a?b=c&d",
}

func TestParseCallURLIsURLParse(t *testing.T) {
	for _, base := range parseBases {
		for _, suffix := range parseSuffixes {
			checkParseCallURL(t, base, suffix)
		}
	}
}

func FuzzParseCallURL(f *testing.F) {
	for i, suffix := range parseSuffixes {
		f.Add(uint8(i), suffix)
	}
	f.Fuzz(func(t *testing.T, base uint8, suffix string) {
		checkParseCallURL(t, parseBases[int(base)%len(parseBases)], suffix)
	})
}

// checkParseCallURL requires that what parseCallURL takes, it parses as
// http.NewRequest would.
func checkParseCallURL(t *testing.T, base, suffix string) {
	t.Helper()
	normalized, err := parseBaseURL(base)
	require.NoError(t, err, base)
	parts := newBaseParts(normalized)
	require.NotEmpty(t, parts.prefix, "a base of the usual form: %s", base)
	raw := normalized + suffix
	got, ok := parts.parseCallURL(raw)
	req, err := http.NewRequest(http.MethodGet, raw, nil)
	if err != nil {
		assert.False(t, ok, "%q does not parse (%v), and the fast path took it", raw, err)
		return
	}
	if !ok {
		return
	}
	assert.Equal(t, comparableURL(req.URL), comparableURL(&got), "%q", raw)
	assert.Equal(t, req.Host, got.Host, "%q", raw)
}

// comparableURL is u with its userinfo as a string, since two parses give two pointers.
func comparableURL(u *url.URL) any {
	type plain struct {
		url.URL
		User string
	}
	c := *u
	user := ""
	if c.User != nil {
		user = c.User.String()
	}
	c.User = nil
	return plain{c, user}
}

// TestParseCallURLTakesTheUsualCall: the common call, an escaped path and a query,
// takes the fast path.
func TestParseCallURLTakesTheUsualCall(t *testing.T) {
	parts := newBaseParts("http://api.test:8080/v1")
	for _, raw := range []string{
		"http://api.test:8080/v1/repos/golang/go/issues/42?fields=title%2Cstate",
		"http://api.test:8080/v1",
		"http://api.test:8080/v1?page=2",
		"http://api.test:8080/other", // a next page's link, on the same origin
	} {
		_, ok := parts.parseCallURL(raw)
		assert.True(t, ok, raw)
	}
	for _, raw := range []string{
		"http://api.test:80801/v1/x", // another port that starts like the base's
		"http://api.test:8080/v1/a%2Fb",
	} {
		_, ok := parts.parseCallURL(raw)
		assert.False(t, ok, raw)
	}
}
