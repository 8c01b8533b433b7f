package runtime

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendEscaped(t *testing.T) {
	for in, want := range map[string]string{
		"":              "",
		"AZaz09-._~":    "AZaz09-._~",
		"a b":           "a%20b",
		"a/b?c#d":       "a%2Fb%3Fc%23d",
		"&=+;,":         "%26%3D%2B%3B%2C",
		"%2F":           "%252F",
		"..":            "..", // dots are literal in a query value
		"\x00\x7f\xff":  "%00%7F%FF",
		"zoë":           "zo%C3%AB",
		"@:!$'()*[]":    "%40%3A%21%24%27%28%29%2A%5B%5D",
		"../etc/passwd": "..%2Fetc%2Fpasswd",
	} {
		assert.Equal(t, want, string(appendEscaped(nil, in)), "%q", in)
	}
}

func TestAppendPathEscaped(t *testing.T) {
	for in, want := range map[string]string{
		".":     "%2E",
		"..":    "%2E%2E",
		"...":   "%2E%2E%2E",
		".a":    ".a",
		"a..":   "a..",
		"../":   "..%2F",
		"":      "",
		"a b/c": "a%20b%2Fc",
	} {
		assert.Equal(t, want, string(appendPathEscaped(nil, in)), "%q", in)
	}
}

func TestValidHeaderValue(t *testing.T) {
	for v, valid := range map[string]bool{
		"":                true,
		"Bearer abc":      true,
		"a\tb":            true,
		"zoë":             true,
		"a\rb":            false,
		"a\nb":            false,
		"a\r\nX-Evil: 1":  false,
		"\x00":            false,
		"\x1f":            false,
		"\x7f":            false,
		"trailing space ": true,
	} {
		assert.Equal(t, valid, validHeaderValue(v), "%q", v)
	}
}

// FuzzEscape checks that no value escapes its place: the escaped form holds only
// unreserved characters and %XX, decodes back to the value, is never a dot-segment, and
// reaches the request line of a parsed URL unchanged as exactly one path segment.
func FuzzEscape(f *testing.F) {
	for _, seed := range []string{"", ".", "..", "../admin", "a/b", "%2F", "?#&=", "zoë", "\x00\r\n", "%", "%zz"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		for _, escaped := range []string{string(appendEscaped(nil, value)), string(appendPathEscaped(nil, value))} {
			assertOnlyUnreservedAndPercent(t, escaped)
			decoded, err := url.PathUnescape(escaped)
			if err != nil || decoded != value {
				t.Fatalf("%q escaped to %q, which decodes to %q (%v)", value, escaped, decoded, err)
			}
		}

		segment := string(appendPathEscaped(nil, value))
		if segment == "." || segment == ".." {
			t.Fatalf("%q escaped to the dot-segment %q", value, segment)
		}
		u, err := url.Parse("http://h/items/" + segment + "/tail?q=" + string(appendEscaped(nil, value)))
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if got, want := u.EscapedPath(), "/items/"+segment+"/tail"; got != want {
			t.Fatalf("%q: the request line would carry %q, not %q", value, got, want)
		}
		if q := u.Query(); len(q) != 1 || len(q["q"]) != 1 || q["q"][0] != value {
			t.Fatalf("%q: the query decodes to %v", value, q)
		}
	})
}

func assertOnlyUnreservedAndPercent(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case unreserved(b):
		case b == '%' && i+2 < len(s) && isUpperHex(s[i+1]) && isUpperHex(s[i+2]):
			i += 2
		default:
			t.Fatalf("%q has %q at %d", s, b, i)
		}
	}
	if strings.ContainsAny(s, "/?#&=+ ") {
		t.Fatalf("%q holds a delimiter", s)
	}
}

func isUpperHex(b byte) bool { return '0' <= b && b <= '9' || 'A' <= b && b <= 'F' }
