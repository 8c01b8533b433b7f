package e2e

import (
	"context"
	"iter"

	"github.com/gofeign/feign/runtime"
)

// Cursor is a named cursor type.
type Cursor string

// CursorPage is a page whose next cursor sits behind a pointer.
type CursorPage struct {
	Items []Item `json:"items"`
	Meta  *struct {
		Next   Cursor `json:"next"`
		Offset *int64 `json:"offset"`
	} `json:"meta"`
}

// NumberedPage is a page numbered by an unsigned integer; 0 ends the walk.
type NumberedPage struct {
	Items []Item `json:"items"`
	Next  uint16 `json:"next"`
}

// Feeds streams and pages, every form the generator knows.
type Feeds interface {
	//feign:requestLine GET /events
	//feign:headers Accept: text/event-stream
	Events(ctx context.Context) iter.Seq2[runtime.SSE[Item], error]

	//feign:requestLine POST /complete
	//feign:headers Content-Type: application/json
	//feign:stream sse done=[DONE]
	Complete(ctx context.Context, prompt map[string]string) iter.Seq2[string, error]

	//feign:requestLine GET /records
	//feign:stream jsonseq
	Records(ctx context.Context) iter.Seq2[Item, error]

	//feign:requestLine GET /search?q={q}
	//feign:paginate cursor=after next=Meta.Next items=Items page=CursorPage
	Search(ctx context.Context, q string) iter.Seq2[Item, error]

	//feign:requestLine GET /offsets?limit=2
	//feign:paginate cursor=offset next=Meta.Offset items=Items page=CursorPage
	Offsets(ctx context.Context) iter.Seq2[Item, error]

	//feign:requestLine GET /numbered
	//feign:paginate cursor=page next=Next
	Numbered(ctx context.Context) iter.Seq2[runtime.Response[NumberedPage], error]
}
