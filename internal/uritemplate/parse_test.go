package uritemplate

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lit is a literal part at offset off.
func lit(s string, off int) Part { return Part{Literal: s, Offset: off} }

// ex is an expression part from '{' at off to just past '}' at end.
func ex(op Operator, off, end int, vars ...Var) Part {
	return Part{Expr: &Expr{Op: op, Vars: vars, Offset: off, End: end}, Offset: off}
}

// v is a variable without modifiers whose name is at off.
func v(name string, off int) Var { return Var{Name: name, Offset: off} }

// exItem is an expression query item.
func exItem(op Operator, off, end int, vars ...Var) QueryItem {
	return QueryItem{Expr: &Expr{Op: op, Vars: vars, Offset: off, End: end}, Offset: off}
}

// pair is a query pair with a value.
func pair(name string, off int, value ...Part) QueryItem {
	if value == nil {
		value = []Part{}
	}
	return QueryItem{Name: name, Value: value, HasValue: true, Offset: off}
}

// flag is a query pair without '='.
func flag(name string, off int) QueryItem { return QueryItem{Name: name, Offset: off} }

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Template
	}{
		{"root", "/", &Template{Path: []Part{lit("/", 0)}}},
		{
			"request line of the spec",
			"/repos/{owner}/{repo}/contributors?anon={anon}",
			&Template{
				Path: []Part{
					lit("/repos/", 0),
					ex(Simple, 7, 14, v("owner", 8)),
					lit("/", 14),
					ex(Simple, 15, 21, v("repo", 16)),
					lit("/contributors", 21),
				},
				Query: []QueryItem{pair("anon", 35, ex(Simple, 40, 46, v("anon", 41)))},
			},
		},
		{
			"query expression and continuation",
			"/search{?q,page}{&sort}",
			&Template{
				Path: []Part{lit("/search", 0)},
				Query: []QueryItem{
					exItem(Query, 7, 16, v("q", 9), v("page", 11)),
					exItem(QueryContinuation, 16, 23, v("sort", 18)),
				},
			},
		},
		{
			"literal pair after a query expression",
			"/search{?q}&page=1",
			&Template{
				Path: []Part{lit("/search", 0)},
				Query: []QueryItem{
					exItem(Query, 7, 11, v("q", 9)),
					pair("page", 12, lit("1", 17)),
				},
			},
		},
		{
			"continuation after a literal query",
			"/x?fixed=yes{&a}&b{&c,d}",
			&Template{
				Path: []Part{lit("/x", 0)},
				Query: []QueryItem{
					pair("fixed", 3, lit("yes", 9)),
					exItem(QueryContinuation, 12, 16, v("a", 14)),
					flag("b", 17),
					exItem(QueryContinuation, 18, 24, v("c", 20), v("d", 22)),
				},
			},
		},
		{
			"continuation right after an empty value",
			"/x?a={&b}",
			&Template{
				Path: []Part{lit("/x", 0)},
				Query: []QueryItem{
					pair("a", 3),
					exItem(QueryContinuation, 5, 9, v("b", 7)),
				},
			},
		},
		{
			"reserved expression",
			"/files/{+path}",
			&Template{Path: []Part{lit("/files/", 0), ex(Reserved, 7, 14, v("path", 9))}},
		},
		{
			"adjacent expressions",
			"/{a}{+b}{c,d}",
			&Template{Path: []Part{
				lit("/", 0),
				ex(Simple, 1, 4, v("a", 2)),
				ex(Reserved, 4, 8, v("b", 6)),
				ex(Simple, 8, 13, v("c", 9), v("d", 11)),
			}},
		},
		{
			"modifiers",
			"/{a*}/{b:3}/{c,d*,e:9999}",
			&Template{Path: []Part{
				lit("/", 0),
				ex(Simple, 1, 5, Var{Name: "a", Explode: true, Offset: 2}),
				lit("/", 5),
				ex(Simple, 6, 11, Var{Name: "b", MaxLength: 3, Offset: 7}),
				lit("/", 11),
				ex(Simple, 12, 25,
					v("c", 13),
					Var{Name: "d", Explode: true, Offset: 15},
					Var{Name: "e", MaxLength: 9999, Offset: 18}),
			}},
		},
		{
			"unicode variable names",
			"/{größe}/{_x1}",
			&Template{Path: []Part{
				lit("/", 0),
				ex(Simple, 1, 10, v("größe", 2)),
				lit("/", 10),
				ex(Simple, 11, 16, v("_x1", 12)),
			}},
		},
		{
			"path literal keeps unreserved, sub-delims, ':', '@', '/' and pct-encodings",
			"/AZaz09-._~!$&'()*+,;=:@/%2f%41",
			&Template{Path: []Part{lit("/AZaz09-._~!$&'()*+,;=:@/%2f%41", 0)}},
		},
		{
			"path literal encodes everything else",
			"/é%zz%4%\"<>\\^`|[]",
			&Template{Path: []Part{lit("/%C3%A9%25zz%254%25%22%3C%3E%5C%5E%60%7C%5B%5D", 0)}},
		},
		{
			"query literals encode '&', '=', '+', ';' and '?'",
			"/x?a+b;=c+d=e/f:g@h?i;%26&j",
			&Template{
				Path: []Part{lit("/x", 0)},
				Query: []QueryItem{
					pair("a%2Bb%3B", 3, lit("c%2Bd%3De/f:g@h%3Fi%3B%26", 8)),
					flag("j", 26),
				},
			},
		},
		{
			"query literals encode like path literals otherwise",
			"/x?é[]=!$'()*,",
			&Template{
				Path:  []Part{lit("/x", 0)},
				Query: []QueryItem{pair("%C3%A9%5B%5D", 3, lit("!$'()*,", 8))},
			},
		},
		{
			"pairs with and without values",
			"/x?a&b=&c=1",
			&Template{
				Path:  []Part{lit("/x", 0)},
				Query: []QueryItem{flag("a", 3), pair("b", 5), pair("c", 8, lit("1", 10))},
			},
		},
		{
			"value mixing literals and expressions",
			"/x?q=pre{a}mid{b,c:2}",
			&Template{
				Path: []Part{lit("/x", 0)},
				Query: []QueryItem{pair("q", 3,
					lit("pre", 5),
					ex(Simple, 8, 11, v("a", 9)),
					lit("mid", 11),
					ex(Simple, 14, 21, v("b", 15), Var{Name: "c", MaxLength: 2, Offset: 17}),
				)},
			},
		},
		{
			"spec example",
			"/repos/{owner}/{repo}?anon={anon}&x=1{&c}",
			&Template{
				Path: []Part{
					lit("/repos/", 0),
					ex(Simple, 7, 14, v("owner", 8)),
					lit("/", 14),
					ex(Simple, 15, 21, v("repo", 16)),
				},
				Query: []QueryItem{
					pair("anon", 22, ex(Simple, 27, 33, v("anon", 28))),
					pair("x", 34, lit("1", 36)),
					exItem(QueryContinuation, 37, 41, v("c", 39)),
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		// The start.
		{"", 0, "must start with '/'"},
		{"repos/{owner}", 0, "must start with '/'"},
		{"{+base}/x", 0, "must start with '/'"},
		{"http://x/y", 0, "must start with '/': the request line is relative to the base URL, so it has no scheme or host"},
		{"//x/y", 1, `must not start with "//", which would name a host: the request line is relative to the base URL`},

		// Characters.
		{"/a b", 2, "a space is not allowed in a URI template; write %20"},
		{"/a\tb", 2, "whitespace (U+0009) is not allowed in a URI template"},
		{"/a\u00a0b", 2, "whitespace (U+00A0) is not allowed in a URI template"},
		{"/a\x00", 2, "control character U+0000 is not allowed in a URI template"},
		{"/a\x7f", 2, "control character U+007F is not allowed in a URI template"},
		{"/a\u0085", 2, "whitespace (U+0085) is not allowed in a URI template"},
		{"/a\xff", 2, "invalid UTF-8"},
		{"/x?a=b c", 6, "a space is not allowed in a URI template; write %20"},
		{"/x?a b", 4, "a space is not allowed in a URI template; write %20"},
		{"/{a b}", 3, "a space is not allowed in a URI template; write %20"},
		{"/{a\n}", 3, "whitespace (U+000A) is not allowed in a URI template"},
		{"/{a*\r}", 4, "whitespace (U+000D) is not allowed in a URI template"},
		{"/{\xff}", 2, "invalid UTF-8"},
		{"/x{?a} ", 6, "a space is not allowed in a URI template; write %20"},

		// Fragments and stray braces.
		{"/a#b", 2, "a request line cannot have a fragment ('#'); write %23 for a literal '#'"},
		{"/x?a#b", 4, "a request line cannot have a fragment ('#'); write %23 for a literal '#'"},
		{"/x?a=1#b", 6, "a request line cannot have a fragment ('#'); write %23 for a literal '#'"},
		{"/x?#", 3, "a request line cannot have a fragment ('#'); write %23 for a literal '#'"},
		{"/x{?a}#", 6, "a request line cannot have a fragment ('#'); write %23 for a literal '#'"},
		{"/a}", 2, "unexpected '}' without a matching '{'"},
		{"/x?}", 3, "unexpected '}' without a matching '{'"},
		{"/x?a}", 4, "unexpected '}' without a matching '{'"},
		{"/x?a=}", 5, "unexpected '}' without a matching '{'"},
		{"/x{?a}}", 6, "unexpected '}' without a matching '{'"},

		// Expressions.
		{"/{}", 2, "{}: empty expression"},
		{"/{+}", 3, "{+}: empty expression"},
		{"/{a,}", 4, "{a,}: empty variable name"},
		{"/{a,,b}", 4, "{a,,b}: empty variable name"},
		{"/{a", 1, "unclosed '{'"},
		{"/x?a={b", 5, "unclosed '{'"},
		{"/{", 1, "unclosed '{'"},
		{"/x{?a}{b", 6, "unclosed '{'"},
		{"/x?{&a", 3, "unclosed '{'"},
		{"/{a{b}}", 3, "unexpected '{' inside an expression: expressions cannot be nested (missing '}'?)"},
		{"/{1abc}", 2, "{1abc}: a variable name must be a Go identifier"},
		{"/{a-b}", 3, "{a-b}: a variable name must be a Go identifier"},
		{"/{a.b}", 3, "{a.b}: a variable name must be a Go identifier"},
		{"/{a,2}", 4, "{a,2}: a variable name must be a Go identifier"},
		{"/{a%20}", 3, "{a%20}: a variable name must be a Go identifier"},
		{"/{type}", 2, "{type}: type is a Go keyword, which cannot name a parameter"},
		{"/{a,func}", 4, "{a,func}: func is a Go keyword, which cannot name a parameter"},

		// Modifiers.
		{"/{a:}", 4, "{a:}: ':' needs a prefix length from 1 to 9999"},
		{"/{a:x}", 4, "{a:x}: ':' needs a prefix length from 1 to 9999"},
		{"/{a:0}", 4, "{a:0}: a prefix length must be from 1 to 9999"},
		{"/{a:05}", 4, "{a:05}: a prefix length cannot start with 0"},
		{"/{a:10000}", 4, "{a:10000}: a prefix length must be from 1 to 9999"},
		{"/{a:99999999999999999999999}", 4, "{a:99999999999999999999999}: a prefix length must be from 1 to 9999"},
		{"/{a*:3}", 4, "{a*:3}: a variable can have only one modifier"},
		{"/{a:3*}", 5, "{a:3*}: a variable can have only one modifier"},
		{"/{a**}", 4, "{a**}: a variable can have only one modifier"},
		{"/{a:3x}", 5, "{a:3x}: expected ',' or '}' after the modifier"},

		// Operators.
		{"/{#a}", 2, "{#a}: operator '#' is not supported: a request line has no fragment"},
		{"/x{.ext}", 3, "{.ext}: operator '.' is not supported; write .{ext}"},
		{"/x{/a,b}", 3, "{/a,b}: operator '/' is not supported; write /{a,b}"},
		{"/x{;a}", 3, "{;a}: operator ';' is not supported; write ;name={name} with a literal name"},
		{"/{=a}", 2, "{=a}: operator '=' is reserved by RFC 6570 and not supported"},
		{"/{,a}", 2, "{,a}: operator ',' is reserved by RFC 6570 and not supported"},
		{"/{!a}", 2, "{!a}: operator '!' is reserved by RFC 6570 and not supported"},
		{"/{@a}", 2, "{@a}: operator '@' is reserved by RFC 6570 and not supported"},
		{"/{|a}", 2, "{|a}: operator '|' is reserved by RFC 6570 and not supported"},
		{"/{$a}", 2, "{$a}: a variable name must be a Go identifier"},

		// Query structure.
		{"/x?", 2, "empty query pair: nothing follows '?'"},
		{"/x?a=1&", 6, "empty query pair: nothing follows '&'"},
		{"/x{?a}&", 6, "empty query pair: nothing follows '&'"},
		{"/x?&a=1", 3, "empty query pair"},
		{"/x?a=1&&b=2", 7, "empty query pair"},
		{"/x?=1", 3, "a query pair needs a name before '='"},
		{"/x?a=1&=2", 7, "a query pair needs a name before '='"},
		{"/x?{a}=1", 3, "a query name cannot be a template"},
		{"/x?a{b}=1", 4, "a query name cannot be a template"},
		{"/x?a=1&{b}", 7, "a query name cannot be a template"},
		{"/x?a={+b}", 6, "{+b}: operator '+' cannot be used in a query value; write {b}"},
		{"/x?a={+b,c*}", 6, "{+b,c*}: operator '+' cannot be used in a query value; write {b,c*}"},
		{"/x?{&a}", 3, "{&a}: a query cannot start with {&…}; put {?…} directly after the path instead"},
		{"/x?a&{&b}", 4, "{&b} brings its own '&'; remove the '&' before it"},
		{"/x?a{?b}", 4, "{?b}: {?…} cannot follow a '?' query; continue it with {&…}"},
		{"/x?a=1{?b}", 6, "{?b}: {?…} cannot follow a '?' query; continue it with {&…}"},
		{"/x?a&{?b}", 5, "{?b}: {?…} cannot follow a '?' query; continue it with {&…}"},
		{"/x?{?b}", 3, "{?b}: {?…} cannot follow a '?' query; continue it with {&…}"},
		{"/x{?a}{?b}", 6, "{?b}: a template can have only one {?…}; continue the query with {&…}"},
		{"/x{?a}&{?b}", 7, "{?b}: a template can have only one {?…}; continue the query with {&…}"},
		{"/x{&a}", 2, "{&a}: {&…} continues a query; start the query with '?' or {?…}"},
		{"/x{?a}/y", 6, "unexpected '/' after {?a}; the query continues with '&' or {&…}"},
		{"/x{?a}?b=1", 6, "unexpected '?' after {?a}; the query continues with '&' or {&…}"},
		{"/x?a=1{&c}x", 10, "unexpected 'x' after {&c}; the query continues with '&' or {&…}"},
		{"/x{?a}{b}", 6, "{b}: only '&' or {&…} can follow {?a}"},
		{"/x{?a}{+b}", 6, "{+b}: only '&' or {&…} can follow {?a}"},
		{"/x?a{&b}{c}", 8, "{c}: only '&' or {&…} can follow {&b}"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			require.Error(t, err)
			assert.Nil(t, got)
			var perr *Error
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, &Error{Offset: tt.offset, Msg: tt.msg}, perr)
		})
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Part
	}{
		{"empty", "", nil},
		{"literal only", "application/vnd.github+json", []Part{lit("application/vnd.github+json", 0)}},
		{
			"bearer token",
			"Bearer {token}",
			[]Part{lit("Bearer ", 0), ex(Simple, 7, 14, v("token", 8))},
		},
		{
			"raw text is not escaped",
			"é %zz?&=#\t\"x\"",
			[]Part{lit("é %zz?&=#\t\"x\"", 0)},
		},
		{
			"adjacent expressions with modifiers",
			"{a}{b*,c:3}",
			[]Part{
				ex(Simple, 0, 3, v("a", 1)),
				ex(Simple, 3, 11, Var{Name: "b", Explode: true, Offset: 4}, Var{Name: "c", MaxLength: 3, Offset: 7}),
			},
		},
		{
			"literal after expression",
			"{a}; charset=utf-8",
			[]Part{ex(Simple, 0, 3, v("a", 1)), lit("; charset=utf-8", 3)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"a}", 1, "unexpected '}' without a matching '{'"},
		{"{a", 0, "unclosed '{'"},
		{"{}", 1, "{}: empty expression"},
		{"x{a{b}}", 3, "unexpected '{' inside an expression: expressions cannot be nested (missing '}'?)"},
		{"{+a}", 1, "{+a}: operator '+' cannot be used in a header or body template; write {a}"},
		{"{?a,b}", 1, "{?a,b}: operator '?' cannot be used in a header or body template; write {a,b}"},
		{"{&a}", 1, "{&a}: operator '&' cannot be used in a header or body template; write {a}"},
		{"{#a}", 1, "{#a}: operator '#' cannot be used in a header or body template; write {a}"},
		{"{=a}", 1, "{=a}: operator '=' cannot be used in a header or body template; write {a}"},
		{"a\r\nInjected: 1", 1, "control character U+000D is not allowed"},
		{"a\nb", 1, "control character U+000A is not allowed"},
		{"a\x00", 1, "control character U+0000 is not allowed"},
		{"a\x7f", 1, "control character U+007F is not allowed"},
		{"a\xff", 1, "invalid UTF-8"},
		{"{a\n}", 2, "control character U+000A is not allowed"},
		{"{ a}", 1, "{ a}: a variable name must be a Go identifier (every '{' starts an expression)"},
		{`{"a": 1}`, 1, `{"a": 1}: a variable name must be a Go identifier (every '{' starts an expression)`},
		{"{a b}", 2, "{a b}: a variable name must be a Go identifier"},
		{"{a:0}", 3, "{a:0}: a prefix length must be from 1 to 9999"},
		{"{range}", 1, "{range}: range is a Go keyword, which cannot name a parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseText(tt.in)
			require.Error(t, err)
			assert.Nil(t, got)
			var perr *Error
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, &Error{Offset: tt.offset, Msg: tt.msg}, perr)
		})
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse("/{1abc}")
	require.EqualError(t, err, "offset 2: {1abc}: a variable name must be a Go identifier")
	var perr *Error
	require.True(t, errors.As(err, &perr))
	assert.Equal(t, 2, perr.Offset)
	assert.Equal(t, "{1abc}: a variable name must be a Go identifier", perr.Msg)
}

func TestErrorMessageQuotesOddExpressions(t *testing.T) {
	// An expression holding a character that is not graphic is quoted in
	// messages, so a message never carries raw control characters.
	_, err := ParseText("{1\u200b}")
	require.EqualError(t, err, `offset 1: "{1\u200b}": a variable name must be a Go identifier (every '{' starts an expression)`)
}

func TestWholeSegment(t *testing.T) {
	tests := []struct {
		in   string
		want []bool // per path part
	}{
		// parts: "/repos/" {owner} "/" {repo} "/x" {y} "/" {z} ".json/" {w}
		{"/repos/{owner}/{repo}/x{y}/{z}.json/{w}", []bool{false, true, false, true, false, false, false, false, false, true}},
		{"/{a}{b}", []bool{false, false, false}},
		{"/{+path}?x=1", []bool{false, true}},
		{"/{a,b}/", []bool{false, true, false}},
		{"/a{b}/", []bool{false, false, false}},
		{"/", []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tmpl, err := Parse(tt.in)
			require.NoError(t, err)
			require.Len(t, tmpl.Path, len(tt.want))
			for i, want := range tt.want {
				assert.Equal(t, want, tmpl.WholeSegment(i), "part %d", i)
			}
			assert.False(t, tmpl.WholeSegment(-1))
			assert.False(t, tmpl.WholeSegment(len(tmpl.Path)))
		})
	}
}

func TestVars(t *testing.T) {
	tests := []struct {
		in   string
		want []Var
	}{
		{"/", nil},
		{"/x?a=1&b", nil},
		{
			"/{a}/{+b:3}?x={c}&y=1{&d*}",
			[]Var{v("a", 2), {Name: "b", MaxLength: 3, Offset: 7}, v("c", 15), {Name: "d", Explode: true, Offset: 23}},
		},
		{"/search{?q,page}{&sort}", []Var{v("q", 9), v("page", 11), v("sort", 18)}},
		{"/{a}/{a}", []Var{v("a", 2), v("a", 6)}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tmpl, err := Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, tmpl.Vars())
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in, path, query string
	}{
		{" ", "%20", "%20"},
		{"é", "%C3%A9", "%C3%A9"},
		{"%", "%25", "%25"},
		{"%2", "%252", "%252"},
		{"%2g", "%252g", "%252g"},
		{"%2F%2f", "%2F%2f", "%2F%2f"},
		{"a/b:c@d", "a/b:c@d", "a/b:c@d"},
		{"&=+;", "&=+;", "%26%3D%2B%3B"},
		{"?#", "%3F%23", "%3F%23"},
		{"\"<>\\^`{|}[]", "%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D", "%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D"},
		{"\x00\x7f\xff", "%00%7F%FF", "%00%7F%FF"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.path, escape(tt.in, keepPath), "path %q", tt.in)
		assert.Equal(t, tt.query, escape(tt.in, keepQuery), "query %q", tt.in)
	}
}

func TestKeepSets(t *testing.T) {
	// The exact sets, byte by byte, against RFC 3986.
	const (
		unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
		subDelims  = "!$&'()*+,;="
		path       = unreserved + subDelims + ":@/"
		query      = unreserved + "!$'()*," + ":@/"
	)
	for c := 0; c < 256; c++ {
		assert.Equal(t, containsByte(path, byte(c)), keepPath(byte(c)), "keepPath(%q)", c)
		assert.Equal(t, containsByte(query, byte(c)), keepQuery(byte(c)), "keepQuery(%q)", c)
	}
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
