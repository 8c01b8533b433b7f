package iterate

import (
	"context"
	"iter"

	"github.com/gofeign/feign/runtime"
)

type Repo struct{ Name string }

type Page struct {
	Items []Repo
	Meta  struct{ Total int }
	Names []string
	Cur   float64
}

// Repos misuses streams and pages; each is an error with its position.
type Repos interface {
	//feign:requestLine GET /a
	//feign:paginate cursor=after next=Meta.Next items=Items page=Page
	List(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /b
	//feign:stream sse
	NotIter(ctx context.Context) ([]Repo, error)

	//feign:requestLine GET /c
	//feign:stream websocket
	Unknown(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /d
	//feign:paginate cursor=after next=Meta.Total
	NoItems(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /e
	//feign:stream sse
	//feign:paginate link
	Both(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /f
	Undeclared(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /g
	//feign:stream jsonl done=[DONE]
	DoneOnLines(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /h
	//feign:stream jsonl
	EventsOfLines(ctx context.Context) iter.Seq2[runtime.SSE[Repo], error]

	//feign:requestLine GET /i
	//feign:stream sse
	NotError(ctx context.Context) iter.Seq2[Repo, string]

	//feign:requestLine GET /j
	//feign:paginate cursor=after next=Meta.Total items=Names page=Page
	WrongItems(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /k
	//feign:paginate cursor=after next=Cur items=Items page=Page
	FloatCursor(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /l
	//feign:paginate cursor=after next=Meta.Total items=Items page=Missing
	NoSuchPage(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /m
	//feign:paginate link cursor=after
	LinkAndCursor(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /n
	//feign:paginate
	NoArgs(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /o
	//feign:paginate cursor=after items=Items page=Page
	NoNext(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /p
	//feign:paginate link sideways
	UnknownArg(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /q
	//feign:stream
	NoFormat(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /r
	//feign:paginate link
	//feign:paginate link
	Twice(ctx context.Context) iter.Seq2[Repo, error]

	//feign:requestLine GET /s
	//feign:stream sse
	ChanItems(ctx context.Context) iter.Seq2[chan int, error]
}
