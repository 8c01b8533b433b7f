package emit

import (
	"go/types"

	"github.com/dave/jennifer/jen"

	"github.com/gofeign/feign/internal/model"
)

// streamFormats are the runtime's names of the formats of //feign:stream.
var streamFormats = map[string]string{"sse": "StreamSSE", "jsonl": "StreamJSONLines", "jsonseq": "StreamJSONSeq"}

// streamSpec writes the package-level description of a stream method's format:
//
//	llmCompleteStream = runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}
func streamSpec(s *model.Stream) jen.Code {
	fields := []jen.Code{jen.Id("Format").Op(":").Qual(runtimePkg, streamFormats[s.Format])}
	if s.Done != "" {
		fields = append(fields, jen.Id("Done").Op(":").Lit(s.Done))
	}
	return jen.Qual(runtimePkg, "StreamSpec").Values(fields...)
}

// seqEnding is the ending of a method returning iter.Seq2[T, error]:
//
//	return runtime.Stream[Chunk](&call, &llmCompleteStream)
//	return runtime.StreamEvents[Chunk](&call, &llmCompleteStream)
//	return runtime.PageItems(&call, runtime.Pager[Page]{Cursor: "cursor", Next: func(page *Page) string { … }}, func(page *Page) []Repo { return page.Items })
//	return runtime.Pages(&call, runtime.Pager[Page]{})
func seqEnding(m *model.Method) jen.Code {
	callArg := jen.Op("&").Id("call")
	if s := m.Stream; s != nil {
		name := "Stream"
		if s.Events {
			name = "StreamEvents"
		}
		return jen.Qual(runtimePkg, name).Types(typeCode(s.Data)).Call(callArg, jen.Op("&").Id(s.Spec))
	}
	p := m.Paginate
	var pager []jen.Code
	if !p.Link {
		pager = append(pager,
			jen.Id("Cursor").Op(":").Lit(p.Cursor),
			jen.Id("Next").Op(":").Func().Params(jen.Id("page").Op("*").Add(typeCode(p.Page))).String().Block(nextCursor(p.Next)...),
		)
	}
	pagerValue := jen.Qual(runtimePkg, "Pager").Types(typeCode(p.Page)).Values(pager...)
	if p.Pages {
		return jen.Qual(runtimePkg, "Pages").Call(callArg, pagerValue)
	}
	return jen.Qual(runtimePkg, "PageItems").Call(callArg, pagerValue,
		jen.Func().Params(jen.Id("page").Op("*").Add(typeCode(p.Page))).Index().Add(typeCode(p.Item)).Block(pageItems(p)...))
}

// pageItems writes the body of the function returning a page's items, checking every
// pointer on the way:
//
//	if page.Data == nil {
//		return nil
//	}
//	return page.Data.Items
func pageItems(p *model.Paginate) []jen.Code {
	if p.Items == nil {
		return []jen.Code{jen.Return(jen.Op("*").Id("page"))}
	}
	out, expr := walk(p.Items, jen.Nil())
	return append(out, jen.Return(expr))
}

// nextCursor writes the body of the function returning a page's next cursor, "" for
// the last page: an empty string, a zero number or a nil pointer.
//
//	if page.Meta == nil {
//		return ""
//	}
//	return page.Meta.Next
func nextCursor(steps []model.Step) []jen.Code {
	out, expr := walk(steps, jen.Lit(""))
	last := steps[len(steps)-1]
	t := last.Type
	if last.Pointer {
		out = append(out, jen.If(expr.Clone().Op("==").Nil()).Block(jen.Return(jen.Lit(""))))
		expr = jen.Op("*").Add(expr)
		t = t.(*types.Pointer).Elem()
	}
	basic := t.Underlying().(*types.Basic)
	switch info := basic.Info(); {
	case info&types.IsString != 0:
		if _, isBasic := types.Unalias(t).(*types.Basic); !isBasic { // a named string type
			expr = jen.String().Call(expr)
		}
		return append(out, jen.Return(expr))
	case info&types.IsUnsigned != 0:
		out = append(out, jen.If(expr.Clone().Op("==").Lit(0)).Block(jen.Return(jen.Lit(""))))
		return append(out, jen.Return(jen.Qual(strconvPkg, "FormatUint").Call(jen.Uint64().Call(expr), jen.Lit(10))))
	default:
		out = append(out, jen.If(expr.Clone().Op("==").Lit(0)).Block(jen.Return(jen.Lit(""))))
		return append(out, jen.Return(jen.Qual(strconvPkg, "FormatInt").Call(jen.Int64().Call(expr), jen.Lit(10))))
	}
}

// walk writes the nil checks of a field path's pointers but the last one, and returns
// them with the expression of its last field.
func walk(steps []model.Step, zero jen.Code) ([]jen.Code, *jen.Statement) {
	var out []jen.Code
	expr := jen.Id("page")
	for i, s := range steps {
		expr = expr.Clone().Dot(s.Field)
		if s.Pointer && i < len(steps)-1 {
			out = append(out, jen.If(expr.Clone().Op("==").Nil()).Block(jen.Return(zero)))
		}
	}
	return out, expr
}
