package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/gofeign/feign/internal/model"
)

// emitMethod writes one method:
//
//	// Contributors sends GET /repos/{owner}/{repo}/contributors?anon={anon}.
//	func (c *gitHubClient) Contributors(ctx context.Context, owner string, …) ([]Contributor, error) {
//		var call runtime.Call
//		c.client.InitCall(&call, ctx, &gitHubContributorsEndpoint)
//		call.Path("/repos/")
//		call.PathSegment("owner", owner)
//		…
//		return runtime.Decode[[]Contributor](&call)
//	}
//
// A (runtime.Response[T], error) method ends with runtime.DecodeResponse[T](&call).
//
// The Call is a local variable, not a *Call from NewCall, so that it stays on the
// stack: a call then costs no allocation of the Call itself.
func emitMethod(f *jen.File, c *model.Client, m *model.Method) {
	params := make([]jen.Code, len(m.Params))
	for i, p := range m.Params {
		if p == m.CallOptions {
			params[i] = jen.Id(p.Name).Op("...").Qual(runtimePkg, "CallOption")
			continue
		}
		params[i] = jen.Id(p.Name).Add(typeCode(p.Type))
	}
	results := []jen.Code{jen.Error()}
	switch m.Result.Kind {
	case model.ResultNone:
	case model.ResultSeq:
		results = []jen.Code{typeCode(m.Result.Type)} // a stream or pages: errors come in the loop
	default:
		results = []jen.Code{typeCode(m.Result.Type), jen.Error()}
	}
	ctx := jen.Qual(contextPkg, "Background").Call()
	if m.Context != nil {
		ctx = jen.Id(m.Context.Name)
	}
	args := []jen.Code{jen.Op("&").Id("call"), ctx, jen.Op("&").Id(m.Endpoint)}
	if m.CallOptions != nil {
		args = append(args, jen.Id(m.CallOptions.Name).Op("..."))
	}

	body := []jen.Code{
		jen.Var().Id("call").Qual(runtimePkg, "Call"),
		jen.Id("c").Dot(c.Field).Dot("InitCall").Call(args...),
	}
	body = append(body, textsStatements(m)...)
	body = append(body, pathStatements(m)...)
	body = append(body, queryStatements(m)...)
	if m.QueryMap != nil {
		body = append(body, queryMapStatements(m.QueryMap)...)
	}
	body = append(body, headerStatements(m)...)
	if hm := m.HeaderMap; hm != nil {
		method := "HeaderMap"
		if hm.Kind == model.MapStrings {
			method = "HeaderStringMap"
		}
		body = append(body, call(method, jen.Id(hm.Param.Name)))
	}
	switch {
	case m.Template != nil:
		body = append(body, templateStatements(m)...)
	case m.Form != nil:
		body = append(body, formStatements(m)...)
	case m.BodyStream:
		body = append(body, call("BodyReader", jen.Id(m.Body.Name)))
	case m.FormBody:
		body = append(body, call("Form", jen.Id(m.Body.Name)))
	case m.BodyRaw != model.RawNone:
		body = append(body, rawBodyStatement(m))
	case m.Body != nil:
		body = append(body, call("Body", jen.Id(m.Body.Name)))
	}
	body = append(body, fallbackEnding(c, m)...)

	docComment(f, m)
	f.Func().Params(jen.Id("c").Op("*").Id(c.Impl)).Id(m.Name).Params(params...).Params(results...).Block(body...)
}

// rawBodyStatement sends a []byte or string body as it is, converting a named type:
//
//	call.BodyBytes(data)
//	call.BodyString(string(token))
func rawBodyStatement(m *model.Method) jen.Code {
	method, conv := "BodyBytes", jen.Index().Byte()
	if m.BodyRaw == model.RawString {
		method, conv = "BodyString", jen.String()
	}
	v := jen.Id(m.Body.Name)
	if m.BodyConvert {
		return call(method, conv.Call(v))
	}
	return call(method, v)
}

// docComment writes the doc comment of a method: "// Get sends GET /path.". gofmt turns
// two backticks or two single quotes in doc comment text into a curly quote, and long
// runs of backticks not the same way twice, so a request line holding them is shown as
// a code block, which gofmt leaves as it is:
//
//	// Get sends:
//	//
//	//	GET /q=''
func docComment(f *jen.File, m *model.Method) {
	if !strings.Contains(m.RequestLine, "``") && !strings.Contains(m.RequestLine, "''") {
		f.Commentf("%s sends %s.", m.Name, m.RequestLine)
		return
	}
	f.Commentf("%s sends:", m.Name)
	f.Comment("//")
	f.Comment("//\t" + m.RequestLine)
}

// fallbackEnding sends the call and returns its result, or the fallback's when an open
// circuit refused it:
//
//	result, err := runtime.Decode[[]Contributor](&call)
//	if c.fallback != nil && runtime.FallsBack(err) {
//		return c.fallback.Contributors(ctx, owner, repo, anon)
//	}
//	return result, err
//
// A method returning an iter.Seq2 (a stream, pages) has no fallback branch: its call is
// sent, and refused, only once the caller ranges over it, so it returns the sequence.
func fallbackEnding(c *model.Client, m *model.Method) []jen.Code {
	if m.Result.Kind == model.ResultSeq {
		return []jen.Code{jen.Return(ending(m))}
	}
	args := make([]jen.Code, len(m.Params))
	for i, p := range m.Params {
		args[i] = jen.Id(p.Name)
		if p == m.CallOptions {
			args[i] = jen.Id(p.Name).Op("...")
		}
	}
	results := []jen.Code{jen.Err()}
	if m.Result.Kind != model.ResultNone {
		results = []jen.Code{jen.Id("result"), jen.Err()}
	}
	return []jen.Code{
		jen.List(results...).Op(":=").Add(ending(m)),
		jen.If(jen.Id("c").Dot(c.FallbackField).Op("!=").Nil().Op("&&").Qual(runtimePkg, "FallsBack").Call(jen.Err())).Block(
			jen.Return(jen.Id("c").Dot(c.FallbackField).Dot(m.Name).Call(args...)),
		),
		jen.Return(results...),
	}
}

// ending is the Call method that sends the call and shapes its result.
func ending(m *model.Method) jen.Code {
	switch m.Result.Kind {
	case model.ResultDecode:
		return jen.Qual(runtimePkg, "Decode").Types(typeCode(m.Result.Type)).Call(jen.Op("&").Id("call"))
	case model.ResultBytes:
		return jen.Id("call").Dot("Bytes").Call()
	case model.ResultText:
		return jen.Id("call").Dot("Text").Call()
	case model.ResultResponse:
		return jen.Id("call").Dot("Response").Call()
	case model.ResultStream:
		return jen.Id("call").Dot("Stream").Call()
	case model.ResultSeq:
		return seqEnding(m)
	case model.ResultTyped:
		return jen.Qual(runtimePkg, "DecodeResponse").Types(typeCode(m.Result.Elem)).Call(jen.Op("&").Id("call"))
	}
	return jen.Id("call").Dot("Do").Call()
}

// call writes call.Method(args...).
func call(method string, args ...jen.Code) *jen.Statement {
	return jen.Id("call").Dot(method).Call(args...)
}

// textsStatements formats the elements of every list parameter once, into the []string
// the rest of the method writes; a nil element fails the call:
//
//	idsTexts := runtime.Texts(ids, func(item int) string { return strconv.FormatInt(int64(item), 10) })
func textsStatements(m *model.Method) []jen.Code {
	var out []jen.Code
	for _, p := range m.Params {
		if p.Value == nil || !p.Value.List || p.Texts == p.Name {
			continue
		}
		out = append(out, jen.Id(p.Texts).Op(":=").Qual(runtimePkg, "Texts").Call(jen.Id(p.Name), elemFormatter(p)))
	}
	return out
}

// elemFormatter writes the func that formats one element of the list p:
//
//	func(item *Token) string { if item == nil { call.NilElement("tokens"); return "" }; return call.MarshalText("tokens", item) }
func elemFormatter(p *model.Param) jen.Code {
	var body []jen.Code
	if p.Value.ElemNilable {
		body = append(body, jen.If(jen.Id("item").Op("==").Nil()).Block(
			call("NilElement", jen.Lit(p.Declared)),
			jen.Return(jen.Lit("")),
		))
	}
	body = append(body, jen.Return(format(p, itemOf(p.Value))))
	return jen.Func().Params(jen.Id("item").Add(typeCode(p.Value.Elem))).String().Block(body...)
}

// pathStatements appends the path in template order. A whole segment uses PathSegment,
// which refuses an empty value; an undefined value fails the call.
func pathStatements(m *model.Method) []jen.Code {
	var out []jen.Code
	for _, piece := range m.Path {
		p := piece.Param
		if p == nil {
			out = append(out, call("Path", jen.Lit(piece.Literal)))
			continue
		}
		name := jen.Lit(p.Declared)
		method := "PathValue"
		switch {
		case piece.Segment && piece.Reserved:
			method = "PathReservedSegment"
		case piece.Segment:
			method = "PathSegment"
		case piece.Reserved:
			method = "PathReserved"
		}
		v := p.Value
		switch {
		case v.List:
			// call.PathList("ids", idsTexts, false)
			out = append(out, call("PathList", name, jen.Id(p.Texts), jen.Lit(piece.Reserved)))
		case v.Optional:
			// if id != nil { call.PathSegment("id", …) } else { call.Undefined("id") }
			out = append(out, jen.If(jen.Id(p.Name).Op("!=").Nil()).
				Block(call(method, name, format(p, derefOf(p)))).
				Else().Block(call("Undefined", name)))
		default:
			out = append(out, call(method, name, format(p, plainOf(p))))
		}
	}
	return out
}

// queryStatements appends the query pairs; a pair whose value uses an undefined
// parameter is left out, and a list repeats its pair once per element unless its
// collection format joins the elements into one value.
func queryStatements(m *model.Method) []jen.Code {
	var out []jen.Code
	for _, q := range m.Query {
		if !q.HasValue {
			out = append(out, call("RawQuery", jen.Lit(q.Name)))
			continue
		}
		if literal, ok := literalOnly(q.Value); ok {
			out = append(out, call("RawQuery", jen.Lit(q.Name+"="+literal)))
			continue
		}
		list := q.List()
		if list != nil && len(q.Value) == 1 && q.Collection != model.Exploded {
			// call.QueryJoined("tag", ",", tags)
			out = append(out, call("QueryJoined", jen.Lit(q.Name), jen.Lit(q.Collection.Separator()), jen.Id(list.Texts)))
			continue
		}
		loop := list
		if q.Collection != model.Exploded {
			loop = nil
		}
		stmt := func(text func(*model.Param) jen.Code) jen.Code {
			if len(q.Value) == 1 {
				// call.Query("anon", strconv.FormatBool(*anon))
				return call("Query", jen.Lit(q.Name), text(q.Value[0].Param))
			}
			// call.RawQuery("q=" + "prefix-" + runtime.Escape(term))
			parts := []jen.Code{jen.Lit(q.Name + "=")}
			for _, piece := range q.Value {
				if piece.Param == nil {
					parts = append(parts, jen.Lit(piece.Literal))
					continue
				}
				parts = append(parts, jen.Qual(runtimePkg, "Escape").Call(text(piece.Param)))
			}
			return call("RawQuery", concat(parts))
		}
		out = append(out, guarded(q.Value, loop, q.Collection.RawSeparator(), stmt))
	}
	return out
}

// queryMapStatements appends the pairs of a queryMap: the runtime sorts a map's keys; a
// struct's fields are read directly, in declaration order:
//
//	call.QueryMap(filter)
//	if filter.State != "" { call.Query("state", filter.State) }
func queryMapStatements(mp *model.MapParam) []jen.Code {
	switch mp.Kind {
	case model.MapValues:
		return []jen.Code{call("QueryMap", jen.Id(mp.Param.Name))}
	case model.MapStrings:
		return []jen.Code{call("QueryStringMap", jen.Id(mp.Param.Name))}
	}
	var out []jen.Code
	for _, f := range mp.Fields {
		p := f.Param
		v := p.Value
		var stmt jen.Code
		switch {
		case v.List:
			// for _, item := range filter.Labels { call.Query("label", item) }
			var body []jen.Code
			if v.ElemNilable {
				body = append(body, jen.If(jen.Id("item").Op("==").Nil()).Block(call("NilElement", jen.Lit(p.Declared)), jen.Continue()))
			}
			body = append(body, call("Query", jen.Lit(f.Query), format(p, itemOf(v))))
			stmt = jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id(p.Name)).Block(body...)
		case v.Optional:
			stmt = jen.If(jen.Id(p.Name).Op("!=").Nil()).Block(call("Query", jen.Lit(f.Query), format(p, derefOf(p))))
		case f.OmitEmpty && f.NonZero == "":
			stmt = jen.If(jen.Id(p.Name)).Block(call("Query", jen.Lit(f.Query), format(p, plainOf(p))))
		case f.OmitEmpty:
			stmt = jen.If(jen.Id(p.Name).Op(f.NonZero)).Block(call("Query", jen.Lit(f.Query), format(p, plainOf(p))))
		default:
			stmt = call("Query", jen.Lit(f.Query), format(p, plainOf(p)))
		}
		out = append(out, stmt)
	}
	if mp.Pointer && len(out) > 0 {
		return []jen.Code{jen.If(jen.Id(mp.Param.Name).Op("!=").Nil()).Block(out...)}
	}
	return out
}

// headerStatements adds the headers; a header whose value uses an undefined parameter
// is left out whole, never sent half-resolved ("Bearer ").
func headerStatements(m *model.Method) []jen.Code {
	var out []jen.Code
	for _, h := range m.Headers {
		stmt := func(text func(*model.Param) jen.Code) jen.Code {
			var parts []jen.Code
			for _, piece := range h.Value {
				if piece.Param == nil {
					parts = append(parts, jen.Lit(piece.Literal))
					continue
				}
				parts = append(parts, text(piece.Param))
			}
			if len(parts) == 0 {
				parts = append(parts, jen.Lit(""))
			}
			return call("Header", jen.Lit(h.Name), concat(parts))
		}
		out = append(out, guarded(h.Value, nil, ",", stmt))
	}
	return out
}

// templateStatements expands a //feign:body template into the body, each value escaped
// for the Content-Type; an undefined value fails the call, never sent half-resolved:
//
//	if title == nil { call.BodyUndefined("title") }
//	call.TemplateBody("{\"title\": \"" + runtime.JSONString(*title) + "\"}")
func templateStatements(m *model.Method) []jen.Code {
	var out []jen.Code
	seen := map[*model.Param]bool{}
	var parts []jen.Code
	for _, piece := range m.Template {
		p := piece.Param
		if p == nil {
			parts = append(parts, jen.Lit(piece.Literal))
			continue
		}
		var text jen.Code
		switch v := p.Value; {
		case v.List:
			if !seen[p] {
				out = append(out, jen.If(jen.Len(jen.Id(p.Texts)).Op("==").Lit(0)).Block(call("BodyUndefined", jen.Lit(p.Declared))))
			}
			text = jen.Qual(stringsPkg, "Join").Call(jen.Id(p.Texts), jen.Lit(","))
		case v.Optional:
			if !seen[p] {
				out = append(out, jen.If(jen.Id(p.Name).Op("==").Nil()).Block(call("BodyUndefined", jen.Lit(p.Declared)), jen.Return(undefinedResult(m))))
			}
			text = format(p, derefOf(p))
		default:
			text = format(p, plainOf(p))
		}
		seen[p] = true
		switch piece.Escape {
		case model.EscapeJSONString:
			text = jen.Qual(runtimePkg, "JSONString").Call(text)
		case model.EscapeJSONNumber:
			if f := p.Value.Format; f == model.FormatFloat32 || f == model.FormatFloat64 {
				text = call("JSONNumber", jen.Lit(p.Declared), text) // NaN and ±Inf are no JSON
			}
		case model.EscapeForm:
			text = jen.Qual(runtimePkg, "Escape").Call(text)
		}
		parts = append(parts, text)
	}
	if len(parts) == 0 {
		parts = append(parts, jen.Lit(""))
	}
	return append(out, call("TemplateBody", concat(parts)))
}

// undefinedResult ends a call whose body cannot be built: the ending method returns the
// error BodyUndefined recorded, before anything is sent.
func undefinedResult(m *model.Method) jen.Code {
	return ending(m)
}

// formStatements adds the form fields or multipart parts made of the parameters no
// template uses; an undefined value adds no field:
//
//	call.FormField("name", name)
//	for _, item := range tags { call.FormField("tags", item) }
func formStatements(m *model.Method) []jen.Code {
	field := "FormField"
	if m.Multipart {
		field = "MultipartField"
	}
	var out []jen.Code
	for _, f := range m.Form {
		p := f.Param
		if f.File {
			out = append(out, call("MultipartFile", jen.Lit(f.Name), jen.Lit(f.Name), jen.Id(p.Name)))
			continue
		}
		switch v := p.Value; {
		case v.List:
			out = append(out, jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id(p.Texts)).Block(
				call(field, jen.Lit(f.Name), jen.Id("item"))))
		case v.Optional:
			out = append(out, jen.If(jen.Id(p.Name).Op("!=").Nil()).Block(call(field, jen.Lit(f.Name), format(p, derefOf(p)))))
		default:
			out = append(out, call(field, jen.Lit(f.Name), format(p, plainOf(p))))
		}
	}
	return out
}

// guarded writes stmt inside the checks that every optional or list parameter among
// pieces is defined, and inside a loop over the texts of list when it is not nil. stmt
// gets the text of each parameter: an element of list, a list's other texts joined by
// sep, or a scalar's formatted value:
//
//	if token != nil { call.Header("Authorization", "Bearer "+*token) }
//	for _, item := range tags { call.Query("tag", item) }
func guarded(pieces []model.Piece, list *model.Param, sep string, stmt func(text func(*model.Param) jen.Code) jen.Code) jen.Code {
	var conds []jen.Code
	seen := map[*model.Param]bool{}
	for _, piece := range pieces {
		p := piece.Param
		if p == nil || seen[p] || p == list {
			continue
		}
		seen[p] = true
		switch {
		case p.Value.List:
			conds = append(conds, jen.Len(jen.Id(p.Texts)).Op(">").Lit(0))
		case p.Value.Optional:
			conds = append(conds, jen.Id(p.Name).Op("!=").Nil())
		}
	}
	text := func(p *model.Param) jen.Code {
		switch {
		case p == list:
			return jen.Id("item")
		case p.Value.List:
			return jen.Qual(stringsPkg, "Join").Call(jen.Id(p.Texts), jen.Lit(sep))
		case p.Value.Optional:
			return format(p, derefOf(p))
		}
		return format(p, plainOf(p))
	}
	code := stmt(text)
	if list != nil {
		code = jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id(list.Texts)).Block(code)
	}
	if len(conds) == 0 {
		return code
	}
	cond := conds[0]
	for _, c := range conds[1:] {
		cond = jen.Add(cond).Op("&&").Add(c)
	}
	return jen.If(cond).Block(code)
}

// literalOnly reports whether pieces hold no parameter, and their text.
func literalOnly(pieces []model.Piece) (string, bool) {
	var b strings.Builder
	for _, piece := range pieces {
		if piece.Param != nil {
			return "", false
		}
		b.WriteString(piece.Literal)
	}
	return b.String(), true
}

// concat joins string expressions with +.
func concat(parts []jen.Code) jen.Code {
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("+").Add(p)
	}
	return s
}
