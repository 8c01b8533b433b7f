// Package iterateserver is a golden scenario of feigngen -server for streamed and
// paginated methods: the handler writes what the client reads.
package iterateserver

import (
	"context"
	"iter"
	"net/url"

	"github.com/gofeign/feign/runtime"
)

// math is a name of the package's own: the handler's bounds of a cursor come from the
// math package under another name.
var math = "not the math package"

var _ = math

// Chunk is one piece of a streamed completion.
type Chunk struct {
	Delta string `json:"delta"`
}

// Prompt asks for a completion.
type Prompt struct {
	Model  string `json:"model"`
	Prompt string `json:"prompt"`
}

// Repo is one item of a list.
type Repo struct {
	Name string `json:"name"`
}

// Repos is a named list of repositories.
type Repos []Repo

// Cursor is a named cursor type.
type Cursor string

// Page is one page of a cursor-paginated list.
type Page struct {
	Repos Repos `json:"repos"`
	Meta  *Meta `json:"meta"`
}

// Meta holds where the next page starts.
type Meta struct {
	Next   Cursor `json:"next"`
	Offset *int64 `json:"offset"`
	Small  int8   `json:"small"`
}

// Nested holds its items and its cursor behind pointers.
type Nested struct {
	Data *Data `json:"data"`
}

// Data is the inner part of Nested.
type Data struct {
	Items []Repo `json:"items"`
	Meta  *Meta  `json:"meta"`
}

// Numbered is a page whose cursor is a page number.
type Numbered struct {
	Items []Repo `json:"items"`
	Next  uint   `json:"next"`
}

// LLM streams completions and pages through lists.
//
//feign:headers Authorization: Bearer {token}
type LLM interface {
	// Complete streams the chunks of a completion, until data: [DONE].
	//
	//feign:requestLine POST /v1/completions
	//feign:headers Content-Type: application/json
	//feign:stream sse done=[DONE]
	Complete(ctx context.Context, token string, prompt Prompt) iter.Seq2[Chunk, error]

	// Events streams server-sent events with their IDs; the Accept header names the format.
	//
	//feign:requestLine GET /events?topic={topic}
	//feign:headers Accept: text/event-stream
	Events(ctx context.Context, token, topic string) iter.Seq2[runtime.SSE[Chunk], error]

	// Lines streams JSON lines as raw bytes.
	//
	//feign:requestLine GET /lines
	//feign:headers Accept: application/jsonl
	Lines(ctx context.Context, token string) iter.Seq2[[]byte, error]

	// Records streams a JSON text sequence.
	//
	//feign:requestLine GET /records
	//feign:stream jsonseq
	Records(ctx context.Context, token string) iter.Seq2[Repo, error]

	// Repos pages through the Link headers; the request line has a pair named cursor
	// already, so the handler's cursor takes another name.
	//
	//feign:requestLine GET /repos?cursor={cursor}
	//feign:paginate link
	//feign:queryMap extra
	Repos(ctx context.Context, token, cursor string, extra url.Values) iter.Seq2[Repo, error]

	// Search pages by a string cursor.
	//
	//feign:requestLine GET /search?q={q}
	//feign:paginate cursor=after next=Meta.Next items=Repos page=Page
	Search(ctx context.Context, token, q string) iter.Seq2[Repo, error]

	// Offsets pages by a number behind a pointer.
	//
	//feign:requestLine GET /offsets
	//feign:paginate cursor=offset next=Meta.Offset items=Repos page=Page
	Offsets(ctx context.Context, token string) iter.Seq2[Repo, error]

	// Small pages by a number of eight bits, reached through pointers.
	//
	//feign:requestLine GET /small
	//feign:paginate cursor=at next=Data.Meta.Small items=Data.Items page=Nested
	Small(ctx context.Context, token string) iter.Seq2[Repo, error]

	// Numbers pages by page number, yielding the pages with their metadata.
	//
	//feign:requestLine GET /numbers
	//feign:paginate cursor=page next=Next
	Numbers(ctx context.Context, token string) iter.Seq2[runtime.Response[Numbered], error]

	// Wrapped pages through the Link headers, its items in a page type.
	//
	//feign:requestLine GET /wrapped
	//feign:paginate link items=Data.Items page=Nested
	Wrapped(ctx context.Context, token string) iter.Seq2[Repo, error]

	// LinkPages yields the pages of a Link-paginated list.
	//
	//feign:requestLine GET /repo-pages
	//feign:paginate link
	LinkPages(ctx context.Context, token string) iter.Seq2[runtime.Response[[]Repo], error]
}
