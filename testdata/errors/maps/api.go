package maps

import (
	"context"
	"net/http"
	"net/url"
)

// Key is a named key type, which a map passed to the runtime cannot have.
type Key string

// Filter has a field that cannot be a query value and an unknown tag option.
type Filter struct {
	Nested struct{ A int } `query:"nested"`
	State  string          `query:"state,required"`
}

// API names missing and badly typed map parameters.
type API interface {
	//feign:requestLine GET /a
	//feign:queryMap params
	Missing(ctx context.Context, values url.Values) error

	//feign:requestLine GET /b
	//feign:queryMap n
	NotAMap(ctx context.Context, n int) error

	//feign:requestLine GET /c
	//feign:headerMap h
	HeaderStruct(ctx context.Context, h struct{ A string }) error

	//feign:requestLine GET /d
	//feign:headerMap h
	//feign:headerMap h
	TwoHeaderMaps(ctx context.Context, h http.Header) error

	//feign:requestLine GET /e
	//feign:queryMap m
	NamedKey(ctx context.Context, m map[Key]string) error

	//feign:requestLine GET /f
	//feign:queryMap f
	BadStruct(ctx context.Context, f Filter) error

	//feign:requestLine GET /g/{id}
	//feign:queryMap id
	UsedTwice(ctx context.Context, id string) error

	//feign:requestLine GET /h
	//feign:queryMap
	NoName(ctx context.Context, values url.Values) error
}
