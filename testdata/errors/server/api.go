package server

import (
	"context"
	"fmt"
	"io"
)

// Color is written by its String method, which has no inverse.
type Color int

func (c Color) String() string { return "red" }

// Refused holds every declaration a handler cannot serve.
type Refused interface {
	//feign:requestLine GET /files/{name}.json
	Partial(ctx context.Context, name string) error

	//feign:requestLine GET /files/{+path}/meta
	ReservedInside(ctx context.Context, path string) error

	//feign:requestLine GET /search?q=in:{term}
	MixedQuery(ctx context.Context, term string) error

	//feign:requestLine GET /auth
	//feign:headers Authorization: {scheme} {token}
	TwoVariables(ctx context.Context, scheme, token string) error

	//feign:requestLine POST /template
	//feign:headers Content-Type: application/json
	//feign:body {"name": "{name}"}
	Template(ctx context.Context, name string) error

	//feign:requestLine GET /colors/{color}
	Stringer(ctx context.Context, color Color) error

	//feign:requestLine GET /any{?v}
	Interface(ctx context.Context, v fmt.Stringer) error

	//feign:requestLine PUT /upload
	//feign:headers Content-Type: application/octet-stream
	Seeker(ctx context.Context, body io.ReadSeeker) error

	//feign:requestLine GET /items/{id}
	One(ctx context.Context, id string) error

	//feign:requestLine GET /items/{key}
	Same(ctx context.Context, key string) error
}

// Ping's handler would be NewPingHandler, the client constructor of PingHandler.
type Ping interface {
	//feign:requestLine GET /ping
	Ping(ctx context.Context) error
}

// PingHandler is another interface.
type PingHandler interface {
	//feign:requestLine GET /pong
	Pong(ctx context.Context) error
}

// NewRefusedHandler is already declared: the handler of Refused cannot take its name.
func NewRefusedHandler() {}
