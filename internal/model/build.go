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
	out := &Package{Path: pkg.Path, Name: pkg.Name, Dir: pkg.Dir, Declared: map[string]bool{}}
	if pkg.Types != nil {
		for _, n := range pkg.Types.Scope().Names() {
			out.Declared[n] = true
		}
	}
	files := map[string]*File{}
	for _, iface := range pkg.Interfaces {
		if len(only) > 0 && !slices.Contains(only, iface.Name) {
			continue
		}
		c := b.client(iface)
		if c == nil {
			continue
		}
		f := files[iface.File]
		if f == nil {
			f = &File{Source: iface.File, Output: OutputFor(iface.File)}
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
	return out, b.diags.Sort()
}

// OutputFor returns the generated file for a source file: api.go → api_feign.go.
func OutputFor(source string) string {
	return strings.TrimSuffix(source, ".go") + "_feign.go"
}

type builder struct {
	pkg   *load.Package
	diags diag.List
}

func (b *builder) position(p token.Pos) token.Position { return b.pkg.Fset.Position(p) }

func (b *builder) client(iface *load.Interface) *Client {
	c := &Client{
		Interface: iface.Name,
		Type:      iface.Named,
		Impl:      unexport(iface.Name) + "Client",
		New:       "New" + iface.Name,
	}
	if iface.TypeParams {
		b.diags.Addf(iface.Pos, "interface %s has type parameters: generic interfaces cannot be generated; declare one per instantiation", iface.Name)
		return nil
	}
	for _, e := range iface.Embedded {
		b.diags.Addf(e.Pos, "%s embeds %s: embedded interfaces are not supported by this version of feigngen; declare the methods in %s", iface.Name, types.TypeString(e.Type, types.RelativeTo(b.pkg.Types)), iface.Name)
	}
	var shared sharedDirectives
	for _, d := range iface.Directives {
		if !b.checkName(d) {
			continue
		}
		switch d.Name {
		case dirHeaders:
			if h, ok := b.parseHeader(d); ok {
				shared.headers = append(shared.headers, h)
			}
		case dirOptions:
			b.parseOptions(d, &shared.options)
		default:
			b.diags.Addf(d.Pos, "//feign:%s belongs on a method, not on interface %s", d.Name, iface.Name)
		}
	}
	for _, m := range iface.Methods {
		if method := b.method(c, m, &shared); method != nil {
			c.Methods = append(c.Methods, method)
		}
	}
	return c
}

// sharedDirectives are the interface-level directives every method inherits.
type sharedDirectives struct {
	headers []rawHeader
	options options
}

// rawHeader is a parsed //feign:headers line whose variables are not resolved yet.
type rawHeader struct {
	name  string
	value string
	d     load.Directive
	off   int // byte offset of value in d.Args
}

func (b *builder) method(c *Client, lm *load.Method, shared *sharedDirectives) *Method {
	m := &Method{
		Name:     lm.Name,
		Key:      c.Interface + "#" + lm.Name,
		Endpoint: unexport(c.Interface) + lm.Name + "Endpoint",
	}
	where := c.Interface + "." + lm.Name
	if lm.Func == nil {
		b.diags.Addf(lm.Pos, "method %s has no type information", where)
		return nil
	}
	opts := shared.options
	var (
		requestLine   *load.Directive
		methodHeaders []rawHeader
		idempotent    *load.Directive
	)
	for _, d := range lm.Directives {
		if !b.checkName(d) {
			continue
		}
		switch d.Name {
		case dirRequestLine:
			if requestLine != nil {
				b.diags.Addf(d.Pos, "%s has a second //feign:requestLine (the first is at line %d)", where, requestLine.Pos.Line)
				continue
			}
			requestLine = &d
		case dirHeaders:
			if h, ok := b.parseHeader(d); ok {
				methodHeaders = append(methodHeaders, h)
			}
		case dirOptions:
			b.parseOptions(d, &opts)
		case dirIdempotent:
			switch {
			case d.Args != "":
				b.diags.Addf(at(d, 0), "//feign:idempotent takes no arguments")
			case idempotent != nil:
				b.diags.Addf(d.Pos, "%s is marked //feign:idempotent twice", where)
			}
			idempotent = &d
		default:
			if notYet[d.Name] {
				b.diags.Addf(d.Pos, "//feign:%s is not supported by this version of feigngen", d.Name)
			}
		}
	}
	m.Idempotent = idempotent != nil
	m.Dismiss404 = opts.dismiss404

	sig := lm.Func.Type().(*types.Signature)
	b.params(m, sig, where)
	b.result(m, sig, lm.Pos, where)
	if requestLine == nil {
		b.diags.Addf(lm.Pos, "method %s has no //feign:requestLine: add one such as //feign:requestLine GET /path", where)
		return m
	}
	vars := &resolver{b: b, method: m, where: where}
	b.requestLine(m, *requestLine, vars)
	for _, h := range mergeHeaders(shared.headers, methodHeaders) {
		b.header(m, h, vars)
	}
	b.body(m, vars, where)
	if m.Dismiss404 && m.Result.Kind == ResultResponse {
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

// params classifies the parameters of sig: the context, the ones templates name (found
// later by the resolver), and the rest.
func (b *builder) params(m *Method, sig *types.Signature, where string) {
	if sig.Variadic() {
		last := sig.Params().At(sig.Params().Len() - 1)
		b.diags.Addf(b.position(last.Pos()), "%s: variadic parameter %s is not supported by this version of feigngen", where, last.Name())
	}
	for i := range sig.Params().Len() {
		v := sig.Params().At(i)
		p := &Param{Name: v.Name(), Declared: v.Name(), Type: v.Type(), Pos: b.position(v.Pos())}
		if isContext(v.Type()) {
			if i != 0 {
				b.diags.Addf(b.position(v.Pos()), "%s: context.Context must be the first parameter", where)
			} else {
				m.Context = p
			}
		}
		m.Params = append(m.Params, p)
	}
	reserved := b.reservedNames()
	reserved[m.Endpoint] = true // the body takes its address
	nameParams(m.Params, reserved)
}

func (b *builder) result(m *Method, sig *types.Signature, pos token.Position, where string) {
	res := sig.Results()
	if res.Len() == 0 || res.Len() > 2 || !isError(res.At(res.Len()-1).Type()) {
		b.diags.Addf(pos, "%s must return error or (T, error)", where)
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
	case isError(t):
		b.diags.Addf(pos, "%s returns (error, error): want error or (T, error)", where)
	case isContext(t):
		b.diags.Addf(pos, "%s returns a context.Context, which cannot be decoded from a response", where)
	default:
		switch types.Unalias(t).Underlying().(type) {
		case *types.Signature, *types.Chan:
			b.diags.Addf(pos, "%s returns %s, which cannot be decoded from a response", where, types.TypeString(t, types.RelativeTo(b.pkg.Types)))
		}
	}
}

func isNamedType(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Named)
	return ok
}

// body makes the one parameter no template names the request body.
func (b *builder) body(m *Method, r *resolver, where string) {
	var unused []*Param
	for _, p := range m.Params {
		if p == m.Context || r.used[p] {
			continue
		}
		unused = append(unused, p)
	}
	switch len(unused) {
	case 0:
	case 1:
		m.Body = unused[0]
		m.BodyStream = isReader(m.Body.Type)
	default:
		names := make([]string, len(unused))
		for i, p := range unused {
			names[i] = p.display()
		}
		if form := formContentType(m); form != "" {
			b.diags.Addf(unused[1].Pos, "%s: parameters %s are used in no template; with Content-Type %s they would be form fields, which this version of feigngen does not support: pass the form as one url.Values, map or struct parameter", where, strings.Join(names, " and "), form)
			return
		}
		b.diags.Addf(unused[1].Pos, "%s: parameters %s are used in no template, and at most one can be the request body: reference the others as {name} in the requestLine or a header", where, strings.Join(names, " and "))
	}
}

// formContentType returns the form media type a Content-Type header of m names, or "".
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
		switch media = strings.ToLower(strings.TrimSpace(media)); media {
		case "application/x-www-form-urlencoded", "multipart/form-data":
			return media
		}
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
	for _, n := range []string{"c", "call", "item", "i", "context", "http", "io", "runtime", "strconv", "strings",
		"feigncontext", "feignruntime", "feignstrconv", "feignstrings"} {
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
			names := []string{c.New, c.Impl}
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
