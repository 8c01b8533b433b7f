package uritemplate

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

var fuzzSeeds = []string{
	"/repos/{owner}/{repo}?anon={anon}&x=1{&c}",
	"/repos/{owner}/{repo}/contributors?anon={anon}",
	"/search{?q,page}{&sort}&x=1",
	"/files/{+path}/{a*}.{b:3}",
	"/é%zz%2f[]|?a+b=c=d;e&f",
	"/x?a={b}{c}&d{&e,f:9999}",
	"/{größe}/{_x1}",
	"/x?a&&b",
	"/{a{b}}",
	"/{a:05}",
	"/x{?a}{?b}",
	"http://x/y",
	"Bearer {token}",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tmpl, err := Parse(s)
		if err != nil {
			checkError(t, s, err)
			return
		}
		checkTemplate(t, s, tmpl)
	})
}

func FuzzParseText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("{\"name\": \"{name}\"}")
	f.Add("a\tb\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		parts, err := ParseText(s)
		if err != nil {
			checkError(t, s, err)
			return
		}
		// The parts are s, cut into pieces.
		var b strings.Builder
		for _, p := range parts {
			if p.Offset != b.Len() {
				t.Fatalf("ParseText(%q): part at %d, want %d", s, p.Offset, b.Len())
			}
			if p.Expr != nil {
				checkExpr(t, s, p.Expr, Simple)
				b.WriteString(s[p.Expr.Offset:p.Expr.End])
				continue
			}
			if p.Literal == "" {
				t.Fatalf("ParseText(%q): empty literal part at %d", s, p.Offset)
			}
			for _, r := range p.Literal {
				if r != '\t' && unicode.IsControl(r) || r == '{' || r == '}' {
					t.Fatalf("ParseText(%q): literal %q holds %q", s, p.Literal, r)
				}
			}
			b.WriteString(p.Literal)
		}
		if b.String() != s {
			t.Fatalf("ParseText(%q): parts make %q", s, b.String())
		}
	})
}

// checkError checks that err is an *Error inside s.
func checkError(t *testing.T, s string, err error) {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse(%q): error %T is not an *Error", s, err)
	}
	if perr.Offset < 0 || perr.Offset > len(s) || perr.Offset == len(s) && len(s) > 0 {
		t.Fatalf("Parse(%q): error offset %d out of range: %v", s, perr.Offset, err)
	}
	if perr.Msg == "" {
		t.Fatalf("Parse(%q): empty error message", s)
	}
}

// checkTemplate checks the properties of a successfully parsed template.
func checkTemplate(t *testing.T, s string, tmpl *Template) {
	t.Helper()
	if len(tmpl.Path) == 0 || tmpl.Path[0].Expr != nil || !strings.HasPrefix(tmpl.Path[0].Literal, "/") {
		t.Fatalf("Parse(%q): path does not start with a '/' literal: %+v", s, tmpl.Path)
	}

	// The path: literals are escaped, offsets increase, and it makes a URL
	// path with neither query nor fragment when its expressions are expanded.
	next := 0
	var path strings.Builder
	for _, p := range tmpl.Path {
		if p.Offset < next || p.Offset >= len(s) {
			t.Fatalf("Parse(%q): path part at %d, after %d", s, p.Offset, next)
		}
		next = p.Offset + 1
		if p.Expr != nil {
			if p.Expr.Op != Simple && p.Expr.Op != Reserved {
				t.Fatalf("Parse(%q): path expression with operator %q", s, p.Expr.Op)
			}
			checkExpr(t, s, p.Expr, p.Expr.Op)
			next = p.Expr.End
			path.WriteString("x")
			continue
		}
		checkLiteral(t, s, p.Literal, keepPath)
		path.WriteString(p.Literal)
	}
	u, err := url.Parse("http://h" + path.String())
	if err != nil || u.Host != "h" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		t.Fatalf("Parse(%q): path %q makes URL %#v, %v", s, path.String(), u, err)
	}

	// The query: names and literal values are escaped, offsets increase, and
	// the literal pairs make a query with these names when the expressions
	// are expanded.
	var query []string
	var names []string
	sawQuery := false
	for i, q := range tmpl.Query {
		if q.Offset < next || q.Offset >= len(s) {
			t.Fatalf("Parse(%q): query item at %d, after %d", s, q.Offset, next)
		}
		next = q.Offset + 1
		if q.Expr != nil {
			if q.Name != "" || q.Value != nil || q.HasValue || q.Offset != q.Expr.Offset {
				t.Fatalf("Parse(%q): expression item with a pair's fields: %+v", s, q)
			}
			switch {
			case q.Expr.Op == Query && (i > 0 || sawQuery):
				t.Fatalf("Parse(%q): {?…} is not the first query item", s)
			case q.Expr.Op == Query:
				sawQuery = true
			case i == 0:
				t.Fatalf("Parse(%q): the query starts with {&…}", s)
			case q.Expr.Op != QueryContinuation:
				t.Fatalf("Parse(%q): query expression with operator %q", s, q.Expr.Op)
			}
			checkExpr(t, s, q.Expr, q.Expr.Op)
			next = q.Expr.End
			continue
		}
		if q.Name == "" {
			t.Fatalf("Parse(%q): query pair without a name", s)
		}
		if q.HasValue != (q.Value != nil) {
			t.Fatalf("Parse(%q): HasValue %v with value %#v", s, q.HasValue, q.Value)
		}
		checkLiteral(t, s, q.Name, keepQuery)
		names = append(names, unescape(t, q.Name))
		pair := q.Name
		if q.HasValue {
			pair += "="
		}
		for _, p := range q.Value {
			if p.Offset < next || p.Offset >= len(s) {
				t.Fatalf("Parse(%q): value part at %d, after %d", s, p.Offset, next)
			}
			next = p.Offset + 1
			if p.Expr != nil {
				checkExpr(t, s, p.Expr, Simple)
				next = p.Expr.End
				pair += "x"
				continue
			}
			checkLiteral(t, s, p.Literal, keepQuery)
			pair += p.Literal
		}
		query = append(query, pair)
	}
	values, err := url.ParseQuery(strings.Join(query, "&"))
	if err != nil {
		t.Fatalf("Parse(%q): query %q: %v", s, strings.Join(query, "&"), err)
	}
	n := 0
	for _, vs := range values {
		n += len(vs)
	}
	if n != len(names) {
		t.Fatalf("Parse(%q): query %q has %d pairs, want %d", s, strings.Join(query, "&"), n, len(names))
	}
	for _, name := range names {
		if _, ok := values[name]; !ok {
			t.Fatalf("Parse(%q): query %q lacks %q", s, strings.Join(query, "&"), name)
		}
	}

	// Vars: every name is in s at its offset, in order.
	next = 0
	for _, v := range tmpl.Vars() {
		if v.Offset < next || v.Offset+len(v.Name) > len(s) || s[v.Offset:v.Offset+len(v.Name)] != v.Name {
			t.Fatalf("Parse(%q): variable %q at %d", s, v.Name, v.Offset)
		}
		next = v.Offset + len(v.Name)
	}
}

// checkExpr checks an expression of operator op.
func checkExpr(t *testing.T, s string, e *Expr, op Operator) {
	t.Helper()
	if e.Op != op {
		t.Fatalf("%q: expression %+v, want operator %q", s, e, op)
	}
	if e.Offset < 0 || e.End <= e.Offset || e.End > len(s) || s[e.Offset] != '{' || s[e.End-1] != '}' {
		t.Fatalf("%q: expression at [%d, %d)", s, e.Offset, e.End)
	}
	if len(e.Vars) == 0 {
		t.Fatalf("%q: expression %s without variables", s, s[e.Offset:e.End])
	}
	for _, v := range e.Vars {
		if v.Offset <= e.Offset || v.Offset+len(v.Name) >= e.End || s[v.Offset:v.Offset+len(v.Name)] != v.Name {
			t.Fatalf("%q: variable %q at %d", s, v.Name, v.Offset)
		}
		if v.MaxLength < 0 || v.MaxLength > 9999 || v.Explode && v.MaxLength != 0 {
			t.Fatalf("%q: variable %+v", s, v)
		}
		for i, r := range v.Name {
			if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
				t.Fatalf("%q: variable name %q is no Go identifier", s, v.Name)
			}
		}
	}
}

// checkLiteral checks that lit is non-empty, holds only the characters keep
// accepts and valid percent-encodings, and escapes to itself.
func checkLiteral(t *testing.T, s, lit string, keep func(byte) bool) {
	t.Helper()
	if lit == "" {
		t.Fatalf("%q: empty literal", s)
	}
	for i := 0; i < len(lit); i++ {
		switch c := lit[i]; {
		case c == '%':
			if i+2 >= len(lit) || !isHex(lit[i+1]) || !isHex(lit[i+2]) {
				t.Fatalf("%q: literal %q has a bad percent-encoding at %d", s, lit, i)
			}
			i += 2
		case c == '?' || c == '#' || c == '{' || c == '}' || c == ' ':
			t.Fatalf("%q: literal %q holds %q", s, lit, c)
		case !keep(c):
			t.Fatalf("%q: literal %q holds %q", s, lit, c)
		}
	}
	if got := escape(lit, keep); got != lit {
		t.Fatalf("%q: literal %q escapes to %q", s, lit, got)
	}
}

func unescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatalf("unescape %q: %v", s, err)
	}
	return u
}
