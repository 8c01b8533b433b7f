package acceptance

import (
	"context"
	"iter"

	"github.com/gofeign/feign/runtime"
)

//go:generate go tool feigngen

// Ping is the data of one event of go-httpbin's /sse.
type Ping struct {
	ID        int   `json:"id"`
	Timestamp int64 `json:"timestamp"`
}

// Line is one JSON line of go-httpbin's /stream/{n}.
type Line struct {
	ID  int    `json:"id"`
	URL string `json:"url"`
}

// HTTPBin is the part of go-httpbin the tests stream from.
type HTTPBin interface {
	// SSE streams count events over duration, after delay.
	//
	//feign:requestLine GET /sse?count={count}&duration={duration}&delay={delay}
	//feign:stream sse
	SSE(ctx context.Context, count int, duration, delay string) iter.Seq2[runtime.SSE[Ping], error]

	// Lines streams n JSON lines (go-httpbin sends at most 100).
	//
	//feign:requestLine GET /stream/{n}
	//feign:headers Accept: application/x-ndjson
	Lines(ctx context.Context, n int) iter.Seq2[Line, error]
}

// Post is one item of json-server's /posts.
type Post struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

// Posts pages through json-server's /posts.
type Posts interface {
	// List yields every post, page after page, following the Link rel="next".
	//
	//feign:requestLine GET /posts?_page={page}&_limit={limit}
	//feign:paginate link
	List(ctx context.Context, page, limit int) iter.Seq2[Post, error]

	// Pages yields the pages themselves, with their headers.
	//
	//feign:requestLine GET /posts?_page={page}&_limit={limit}
	//feign:paginate link
	Pages(ctx context.Context, page, limit int) iter.Seq2[runtime.Response[[]Post], error]
}
