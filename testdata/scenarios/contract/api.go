// Package contract declares the hard cases of the whole contract: generic and alias
// types, embedded interfaces, maps, body templates, forms, call options, and parameter
// names that clash with generated locals and imports.
package contract

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	feign "github.com/gofeign/feign/runtime"
)

// Page is a generic result.
type Page[T any] struct {
	Items []T
	Next  string
}

// Repo is an element of a page.
type Repo struct{ Name string }

// RepoPage is an alias of a generic instantiation.
type RepoPage = Page[Repo]

// Name is an alias of a named string.
type Name = Owner

// Owner is a named string.
type Owner string

// Labels is an alias of a slice.
type Labels = []string

// Query is a queryMap struct.
type Query struct {
	State Owner        `query:"state,omitempty"`
	Draft bool         `query:"draft,omitempty"`
	Limit *int         `query:"limit"`
	Tags  []Owner      `query:"tag"`
	When  time.Time    `query:"when"`
	Items []*Stamp     `query:"item"`
	Sort  fmt.Stringer `query:"sort"`
}

// Stamp is a Stringer with a pointer element in lists.
type Stamp struct{ N int }

func (s *Stamp) String() string { return fmt.Sprint(s.N) }

// Base is embedded: its methods join every client that embeds it.
//
//feign:headers X-Base: 1
//feign:options retry=false collection=csv maxResponse=5MB
type Base interface {
	//feign:requestLine GET /repos{?names}
	Repos(ctx context.Context, names Labels) (Page[Repo], error)
}

// Clashes names its parameters like every local and import of generated code.
//
//feign:options timeout=1m30s attemptTimeout=1500us
type Clashes interface {
	Base

	//feign:requestLine GET /c/{c}/{req}/{+resp}?err={err}&call={call}&http={http}
	//feign:headers X-Runtime: {runtime}
	//feign:options maxResponse=64MiB
	Locals(ctx context.Context, c, req, resp, err, call, http, runtime string, opts ...feign.CallOption) (RepoPage, error)

	//feign:requestLine GET /items/{item}{?i}
	//feign:queryMap query
	//feign:headerMap header
	Maps(item Name, i []*Stamp, query *Query, header http.Header) (*http.Response, error)

	//feign:requestLine POST /t
	//feign:headers Content-Type: application/vnd.api+json
	//feign:body {"n": "{n}", "f": {f}, "tags": "{tags}", "at": "{at}"}
	Template(ctx context.Context, n *Name, f float32, tags []Owner, at time.Time) error

	//feign:requestLine POST /form
	//feign:headers Content-Type: application/x-www-form-urlencoded; charset=utf-8
	Form(ctx context.Context, values url.Values) error

	//feign:requestLine POST /multi
	//feign:headers Content-Type: multipart/form-data
	Multi(ctx context.Context, texts, strconv []int, context []byte) error
}
