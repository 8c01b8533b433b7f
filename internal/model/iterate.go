package model

import (
	"go/token"
	"go/types"
	"mime"
	"strings"

	"github.com/gofeign/feign/internal/load"
)

// The directives of methods returning iter.Seq2[T, error].
const (
	dirStream   = "stream"
	dirPaginate = "paginate"
)

// Stream is what //feign:stream declares of a method.
type Stream struct {
	Format string // "sse", "jsonl" or "jsonseq"
	Done   string // sse: the data of the event that ends the stream
	// Events says the items are runtime.SSE[Data]: each event with its ID, type and
	// retry. Data is the decoded type: the method's T, or the X of runtime.SSE[X].
	Events bool
	Data   types.Type
	Spec   string // the package-level runtime.StreamSpec variable
}

// Paginate is what //feign:paginate declares of a method.
type Paginate struct {
	Link   bool   // follow Link rel="next"; otherwise Cursor
	Cursor string // the query parameter the next page's request sets
	Next   []Step // the page's next-cursor field path (Cursor)
	Items  []Step // the page's items field path; nil when the page is the items slice
	Page   types.Type
	// Pages says the method yields runtime.Response[Page], each page with its
	// metadata, rather than the items of every page.
	Pages bool
	Item  types.Type // the item type, unless Pages
}

// Step is one field of a field path: the expression of a page's field.
type Step struct {
	Field   string
	Type    types.Type // the field's type
	Pointer bool       // the field is a pointer: nil ends the path
}

// streamFormats maps the formats of //feign:stream to the media types that name them.
var streamFormats = map[string][]string{
	"sse":     {"text/event-stream"},
	"jsonl":   {"application/x-ndjson", "application/jsonl"},
	"jsonseq": {"application/json-seq"},
}

// isSeq2 returns K and V when t is iter.Seq2[K, V].
func isSeq2(t types.Type) (k, v types.Type, ok bool) {
	n, isNamedT := types.Unalias(t).(*types.Named)
	if !isNamedT || !isNamed(n, "iter", "Seq2") || n.TypeArgs().Len() != 2 {
		return nil, nil, false
	}
	return n.TypeArgs().At(0), n.TypeArgs().At(1), true
}

// isSSEOf returns X when t is runtime.SSE[X], else nil.
func isSSEOf(t types.Type) types.Type {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !isNamed(n, runtimePath, "SSE") || n.TypeArgs().Len() != 1 {
		return nil
	}
	return n.TypeArgs().At(0)
}

// seqResult takes a lone iter.Seq2 result; it reports false when the results are not
// one iter.Seq2.
func (b *builder) seqResult(m *Method, sig *types.Signature, pos token.Position, where string) bool {
	res := sig.Results()
	if res.Len() != 1 {
		return false
	}
	k, v, ok := isSeq2(res.At(0).Type())
	if !ok {
		return false
	}
	if !isError(v) {
		b.diags.Addf(pos, "%s returns iter.Seq2[%s, %s]: the second type of a streamed or paginated result must be error", where, b.typeName(k), b.typeName(v))
	}
	m.Result = Result{Kind: ResultSeq, Type: res.At(0).Type(), Elem: k} // also after an error: the directives are checked still
	return true
}

func (b *builder) typeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == b.pkg.Types {
			return ""
		}
		return p.Name()
	})
}

// iteration checks //feign:stream and //feign:paginate against the method's result and
// fills m.Stream or m.Paginate.
func (b *builder) iteration(c *Client, m *Method, stream, paginate *load.Directive, pos token.Position, where string) {
	seq := m.Result.Kind == ResultSeq
	switch {
	case stream != nil && paginate != nil:
		b.diags.Addf(paginate.Pos, "%s has both //feign:stream (line %d) and //feign:paginate: a method streams one response or pages through several, not both", where, stream.Pos.Line)
		return
	case !seq && stream != nil:
		b.diags.Addf(stream.Pos, "//feign:stream on %s, which does not return iter.Seq2[T, error]: a streamed method returns iter.Seq2[T, error] (or iter.Seq2[runtime.SSE[T], error] for server-sent events with their IDs)", where)
		return
	case !seq && paginate != nil:
		b.diags.Addf(paginate.Pos, "//feign:paginate on %s, which does not return iter.Seq2[T, error]: a paginated method returns iter.Seq2[T, error] over the items of every page, or iter.Seq2[runtime.Response[Page], error] over the pages", where)
		return
	case !seq:
		return
	case paginate != nil:
		m.Paginate = b.paginate(m, *paginate, where)
		return
	}
	s := &Stream{Data: m.Result.Elem, Spec: b.unique(unexport(c.Interface) + m.Name + "Stream")}
	if x := isSSEOf(m.Result.Elem); x != nil {
		s.Events, s.Data = true, x
	}
	if stream != nil {
		b.parseStream(s, *stream, where)
	} else if s.Format = acceptedFormat(m); s.Format == "" {
		b.diags.Addf(pos, "%s returns iter.Seq2[%s, error] without //feign:stream or //feign:paginate: add //feign:stream sse, jsonl or jsonseq (or an Accept header naming text/event-stream, application/x-ndjson, application/jsonl or application/json-seq), or //feign:paginate link or cursor=param next=Field items=Field", where, b.typeName(m.Result.Elem))
		return
	}
	if s.Format == "" {
		return
	}
	if s.Events && s.Format != "sse" {
		b.diags.Addf(stream.Pos, "%s returns runtime.SSE items, but its stream is %s: only server-sent events have IDs, types and retry times; return iter.Seq2[%s, error]", where, s.Format, b.typeName(s.Data))
		return
	}
	if isSSEOf(s.Data) != nil || isResponseOf(s.Data) != nil || isSeq2Type(s.Data) || undecodable(s.Data) {
		b.diags.Addf(pos, "%s streams items of type %s, which cannot be decoded from a stream", where, b.typeName(s.Data))
		return
	}
	m.Stream = s
}

func isSeq2Type(t types.Type) bool { _, _, ok := isSeq2(t); return ok }

// undecodable reports whether no Decoder can fill a t.
func undecodable(t types.Type) bool {
	if isError(t) || isContext(t) || isHTTPResponsePtr(t) || isReadCloser(t) {
		return true
	}
	switch types.Unalias(t).Underlying().(type) {
	case *types.Signature, *types.Chan:
		return true
	}
	return false
}

// acceptedFormat returns the stream format a literal Accept header of m names, or "".
func acceptedFormat(m *Method) string {
	for _, h := range m.Headers {
		if h.Name != "Accept" {
			continue
		}
		var value strings.Builder
		for _, p := range h.Value {
			if p.Param != nil {
				return ""
			}
			value.WriteString(p.Literal)
		}
		for _, part := range strings.Split(value.String(), ",") {
			media, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			for format, types := range streamFormats {
				for _, t := range types {
					if media == t {
						return format
					}
				}
			}
		}
	}
	return ""
}

// parseStream reads "//feign:stream FORMAT [done=MARKER]".
func (b *builder) parseStream(s *Stream, d load.Directive, where string) {
	first := true
	for off, field := range fields(d.Args) {
		pos := at(d, off)
		if first {
			first = false
			if _, ok := streamFormats[field]; !ok {
				b.diags.Addf(pos, "unknown stream format %q of %s (known: sse, jsonl, jsonseq)", field, where)
				return
			}
			s.Format = field
			continue
		}
		key, value, ok := strings.Cut(field, "=")
		switch {
		case !ok || key != "done":
			b.diags.Addf(pos, "unknown //feign:stream argument %q of %s: the format may be followed by done=MARKER only", field, where)
		case s.Format != "sse":
			b.diags.Addf(pos, "done= of %s applies to server-sent events only: a %s stream ends with its body", where, s.Format)
		case value == "":
			b.diags.Addf(pos, "done= of %s needs the data of the event that ends the stream, such as done=[DONE]", where)
		default:
			s.Done = value
		}
	}
	if first {
		b.diags.Addf(d.Pos, "//feign:stream of %s needs a format: sse, jsonl or jsonseq", where)
	}
}

// paginate reads "//feign:paginate link [items=F page=T]" or
// "//feign:paginate cursor=param next=Field.Path items=Field [page=T]".
func (b *builder) paginate(m *Method, d load.Directive, where string) *Paginate {
	p := &Paginate{}
	var cursor, next, items, page string
	var itemsPos, nextPos, pagePos token.Position
	ok := true
	seen := map[string]bool{}
	for off, field := range fields(d.Args) {
		pos := at(d, off)
		if field == "link" {
			p.Link = true
			continue
		}
		key, value, isPair := strings.Cut(field, "=")
		switch {
		case !isPair || value == "" || !(key == "cursor" || key == "next" || key == "items" || key == "page"):
			b.diags.Addf(pos, "unknown //feign:paginate argument %q of %s (write link, or cursor=param next=Field.Path items=Field, with page=Type for the items of a page type)", field, where)
			ok = false
			continue
		case seen[key]:
			b.diags.Addf(pos, "//feign:paginate of %s sets %s twice", where, key)
			ok = false
			continue
		}
		seen[key] = true
		switch key {
		case "cursor":
			cursor = value
		case "next":
			next, nextPos = value, pos
		case "items":
			items, itemsPos = value, pos
		case "page":
			page, pagePos = value, pos
		}
	}
	if !ok {
		return nil
	}
	switch {
	case p.Link && (cursor != "" || next != ""):
		b.diags.Addf(d.Pos, "//feign:paginate of %s has link and cursor=/next=: pages follow either the Link header or a cursor", where)
		return nil
	case !p.Link && cursor == "":
		b.diags.Addf(d.Pos, "//feign:paginate of %s needs link, or cursor=param next=Field.Path items=Field", where)
		return nil
	case !p.Link && next == "":
		b.diags.Addf(d.Pos, "//feign:paginate cursor=%s of %s needs next=Field.Path: the page's field holding the next cursor", cursor, where)
		return nil
	}
	p.Cursor = cursor

	// The page type: Response[Page] pages, a page= type, or a plain list for link.
	elem := m.Result.Elem
	switch r := isResponseOf(elem); {
	case r != nil:
		p.Pages, p.Page = true, r
		if page != "" {
			b.diags.Addf(pagePos, "page= of %s: the method yields runtime.Response[%s] pages already", where, b.typeName(r))
			return nil
		}
		if items != "" {
			b.diags.Addf(itemsPos, "items= of %s: the method yields whole pages (runtime.Response[%s]); items= is for a method yielding their items", where, b.typeName(r))
			return nil
		}
	case page != "":
		var obj *types.TypeName
		if b.pkg.Types != nil {
			obj, _ = b.pkg.Types.Scope().Lookup(page).(*types.TypeName)
		}
		if obj == nil {
			b.diags.Addf(pagePos, "page=%s of %s: the package declares no type %s", page, where, page)
			return nil
		}
		p.Page, p.Item = obj.Type(), elem
		if items == "" {
			b.diags.Addf(d.Pos, "//feign:paginate of %s has no items=: name the field of %s that holds the items of a page", where, page)
			return nil
		}
	case p.Link && items == "":
		p.Page, p.Item = types.NewSlice(elem), elem // the body of a page is a JSON array of T
	default:
		what := "items=Field and page=Type"
		if items != "" {
			what = "page=Type"
		}
		b.diags.Addf(d.Pos, "//feign:paginate of %s needs %s: the page type and its field holding the items (or return iter.Seq2[runtime.Response[Page], error] for the pages)", where, what)
		return nil
	}
	if isResponseOf(p.Page) == nil && undecodable(p.Page) {
		b.diags.Addf(d.Pos, "paginate of %s: a page of type %s cannot be decoded", where, b.typeName(p.Page))
		return nil
	}
	if items != "" {
		steps, t := b.fieldPath(p.Page, items, d, where)
		if steps == nil {
			return nil
		}
		s, isSlice := types.Unalias(t).Underlying().(*types.Slice)
		if !isSlice || !types.Identical(s.Elem(), p.Item) {
			b.diags.Addf(itemsPos, "paginate of %s: %s.%s is %s, not []%s, the items the method yields", where, b.typeName(p.Page), items, b.typeName(t), b.typeName(p.Item))
			return nil
		}
		p.Items = steps
	}
	if next != "" {
		steps, t := b.fieldPath(p.Page, next, d, where)
		if steps == nil {
			return nil
		}
		if !cursorType(t) {
			b.diags.Addf(nextPos, "paginate of %s: %s.%s is %s: a cursor is a string or an integer (or a pointer to one)", where, b.typeName(p.Page), next, b.typeName(t))
			return nil
		}
		p.Next = steps
	}
	return p
}

// cursorType reports whether a next-cursor field of type t can be written into a query:
// a string or integer kind, or a pointer to one.
func cursorType(t types.Type) bool {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	basic, ok := t.Underlying().(*types.Basic)
	return ok && basic.Info()&(types.IsString|types.IsInteger) != 0
}

// fieldPath resolves a dotted field path on page, reporting where it fails at the
// directive; it returns the steps and the type of the last field, or nil.
func (b *builder) fieldPath(page types.Type, path string, d load.Directive, where string) ([]Step, types.Type) {
	t := page
	var steps []Step
	names := strings.Split(path, ".")
	for i, name := range names {
		u := t
		if ptr, ok := types.Unalias(u).(*types.Pointer); ok {
			u = ptr.Elem()
		}
		if _, isStruct := u.Underlying().(*types.Struct); !isStruct || name == "" {
			b.diags.Addf(d.Pos, "paginate of %s: %s has no field %s", where, b.typeName(page), path)
			return nil, nil
		}
		obj, index, indirect := types.LookupFieldOrMethod(u, false, b.pkg.Types, name)
		field, isField := obj.(*types.Var)
		if !isField || !field.IsField() {
			b.diags.Addf(d.Pos, "paginate of %s: %s has no field %s", where, b.typeName(page), path)
			return nil, nil
		}
		if indirect && len(index) > 1 {
			b.diags.Addf(d.Pos, "paginate of %s: %s.%s is reached through an embedded pointer, which may be nil: name the embedded field in the path", where, b.typeName(page), strings.Join(names[:i+1], "."))
			return nil, nil
		}
		_, isPtr := types.Unalias(field.Type()).(*types.Pointer)
		steps = append(steps, Step{Field: name, Type: field.Type(), Pointer: isPtr})
		t = field.Type()
	}
	return steps, t
}
