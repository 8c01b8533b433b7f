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
//		call := c.client.NewCall(ctx, &gitHubContributorsEndpoint)
//		call.Path("/repos/")
//		call.PathSegment("owner", owner)
//		…
//		return runtime.Decode[[]Contributor](call)
//	}
func emitMethod(f *jen.File, c *model.Client, m *model.Method) {
	params := make([]jen.Code, len(m.Params))
	for i, p := range m.Params {
		params[i] = jen.Id(p.Name).Add(typeCode(p.Type))
	}
	results := []jen.Code{jen.Error()}
	if m.Result.Kind != model.ResultNone {
		results = []jen.Code{typeCode(m.Result.Type), jen.Error()}
	}
	ctx := jen.Qual(contextPkg, "Background").Call()
	if m.Context != nil {
		ctx = jen.Id(m.Context.Name)
	}

	body := []jen.Code{
		jen.Id("call").Op(":=").Id("c").Dot("client").Dot("NewCall").Call(ctx, jen.Op("&").Id(m.Endpoint)),
	}
	body = append(body, pathStatements(m)...)
	body = append(body, queryStatements(m)...)
	body = append(body, headerStatements(m)...)
	switch {
	case m.BodyStream:
		body = append(body, call("BodyReader", jen.Id(m.Body.Name)))
	case m.Body != nil:
		body = append(body, call("Body", jen.Id(m.Body.Name)))
	}
	body = append(body, jen.Return(ending(m)))

	docComment(f, m)
	f.Func().Params(jen.Id("c").Op("*").Id(c.Impl)).Id(m.Name).Params(params...).Params(results...).Block(body...)
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

// ending is the Call method that sends the call and shapes its result.
func ending(m *model.Method) jen.Code {
	switch m.Result.Kind {
	case model.ResultDecode:
		return jen.Qual(runtimePkg, "Decode").Types(typeCode(m.Result.Type)).Call(jen.Id("call"))
	case model.ResultBytes:
		return jen.Id("call").Dot("Bytes").Call()
	case model.ResultText:
		return jen.Id("call").Dot("Text").Call()
	case model.ResultResponse:
		return jen.Id("call").Dot("Response").Call()
	case model.ResultStream:
		return jen.Id("call").Dot("Stream").Call()
	}
	return jen.Id("call").Dot("Do").Call()
}

// call writes call.Method(args...).
func call(method string, args ...jen.Code) *jen.Statement {
	return jen.Id("call").Dot(method).Call(args...)
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
		if piece.Segment {
			method = "PathSegment"
		}
		v := p.Value
		switch {
		case v.List:
			// if len(ids) == 0 { call.Undefined("ids") }
			// for i, item := range ids { if i > 0 { call.Path(",") }; call.PathValue("ids", …) }
			out = append(out,
				jen.If(jen.Len(jen.Id(p.Name)).Op("==").Lit(0)).Block(call("Undefined", name)),
				jen.For(jen.List(jen.Id("i"), jen.Id("item")).Op(":=").Range().Id(p.Name)).Block(
					jen.If(jen.Id("i").Op(">").Lit(0)).Block(call("Path", jen.Lit(","))),
					call("PathValue", name, format(p, itemOf(v))),
				))
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
// parameter is left out, and a list repeats its pair once per element.
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
		stmt := func(items map[*model.Param]valueRef) jen.Code {
			if len(q.Value) == 1 {
				// call.Query("anon", strconv.FormatBool(*anon))
				p := q.Value[0].Param
				return call("Query", jen.Lit(q.Name), format(p, items[p]))
			}
			// call.RawQuery("q=" + "prefix-" + runtime.Escape(term))
			parts := []jen.Code{jen.Lit(q.Name + "=")}
			for _, piece := range q.Value {
				if piece.Param == nil {
					parts = append(parts, jen.Lit(piece.Literal))
					continue
				}
				parts = append(parts, jen.Qual(runtimePkg, "Escape").Call(format(piece.Param, items[piece.Param])))
			}
			return call("RawQuery", concat(parts))
		}
		out = append(out, guarded(q.Value, list, stmt))
	}
	return out
}

// headerStatements adds the headers; a header whose value uses an undefined parameter
// is left out whole, never sent half-resolved ("Bearer ").
func headerStatements(m *model.Method) []jen.Code {
	var out []jen.Code
	for _, h := range m.Headers {
		stmt := func(items map[*model.Param]valueRef) jen.Code {
			var parts []jen.Code
			for _, piece := range h.Value {
				switch p := piece.Param; {
				case p == nil:
					parts = append(parts, jen.Lit(piece.Literal))
				case p.Value.List:
					parts = append(parts, joinList(p))
				default:
					parts = append(parts, format(p, items[p]))
				}
			}
			if len(parts) == 0 {
				parts = append(parts, jen.Lit(""))
			}
			return call("Header", jen.Lit(h.Name), concat(parts))
		}
		out = append(out, guarded(h.Value, nil, stmt))
	}
	return out
}

// guarded writes stmt inside the checks that every optional or list parameter among
// pieces is defined, and inside a loop over list when it is not nil:
//
//	if token != nil { call.Header("Authorization", "Bearer "+*token) }
//	for _, item := range tags { call.Query("tag", item) }
func guarded(pieces []model.Piece, list *model.Param, stmt func(map[*model.Param]valueRef) jen.Code) jen.Code {
	items := map[*model.Param]valueRef{}
	var conds []jen.Code
	seen := map[*model.Param]bool{}
	for _, piece := range pieces {
		p := piece.Param
		if p == nil || seen[p] {
			continue
		}
		seen[p] = true
		switch {
		case p == list:
			items[p] = itemOf(p.Value)
		case p.Value.List:
			conds = append(conds, jen.Len(jen.Id(p.Name)).Op(">").Lit(0))
		case p.Value.Optional:
			conds = append(conds, jen.Id(p.Name).Op("!=").Nil())
			items[p] = derefOf(p)
		default:
			items[p] = plainOf(p)
		}
	}
	code := stmt(items)
	if list != nil {
		code = jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id(list.Name)).Block(code)
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

// joinList writes the comma-separated list RFC 6570 expands a list variable to:
// strings.Join(tags, ",") or runtime.Join(ids, func(item int) string { … }).
func joinList(p *model.Param) jen.Code {
	v := p.Value
	if v.Format == model.FormatString && !v.Convert {
		return jen.Qual(stringsPkg, "Join").Call(jen.Id(p.Name), jen.Lit(","))
	}
	fn := jen.Func().Params(jen.Id("item").Add(typeCode(v.Elem))).String().Block(
		jen.Return(format(p, itemOf(v))),
	)
	return jen.Qual(runtimePkg, "Join").Call(jen.Id(p.Name), fn)
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

// concat joins string expressions with +, merging adjacent literals.
func concat(parts []jen.Code) jen.Code {
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("+").Add(p)
	}
	return s
}
