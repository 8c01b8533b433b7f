package runtime

import (
	"net/url"
	"slices"
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

func TestDotSegment(t *testing.T) {
	for in, want := range map[string]string{
		".":           `"."`,
		"..":          `".."`,
		"%2E":         `"."`,
		"%2e.":        `".."`,
		"..%2Fadmin":  `".."`,
		"a%2F..":      `".."`,
		"a%2f.%2Fb":   `"."`,
		"a%5C..%5Cb":  `".."`,
		`a\..`:        `".."`,
		"...":         "",
		".a":          "",
		"a..":         "",
		"v..%2Fx":     "",
		"":            "",
		"%252E%252E":  "",
		"%2E%2E%2E":   "",
		"..%20":       "",
		"%2":          "",
		"%2F%2F":      "",
		"a%2F...%2Fb": "",
	} {
		got, _ := dotSegment([]byte(in))
		assert.Equal(t, want, got, "%q", in)
	}
	for in, leading := range map[string]bool{"%2Fevil": true, "%5cx": true, `\x`: true, "": false, "a%2F": false, "%252F": false} {
		_, got := dotSegment([]byte(in))
		assert.Equal(t, leading, got, "%q", in)
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
// unreserved characters and %XX, decodes back to the value, and reaches the request line
// of a parsed URL unchanged as exactly one path segment; dotSegment finds a dot-segment
// in it, as a server may read it, exactly when the value has one, which the Call refuses.
func FuzzEscape(f *testing.F) {
	for _, seed := range []string{"", ".", "..", "../admin", "a/b", "%2F", "?#&=", "zoë", "\x00\r\n", "%", "%zz", "%2E%2E", `a\..`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		escaped := string(appendEscaped(nil, value))
		assertOnlyUnreservedAndPercent(t, escaped)
		decoded, err := url.PathUnescape(escaped)
		if err != nil || decoded != value {
			t.Fatalf("%q escaped to %q, which decodes to %q (%v)", value, escaped, decoded, err)
		}
		parts := strings.FieldsFunc(value, func(r rune) bool { return r == '/' || r == '\\' })
		hasDots := slices.ContainsFunc(parts, func(p string) bool { return p == "." || p == ".." })
		if dots, _ := dotSegment([]byte(escaped)); hasDots != (dots != "") {
			t.Fatalf("%q escaped to %q: dotSegment found %q, but the value has a dot part: %v", value, escaped, dots, hasDots)
		}

		u, err := url.Parse("http://h/items/" + escaped + "/tail?q=" + escaped)
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if got, want := u.EscapedPath(), "/items/"+escaped+"/tail"; got != want {
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
