package iterateserver

import (
	"context"
	"iter"
)

type Event struct{ N int }

// Feed has a streamed method, which -server cannot serve yet.
type Feed interface {
	//feign:requestLine GET /events
	//feign:stream sse
	Events(ctx context.Context) iter.Seq2[Event, error]

	//feign:requestLine GET /items
	//feign:paginate link
	Items(ctx context.Context) iter.Seq2[Event, error]
}
