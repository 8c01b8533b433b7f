package emit

import (
	"go/types"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/gofeign/feign/internal/model"
)

const (
	serverPkg = "github.com/gofeign/feign/server"
	httpPkg   = "net/http"
	mathPkg   = "math"
)

// serverFile adds what the handlers of file need: the server package, imported under
// its own name unless the package declares one like it, and the version guard.
//
//	// This file needs a server package that supports this version of the generated handlers.
//	const _ = server.SupportPackageIsVersion1
func serverFile(f *jen.File, p *model.Package, file *model.File) {
	served := false
	for _, c := range file.Clients {
		served = served || c.Server != nil
	}
	if !served {
		return
	}
	for _, imp := range []struct{ path, name string }{{serverPkg, "server"}, {httpPkg, "http"}, {mathPkg, "math"}} {
		if p.Declared[imp.name] {
			f.ImportAlias(imp.path, "feign"+imp.name)
			continue
		}
		f.ImportName(imp.path, imp.name)
	}
	f.Line()
	f.Comment("This file needs a server package that supports this version of the generated handlers.")
	f.Const().Id("_").Op("=").Qual(serverPkg, "SupportPackageIsVersion1")
}

// emitServer writes the handler of one interface:
//
//	// NewGitHubHandler returns an http.Handler that serves … by calling impl.
//	func NewGitHubHandler(impl GitHub, opts ...server.Option) http.Handler {
//		s := server.New(opts...)
//		mux := http.NewServeMux()
//		// Contributors: GET /repos/{owner}/{repo}/contributors?anon={anon}
//		mux.Handle("GET /repos/{owner}/{repo}/contributors", s.Route("GitHub#Contributors", func(q *server.Request) {
//			owner := q.Path("owner")
//			…
//			if q.Failed() {
//				return
//			}
//			q.Encode(impl.Contributors(q.Context(), owner, repo, anon))
//		}))
//		return mux
//	}
func emitServer(f *jen.File, c *model.Client) {
	var body []jen.Code
	if len(c.Server.Routes) > 0 {
		body = append(body, jen.Id("s").Op(":=").Qual(serverPkg, "New").Call(jen.Id("opts").Op("...")))
	}
	body = append(body, jen.Id("mux").Op(":=").Qual(httpPkg, "NewServeMux").Call())
	for _, r := range c.Server.Routes {
		body = append(body,
			jen.Comment(r.Method.Name+": "+r.Method.RequestLine),
			jen.Id("mux").Dot("Handle").Call(jen.Lit(r.Pattern), jen.Id("s").Dot("Route").Call(
				jen.Lit(r.Method.Key),
				jen.Func().Params(jen.Id("q").Op("*").Qual(serverPkg, "Request")).Block(routeBody(r)...),
			)))
	}
	body = append(body, jen.Return(jen.Id("mux")))

	f.Line()
	f.Commentf("%s returns an http.Handler that serves the requests of %s's client by", c.Server.Handler, c.Interface)
	f.Comment("calling impl: each method's request line is a net/http.ServeMux pattern, its")
	f.Comment("parameters are decoded as the client encodes them, and impl's results and errors")
	f.Commentf("are answered as the client decodes them (see package %s).", serverPkg)
	f.Func().Id(c.Server.Handler).
		Params(jen.Id("impl").Add(typeCode(c.Type)), jen.Id("opts").Op("...").Qual(serverPkg, "Option")).
		Qual(httpPkg, "Handler").
		Block(body...)
}

// routeBody decodes the parameters of one method, calls the implementation and
// answers its result.
func routeBody(r *model.Route) []jen.Code {
	m := r.Method
	var out []jen.Code
	if m.Paginate != nil {
		out = append(out, pageCursor(r))
	}
	for _, piece := range m.Path {
		if p := piece.Param; p != nil {
			out = append(out, pathParam(r, p, piece.Reserved)...)
		}
	}
	for _, sq := range r.Query {
		out = append(out, queryParam(r, sq)...)
	}
	if mp := m.QueryMap; mp != nil {
		out = append(out, queryMapParam(r, mp)...)
	}
	for _, h := range r.Headers {
		src := jen.Id("q").Dot("Header").Call(jen.Lit(h.Name), jen.Lit(h.Prefix), jen.Lit(h.Suffix))
		list := jen.Id("q").Dot("HeaderList").Call(jen.Lit(h.Name), jen.Lit(h.Prefix), jen.Lit(h.Suffix))
		out = append(out, valueParam(r, h.Param, "header "+h.Name, src, list)...)
	}
	if hm := m.HeaderMap; hm != nil {
		method := "HeaderValues"
		if hm.Kind == model.MapStrings {
			method = "HeaderStrings"
		}
		out = append(out, jen.Id(r.Locals[hm.Param]).Op(":=").Add(convertTo(hm.Param.Type, mapType(hm.Kind, "net/http.Header"),
			jen.Id("q").Dot(method).Call(lits(r.HeaderNames)...))))
	}
	out = append(out, bodyParam(r)...)
	if len(out) > 0 {
		out = append(out, jen.If(jen.Id("q").Dot("Failed").Call()).Block(jen.Return()))
	}

	var args []jen.Code
	for _, p := range m.Params {
		switch p {
		case m.Context:
			args = append(args, jen.Id("q").Dot("Context").Call())
		case m.CallOptions:
		default:
			args = append(args, jen.Id(r.Locals[p]))
		}
	}
	invoke := jen.Id("impl").Dot(m.Name).Call(args...)
	answer := func(method string) jen.Code { return jen.Id("q").Dot(method).Call(invoke) }
	switch m.Result.Kind {
	case model.ResultNone:
		out = append(out, answer("NoContent"))
	case model.ResultDecode:
		out = append(out, answer("Encode"))
	case model.ResultBytes:
		out = append(out, answer("Bytes"))
	case model.ResultText:
		out = append(out, answer("Text"))
	case model.ResultResponse:
		out = append(out, answer("Response"))
	case model.ResultStream:
		out = append(out, answer("Stream"))
	case model.ResultSeq:
		out = append(out, seqAnswer(m, invoke))
	case model.ResultTyped:
		out = append(out,
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(invoke),
			jen.Qual(serverPkg, "Respond").Call(jen.Id("q"), jen.Id("v"), jen.Err()))
	}
	return out
}

// pathParam reads a path wildcard: owner := q.Path("owner").
func pathParam(r *model.Route, p *model.Param, reserved bool) []jen.Code {
	local := jen.Id(r.Locals[p])
	label := "path " + p.Declared
	if p.Value.List {
		// for _, item := range q.PathList("ids", 1) { ids = append(ids, …) }
		return listInto(r, p, label, local, true, jen.Id("q").Dot("PathList").Call(jen.Lit(p.Declared), jen.Lit(r.PathIndex[p])))
	}
	v := scalar(p.Value, label, jen.Id("q").Dot("Path").Call(jen.Lit(p.Declared)))
	if p.Value.Optional {
		v = jen.Qual(serverPkg, "Ptr").Call(v)
	}
	return []jen.Code{jen.Id(r.Locals[p]).Op(":=").Add(v)}
}

// queryParam reads a pair of the request line: a literal pair is checked.
func queryParam(r *model.Route, sq model.ServedQuery) []jen.Code {
	if sq.Param == nil {
		return []jen.Code{jen.Id("q").Dot("QueryLiteral").Call(jen.Lit(sq.Name), jen.Lit(sq.Literal), jen.Lit(sq.HasValue))}
	}
	list := jen.Id("q").Dot("QueryAll").Call(jen.Lit(sq.Name))
	if sq.Collection != model.Exploded {
		list = jen.Id("q").Dot("QueryJoined").Call(jen.Lit(sq.Name), jen.Lit(sq.Collection.RawSeparator()))
	}
	return valueParam(r, sq.Param, "query "+sq.Name, jen.Id("q").Dot("Query").Call(jen.Lit(sq.Name)), list)
}

// valueParam declares the variable of p and reads it: src yields (text, ok), list the
// texts of a list. A scalar that is neither a pointer nor a list is required.
//
//	var anon *bool
//	if text, ok := q.Query("anon"); ok {
//		anon = server.Ptr(q.Bool("query anon", text))
//	}
func valueParam(r *model.Route, p *model.Param, label string, src, list jen.Code) []jen.Code {
	local := jen.Id(r.Locals[p])
	if p.Value.List {
		return listInto(r, p, label, local, true, list)
	}
	return []jen.Code{
		jen.Var().Id(r.Locals[p]).Add(typeCode(p.Type)),
		scalarInto(p.Value, label, local, src, !p.Value.Optional),
	}
}

// scalarInto assigns the value of a (text, ok) source to target; a required one that
// is missing is a bad request.
func scalarInto(v *model.Value, label string, target *jen.Statement, src jen.Code, required bool) jen.Code {
	x := scalar(v, label, jen.Id("text"))
	if v.Optional {
		x = jen.Qual(serverPkg, "Ptr").Call(x)
	}
	stmt := jen.If(jen.List(jen.Id("text"), jen.Id("ok")).Op(":=").Add(src), jen.Id("ok")).Block(target.Clone().Op("=").Add(x))
	if required {
		stmt = stmt.Else().Block(jen.Id("q").Dot("Required").Call(jen.Lit(label)))
	}
	return stmt
}

// listInto appends the parsed texts of a list to target, declaring it first when
// declare is set; a list of plain strings is the texts themselves:
//
//	var ids []int
//	for _, item := range q.QueryAll("ids") {
//		ids = append(ids, int(q.Int("query ids", item, 0)))
//	}
func listInto(r *model.Route, p *model.Param, label string, target *jen.Statement, declare bool, texts jen.Code) []jen.Code {
	v := p.Value
	plain := v.Format == model.FormatString && !v.Convert && !v.ElemNilable && isStringSlice(p.Type)
	if plain {
		if declare {
			return []jen.Code{target.Clone().Op(":=").Add(texts)}
		}
		return []jen.Code{target.Clone().Op("=").Add(texts)}
	}
	x := scalar(v, label, jen.Id("item"))
	if v.ElemNilable {
		x = jen.Qual(serverPkg, "Ptr").Call(x)
	}
	var out []jen.Code
	if declare {
		out = append(out, jen.Var().Add(target.Clone()).Add(typeCode(p.Type)))
	}
	return append(out, jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Add(texts)).Block(
		target.Clone().Op("=").Append(target.Clone(), x)))
}

// isStringSlice reports whether t is exactly []string, which the texts already are.
func isStringSlice(t types.Type) bool {
	s, ok := types.Unalias(t).(*types.Slice)
	if !ok {
		return false
	}
	b, ok := types.Unalias(s.Elem()).(*types.Basic)
	return ok && b.Kind() == types.String
}

// scalar parses text into the scalar type of v:
//
//	int32(q.Int("query page", text, 32))
//	server.Text[time.Time](q, "query since", text)
func scalar(v *model.Value, label string, text jen.Code) *jen.Statement {
	conv := func(x *jen.Statement) *jen.Statement {
		if v.Convert {
			return typeCode(v.Elem).Call(x)
		}
		return x
	}
	q := jen.Id("q")
	bits := model.IntBits(v.Elem)
	switch v.Format {
	case model.FormatString:
		return conv(jen.Add(text))
	case model.FormatBool:
		return conv(q.Dot("Bool").Call(jen.Lit(label), text))
	case model.FormatInt:
		return conv(q.Dot("Int").Call(jen.Lit(label), text, jen.Lit(bits)))
	case model.FormatUint:
		return conv(q.Dot("Uint").Call(jen.Lit(label), text, jen.Lit(bits)))
	case model.FormatFloat32:
		return conv(q.Dot("Float").Call(jen.Lit(label), text, jen.Lit(32)))
	case model.FormatFloat64:
		return conv(q.Dot("Float").Call(jen.Lit(label), text, jen.Lit(64)))
	}
	return jen.Qual(serverPkg, "Text").Types(typeCode(v.Elem)).Call(q, jen.Lit(label), text)
}

// queryMapParam reads a //feign:queryMap: a map receives the pairs the templates do
// not read; a struct's fields are read by their names, and a pointer to one is set
// when one of them is present.
func queryMapParam(r *model.Route, mp *model.MapParam) []jen.Code {
	local := r.Locals[mp.Param]
	switch mp.Kind {
	case model.MapValues, model.MapStrings:
		method := "QueryValues"
		if mp.Kind == model.MapStrings {
			method = "QueryStrings"
		}
		return []jen.Code{jen.Id(local).Op(":=").Add(convertTo(mp.Param.Type, mapType(mp.Kind, "net/url.Values"), jen.Id("q").Dot(method).Call(lits(r.QueryNames)...)))}
	}
	var fields, names []jen.Code
	for i, f := range mp.Fields {
		name := r.FieldNames[i]
		names = append(names, jen.Lit(name))
		target := selector(local, strings.TrimPrefix(f.Param.Name, mp.Param.Name))
		label := "query " + name
		v := f.Param.Value
		if v.List {
			texts := jen.Id("q").Dot("QueryAll").Call(jen.Lit(name))
			fields = append(fields, listInto(r, f.Param, label, target, false, texts)...)
			continue
		}
		fields = append(fields, scalarInto(v, label, target, jen.Id("q").Dot("Query").Call(jen.Lit(name)), false))
	}
	if !mp.Pointer {
		return append([]jen.Code{jen.Var().Id(local).Add(typeCode(mp.Param.Type))}, fields...)
	}
	elem := mp.Param.Type.Underlying().(*types.Pointer).Elem()
	fields = append([]jen.Code{jen.Id(local).Op("=").New(typeCode(elem))}, fields...)
	return []jen.Code{
		jen.Var().Id(local).Add(typeCode(mp.Param.Type)),
		jen.If(jen.Id("q").Dot("HasQuery").Call(names...)).Block(fields...),
	}
}

// selector writes local followed by a field path such as ".Filter.State".
func selector(local, path string) *jen.Statement {
	s := jen.Id(local)
	for _, name := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		if name != "" {
			s = s.Dot(name)
		}
	}
	return s
}

// bodyParam reads the body: form fields or parts, a whole form, a raw or streamed
// body, or one decoded by the Server's Decoder.
func bodyParam(r *model.Route) []jen.Code {
	m := r.Method
	q := jen.Id("q")
	media := jen.Lit(r.Media)
	if m.Form != nil {
		out := []jen.Code{q.Clone().Dot("ReadForm").Call(jen.Lit(m.Multipart))}
		for _, f := range m.Form {
			if f.File {
				out = append(out, jen.Id(r.Locals[f.Param]).Op(":=").Add(convertBytes(f.Param.Type, q.Clone().Dot("FormFile").Call(jen.Lit(f.Name)))))
				continue
			}
			src := q.Clone().Dot("FormValue").Call(jen.Lit(f.Name))
			list := q.Clone().Dot("FormAll").Call(jen.Lit(f.Name))
			out = append(out, valueParam(r, f.Param, "form "+f.Name, src, list)...)
		}
		return out
	}
	p := m.Body
	if p == nil {
		return nil
	}
	local := r.Locals[p]
	switch {
	case m.BodyStream:
		return []jen.Code{jen.Id(local).Op(":=").Add(q.Clone().Dot("BodyReader").Call(media))}
	case m.FormBody:
		if ptr, ok := p.Type.Underlying().(*types.Pointer); ok {
			return []jen.Code{
				jen.Id(local).Op(":=").New(typeCode(ptr.Elem())),
				q.Clone().Dot("DecodeForm").Call(jen.Id(local)),
			}
		}
		return []jen.Code{
			jen.Var().Id(local).Add(typeCode(p.Type)),
			q.Clone().Dot("DecodeForm").Call(jen.Op("&").Id(local)),
		}
	case m.BodyRaw == model.RawBytes:
		return []jen.Code{jen.Id(local).Op(":=").Add(convertBytes(p.Type, q.Clone().Dot("BodyBytes").Call(media)))}
	case m.BodyRaw == model.RawString:
		x := q.Clone().Dot("BodyText").Call(media)
		if m.BodyConvert {
			x = typeCode(p.Type).Call(x)
		}
		return []jen.Code{jen.Id(local).Op(":=").Add(x)}
	}
	return []jen.Code{
		jen.Var().Id(local).Add(typeCode(p.Type)),
		q.Clone().Dot("Decode").Call(jen.Op("&").Id(local), media),
	}
}

// convertBytes converts a []byte expression to t unless t is []byte itself.
func convertBytes(t types.Type, x *jen.Statement) *jen.Statement {
	if s, ok := types.Unalias(t).(*types.Slice); ok {
		if b, ok := types.Unalias(s.Elem()).(*types.Basic); ok && b.Kind() == types.Byte {
			return x
		}
	}
	return typeCode(t).Call(x)
}

func lits(names []string) []jen.Code {
	out := make([]jen.Code, len(names))
	for i, n := range names {
		out[i] = jen.Lit(n)
	}
	return out
}

// mapType names the type the server's map readers return: values for a
// map[string][]string kind, map[string]string otherwise.
func mapType(kind model.MapKind, values string) string {
	if kind == model.MapStrings {
		return "map[string]string"
	}
	return values
}

// convertTo converts x, of the type named have, to t unless t is that type.
func convertTo(t types.Type, have string, x *jen.Statement) *jen.Statement {
	if types.TypeString(t, nil) == have {
		return x
	}
	return typeCode(t).Call(x)
}
