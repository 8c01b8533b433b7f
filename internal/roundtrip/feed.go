package roundtrip

import (
	"context"
	"iter"

	"github.com/gofeign/feign/runtime"
)

// Entry is one item of a stream or a list.
type Entry struct {
	Text string `json:"text"`
	N    int    `json:"n"`
}

// StringPage is a page whose next cursor is a string.
type StringPage struct {
	Entries []Entry `json:"entries"`
	Next    string  `json:"next,omitempty"`
}

// PointerPage is a page whose next cursor is an int behind two pointers.
type PointerPage struct {
	Entries []Entry `json:"entries"`
	Meta    *Meta   `json:"meta,omitempty"`
}

// Meta holds where the next page starts.
type Meta struct {
	Offset *int `json:"offset,omitempty"`
}

// NumberPage is a page that the implementation yields whole.
type NumberPage struct {
	Entries []Entry `json:"entries"`
	Next    int     `json:"next"`
}

// Feed declares one method per kind of stream and of pagination; the handler
// feigngen -server generates serves each of them.
type Feed interface {
	//feign:requestLine GET /sse
	//feign:stream sse done=[DONE]
	SSE(ctx context.Context) iter.Seq2[Entry, error]

	//feign:requestLine GET /events
	//feign:stream sse
	Events(ctx context.Context) iter.Seq2[runtime.SSE[Entry], error]

	//feign:requestLine GET /raw-events
	//feign:headers Accept: text/event-stream
	RawEvents(ctx context.Context) iter.Seq2[runtime.SSE[string], error]

	//feign:requestLine GET /lines
	//feign:headers Accept: application/x-ndjson
	Lines(ctx context.Context) iter.Seq2[Entry, error]

	//feign:requestLine GET /raw-lines
	//feign:stream jsonl
	RawLines(ctx context.Context) iter.Seq2[[]byte, error]

	//feign:requestLine GET /records
	//feign:stream jsonseq
	Records(ctx context.Context) iter.Seq2[Entry, error]

	//feign:requestLine GET /linked/{kind}?tag={tag}
	//feign:paginate link
	Linked(ctx context.Context, kind, tag string) iter.Seq2[Entry, error]

	//feign:requestLine GET /strings
	//feign:paginate cursor=after next=Next items=Entries page=StringPage
	Strings(ctx context.Context) iter.Seq2[Entry, error]

	//feign:requestLine GET /pointers
	//feign:paginate cursor=offset next=Meta.Offset items=Entries page=PointerPage
	Pointers(ctx context.Context) iter.Seq2[Entry, error]

	//feign:requestLine GET /numbers
	//feign:paginate cursor=page next=Next
	Numbers(ctx context.Context) iter.Seq2[runtime.Response[NumberPage], error]

	//feign:requestLine GET /link-pages
	//feign:paginate link
	LinkPages(ctx context.Context) iter.Seq2[runtime.Response[[]Entry], error]

	// Offset is Linked with an implementation that starts at server.PageOffset.
	//
	//feign:requestLine GET /offset
	//feign:paginate link
	Offset(ctx context.Context) iter.Seq2[Entry, error]
}
