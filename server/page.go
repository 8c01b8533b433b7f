package server

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/gofeign/feign/runtime"
)

// DefaultPageSize is the number of items a page of a //feign:paginate method holds when
// WithPageSize is not given: 100, so that a client walking a long list makes few
// requests, while the items of one page, which the handler holds in memory before it
// writes the page (its next cursor is known only once the page is full), stay few.
const DefaultPageSize = 100

// WithPageSize sets how many items a page of a //feign:paginate method that yields items
// holds (a method that yields runtime.Response pages serves one of them per request).
// n <= 0 means DefaultPageSize.
func WithPageSize(n int) Option {
	return func(c *config) { c.pageSize = n }
}

// Pager is how the handler of a //feign:paginate method tells the client where the next
// page is. Generated code builds one per route.
type Pager[P any] struct {
	// Link, when set, announces the next page in a Link rel="next" header
	// (//feign:paginate link); otherwise Next writes its cursor into the page.
	Link bool
	// Next sets the page's next-cursor field (//feign:paginate next=Field.Path) to
	// next, allocating the pointers on the way; next 0 clears it, which is what the
	// client stops on. nil with Link.
	Next func(page *P, next int)
}

// pageState is what a paginated handler puts in the implementation's context for
// PageOffset.
type pageState struct {
	cursor string // the query parameter
	max    int    // the largest cursor the page can hold
	offset int
	asked  atomic.Bool // PageOffset was called: the sequence starts at offset
}

// toSkip is how much of the sequence the handler skips: the offset, unless the
// implementation called PageOffset and so starts its sequence there. It is read at the
// sequence's first yield, so that a PageOffset called inside the sequence counts.
func (st *pageState) toSkip() int {
	if st.asked.Load() {
		return 0
	}
	return st.offset
}

type pageKey struct{}

// PageOffset returns, to the implementation of a //feign:paginate method, how many items
// (for a method yielding runtime.Response pages, how many pages) the earlier pages of
// the request's list served: the offset of the page being requested, 0 for the first.
//
// Calling it is a promise: the sequence the implementation returns starts at that
// offset, and the handler then skips nothing of it. Without the call the handler skips
// offset items of the sequence itself, which is correct for any sequence but makes a
// late page cost as much as all the pages before it; an implementation that can start
// its query at an offset (SQL OFFSET, a slice index) calls PageOffset to avoid that. Call
// it with the context the method was given (or one derived from it), before the
// sequence yields its first item: in the method, or in the sequence before its first
// yield. The handler takes a page's items and one more, to learn whether a next page
// exists, then leaves the loop, so a sequence need not end on its own.
//
// Outside the handler of a paginated method (a context without its value) it returns 0
// and changes nothing.
func PageOffset(ctx context.Context) int {
	st, _ := ctx.Value(pageKey{}).(*pageState)
	if st == nil {
		return 0
	}
	st.asked.Store(true)
	return st.offset
}

// PageCursor reads the cursor of a //feign:paginate method's request from the query
// parameter name: the offset the handler wrote in the previous page, 0 when it is
// absent. A cursor that is not a decimal number from 0 to max is a bad request (the
// client passes the cursor on as the handler wrote it, so no client of the interface
// sends one). It puts the offset into the request's context, the implementation's, for
// PageOffset. Generated code calls it before any parameter is read.
func (q *Request) PageCursor(name string, max int) {
	st := &pageState{cursor: name, max: max}
	if text, ok := q.Query(name); ok {
		n, err := strconv.ParseUint(text, 10, 63)
		switch {
		case err != nil || text == "" || text[0] < '0' || text[0] > '9':
			q.fail(http.StatusBadRequest, "query "+name, show("query "+name, text)+" is not a page cursor", err)
		case n > uint64(max):
			q.fail(http.StatusBadRequest, "query "+name, show("query "+name, text)+" is past the last page cursor, "+strconv.Itoa(max), nil)
		default:
			st.offset = int(n)
		}
	}
	q.page = st
	q.r = q.r.WithContext(context.WithValue(q.r.Context(), pageKey{}, st))
}

// PageItems answers a //feign:paginate method that yields items: it cuts seq, the
// implementation's sequence, into pages of WithPageSize items. It skips the items the
// earlier pages served (unless the implementation called PageOffset), takes a page's
// items and one more, which tells whether a next page exists, and leaves the loop.
// setItems puts the items into a zero page, which is then written as
// Request.Encode writes a result, with the next page's cursor (the offset after this
// page) as p says, in the page or in a Link header; the last page has none.
//
// The whole page is known before its first byte is written: an error the sequence
// yields before the page is full is answered as any method's error (see
// Request.Error). An error in place of the one item past the page tells nothing about
// this page: it is answered with a next cursor, on whose request the error comes again.
func PageItems[P, T any](q *Request, p Pager[P], seq iter.Seq2[T, error], setItems func(page *P, items []T)) {
	st := q.pageState()
	if seq == nil {
		q.internal(errors.New("server: the implementation returned a nil iter.Seq2"))
		return
	}
	size := q.s.pageSize
	items := make([]T, 0, min(size, 64))
	skip, more := -1, false
	ctx := q.r.Context()
	for item, err := range seq {
		if skip < 0 {
			skip = st.toSkip()
		}
		if len(items) == size {
			more = true // an item or an error: either way, after this page
			break
		}
		if err != nil {
			q.Error(err)
			return
		}
		if skip > 0 {
			skip--
			if ctx.Err() != nil {
				return // the client went away while its page was sought
			}
			continue
		}
		items = append(items, item)
	}
	next := 0
	if more {
		if st.offset > st.max-len(items) {
			q.internal(fmt.Errorf("server: the next page's cursor, %d past %d, is larger than the page's cursor field can hold (%d)", len(items), st.offset, st.max))
			return
		}
		next = st.offset + len(items)
	}
	var page P
	setItems(&page, items)
	p.answer(q, st, http.StatusOK, nil, page, next)
}

// Pages answers a //feign:paginate method that yields runtime.Response pages: each
// request is answered with one of them, as Respond answers a runtime.Response, with the
// next page's cursor (the number of pages served so far) as p says, replacing the next
// cursor or Link rel="next" the implementation set. It skips the pages the earlier
// requests served (unless the implementation called PageOffset), takes one more to tell
// whether a next page exists, and leaves the loop. An error before that is answered
// as any method's error; an error in place of the next page is answered on that page's
// request. A sequence that has no page left answers an empty page (a zero P, 200).
func Pages[P any](q *Request, p Pager[P], seq iter.Seq2[runtime.Response[P], error]) {
	st := q.pageState()
	if seq == nil {
		q.internal(errors.New("server: the implementation returned a nil iter.Seq2"))
		return
	}
	var page runtime.Response[P]
	skip, found, more := -1, false, false
	ctx := q.r.Context()
	for res, err := range seq {
		if skip < 0 {
			skip = st.toSkip()
		}
		if found {
			more = true
			break
		}
		if err != nil {
			q.Error(err)
			return
		}
		if skip > 0 {
			skip--
			if ctx.Err() != nil {
				return
			}
			continue
		}
		page, found = res, true
	}
	next := 0
	if more {
		if st.offset >= st.max {
			q.internal(fmt.Errorf("server: the next page's cursor, 1 past %d, is larger than the page's cursor field can hold (%d)", st.offset, st.max))
			return
		}
		next = st.offset + 1
	}
	p.answer(q, st, page.StatusCode, page.Header, page.Value, next)
}

// pageState returns the cursor PageCursor read; a route that did not call it serves
// the first page of a list whose cursor parameter is "cursor".
func (q *Request) pageState() *pageState {
	if q.page == nil {
		q.page = &pageState{cursor: "cursor", max: int(^uint(0) >> 1)}
	}
	return q.page
}

// answer writes page with status and header, and its next cursor, 0 for none.
func (p Pager[P]) answer(q *Request, st *pageState, status int, header http.Header, page P, next int) {
	copyHeader(q.w.Header(), header)
	if p.Link {
		h := q.w.Header()
		keep := h["Link"][:0:0]
		for _, line := range h["Link"] {
			if !nextLink(line) {
				keep = append(keep, line)
			}
		}
		if next > 0 {
			keep = append([]string{"<" + q.nextTarget(st.cursor, next) + `>; rel="next"`}, keep...)
		}
		if len(keep) == 0 {
			h.Del("Link")
		} else {
			h["Link"] = keep
		}
	} else if p.Next != nil {
		p.Next(&page, next)
	}
	q.respond(status, page)
}

// nextLink reports whether a Link header line holds a link with rel="next".
func nextLink(line string) bool {
	for _, l := range runtime.ParseLinks(http.Header{"Link": {line}}) {
		if l.HasRel("next") {
			return true
		}
	}
	return false
}

// nextTarget is the target of the next page's link: a reference relative to the
// request, its path and query as the request had them with the cursor parameter set
// to next. It names no scheme or host, so it holds behind a proxy that changes them,
// and the client resolves it on the origin it called.
func (q *Request) nextTarget(name string, next int) string {
	path := q.r.URL.EscapedPath()
	switch {
	case path == "":
		path = "/"
	case strings.HasPrefix(path, "//"):
		path = "/." + path // not a reference to another host
	}
	var b strings.Builder
	b.WriteString(path)
	b.WriteByte('?')
	for pair := range strings.SplitSeq(q.r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil && k == name {
			continue
		}
		writeTargetQuery(&b, pair)
		b.WriteByte('&')
	}
	b.WriteString(url.QueryEscape(name))
	b.WriteByte('=')
	b.WriteString(strconv.Itoa(next))
	return b.String()
}

// writeTargetQuery writes a query pair as a Link target can hold it: bytes that are not
// printable ASCII, and the '<', '>' and '"' of the header's syntax, percent-encoded.
func writeTargetQuery(b *strings.Builder, pair string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(pair); i++ {
		c := pair[i]
		if c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
}
