package model

import (
	"fmt"
	"go/token"
	"go/types"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gofeign/feign/internal/diag"
	"github.com/gofeign/feign/internal/load"
)

// Server is the handler of one interface (feigngen -server): NewXHandler serves the
// requests the interface's client sends, by calling an implementation of it.
type Server struct {
	Handler string   // the constructor: "NewGitHubHandler"
	Routes  []*Route // one per method, in the client's order
}

// Route is how the handler serves one method: the ServeMux pattern of its request
// line and where each parameter is read from.
type Route struct {
	Method  *Method
	Pattern string // "GET /repos/{owner}/{repo}"
	// Locals names the parameters' variables in the handler: the client's names,
	// unless one is a name the handler uses itself.
	Locals map[*Param]string
	// PathIndex is the segment of a list path variable (0 is the first after '/').
	PathIndex map[*Param]int
	Query     []ServedQuery
	Headers   []ServedHeader
	// QueryNames and HeaderNames are what the templates read: a queryMap or
	// headerMap receives every other pair or header.
	QueryNames  []string
	HeaderNames []string
	// FieldNames are the unescaped query names of a queryMap struct's fields, in the
	// order of its Fields.
	FieldNames []string
	// Media is the declared Content-Type's media type, lower case; "" for none, or
	// when a parameter writes it.
	Media string
	// Cursor is the query parameter of a paginated method's cursor, which the handler
	// owns: cursor= of //feign:paginate, or for link one it chose that no declared
	// pair uses.
	Cursor string
}

// ServedQuery is one query pair of the request line, as the handler reads it.
type ServedQuery struct {
	Name     string // unescaped
	Param    *Param // nil for a literal pair, which is checked
	Literal  string // a literal pair's value, unescaped
	HasValue bool
	// Collection says how a list is joined; its separator is RawSeparator.
	Collection Collection
}

// ServedHeader is a declared header whose value holds a parameter.
type ServedHeader struct {
	Name           string // canonical
	Param          *Param
	Prefix, Suffix string // the literal text around the value
}

// handlerLocals are the names the code of a route uses itself, which a parameter's
// variable must not take; s and mux, outside the route, may be shadowed.
var handlerLocals = []string{"q", "impl", "text", "ok", "v", "err", "item", "server", "http"}

// Serve adds the handler of every client of p and reports, with their positions, the
// declarations a handler cannot serve: a variable that is part of a path segment, a
// {+var} that is not the last segment, a query value or header mixing two variables, a
// //feign:body template, a value whose text cannot be parsed back, or two request
// lines ServeMux cannot tell apart.
func Serve(pkg *load.Package, p *Package) diag.List {
	var diags diag.List
	constructors := map[string]string{} // NewX → X, of every client
	for _, f := range p.Files {
		for _, c := range f.Clients {
			constructors[c.New] = c.Interface
		}
	}
	for _, f := range p.Files {
		for _, c := range f.Clients {
			handler := c.New + "Handler"
			pos := token.Position{Filename: f.Source}
			if c.Type != nil {
				pos = pkg.Fset.Position(c.Type.Obj().Pos())
			}
			if obj := p.scope(pkg, handler); obj != nil {
				diags.Addf(pos, "interface %s: generated name %s is already declared at %s; rename it", c.Interface, handler, diag.Position(pkg.Fset.Position(obj.Pos()), filepath.Dir(f.Source)))
			}
			if other, ok := constructors[handler]; ok {
				diags.Addf(pos, "interface %s: its handler %s would clash with the client constructor of %s; rename one interface", c.Interface, handler, other)
			}
			c.Server = &Server{Handler: handler}
			mux := http.NewServeMux()
			for _, m := range c.Methods {
				r := serveRoute(m, &diags, types.RelativeTo(pkg.Types))
				if r == nil {
					continue
				}
				if err := register(mux, r.Pattern); err != nil {
					diags.Addf(m.RequestLinePos, "%s cannot be served: ServeMux refuses its pattern %q: %s", m.Key, r.Pattern, conflict(err, c.Server.Routes))
					continue
				}
				c.Server.Routes = append(c.Server.Routes, r)
			}
		}
	}
	return diags.Sort()
}

// scope returns the package-level object named name, if any.
func (p *Package) scope(pkg *load.Package, name string) types.Object {
	if pkg.Types == nil {
		return nil
	}
	return pkg.Types.Scope().Lookup(name)
}

// conflict words ServeMux's refusal of a pattern without the places it was registered
// at, which are feigngen's own: its last line says why, and the earlier method whose
// pattern it clashes with is named.
func conflict(err error, earlier []*Route) string {
	msg := err.Error()
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		msg = msg[i+1:]
	}
	for _, r := range earlier {
		if strings.HasSuffix(msg, " "+r.Pattern) {
			return msg + " (" + r.Method.Key + ")"
		}
	}
	return msg
}

// register adds pattern to mux as the handler will, turning ServeMux's panic on a
// pattern it refuses (a conflict with an earlier one, a duplicate wildcard) into an
// error at generate time.
func register(mux *http.ServeMux, pattern string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	mux.Handle(pattern, http.NotFoundHandler())
	return nil
}

func serveRoute(m *Method, diags *diag.List, qual types.Qualifier) *Route {
	r := &Route{Method: m, Locals: map[*Param]string{}, PathIndex: map[*Param]int{}}
	bad := false
	refuse := func(format string, args ...any) {
		diags.Addf(m.RequestLinePos, "%s cannot be served: "+format, append([]any{m.Key}, args...)...)
		bad = true
	}
	if m.Template != nil {
		refuse("a //feign:body template cannot be parsed back into its parameters: declare a body parameter instead")
	}

	// The path: every variable a whole segment, a {+var} only as the last.
	var pattern strings.Builder
	pattern.WriteString(m.HTTPMethod + " ")
	for i, piece := range m.Path {
		if piece.Param == nil {
			pattern.WriteString(piece.Literal)
			continue
		}
		p := piece.Param
		switch {
		case !piece.Segment:
			refuse("{%s} is part of a path segment, and ServeMux wildcards are whole segments: make it a segment of its own", p.Declared)
			continue
		case piece.Reserved && i != len(m.Path)-1:
			refuse("{+%s} is not the last segment of the path: only there can it become {%s...}", p.Declared, p.Declared)
			continue
		case piece.Reserved && p.Value.List:
			refuse("the list {+%s} keeps its commas and slashes, so its elements cannot be told apart", p.Declared)
			continue
		case piece.Reserved:
			pattern.WriteString("{" + p.Declared + "...}")
		case p.Value.List:
			r.PathIndex[p] = strings.Count(pattern.String(), "/") - 1
			pattern.WriteString("{" + p.Declared + "}")
		default:
			pattern.WriteString("{" + p.Declared + "}")
		}
		checkValue(m, p, diags, &bad, qual)
	}
	if strings.HasSuffix(pattern.String(), "/") {
		pattern.WriteString("{$}") // a pattern ending in '/' would match every path below it
	}
	r.Pattern = pattern.String()

	for _, pair := range m.Query {
		name, err := url.QueryUnescape(pair.Name)
		if err != nil {
			name = pair.Name
		}
		r.QueryNames = append(r.QueryNames, name)
		sq := ServedQuery{Name: name, HasValue: pair.HasValue, Collection: pair.Collection}
		if literal, ok := literalOnly(pair.Value); ok {
			if v, err := url.QueryUnescape(literal); err == nil {
				literal = v
			}
			sq.Literal = literal
			r.Query = append(r.Query, sq)
			continue
		}
		if len(pair.Value) != 1 {
			refuse("the query value of %s mixes text and variables, which cannot be told apart: give each variable a pair of its own", name)
			continue
		}
		sq.Param = pair.Value[0].Param
		checkValue(m, sq.Param, diags, &bad, qual)
		r.Query = append(r.Query, sq)
	}
	if mp := m.QueryMap; mp != nil && mp.Kind == MapStruct {
		for _, f := range mp.Fields {
			name, err := url.QueryUnescape(f.Query)
			if err != nil {
				name = f.Query
			}
			r.QueryNames = append(r.QueryNames, name)
			r.FieldNames = append(r.FieldNames, name)
			checkValue(m, f.Param, diags, &bad, qual)
		}
	}

	if p := m.Paginate; p != nil {
		r.Cursor = p.Cursor
		if p.Link {
			r.Cursor = unusedName("cursor", r.QueryNames)
		} else if slices.Contains(r.QueryNames, p.Cursor) {
			refuse("the handler writes the page cursor %s itself, so the method cannot read a query pair of that name too: drop it from the request line or the queryMap", p.Cursor)
		}
		r.QueryNames = append(r.QueryNames, r.Cursor) // not a queryMap's
	}

	for _, h := range m.Headers {
		r.HeaderNames = append(r.HeaderNames, h.Name)
		var param *Param
		var prefix, suffix strings.Builder
		for _, piece := range h.Value {
			switch {
			case piece.Param == nil && param == nil:
				prefix.WriteString(piece.Literal)
			case piece.Param == nil:
				suffix.WriteString(piece.Literal)
			case param != nil:
				refuse("header %s holds two variables, which cannot be told apart", h.Name)
			default:
				param = piece.Param
			}
		}
		if param == nil {
			continue // a literal header: not checked, but Content-Type below
		}
		checkValue(m, param, diags, &bad, qual)
		r.Headers = append(r.Headers, ServedHeader{Name: h.Name, Param: param, Prefix: prefix.String(), Suffix: suffix.String()})
	}
	r.Media, _ = declaredMedia(m)
	if m.BodyStream && !readCloserSubset(m.Body.Type) {
		diags.Addf(m.Body.Pos, "%s cannot be served: the body parameter %s is an %s, which the handler cannot make of a request body: declare it an io.Reader or an io.ReadCloser", m.Key, m.Body.display(), types.TypeString(m.Body.Type, qual))
		bad = true
	}

	for _, f := range m.Form {
		if !f.File {
			checkValue(m, f.Param, diags, &bad, qual)
		}
	}

	// The parameters' variables: the client's names, unless the handler uses one.
	taken := map[string]bool{}
	for _, n := range handlerLocals {
		taken[n] = true
	}
	for _, p := range m.Params {
		taken[p.Name] = true
	}
	for _, p := range m.Params {
		name := p.Name
		for _, local := range handlerLocals {
			if name == local {
				name += "_"
				for taken[name] {
					name += "_"
				}
				taken[name] = true
				break
			}
		}
		r.Locals[p] = name
	}
	if bad {
		return nil
	}
	return r
}

// unusedName returns name, or name followed by as many underscores as make it none of
// taken.
func unusedName(name string, taken []string) string {
	for slices.Contains(taken, name) {
		name += "_"
	}
	return name
}

// checkValue refuses a value the handler cannot parse back from its text: one the
// client writes with String or MarshalText, unless *T has UnmarshalText, and an
// interface, which has no type to parse into.
func checkValue(m *Method, p *Param, diags *diag.List, bad *bool, qual types.Qualifier) {
	v := p.Value
	if v == nil {
		return
	}
	if v.Nilable || v.ElemNilable && isInterface(v.Elem) {
		diags.Addf(p.Pos, "%s cannot be served: parameter %s is an interface, which has no type to parse its text into: use a concrete type", m.Key, p.display())
		*bad = true
		return
	}
	switch v.Format {
	case FormatText, FormatStringer:
		if !unmarshalsText(v.Elem) {
			how := "MarshalText"
			if v.Format == FormatStringer {
				how = "String"
			}
			diags.Addf(p.Pos, "%s cannot be served: parameter %s of type %s is written by its %s method, which the handler cannot invert: give *%s an UnmarshalText method", m.Key, p.display(), types.TypeString(v.Elem, qual), how, types.TypeString(v.Elem, qual))
			*bad = true
		}
	}
}

func isInterface(t types.Type) bool {
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

// unmarshalsText reports whether *t has encoding.TextUnmarshaler's UnmarshalText.
func unmarshalsText(t types.Type) bool {
	f := lookupMethod(types.NewPointer(t), "UnmarshalText")
	return f != nil && f.Params().Len() == 1 && isByteSlice(f.Params().At(0).Type()) &&
		f.Results().Len() == 1 && isError(f.Results().At(0).Type())
}

// IntBits returns the size in bits of the integer or float kind under t, 0 for int,
// uint and uintptr, whose size strconv takes as the platform's.
func IntBits(t types.Type) int {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return 0
	}
	switch b.Kind() {
	case types.Int8, types.Uint8:
		return 8
	case types.Int16, types.Uint16:
		return 16
	case types.Int32, types.Uint32, types.Float32:
		return 32
	case types.Int64, types.Uint64, types.Float64:
		return 64
	}
	return 0
}

// literalOnly reports whether pieces hold no parameter, and their text.
func literalOnly(pieces []Piece) (string, bool) {
	var b strings.Builder
	for _, piece := range pieces {
		if piece.Param != nil {
			return "", false
		}
		b.WriteString(piece.Literal)
	}
	return b.String(), true
}

// readCloserSubset reports whether t is an interface the request body satisfies: one
// whose methods are Read and Close.
func readCloserSubset(t types.Type) bool {
	i, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for k := range i.NumMethods() {
		switch i.Method(k).Name() {
		case "Read", "Close":
		default:
			return false
		}
	}
	return true
}
