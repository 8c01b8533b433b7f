package bodies

import (
	"context"
	"io"
)

// Issue is a JSON body.
type Issue struct{ Title string }

// API gets bodies wrong.
type API interface {
	//feign:requestLine POST /a
	//feign:headers Content-Type: application/json
	//feign:body {"title": "{title}", "owner": "{ownr}"}
	Unknown(ctx context.Context, title, owner string) error

	//feign:requestLine POST /b
	//feign:headers Content-Type: application/json
	//feign:body {"title": "{title}"}
	Unused(ctx context.Context, title string, issue Issue) error

	//feign:requestLine POST /c
	//feign:body {"title": "{title}"}
	NoContentType(ctx context.Context, title string) error

	//feign:requestLine POST /d
	//feign:headers Content-Type: application/xml
	//feign:body <title>{title}</title>
	XML(ctx context.Context, title string) error

	//feign:requestLine POST /e
	//feign:headers Content-Type: application/json
	//feign:body {"title": {title}}
	Unquoted(ctx context.Context, title string) error

	//feign:requestLine POST /f
	//feign:headers Content-Type: application/json
	//feign:body {"a": "{a}"}
	//feign:body {"b": "{a}"}
	TwoBodies(ctx context.Context, a string) error

	//feign:requestLine POST /g
	//feign:headers Content-Type: application/json
	//feign:body {"a": "{a}
	Unterminated(ctx context.Context, a string) error

	//feign:requestLine POST /h
	//feign:headers Content-Type: multipart/form-data
	StreamedPart(ctx context.Context, name string, data io.Reader) error

	//feign:requestLine POST /i
	//feign:headers Content-Type: application/x-www-form-urlencoded
	FormOfStructs(ctx context.Context, a Issue, b Issue) error

	//feign:requestLine POST /j
	TwoUnused(ctx context.Context, a Issue, b Issue) error
}
