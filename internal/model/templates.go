package model

import (
	"errors"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/uritemplate"
)

// resolver turns template variables into the method's parameters, checking each once.
type resolver struct {
	b      *builder
	method *Method
	where  string
	used   map[*Param]bool
	bad    map[*Param]bool // parameters already reported as unusable values
}

// lookup returns the parameter the variable v names, or nil after reporting why it
// cannot be used. what says where the variable is ("requestLine", "header Accept").
func (r *resolver) lookup(v uritemplate.Var, pos token.Position, what string) *Param {
	if v.Explode || v.MaxLength > 0 {
		r.b.diags.Addf(pos, "%s of %s: the modifiers * and :n are not supported: lists explode by default, and //feign:options collection= joins them", what, r.where)
		return nil
	}
	i := slices.IndexFunc(r.method.Params, func(p *Param) bool { return p.Declared == v.Name })
	if i < 0 {
		r.b.diags.Addf(pos, "%s of %s uses {%s}, which is no parameter (%s)%s", what, r.where, v.Name, paramList(r.method), didYouMean(r.method, v.Name, "{%s}"))
		return nil
	}
	p := r.method.Params[i]
	r.used[p] = true
	if p == r.method.Context || isContext(p.Type) {
		r.b.diags.Addf(pos, "%s of %s uses {%s}, the context, which has no value to write", what, r.where, v.Name)
		return nil
	}
	if p == r.method.CallOptions {
		r.b.diags.Addf(pos, "%s of %s uses {%s}, the call options, which have no value to write", what, r.where, v.Name)
		return nil
	}
	if r.bad[p] {
		return nil
	}
	if p.Value == nil {
		value, ok := valueOf(p.Type)
		if !ok {
			r.bad[p] = true
			r.b.diags.Addf(pos, "%s of %s uses {%s}, of type %s, which cannot be a template value: use a string, number, bool, fmt.Stringer, encoding.TextMarshaler, or a pointer to or slice of one", what, r.where, v.Name, types.TypeString(p.Type, types.RelativeTo(r.b.pkg.Types)))
			return nil
		}
		p.Value = value
	}
	return p
}

// templateError reports a template syntax error at its position in the directive.
func (b *builder) templateError(d load.Directive, off int, err error, what, where string) {
	var te *uritemplate.Error
	if errors.As(err, &te) {
		b.diags.Addf(at(d, off+te.Offset), "%s of %s: %s", what, where, te.Msg)
		return
	}
	b.diags.Addf(at(d, off), "%s of %s: %v", what, where, err)
}

// requestLine parses "METHOD TEMPLATE" into the method's HTTP method, path and query.
func (b *builder) requestLine(m *Method, d load.Directive, r *resolver) {
	m.RequestLine, m.RequestLinePos = d.Args, at(d, 0)
	verb, rest := d.Args, ""
	if i := strings.IndexAny(d.Args, " \t"); i >= 0 {
		verb, rest = d.Args[:i], d.Args[i:]
	}
	tmpl := strings.TrimLeft(rest, " \t")
	off := len(d.Args) - len(tmpl)
	switch {
	case d.Args == "":
		b.diags.Addf(d.Pos, "//feign:requestLine of %s needs a method and a path: //feign:requestLine GET /path", r.where)
		return
	case slices.Contains(httpMethods, verb):
		m.HTTPMethod = verb
	case slices.Contains(httpMethods, strings.ToUpper(verb)):
		b.diags.Addf(at(d, 0), "requestLine of %s: HTTP method %q must be upper case: %s", r.where, verb, strings.ToUpper(verb))
	default:
		b.diags.Addf(at(d, 0), "requestLine of %s: unknown HTTP method %q (known: %s)", r.where, verb, strings.Join(httpMethods, " "))
	}
	if tmpl == "" {
		b.diags.Addf(at(d, len(d.Args)), "requestLine of %s has no path: //feign:requestLine %s /path", r.where, cmpOr(m.HTTPMethod, "GET"))
		return
	}
	t, err := uritemplate.Parse(tmpl)
	if err != nil {
		b.templateError(d, off, err, "requestLine", r.where)
		return
	}
	for i, part := range t.Path {
		if part.Expr == nil {
			m.Path = append(m.Path, Piece{Literal: part.Literal})
			continue
		}
		reserved := part.Expr.Op == uritemplate.Reserved
		whole := t.WholeSegment(i) && len(part.Expr.Vars) == 1
		for j, v := range part.Expr.Vars {
			if j > 0 {
				m.Path = append(m.Path, Piece{Literal: ","})
			}
			if p := r.lookup(v, at(d, off+v.Offset), "requestLine"); p != nil {
				m.Path = append(m.Path, Piece{Param: p, Segment: whole, Reserved: reserved})
			}
		}
	}
	for _, q := range t.Query {
		if q.Expr != nil {
			// {?a,b} and {&a,b} expand as a={a}&b={b}: a pair per defined variable.
			for _, v := range q.Expr.Vars {
				if p := r.lookup(v, at(d, off+v.Offset), "requestLine"); p != nil {
					m.Query = append(m.Query, QueryPair{Name: v.Name, HasValue: true, Value: []Piece{{Param: p}}, Collection: m.Options.Collection})
				}
			}
			continue
		}
		pair := QueryPair{Name: q.Name, HasValue: q.HasValue, Value: r.pieces(q.Value, d, off, "requestLine"), Collection: m.Options.Collection}
		var lists []string
		for _, piece := range pair.Value {
			if piece.Param != nil && piece.Param.Value.List {
				lists = append(lists, piece.Param.Declared)
			}
		}
		if len(lists) > 1 {
			b.diags.Addf(at(d, off+q.Offset), "requestLine of %s: query pair %s uses the lists %s; at most one list can repeat a pair", r.where, q.Name, strings.Join(lists, " and "))
			continue
		}
		m.Query = append(m.Query, pair)
	}
}

// header resolves the variables of a header value template.
func (b *builder) header(m *Method, h rawHeader, r *resolver) {
	what := "header " + h.name
	parts, err := uritemplate.ParseText(h.value)
	if err != nil {
		b.templateError(h.d, h.off, err, what, r.where)
		return
	}
	out := Header{Name: h.name, Value: r.pieces(parts, h.d, h.off, what)}
	m.Headers = append(m.Headers, out)
}

// pieces resolves a sequence of literals and simple expressions, such as a query value
// or a header value, whose text starts off bytes into d's arguments. A multi-variable
// expression {a,b} expands, as RFC 6570 says, to the values joined by commas.
func (r *resolver) pieces(parts []uritemplate.Part, d load.Directive, off int, what string) []Piece {
	var out []Piece
	for _, part := range parts {
		if part.Expr == nil {
			out = append(out, Piece{Literal: part.Literal})
			continue
		}
		for j, v := range part.Expr.Vars {
			if j > 0 {
				out = append(out, Piece{Literal: ","})
			}
			if p := r.lookup(v, at(d, off+v.Offset), what); p != nil {
				out = append(out, Piece{Param: p})
			}
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// nameTexts names the []string that holds the formatted elements of each list
// parameter: the parameter itself for a list of plain strings, else a local named after
// it that shadows nothing.
func nameTexts(m *Method, reserved map[string]bool) {
	taken := map[string]bool{}
	for _, p := range m.Params {
		taken[p.Name] = true
	}
	for _, p := range m.Params {
		if p.Value == nil || !p.Value.List {
			continue
		}
		if p.Value.Format == FormatString && !p.Value.Convert && !p.Value.ElemNilable {
			p.Texts = p.Name
			continue
		}
		name := p.Declared + "Texts"
		if p.Declared == "" || p.Declared == "_" {
			name = p.Name + "Texts"
		}
		for taken[name] || reserved[name] {
			name += "_"
		}
		taken[name] = true
		p.Texts = name
	}
}
