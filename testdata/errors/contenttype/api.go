package contenttype

import (
	"context"
	"io"
)

// Issue is a JSON body.
type Issue struct{ Title string }

// Token is a named string: its text under text/plain.
type Token string

// API declares bodies whose type and Content-Type cannot agree: each would be sent as
// JSON under a Content-Type that says otherwise.
type API interface {
	//feign:requestLine POST /a
	//feign:headers Content-Type: text/plain
	StructAsText(ctx context.Context, issue Issue) error

	//feign:requestLine POST /b
	//feign:headers Content-Type: application/octet-stream
	MapAsBytes(ctx context.Context, m map[string]int) error

	//feign:requestLine POST /c
	//feign:headers Content-Type: Text/Plain; charset=utf-8
	PointerAsText(ctx context.Context, s *string) error

	//feign:requestLine POST /d
	//feign:headers Content-Type: application/octet-stream
	IntsAsBytes(ctx context.Context, ids []int) error

	// These agree, and are no errors.

	//feign:requestLine POST /e
	//feign:headers Content-Type: text/plain
	TokenAsText(ctx context.Context, t Token) error

	//feign:requestLine POST /f
	//feign:headers Content-Type: application/octet-stream
	ReaderAsBytes(ctx context.Context, r io.Reader) error

	//feign:requestLine POST /g
	//feign:headers Content-Type: application/json
	ReaderAsJSON(ctx context.Context, r io.Reader) error

	//feign:requestLine POST /h
	//feign:headers Content-Type: application/xml
	StructAsXML(ctx context.Context, issue Issue) error
}
