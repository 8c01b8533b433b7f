package runtime

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// pathPiece is a part of a path template: a literal, or the value of {a} or {b}, whole
// segments or not, or of {+a}.
type pathPiece struct {
	literal  string
	param    string // "a" or "b"; "" for a literal
	whole    bool   // PathSegment or PathReservedSegment
	reserved bool
}

// fuzzTemplates are the shapes a generated client appends a path in.
var fuzzTemplates = []struct {
	base   string
	pieces []pathPiece
}{
	{"http://h/base", []pathPiece{{literal: "/files/"}, {param: "a", whole: true}, {literal: "/end"}}},
	{"http://h/base", []pathPiece{{literal: "/files/"}, {param: "a", whole: true}}},
	{"http://h/base", []pathPiece{{literal: "/files/v"}, {param: "a"}, {literal: "/end"}}},
	{"http://h/base", []pathPiece{{literal: "/files/"}, {param: "a"}, {param: "b"}, {literal: "/end"}}},
	{"http://h/base", []pathPiece{{literal: "/files/"}, {param: "a"}, {literal: "."}, {param: "b"}}},
	{"http://h/base", []pathPiece{{literal: "/files/"}, {param: "a", whole: true, reserved: true}, {literal: "/end"}}},
	{"http://h/base", []pathPiece{{literal: "/files/"}, {param: "a", reserved: true}, {literal: "/"}, {param: "b", whole: true}}},
	{"http://h", []pathPiece{{literal: "/"}, {param: "a", whole: true, reserved: true}}},
	{"http://h", []pathPiece{{literal: "/"}, {param: "a", whole: true}, {literal: "/"}, {param: "b", reserved: true}}},
	{"http://h", []pathPiece{{literal: "/"}, {param: "a"}, {param: "b"}, {literal: "/end"}}},
}

// FuzzPath checks that no value in {var} or {+var} changes the path's segments as a
// server resolves them, and that the runtime refuses exactly the values that would.
//
// Whatever the template, a call either fails with an *ArgumentError before anything is
// sent, or its URL, parsed by net/url as a server parses it, has the intended segments:
// each {var} value is one segment exactly, split at its '/' only by a server that decodes
// "%2F", and a {+var} value spans the segments its '/' make. A server resolves dot-
// segments after decoding "%2E" (RFC 3986, Go's ServeMux wildcards), some after decoding
// "%2F" too (http.FileServer's URL.Path, many proxies), Windows ones read '\' as '/':
// none of these views may hold a "." or ".." segment, nor a target starting with "//".
// The oracle is computed from the values alone: the call must fail exactly when the
// intended path holds such a segment or starts with "//", or a whole segment is empty.
func FuzzPath(f *testing.F) {
	for _, seed := range [][2]string{
		{"..", "x"}, {".", "."}, {"../admin", "b"}, {"a/../b", ".."}, {"/evil.example/x", "y"},
		{"", ""}, {"%2e%2e", "%2F"}, {`x\..`, "a"}, {"docs/intro.md", "v1"}, {"...", "a.b"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for ti, tmpl := range fuzzTemplates {
			c, err := New(tmpl.base)
			if err != nil {
				t.Fatal(err)
			}
			call := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Get", Method: "GET"})
			basePath := strings.TrimPrefix(tmpl.base, "http://h")

			// segments is the intended path, one decoded segment each; emptyWhole is a
			// whole-segment variable without a value.
			segments := strings.Split(basePath, "/")
			emptyWhole := false
			for _, p := range tmpl.pieces {
				value := p.literal
				if p.param != "" {
					value = map[string]string{"a": a, "b": b}[p.param]
					emptyWhole = emptyWhole || p.whole && value == ""
				}
				switch {
				case p.param == "":
					call.Path(p.literal)
				case p.whole && p.reserved:
					call.PathReservedSegment(p.param, value)
				case p.whole:
					call.PathSegment(p.param, value)
				case p.reserved:
					call.PathReserved(p.param, value)
				default:
					call.PathValue(p.param, value)
				}
				parts := []string{value}
				if p.param == "" || p.reserved {
					parts = strings.Split(value, "/")
				}
				segments[len(segments)-1] += parts[0]
				segments = append(segments, parts[1:]...)
			}
			call.endPath()

			decoded := strings.Join(segments, "/")
			slashed := strings.ReplaceAll(decoded, `\`, "/") // as a Windows server, or a browser, reads it
			bad := emptyWhole || strings.HasPrefix(slashed, "//") || hasDotPart(decoded)
			if call.err != nil {
				if !errors.As(call.err, new(*ArgumentError)) {
					t.Fatalf("template %d, a=%q b=%q: %v is no *ArgumentError", ti, a, b, call.err)
				}
				if !bad {
					t.Fatalf("template %d, a=%q b=%q: a harmless path %q refused: %v", ti, a, b, decoded, call.err)
				}
				continue
			}
			if bad {
				t.Fatalf("template %d, a=%q b=%q: the path %q was let through as %q", ti, a, b, decoded, call.rawURL)
			}

			u, err := url.Parse(string(call.rawURL))
			if err != nil {
				t.Fatalf("template %d, a=%q b=%q: %q: %v", ti, a, b, call.rawURL, err)
			}
			if u.RawQuery != "" || u.Fragment != "" || u.Host != "h" {
				t.Fatalf("template %d, a=%q b=%q: %q has a query, fragment or other host", ti, a, b, call.rawURL)
			}
			// The view of RFC 3986 and ServeMux: each escaped segment decoded alone.
			var got []string
			for _, s := range strings.Split(u.EscapedPath(), "/") {
				d, err := url.PathUnescape(s)
				if err != nil {
					t.Fatalf("template %d: %q: %v", ti, s, err)
				}
				got = append(got, d)
			}
			if !slices.Equal(got, segments) {
				t.Fatalf("template %d, a=%q b=%q: the server sees the segments %q, not %q", ti, a, b, got, segments)
			}
			// The view of http.FileServer and of proxies that decode "%2F": URL.Path.
			if u.Path != decoded || hasDotPart(u.Path) || strings.HasPrefix(u.RequestURI(), "//") {
				t.Fatalf("template %d, a=%q b=%q: URL.Path %q, target %q", ti, a, b, u.Path, u.RequestURI())
			}
		}
	})
}

// hasDotPart reports whether the decoded path has a "." or ".." segment when both '/'
// and '\' separate segments.
func hasDotPart(path string) bool {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' })
	return slices.ContainsFunc(parts, func(p string) bool { return p == "." || p == ".." })
}
