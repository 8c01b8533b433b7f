package model

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gofeign/feign/internal/diag"
	"github.com/gofeign/feign/internal/load"
)

// Build builds the model of pkg. When only is not empty, it keeps the interfaces it
// names. It returns every problem it finds; the model is meaningful only without them.
func Build(pkg *load.Package, only []string) (*Package, diag.List) {
	b := &builder{pkg: pkg}
	b.names = b.reservedNames()
	for _, iface := range pkg.Interfaces {
		b.names["New"+iface.Name] = true
	}
	out := &Package{Path: pkg.Path, Name: pkg.Name, Dir: pkg.Dir, Declared: map[string]bool{}}
	if pkg.Types != nil {
		for _, n := range pkg.Types.Scope().Names() {
			out.Declared[n] = true
		}
	}
	files := map[string]*File{}
	built := map[*load.Interface]bool{}
	for _, iface := range pkg.Interfaces {
		built[iface] = len(only) == 0 || slices.Contains(only, iface.Name)
	}
	for _, iface := range pkg.Interfaces {
		if !built[iface] {
			continue
		}
		c := b.client(iface, pkg.Interfaces, built)
		if c == nil {
			continue
		}
		f := files[iface.File]
		if f == nil {
			f = &File{Source: iface.File, Output: OutputFor(iface.File), Build: iface.Build.Expr, BuildPos: iface.Build.Pos}
			files[iface.File] = f
			out.Files = append(out.Files, f)
		}
		f.Clients = append(f.Clients, c)
	}
	slices.SortFunc(out.Files, func(a, b *File) int { return cmp.Compare(a.Output, b.Output) })
	b.checkNames(out)
	for _, d := range pkg.Stray {
		if !strings.HasPrefix(d.Name, " ") { // a spaced "// feign:" line is prose there
			b.diags.Addf(d.Pos, "//feign:%s on %s has no effect: directives belong in the doc comment of an interface or of one of its methods", d.Name, d.On)
		}
	}
	return out, capPerDirective(pkg, b.diags.Sort())
}

// OutputFor returns the generated file for a source file: api.go → api_feign.go.
func OutputFor(source string) string {
	return strings.TrimSuffix(source, ".go") + "_feign.go"
}

type builder struct {
	pkg   *load.Package
	diags diag.List
	// names are the identifiers the generated files' package scope already holds: the
	// package's own, the imports', and the unexported ones generated so far.
	names map[string]bool
}

// unique returns name, or name with the smallest number from 2 up appended that no
// package-level identifier has, and takes it. Only unexported generated names go
// through it: the implementation types and endpoint variables, which no user names.
func (b *builder) unique(name string) string {
	try := name
	for i := 2; b.names[try]; i++ {
		try = fmt.Sprintf("%s%d", name, i)
	}
	b.names[try] = true
	return try
}

func (b *builder) position(p token.Pos) token.Position { return b.pkg.Fset.Position(p) }

func (b *builder) client(iface *load.Interface, all []*load.Interface, built map[*load.Interface]bool) *Client {
	c := &Client{
		Interface: iface.Name,
		Doc:       iface.Doc,
		Type:      iface.Named,
		Impl:      b.unique(unexport(iface.Name) + "Client"),
		Field:     "client",
		New:       "New" + iface.Name,

		FallbackOption: "With" + iface.Name + "Fallback",
		FallbackKey:    b.unique(unexport(iface.Name) + "Fallback"),
		FallbackField:  "fallback",
	}
	if iface.TypeParams {
		b.diags.Addf(iface.Pos, "interface %s has type parameters: generic interfaces cannot be generated; declare one per instantiation", iface.Name)
		return nil
	}
	shared := b.shared(iface, sharedDirectives{})
	seen := map[string]bool{}
	for _, m := range iface.Methods {
		seen[m.Name] = true
		if method := b.method(c, m, &shared); method != nil {
			c.Methods = append(c.Methods, method)
		}
	}
	b.embedded(c, iface, shared, all, built, map[*load.Interface]bool{iface: true}, seen)
	// The implementation's field must not share a name with one of its methods, which
	// an interface with an unexported method client would give it.
	for seen[c.Field] {
		c.Field += "_"
	}
	for seen[c.FallbackField] {
		c.FallbackField += "_"
	}
	return c
}

// shared parses the interface-level directives of iface over outer, the directives of
// the interface that embeds it (none for the client's own interface): headers add to
// outer's, options replace outer's key by key.
func (b *builder) shared(iface *load.Interface, outer sharedDirectives) sharedDirectives {
	shared := sharedDirectives{headers: slices.Clone(outer.headers), options: outer.options}
	var own []rawHeader
	var responses []Response
	seenStatus := map[string]token.Position{}
	for _, d := range iface.Directives {
		if !b.checkName(d) {
			continue
		}
		switch d.Name {
		case dirHeaders:
			if h, ok := b.parseHeader(d); ok {
				own = append(own, h)
			}
		case dirOptions:
			b.parseOptions(d, &shared.options)
		case dirResponse:
			if r, ok := b.parseResponse(d, interfacePos(iface), "interface "+iface.Name); ok {
				responses = b.addResponse(responses, seenStatus, r, d, "interface "+iface.Name)
			}
		default:
			b.diags.Addf(d.Pos, "//feign:%s belongs on a method, not on interface %s", d.Name, iface.Name)
		}
	}
	shared.headers = mergeHeaders(shared.headers, own)
	shared.responses = mergeResponses(outer.responses, responses)
	return shared
}

// embedded adds the methods of the interfaces iface embeds to c. An embedded interface
// must be an annotated interface of the same package, whose directives feigngen can
// read. Its methods keep its interface-level headers and options, applied over the
// embedding interface's (more specific wins, as a method's own directives win over its
// interface's). A method the client already has, by an explicit declaration or an
// earlier embedding, is not added twice.
func (b *builder) embedded(c *Client, iface *load.Interface, outer sharedDirectives, all []*load.Interface, built, path map[*load.Interface]bool, seen map[string]bool) {
	for _, e := range iface.Embedded {
		inner := findInterface(all, e.Type)
		if inner == nil {
			if isEmptyInterface(e.Type) {
				continue
			}
			b.diags.Addf(e.Pos, "%s embeds %s, which is not an annotated interface of package %s: feigngen reads the directives of its methods from their source; declare the methods in %s, or annotate %s in this package", iface.Name, types.TypeString(e.Type, types.RelativeTo(b.pkg.Types)), b.pkg.Name, iface.Name, types.TypeString(e.Type, types.RelativeTo(b.pkg.Types)))
			continue
		}
		if path[inner] || inner.TypeParams {
			continue // a cycle the type checker reports, or a generic interface reported on its own
		}
		// The embedded interface's own client reports its mistakes; reporting them again
		// for every embedding would double them, unless it is not built on its own.
		sub := &builder{pkg: b.pkg, names: b.names}
		shared := sub.shared(inner, outer)
		for _, m := range inner.Methods {
			if seen[m.Name] {
				continue
			}
			seen[m.Name] = true
			if method := sub.method(c, m, &shared); method != nil {
				c.Methods = append(c.Methods, method)
			}
		}
		if len(sub.diags) > 0 {
			b.diags.Addf(e.Pos, "%s embeds %s, whose declarations have errors", iface.Name, inner.Name)
			if !built[inner] {
				b.diags = append(b.diags, sub.diags...)
			}
		}
		path[inner] = true
		b.embedded(c, inner, shared, all, built, path, seen)
		delete(path, inner)
	}
}

func findInterface(all []*load.Interface, t types.Type) *load.Interface {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	for _, i := range all {
		if i.Named != nil && i.Named.Obj() == n.Obj() {
			return i
		}
	}
	return nil
}

func isEmptyInterface(t types.Type) bool {
	i, ok := t.Underlying().(*types.Interface)
	return ok && i.NumMethods() == 0
}

// sharedDirectives are the interface-level directives every method inherits.
type sharedDirectives struct {
	headers   []rawHeader
	options   Options
	responses []Response
}

// interfacePos returns a position inside the file declaring iface, whose imports a
// //feign:response type may name.
func interfacePos(iface *load.Interface) token.Pos {
	if iface.Named == nil {
		return token.NoPos
	}
	return iface.Named.Obj().Pos()
}

// rawHeader is a parsed //feign:headers line whose variables are not resolved yet.
type rawHeader struct {
	name  string
	value string
	d     load.Directive
	off   int // byte offset of value in d.Args
}

// once records the first of a directive that may appear once per method, reporting
// any other.
func (b *builder) once(first **load.Directive, d load.Directive, where string) {
	if *first != nil {
		b.diags.Addf(d.Pos, "%s has a second //feign:%s (the first is at line %d): a method has at most one", where, d.Name, (*first).Pos.Line)
		return
	}
	*first = &d
}

func (b *builder) method(c *Client, lm *load.Method, shared *sharedDirectives) *Method {
	m := &Method{
		Name:      lm.Name,
		Interface: c.Interface,
		Key:       c.Interface + "#" + lm.Name,
		Doc:       lm.Doc,
		Pos:       lm.Pos,
		Endpoint:  b.unique(unexport(c.Interface) + lm.Name + "Endpoint"),
	}
	where := c.Interface + "." + lm.Name
	if lm.Func == nil {
		b.diags.Addf(lm.Pos, "method %s has no type information", where)
		return nil
	}
	m.Options = shared.options
	var (
		requestLine, body, queryMap, headerMap *load.Directive
		methodHeaders                          []rawHeader
		idempotent                             *load.Directive
		stream, paginate                       *load.Directive
		responses                              []Response
	)
	seenStatus := map[string]token.Position{}
	for _, d := range lm.Directives {
		if !b.checkName(d) {
			continue
		}
		switch d.Name {
		case dirRequestLine:
			b.once(&requestLine, d, where)
		case dirBody:
			b.once(&body, d, where)
		case dirQueryMap:
			b.once(&queryMap, d, where)
		case dirHeaderMap:
			b.once(&headerMap, d, where)
		case dirHeaders:
			if h, ok := b.parseHeader(d); ok {
				methodHeaders = append(methodHeaders, h)
			}
		case dirOptions:
			b.parseOptions(d, &m.Options)
		case dirStream:
			b.once(&stream, d, where)
		case dirPaginate:
			b.once(&paginate, d, where)
		case dirIdempotent:
			switch {
			case d.Args != "":
				b.diags.Addf(at(d, 0), "//feign:idempotent takes no arguments")
			case idempotent != nil:
				b.diags.Addf(d.Pos, "%s is marked //feign:idempotent twice", where)
			}
			idempotent = &d
		case dirResponse:
			if r, ok := b.parseResponse(d, lm.Func.Pos(), where); ok {
				responses = b.addResponse(responses, seenStatus, r, d, where)
			}
		}
	}
	m.Idempotent = idempotent != nil
	m.Responses = mergeResponses(shared.responses, responses)

	sig := lm.Func.Type().(*types.Signature)
	b.params(m, sig, where)
	b.result(m, sig, lm.Pos, where)
	if requestLine == nil {
		b.diags.Addf(lm.Pos, "method %s has no //feign:requestLine: add one such as //feign:requestLine GET /path", where)
		return m
	}
	vars := &resolver{b: b, method: m, where: where, used: map[*Param]bool{}, bad: map[*Param]bool{}}
	b.requestLine(m, *requestLine, vars)
	for _, h := range mergeHeaders(shared.headers, methodHeaders) {
		b.header(m, h, vars)
	}
	if queryMap != nil {
		m.QueryMap = b.mapParam(m, *queryMap, vars, where, true)
	}
	if headerMap != nil {
		m.HeaderMap = b.mapParam(m, *headerMap, vars, where, false)
	}
	if body != nil {
		b.bodyTemplate(m, *body, vars, where)
	}
	b.body(m, vars, where, body != nil)
	nameTexts(m, b.reservedNames())
	b.iteration(c, m, stream, paginate, lm.Pos, where)
	if m.Options.Dismiss404 && m.Result.Kind == ResultResponse {
		b.diags.Addf(lm.Pos, "dismiss404 has no effect on %s: it returns the *http.Response whatever its status", where)
	}
	return m
}

// mergeHeaders returns the interface's headers followed by the method's: a method's
// Content-Type replaces the interface's, other names add values.
func mergeHeaders(shared, own []rawHeader) []rawHeader {
	ownsContentType := slices.ContainsFunc(own, func(h rawHeader) bool { return h.name == "Content-Type" })
	out := make([]rawHeader, 0, len(shared)+len(own))
	for _, h := range shared {
		if !(ownsContentType && h.name == "Content-Type") {
			out = append(out, h)
		}
	}
	return append(out, own...)
}

// parseHeader splits a //feign:headers directive "Name: value".
func (b *builder) parseHeader(d load.Directive) (rawHeader, bool) {
	name, value, ok := strings.Cut(d.Args, ":")
	if !ok || strings.TrimSpace(name) == "" {
		b.diags.Addf(at(d, 0), "malformed //feign:headers %q: write Name: value", d.Args)
		return rawHeader{}, false
	}
	if name != strings.TrimSpace(name) || !validHeaderName(name) {
		b.diags.Addf(at(d, 0), "invalid header name %q", name)
		return rawHeader{}, false
	}
	switch http.CanonicalHeaderKey(name) {
	case "Host", "Content-Length", "Transfer-Encoding", "Connection":
		b.diags.Addf(at(d, 0), "header %s is set by the HTTP transport and cannot be declared", http.CanonicalHeaderKey(name))
		return rawHeader{}, false
	}
	trimmed := strings.TrimLeft(value, " \t")
	off := len(name) + 1 + len(value) - len(trimmed)
	return rawHeader{name: http.CanonicalHeaderKey(name), value: trimmed, d: d, off: off}, true
}

// validHeaderName reports whether s is an RFC 9110 token.
func validHeaderName(s string) bool {
	for i := range len(s) {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return s != ""
}

// params classifies the parameters of sig: the context, the trailing CallOptions, the
// ones templates name (found later by the resolver), and the rest.
func (b *builder) params(m *Method, sig *types.Signature, where string) {
	n := sig.Params().Len()
	for i := range n {
		v := sig.Params().At(i)
		p := &Param{Name: v.Name(), Declared: v.Name(), Type: v.Type(), Pos: b.position(v.Pos())}
		switch {
		case isContext(v.Type()) && i != 0:
			b.diags.Addf(p.Pos, "%s: context.Context must be the first parameter: move %s to the front", where, p.display())
		case isContext(v.Type()):
			m.Context = p
		case sig.Variadic() && i == n-1:
			if s, ok := v.Type().(*types.Slice); ok && isNamed(s.Elem(), runtimePath, "CallOption") {
				m.CallOptions = p
				break
			}
			b.diags.Addf(p.Pos, "%s: variadic parameter %s is not ...runtime.CallOption, the only variadic a method may declare: pass a slice instead", where, p.display())
		}
		m.Params = append(m.Params, p)
	}
	reserved := b.reservedNames()
	reserved[m.Endpoint] = true // the body takes its address
	nameParams(m.Params, reserved)
}

// runtimePath is the import path of the runtime package generated code uses.
const runtimePath = "github.com/gofeign/feign/runtime"

// supportedResults lists every result shape a method may declare, for the messages
// that refuse another.
const supportedResults = "error; (T, error); (runtime.Response[T], error); (*http.Response, error); (io.ReadCloser, error); or iter.Seq2[T, error] with //feign:stream or //feign:paginate"

func (b *builder) result(m *Method, sig *types.Signature, pos token.Position, where string) {
	if b.seqResult(m, sig, pos, where) {
		return
	}
	res := sig.Results()
	if res.Len() == 0 || res.Len() > 2 || !isError(res.At(res.Len()-1).Type()) {
		b.diags.Addf(pos, "%s must return one of: %s", where, supportedResults)
		return
	}
	if res.Len() == 1 {
		m.Result = Result{Kind: ResultNone}
		return
	}
	t := res.At(0).Type()
	m.Result = Result{Kind: ResultDecode, Type: t}
	switch {
	case isHTTPResponsePtr(t):
		m.Result.Kind = ResultResponse
	case isReadCloser(t):
		m.Result.Kind = ResultStream
	case isByteSlice(t) && !isNamedType(t):
		m.Result.Kind = ResultBytes
	case isBasic(t, types.String):
		m.Result.Kind = ResultText
	case isResponseOf(t) != nil:
		m.Result = Result{Kind: ResultTyped, Type: t, Elem: isResponseOf(t)}
		b.responseElem(m.Result.Elem, pos, where)
	case isError(t):
		b.diags.Addf(pos, "%s returns (error, error): want one of: %s", where, supportedResults)
	case isContext(t):
		b.diags.Addf(pos, "%s returns a context.Context, which cannot be decoded from a response: return one of: %s", where, supportedResults)
	default:
		switch types.Unalias(t).Underlying().(type) {
		case *types.Signature, *types.Chan:
			b.diags.Addf(pos, "%s returns %s, which cannot be decoded from a response: return one of: %s", where, types.TypeString(t, types.RelativeTo(b.pkg.Types)), supportedResults)
		}
	}
}

// responseElem refuses a T of runtime.Response[T] that only another result shape can
// give, or that cannot be decoded.
func (b *builder) responseElem(t types.Type, pos token.Position, where string) {
	name := types.TypeString(t, func(p *types.Package) string {
		if p == b.pkg.Types {
			return ""
		}
		return p.Name()
	})
	switch {
	case isHTTPResponsePtr(t), isReadCloser(t):
		b.diags.Addf(pos, "%s returns runtime.Response[%s]: a Response holds a decoded value; return (%s, error) itself", where, name, name)
	case isResponseOf(t) != nil:
		b.diags.Addf(pos, "%s returns runtime.Response[%s]: a Response cannot hold another", where, name)
	case isError(t), isContext(t):
		b.diags.Addf(pos, "%s returns runtime.Response[%s], whose value cannot be decoded from a response", where, name)
	default:
		switch types.Unalias(t).Underlying().(type) {
		case *types.Signature, *types.Chan:
			b.diags.Addf(pos, "%s returns runtime.Response[%s], whose value cannot be decoded from a response", where, name)
		}
	}
}

// isResponseOf returns T when t is runtime.Response[T], else nil.
func isResponseOf(t types.Type) types.Type {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !isNamed(n, runtimePath, "Response") || n.TypeArgs().Len() != 1 {
		return nil
	}
	return n.TypeArgs().At(0)
}

func isNamedType(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Named)
	return ok
}

// body makes what no template uses the request body: the one parameter left, encoded
// by the Encoder, or, under a form Content-Type, the form fields or parts.
func (b *builder) body(m *Method, r *resolver, where string, template bool) {
	var unused []*Param
	for _, p := range m.Params {
		if p == m.Context || p == m.CallOptions || r.used[p] || isContext(p.Type) {
			continue // a misplaced context is reported as such
		}
		unused = append(unused, p)
	}
	if len(unused) == 0 {
		return
	}
	if template {
		if m.Template == nil {
			return // the template has errors: which parameters it uses is unknown
		}
		for _, p := range unused {
			b.diags.Addf(p.Pos, "%s: parameter %s is used in no template, and the //feign:body template is already the body: %s", where, p.display(), bodyTemplateHint(m, p))
		}
		return
	}
	switch form := formContentType(m); form {
	case "application/x-www-form-urlencoded", "multipart/form-data":
		b.form(m, unused, where, form)
		return
	}
	if len(unused) == 1 {
		m.Body = unused[0]
		b.rawBody(m, where)
		return
	}
	names := make([]string, len(unused))
	for i, p := range unused {
		names[i] = p.display()
	}
	for _, p := range unused[1:] {
		b.diags.Addf(p.Pos, "%s: parameter %s is used in no template, and %s is already the request body (at most one parameter can be): %s", where, p.display(), unused[0].display(), unusedHint(m, p, unused[0]))
	}
}

// form makes the unused parameters the fields of a form body: one field per value,
// named after the parameter. A single url.Values, map or struct parameter is instead the
// whole form, encoded by codec.Form.
func (b *builder) form(m *Method, unused []*Param, where, media string) {
	m.Multipart = media == "multipart/form-data"
	if len(unused) == 1 && !m.Multipart && formBodyType(unused[0].Type) {
		m.Body, m.FormBody = unused[0], true
		return
	}
	for _, p := range unused {
		if p.Declared == "" || p.Declared == "_" {
			b.diags.Addf(p.Pos, "%s: unnamed parameter %s would be a form field without a name: name it", where, p.display())
			continue
		}
		if m.Multipart && isByteSlice(p.Type) {
			m.Form = append(m.Form, FormField{Name: p.Declared, Param: p, File: true})
			continue
		}
		if m.Multipart && isReader(p.Type) {
			b.diags.Addf(p.Pos, "%s: parameter %s is an io.Reader, which a multipart part cannot stream without buffering it whole: pass a []byte part, or make one io.Reader the whole body with your own multipart encoding", where, p.display())
			continue
		}
		if p.Value == nil {
			value, ok := valueOf(p.Type)
			if !ok {
				what := "a form field"
				hint := "use a string, number, bool, fmt.Stringer, encoding.TextMarshaler, or a pointer to or slice of one"
				if m.Multipart {
					what, hint = "a multipart part", hint+", or []byte for a file"
				} else if len(unused) > 1 && formBodyType(p.Type) {
					hint = "a url.Values, map or struct is the whole form only when it is the one parameter no template uses"
				}
				b.diags.Addf(p.Pos, "%s: parameter %s of type %s cannot be %s: %s", where, p.display(), types.TypeString(p.Type, types.RelativeTo(b.pkg.Types)), what, hint)
				continue
			}
			p.Value = value
		}
		m.Form = append(m.Form, FormField{Name: p.Declared, Param: p})
	}
}

// formBodyType reports whether codec.Form encodes t as a whole form: a map with string
// keys and string or []string values, or a struct or a pointer to one.
func formBodyType(t types.Type) bool {
	u := t.Underlying()
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem().Underlying()
	}
	switch u := u.(type) {
	case *types.Struct:
		return true
	case *types.Map:
		return isStringKind(u.Key()) && (isStringKind(u.Elem()) || isStringSlice(u.Elem()))
	}
	return false
}

// formContentType returns the media type of m's literal Content-Type, lower case, or "".
func formContentType(m *Method) string {
	for _, h := range m.Headers {
		if h.Name != "Content-Type" {
			continue
		}
		var value strings.Builder
		for _, p := range h.Value {
			value.WriteString(p.Literal)
		}
		media, _, _ := strings.Cut(value.String(), ";")
		return strings.ToLower(strings.TrimSpace(media))
	}
	return ""
}

// reservedNames are the identifiers a parameter of generated code must not shadow: the
// predeclared ones, the generated locals, every package name the file may use, and the
// package's own top-level names, which a body names unqualified (runtime.Decode[*user],
// func(item Owner) string).
func (b *builder) reservedNames() map[string]bool {
	reserved := map[string]bool{}
	for _, n := range types.Universe.Names() {
		reserved[n] = true
	}
	for _, n := range []string{"c", "call", "item", "i", "result", "err", "context", "http", "io", "runtime", "strconv", "strings", "time",
		"feigncontext", "feignruntime", "feignstrconv", "feignstrings", "feigntime"} {
		reserved[n] = true
	}
	if b.pkg.Types != nil {
		for _, imp := range b.pkg.Types.Imports() {
			reserved[imp.Name()] = true
		}
		for _, n := range b.pkg.Types.Scope().Names() {
			reserved[n] = true
		}
	}
	return reserved
}

// checkNames reports generated top-level names that clash with the package's own
// declarations or with each other.
func (b *builder) checkNames(p *Package) {
	seen := map[string]string{}
	for _, f := range p.Files {
		for _, c := range f.Clients {
			names := []string{c.New, c.Impl, c.FallbackOption, c.FallbackKey}
			for _, m := range c.Methods {
				names = append(names, m.Endpoint)
			}
			pos := token.Position{Filename: f.Source}
			if c.Type != nil {
				pos = b.position(c.Type.Obj().Pos())
			}
			for _, n := range names {
				if other, ok := seen[n]; ok {
					b.diags.Addf(pos, "interface %s: generated name %s clashes with the one generated for %s; rename one interface", c.Interface, n, other)
					continue
				}
				seen[n] = c.Interface
				if b.pkg.Types == nil {
					continue
				}
				if obj := b.pkg.Types.Scope().Lookup(n); obj != nil {
					b.diags.Addf(pos, "interface %s: generated name %s is already declared at %s; rename it", c.Interface, n, diag.Position(b.position(obj.Pos()), filepath.Dir(f.Source)))
				}
			}
		}
	}
}

// display names the parameter in messages.
func (p *Param) display() string {
	if p.Declared == "" || p.Declared == "_" {
		return fmt.Sprintf("(unnamed %s)", types.TypeString(p.Type, nil))
	}
	return p.Declared
}
