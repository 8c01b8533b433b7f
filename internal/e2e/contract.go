package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gofeign/feign/runtime"
)

// Filter is a queryMap struct: tagged fields, read directly by generated code.
type Filter struct {
	State  string   `query:"state"`
	Page   int      `query:"page,omitempty"`
	Labels []string `query:"label"`
	Since  *Day     `query:"since"`
	Secret string   `query:"-"`
	Plain  bool
}

// Day is a TextMarshaler with a value receiver.
type Day struct{ Y, M, D int }

// MarshalText writes the day as 2026-01-02.
func (d Day) MarshalText() ([]byte, error) {
	return fmt.Appendf(nil, "%04d-%02d-%02d", d.Y, d.M, d.D), nil
}

// Page is a generic result.
type Page[T any] struct {
	Items []T `json:"items"`
	Next  int `json:"next"`
}

// Signup is a whole form, encoded by codec.Form.
type Signup struct {
	Name  string   `form:"name"`
	Email string   `form:"email,omitempty"`
	Tags  []string `form:"tag"`
}

// Catalog exercises the directives beyond level 1: reserved and query expansions,
// collection formats, query and header maps, body templates, forms, multipart bodies,
// options and per-call options.
//
//feign:headers X-Catalog: v1
//feign:options timeout=5s retry=true
type Catalog interface {
	//feign:requestLine GET /files/{+path}/raw{?ref,depth}{&tag}
	File(ctx context.Context, path string, ref *string, depth int, tag []string) (string, error)

	//feign:requestLine GET /search?q={q}&sort=stars{&page}
	//feign:options collection=csv
	Search(ctx context.Context, q []string, page *int) ([]byte, error)

	//feign:requestLine GET /ssv?v={v}&p={p}
	//feign:options collection=ssv timeout=1500ms attemptTimeout=250ms hedge=false
	SSV(ctx context.Context, v []string, p []Day) error

	//feign:requestLine GET /pipes{?ids}
	//feign:options collection=pipes retry=false
	Pipes(ctx context.Context, ids []int) error

	//feign:requestLine GET /issues?per_page=10
	//feign:queryMap values
	Values(ctx context.Context, values url.Values) error

	//feign:requestLine GET /issues
	//feign:queryMap params
	Params(ctx context.Context, params map[string]string) error

	//feign:requestLine GET /issues{?sort}
	//feign:queryMap filter
	Filtered(ctx context.Context, sort string, filter *Filter) error

	//feign:requestLine GET /headers
	//feign:headerMap h
	Headers(ctx context.Context, h http.Header) error

	//feign:requestLine GET /headers
	//feign:headerMap h
	StringHeaders(ctx context.Context, h map[string]string) error

	//feign:requestLine POST /issues
	//feign:headers Content-Type: application/json
	//feign:body {"title": "{title}", "count": {count}, "draft": {draft}, "labels": "{labels}"}
	JSONBody(ctx context.Context, title string, count int, draft bool, labels []string) error

	//feign:requestLine POST /login
	//feign:headers Content-Type: application/x-www-form-urlencoded
	//feign:body user={user}&pass={pass}
	FormTemplate(ctx context.Context, user, pass string) error

	//feign:requestLine POST /note
	//feign:headers Content-Type: text/plain
	//feign:body Dear {name},
	TextTemplate(ctx context.Context, name *string) error

	//feign:requestLine POST /signup
	//feign:headers Content-Type: application/x-www-form-urlencoded
	SignupFields(ctx context.Context, name string, age int, nick *string, tag []string) error

	//feign:requestLine POST /signup
	//feign:headers Content-Type: application/x-www-form-urlencoded
	SignupStruct(ctx context.Context, form Signup) error

	//feign:requestLine POST /upload/{id}
	//feign:headers Content-Type: multipart/form-data
	Upload(ctx context.Context, id string, title string, file []byte) error

	//feign:requestLine GET /opts/{id}
	//feign:options timeout=2s
	WithOptions(ctx context.Context, id string, opts ...runtime.CallOption) (Page[Item], error)

	//feign:requestLine GET /nil{?sorts}
	NilElements(ctx context.Context, sorts []fmt.Stringer) error

	//feign:requestLine GET /when/{when}
	When(ctx context.Context, when *time.Time) error
}

// Admin embeds Catalog: the client of Admin has Catalog's methods too, with Catalog's
// interface-level headers and options over Admin's.
//
//feign:headers X-Admin: yes
//feign:options attemptTimeout=1s
type Admin interface {
	Catalog

	//feign:requestLine DELETE /files/{+path}
	Remove(ctx context.Context, path string) error
}
