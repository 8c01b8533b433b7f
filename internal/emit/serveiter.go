package emit

import (
	"go/types"

	"github.com/dave/jennifer/jen"

	"github.com/gofeign/feign/internal/model"
)

// pageCursor reads the cursor of a paginated route, bounded by what the page's next
// field can hold:
//
//	q.PageCursor("after", math.MaxInt)
func pageCursor(r *model.Route) jen.Code {
	return jen.Id("q").Dot("PageCursor").Call(jen.Lit(r.Cursor), maxCursor(r.Method.Paginate))
}

// maxCursor is the largest cursor the next field of p can hold: math.MaxInt, unless an
// integer kind smaller than int holds it.
func maxCursor(p *model.Paginate) jen.Code {
	max := jen.Qual(mathPkg, "MaxInt")
	if len(p.Next) == 0 {
		return max
	}
	t := p.Next[len(p.Next)-1].Type
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	switch t.Underlying().(*types.Basic).Kind() {
	case types.Int8:
		return jen.Qual(mathPkg, "MaxInt8")
	case types.Int16:
		return jen.Qual(mathPkg, "MaxInt16")
	case types.Int32:
		return jen.Qual(mathPkg, "MaxInt32")
	case types.Uint8:
		return jen.Qual(mathPkg, "MaxUint8")
	case types.Uint16:
		return jen.Qual(mathPkg, "MaxUint16")
	case types.Uint32:
		return jen.Min(max, jen.Qual(mathPkg, "MaxUint32")) // int may be 32 bits
	}
	return max
}

// seqAnswer answers a method returning iter.Seq2: a stream, or pages.
//
//	server.StreamItems(q, &llmCompleteStream, impl.Complete(q.Context(), token, prompt))
//	server.StreamEvents(q, &llmEventsStream, impl.Events(q.Context(), token, topic))
//	server.PageItems(q, server.Pager[Page]{Next: func(page *Page, next int) { … }}, impl.Search(…), func(page *Page, items []Repo) {
//		page.Repos = items
//	})
//	server.Pages(q, server.Pager[[]Repo]{Link: true}, impl.LinkPages(q.Context(), token))
func seqAnswer(m *model.Method, invoke jen.Code) jen.Code {
	q := jen.Id("q")
	if s := m.Stream; s != nil {
		name := "StreamItems"
		if s.Events {
			name = "StreamEvents"
		}
		return jen.Qual(serverPkg, name).Call(q, jen.Op("&").Id(s.Spec), invoke)
	}
	p := m.Paginate
	var fields []jen.Code
	if p.Link {
		fields = append(fields, jen.Id("Link").Op(":").True())
	} else {
		fields = append(fields, jen.Id("Next").Op(":").Func().
			Params(jen.Id("page").Op("*").Add(typeCode(p.Page)), jen.Id("next").Int()).
			Block(setNext(p.Next)...))
	}
	pager := jen.Qual(serverPkg, "Pager").Types(typeCode(p.Page)).Values(fields...)
	if p.Pages {
		return jen.Qual(serverPkg, "Pages").Call(q, pager, invoke)
	}
	return jen.Qual(serverPkg, "PageItems").Call(q, pager, invoke,
		jen.Func().Params(jen.Id("page").Op("*").Add(typeCode(p.Page)), jen.Id("items").Index().Add(typeCode(p.Item))).
			Block(setItems(p.Items)...))
}

// setItems writes the body of the function that puts a page's items into it, allocating
// the pointers on the way:
//
//	if page.Data == nil {
//		page.Data = new(Data)
//	}
//	page.Data.Items = items
func setItems(steps []model.Step) []jen.Code {
	if steps == nil {
		return []jen.Code{jen.Op("*").Id("page").Op("=").Id("items")}
	}
	out, expr := allocate(steps)
	return append(out, expr.Op("=").Id("items"))
}

// setNext writes the body of the function that sets a page's next cursor to next, or
// clears it for 0, the last page, without allocating a pointer to do so:
//
//	if next == 0 {
//		if page.Meta != nil {
//			page.Meta.Offset = nil
//		}
//		return
//	}
//	if page.Meta == nil {
//		page.Meta = new(Meta)
//	}
//	page.Meta.Offset = server.Ptr(int64(next))
func setNext(steps []model.Step) []jen.Code {
	last := steps[len(steps)-1]
	t, zero := last.Type, jen.Nil()
	if last.Pointer {
		t = types.Unalias(t).(*types.Pointer).Elem()
	}
	var value jen.Code
	if basic := t.Underlying().(*types.Basic); basic.Info()&types.IsString != 0 {
		value = jen.Qual(strconvPkg, "Itoa").Call(jen.Id("next"))
		if _, isBasic := types.Unalias(t).(*types.Basic); !isBasic {
			value = typeCode(t).Call(value)
		}
		if !last.Pointer {
			zero = jen.Lit("")
		}
	} else {
		value = jen.Id("next")
		if b, isBasic := types.Unalias(t).(*types.Basic); !isBasic || b.Kind() != types.Int {
			value = typeCode(t).Call(value)
		}
		if !last.Pointer {
			zero = jen.Lit(0)
		}
	}
	if last.Pointer {
		value = jen.Qual(serverPkg, "Ptr").Call(value)
	}

	// The clear: only where every pointer on the way is set.
	var set *jen.Statement
	expr := jen.Id("page")
	for _, s := range steps[:len(steps)-1] {
		expr = expr.Clone().Dot(s.Field)
		switch {
		case !s.Pointer:
		case set == nil:
			set = expr.Clone().Op("!=").Nil()
		default:
			set = set.Op("&&").Add(expr.Clone().Op("!=").Nil())
		}
	}
	clearField := expr.Clone().Dot(last.Field).Op("=").Add(zero)
	clearIt := []jen.Code{clearField}
	if set != nil {
		clearIt = []jen.Code{jen.If(set).Block(clearField)}
	}
	out := []jen.Code{jen.If(jen.Id("next").Op("==").Lit(0)).Block(append(clearIt, jen.Return())...)}

	alloc, target := allocate(steps)
	out = append(out, alloc...)
	return append(out, target.Op("=").Add(value))
}

// allocate writes the allocations of the pointers of a field path but the last field,
// and returns them with the expression of its last field.
func allocate(steps []model.Step) ([]jen.Code, *jen.Statement) {
	var out []jen.Code
	expr := jen.Id("page")
	for i, s := range steps {
		expr = expr.Clone().Dot(s.Field)
		if s.Pointer && i < len(steps)-1 {
			elem := types.Unalias(s.Type).(*types.Pointer).Elem()
			out = append(out, jen.If(expr.Clone().Op("==").Nil()).Block(expr.Clone().Op("=").New(typeCode(elem))))
		}
	}
	return out, expr
}
