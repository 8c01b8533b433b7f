package iterateserver

import (
	"context"
	"iter"
)

type Repo struct{ Name string }

type Page struct {
	Repos []Repo
	Next  string
}

type Filter struct {
	After string `query:"after"`
}

// Lists pages by a cursor its request lines declare too: the handler writes the
// cursor itself, so it cannot be a parameter of the implementation as well.
type Lists interface {
	//feign:requestLine GET /repos?after={after}
	//feign:paginate cursor=after next=Next items=Repos page=Page
	Repos(ctx context.Context, after string) iter.Seq2[Repo, error]

	//feign:requestLine GET /filtered
	//feign:paginate cursor=after next=Next items=Repos page=Page
	//feign:queryMap filter
	Filtered(ctx context.Context, filter Filter) iter.Seq2[Repo, error]

	// A link-paginated method picks a cursor name of its own: served.
	//
	//feign:requestLine GET /linked?cursor={cursor}
	//feign:paginate link
	Linked(ctx context.Context, cursor string) iter.Seq2[Repo, error]
}
