package uritemplate

import (
	"fmt"
	"strings"
)

// Operator is the operator of an expression: the character after its '{'.
type Operator byte

// The supported operators.
const (
	Simple            Operator = 0   // {var}
	Reserved          Operator = '+' // {+var}
	Query             Operator = '?' // {?a,b}
	QueryContinuation Operator = '&' // {&c}
)

// Var is one variable of an expression.
type Var struct {
	Name      string // a Go identifier
	Explode   bool   // the "*" modifier
	MaxLength int    // the ":n" prefix modifier, 0 when absent
	Offset    int    // byte offset of Name in the parsed text
}

// Expr is one {…} expression.
type Expr struct {
	Op     Operator
	Vars   []Var // at least one
	Offset int   // byte offset of '{'
	End    int   // byte offset just past '}'
}

// Part is a literal or an expression.
type Part struct {
	// Literal is the literal text when Expr is nil: percent-encoded for the
	// URI by Parse, raw by ParseText.
	Literal string
	Expr    *Expr
	Offset  int // byte offset of the part in the parsed text
}

// QueryItem is one element of the query: either a literal name with an
// optional value, or a {?…} or {&…} expression.
type QueryItem struct {
	// Name is the percent-encoded literal name of a pair; "" for an
	// expression item.
	Name string
	// Value is the value of a pair: percent-encoded literals and Simple
	// expressions. It is nil when the pair has no '=' and non-nil (but
	// possibly empty) when it has one.
	Value []Part
	// HasValue reports whether the pair had an '=': "a=" has a value, which is
	// empty; "a" has none.
	HasValue bool
	// Expr is a Query or QueryContinuation expression item; nil for a pair.
	Expr *Expr
	// Offset is the byte offset of the name of a pair or of the '{' of an
	// expression item.
	Offset int
}

// Template is a parsed URI template.
type Template struct {
	// Path holds literals and Simple or Reserved expressions, in order. It
	// starts with a literal that begins with '/'.
	Path []Part
	// Query holds the query items in order of appearance.
	Query []QueryItem
}

// WholeSegment reports whether path part i is an expression that makes up a
// whole path segment: it is preceded by a literal ending in '/' and followed
// by nothing or by a literal starting with '/'. It does not look at the
// expression's operator or variables. It reports false for an i out of range.
func (t *Template) WholeSegment(i int) bool {
	if i <= 0 || i >= len(t.Path) || t.Path[i].Expr == nil {
		return false
	}
	before := t.Path[i-1]
	if before.Expr != nil || !strings.HasSuffix(before.Literal, "/") {
		return false
	}
	if i+1 == len(t.Path) {
		return true
	}
	after := t.Path[i+1]
	return after.Expr == nil && strings.HasPrefix(after.Literal, "/")
}

// Vars returns every variable of the template in order of appearance: the
// path's, then the query's.
func (t *Template) Vars() []Var {
	var vars []Var
	for _, p := range t.Path {
		if p.Expr != nil {
			vars = append(vars, p.Expr.Vars...)
		}
	}
	for _, q := range t.Query {
		if q.Expr != nil {
			vars = append(vars, q.Expr.Vars...)
		}
		for _, p := range q.Value {
			if p.Expr != nil {
				vars = append(vars, p.Expr.Vars...)
			}
		}
	}
	return vars
}

// Error is a template syntax error at a byte offset of the parsed text.
type Error struct {
	Offset int    // byte offset of the offending character
	Msg    string // what is wrong, without the offset
}

// Error returns "offset N: msg".
func (e *Error) Error() string {
	return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg)
}
