package uritemplate

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse parses the URI template of a request line, relative to the base URL.
// The returned error is always an *Error.
func Parse(s string) (*Template, error) {
	if !strings.HasPrefix(s, "/") {
		if hasScheme(s) {
			return nil, errorf(0, "must start with '/': the request line is relative to the base URL, so it has no scheme or host")
		}
		return nil, errorf(0, "must start with '/'")
	}
	if strings.HasPrefix(s, "//") {
		return nil, errorf(1, `must not start with "//", which would name a host: the request line is relative to the base URL`)
	}
	p := &parser{s: s}
	t := &Template{}
	if err := p.path(t); err != nil {
		return nil, err
	}
	return t, nil
}

// ParseText parses a header value (or body) template: raw literal text and
// Simple expressions only. Literal parts hold the text unchanged. The
// returned error is always an *Error.
func ParseText(s string) ([]Part, error) {
	p := &parser{s: s, text: true}
	var parts []Part
	for p.pos < len(s) {
		switch s[p.pos] {
		case '{':
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			parts = append(parts, Part{Expr: e, Offset: e.Offset})
		case '}':
			return nil, errStray(p.pos)
		default:
			start := p.pos
			lit, err := p.literal("{}")
			if err != nil {
				return nil, err
			}
			parts = append(parts, Part{Literal: lit, Offset: start})
		}
	}
	return parts, nil
}

// parser is the state of one Parse or ParseText call.
type parser struct {
	s    string
	pos  int  // the next byte to read
	text bool // parsing a text template (ParseText), not a URI template

	// queryByExpr reports whether the query started with a {?…} expression
	// rather than a literal '?'.
	queryByExpr bool
}

func errorf(offset int, format string, args ...any) *Error {
	return &Error{Offset: offset, Msg: fmt.Sprintf(format, args...)}
}

func errStray(offset int) *Error {
	return errorf(offset, "unexpected '}' without a matching '{'")
}

func errFragment(offset int) *Error {
	return errorf(offset, "a request line cannot have a fragment ('#'); write %%23 for a literal '#'")
}

// hasScheme reports whether s starts with an RFC 3986 scheme and ':'.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// path parses the path of a URI template into t and then its query, if any.
func (p *parser) path(t *Template) error {
	s := p.s
	for p.pos < len(s) {
		switch s[p.pos] {
		case '?':
			p.pos++
			return p.query(t, p.pos-1)
		case '{':
			e, err := p.expr()
			if err != nil {
				return err
			}
			switch e.Op {
			case Simple, Reserved:
				t.Path = append(t.Path, Part{Expr: e, Offset: e.Offset})
			case Query:
				p.queryByExpr = true
				t.Query = append(t.Query, QueryItem{Expr: e, Offset: e.Offset})
				return p.query(t, -1)
			case QueryContinuation:
				return errorf(e.Offset, "%s: {&…} continues a query; start the query with '?' or {?…}", p.exprText(e))
			}
		case '}':
			return errStray(p.pos)
		case '#':
			return errFragment(p.pos)
		default:
			start := p.pos
			lit, err := p.literal("?{}#")
			if err != nil {
				return err
			}
			t.Path = append(t.Path, Part{Literal: escape(lit, keepPath), Offset: start})
		}
	}
	return nil
}

// query parses the query of a URI template into t. When the query starts
// with a literal '?', sep is its offset and p.pos is just past it; when it
// starts with a {?…} expression, that is already in t.Query and sep is -1.
func (p *parser) query(t *Template, sep int) error {
	s := p.s
	if sep >= 0 {
		if err := p.pair(t, sep); err != nil {
			return err
		}
	}
	for p.pos < len(s) {
		switch s[p.pos] {
		case '&':
			p.pos++
			if err := p.pair(t, p.pos-1); err != nil {
				return err
			}
		case '{':
			e, err := p.expr()
			if err != nil {
				return err
			}
			switch e.Op {
			case QueryContinuation:
				t.Query = append(t.Query, QueryItem{Expr: e, Offset: e.Offset})
			case Query:
				return p.errMisplacedQuery(e)
			default:
				return errorf(e.Offset, "%s: only '&' or {&…} can follow %s", p.exprText(e), p.lastItem(t))
			}
		case '#':
			return errFragment(p.pos)
		case '}':
			return errStray(p.pos)
		default:
			// Pairs end at '&', '{' or the end, so this follows an expression.
			r, _, err := p.rune(p.pos)
			if err != nil {
				return err
			}
			return errorf(p.pos, "unexpected %q after %s; the query continues with '&' or {&…}", r, p.lastItem(t))
		}
	}
	return nil
}

// lastItem returns the text of the last query item for messages.
func (p *parser) lastItem(t *Template) string {
	if len(t.Query) == 0 {
		return "the query"
	}
	q := t.Query[len(t.Query)-1]
	if q.Expr != nil {
		return p.exprText(q.Expr)
	}
	return "a query pair"
}

// errMisplacedQuery reports a {?…} expression in the query.
func (p *parser) errMisplacedQuery(e *Expr) *Error {
	if p.queryByExpr {
		return errorf(e.Offset, "%s: a template can have only one {?…}; continue the query with {&…}", p.exprText(e))
	}
	return errorf(e.Offset, "%s: {?…} cannot follow a '?' query; continue it with {&…}", p.exprText(e))
}

// pair parses one name or name=value pair of the query into t. sep is the
// offset of the '?' or '&' before it; p.pos is just past sep. A pair ends at
// an '&', at a {&…} or {?…} expression, or at the end.
func (p *parser) pair(t *Template, sep int) error {
	s := p.s
	start := p.pos
	name, err := p.literal("&={}#")
	if err != nil {
		return err
	}
	if name == "" {
		return p.errNoName(sep)
	}
	item := QueryItem{Name: escape(name, keepQuery), Offset: start}
	if p.pos < len(s) && s[p.pos] == '=' {
		p.pos++
		item.HasValue = true
		item.Value = []Part{}
	}
	for item.HasValue && p.pos < len(s) && s[p.pos] != '&' && !p.atQueryExpr() {
		switch s[p.pos] {
		case '{':
			e, err := p.expr()
			if err != nil {
				return err
			}
			if e.Op != Simple {
				return errorf(e.Offset+1, "%s: operator '%c' cannot be used in a query value; write %s", p.exprText(e), e.Op, quoteExpr("{"+s[e.Offset+2:e.End]))
			}
			item.Value = append(item.Value, Part{Expr: e, Offset: e.Offset})
		case '}':
			return errStray(p.pos)
		case '#':
			return errFragment(p.pos)
		default:
			off := p.pos
			lit, err := p.literal("&{}#")
			if err != nil {
				return err
			}
			item.Value = append(item.Value, Part{Literal: escape(lit, keepQuery), Offset: off})
		}
	}
	if !item.HasValue && p.pos < len(s) {
		switch s[p.pos] {
		case '{':
			if !p.atQueryExpr() {
				return errorf(p.pos, "a query name cannot be a template")
			}
		case '}':
			return errStray(p.pos)
		case '#':
			return errFragment(p.pos)
		}
	}
	t.Query = append(t.Query, item)
	return nil
}

// atQueryExpr reports whether p.pos is at the start of a {?…} or {&…}
// expression, which ends a query pair.
func (p *parser) atQueryExpr() bool {
	s := p.s[p.pos:]
	return strings.HasPrefix(s, "{&") || strings.HasPrefix(s, "{?")
}

// errNoName reports a query pair without a name at p.pos; sep is the offset
// of the '?' or '&' before it.
func (p *parser) errNoName(sep int) error {
	s := p.s
	if p.pos == len(s) {
		return errorf(sep, "empty query pair: nothing follows '%c'", s[sep])
	}
	switch s[p.pos] {
	case '&':
		return errorf(p.pos, "empty query pair")
	case '=':
		return errorf(p.pos, "a query pair needs a name before '='")
	case '}':
		return errStray(p.pos)
	case '#':
		return errFragment(p.pos)
	}
	// s[p.pos] == '{'
	if !p.atQueryExpr() {
		return errorf(p.pos, "a query name cannot be a template")
	}
	e, err := p.expr()
	if err != nil {
		return err
	}
	switch {
	case e.Op == Query:
		return p.errMisplacedQuery(e)
	case s[sep] == '?':
		return errorf(e.Offset, "%s: a query cannot start with {&…}; put {?…} directly after the path instead", p.exprText(e))
	default:
		return errorf(sep, "%s brings its own '&'; remove the '&' before it", p.exprText(e))
	}
}

// rune decodes the rune at offset i and reports an error if it may not
// appear in the template.
func (p *parser) rune(i int) (rune, int, error) {
	r, size := utf8.DecodeRuneInString(p.s[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return r, size, errorf(i, "invalid UTF-8")
	case p.text:
		if r != '\t' && unicode.IsControl(r) {
			return r, size, errorf(i, "control character %U is not allowed", r)
		}
	case r == ' ':
		return r, size, errorf(i, "a space is not allowed in a URI template; write %%20")
	case unicode.IsSpace(r):
		return r, size, errorf(i, "whitespace (%U) is not allowed in a URI template", r)
	case unicode.IsControl(r):
		return r, size, errorf(i, "control character %U is not allowed in a URI template", r)
	}
	return r, size, nil
}

// literal reads literal text from p.pos up to the end or to a byte in stop,
// which holds ASCII characters only.
func (p *parser) literal(stop string) (string, error) {
	start := p.pos
	for p.pos < len(p.s) && strings.IndexByte(stop, p.s[p.pos]) < 0 {
		_, size, err := p.rune(p.pos)
		if err != nil {
			return "", err
		}
		p.pos += size
	}
	return p.s[start:p.pos], nil
}

// expr parses the expression whose '{' is at p.pos and moves p.pos past it.
// It accepts the operators '+', '?' and '&' in a URI template and none in a
// text template; the caller checks that the operator fits the place.
func (p *parser) expr() (*Expr, error) {
	s := p.s
	start := p.pos
	end := -1
scan:
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '{':
			return nil, errorf(i, "unexpected '{' inside an expression: expressions cannot be nested (missing '}'?)")
		case '}':
			end = i
			break scan
		}
	}
	if end < 0 {
		return nil, errorf(start, "unclosed '{'")
	}
	e := &Expr{Offset: start, End: end + 1}
	text := quoteExpr(s[start : end+1])
	i := start + 1
	if strings.IndexByte("+?&#./;=,!@|", s[i]) >= 0 {
		if err := p.checkOperator(s[i], i, text, s[i+1:end+1]); err != nil {
			return nil, err
		}
		e.Op = Operator(s[i])
		i++
	}
	for {
		v, next, err := p.varspec(i, end, text, len(e.Vars) == 0)
		if err != nil {
			return nil, err
		}
		e.Vars = append(e.Vars, v)
		if next == end {
			break
		}
		i = next + 1 // past ','
	}
	p.pos = end + 1
	return e, nil
}

// checkOperator reports whether the operator op at offset i is supported.
// text is the expression's text for messages and bare the text of its
// variable list with the closing '}', for suggestions.
func (p *parser) checkOperator(op byte, i int, text, bare string) error {
	switch {
	case p.text:
		return errorf(i, "%s: operator '%c' cannot be used in a header or body template; write %s", text, op, quoteExpr("{"+bare))
	case op == '+' || op == '?' || op == '&':
		return nil
	case op == '#':
		return errorf(i, "%s: operator '#' is not supported: a request line has no fragment", text)
	case op == '.' || op == '/':
		return errorf(i, "%s: operator '%c' is not supported; write %s", text, op, quoteExpr(string(op)+"{"+bare))
	case op == ';':
		return errorf(i, "%s: operator ';' is not supported; write ;name={name} with a literal name", text)
	default:
		return errorf(i, "%s: operator '%c' is reserved by RFC 6570 and not supported", text, op)
	}
}

// varspec parses the variable at offset i of the expression whose '}' is at
// end. It returns the offset just past the variable, of a ',' or of end.
func (p *parser) varspec(i, end int, text string, first bool) (Var, int, error) {
	s := p.s
	start := i
	for i < end {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '_' && !unicode.IsLetter(r) && (i == start || !unicode.IsDigit(r)) {
			break
		}
		i += size
	}
	if i == start {
		switch {
		case first && i == end:
			return Var{}, 0, errorf(i, "%s: empty expression", text)
		case s[i] == ',' || i == end:
			return Var{}, 0, errorf(i, "%s: empty variable name", text)
		}
		if _, _, err := p.rune(i); err != nil {
			return Var{}, 0, err
		}
		if p.text {
			return Var{}, 0, errorf(i, "%s: a variable name must be a Go identifier (every '{' starts an expression)", text)
		}
		return Var{}, 0, errorf(i, "%s: a variable name must be a Go identifier", text)
	}
	v := Var{Name: s[start:i], Offset: start}
	if token.IsKeyword(v.Name) {
		return Var{}, 0, errorf(start, "%s: %s is a Go keyword, which cannot name a parameter", text, v.Name)
	}
	modifier := true
	switch s[i] {
	case '*':
		v.Explode = true
		i++
	case ':':
		i++
		digits := i
		for i < end && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		switch {
		case i == digits:
			return Var{}, 0, errorf(i, "%s: ':' needs a prefix length from 1 to 9999", text)
		case s[digits] == '0' && i-digits > 1:
			return Var{}, 0, errorf(digits, "%s: a prefix length cannot start with 0", text)
		case s[digits] == '0' || i-digits > 4:
			return Var{}, 0, errorf(digits, "%s: a prefix length must be from 1 to 9999", text)
		}
		v.MaxLength, _ = strconv.Atoi(s[digits:i]) // at most 4 digits
	default:
		modifier = false
	}
	if i == end || s[i] == ',' {
		return v, i, nil
	}
	if _, _, err := p.rune(i); err != nil {
		return Var{}, 0, err
	}
	switch {
	case modifier && (s[i] == '*' || s[i] == ':'):
		return Var{}, 0, errorf(i, "%s: a variable can have only one modifier", text)
	case modifier:
		return Var{}, 0, errorf(i, "%s: expected ',' or '}' after the modifier", text)
	default:
		return Var{}, 0, errorf(i, "%s: a variable name must be a Go identifier", text)
	}
}

// exprText returns the text of expression e for messages.
func (p *parser) exprText(e *Expr) string {
	return quoteExpr(p.s[e.Offset:e.End])
}

// quoteExpr returns the text of an expression for messages: as written if it
// holds only graphic characters, quoted otherwise.
func quoteExpr(text string) string {
	for _, r := range text {
		if !unicode.IsGraphic(r) || r == utf8.RuneError {
			return strconv.Quote(text)
		}
	}
	return text
}

const upperHex = "0123456789ABCDEF"

// escape percent-encodes the bytes of s that keep rejects, except that valid
// percent-encodings are kept as written.
func escape(s string, keep func(byte) bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteString(s[i : i+3])
			i += 2
		case keep(c):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&0xF])
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isUnreserved reports whether c is an RFC 3986 unreserved character.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// isSubDelim reports whether c is an RFC 3986 sub-delimiter.
func isSubDelim(c byte) bool {
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}

// keepPath reports whether a path literal keeps c unencoded.
func keepPath(c byte) bool {
	return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@' || c == '/'
}

// keepQuery reports whether a query name or value keeps c unencoded: as in a
// path, except for the characters that would change the query's structure
// or meaning: '&' and '=', '+' (a space in form decoding) and ';' (a
// separator to some servers, and rejected by Go's url.ParseQuery).
func keepQuery(c byte) bool {
	return keepPath(c) && c != '&' && c != '=' && c != '+' && c != ';'
}
