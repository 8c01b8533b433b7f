// Package roundtrip proves that the client and the handler feigngen generates for one
// interface agree: every supported kind of parameter and result goes from the
// generated client through the generated handler to an implementation and back over
// loopback, and arrives exactly as sent.
package roundtrip

//go:generate go tool feigngen -server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gofeign/feign/runtime"
)

// Level is a value with a text form of its own: MarshalText and UnmarshalText.
type Level int

// MarshalText writes "level-N".
func (l Level) MarshalText() ([]byte, error) { return []byte("level-" + strconv.Itoa(int(l))), nil }

// UnmarshalText reads "level-N".
func (l *Level) UnmarshalText(b []byte) error {
	s, ok := cutPrefix(string(b), "level-")
	if !ok {
		return errors.New("not a level")
	}
	n, err := strconv.Atoi(s)
	*l = Level(n)
	return err
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return "", false
	}
	return s[len(prefix):], true
}

// Code is a named string.
type Code string

// Scalars is what Path and Query received.
type Scalars struct {
	S   string
	I   int64
	I32 int32
	U8  uint8
	F   float64
	F32 float32
	B   bool
	T   time.Time
	L   Level
	C   Code
	PS  *string
	PI  *int
}

// Lists is what the list methods received.
type Lists struct {
	Tags []string
	Nums []int
	Lvls []Level
}

// Filter is a queryMap struct.
type Filter struct {
	State  string   `query:"state,omitempty"`
	Limit  int      `query:"limit"`
	Labels []string `query:"label"`
	Since  *int64   `query:"since"`
}

// Item is a JSON body.
type Item struct {
	Name  string            `json:"name"`
	Count int               `json:"count"`
	Tags  []string          `json:"tags,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Form is what Form and Multipart received.
type Form struct {
	Name string
	Age  int
	Tags []string
	Note *string
	File []byte
}

// API declares one method per kind of parameter and result.
//
//feign:headers Accept: application/json
type API interface {
	//feign:requestLine GET /path/{s}/{i}/{i32}/{u8}/{f}/{f32}/{b}/{t}/{l}/{c}
	Path(ctx context.Context, s string, i int64, i32 int32, u8 uint8, f float64, f32 float32, b bool, t time.Time, l Level, c Code) (Scalars, error)

	//feign:requestLine GET /files/{+rest}
	Reserved(ctx context.Context, rest string) (string, error)

	//feign:requestLine GET /ids/{ids}/all
	PathList(ctx context.Context, ids []string) ([]string, error)

	//feign:requestLine GET /query?fixed=yes{&s,i,i32,u8,f,f32,b,t,l,c,ps,pi}
	Query(ctx context.Context, s string, i int64, i32 int32, u8 uint8, f float64, f32 float32, b bool, t time.Time, l Level, c Code, ps *string, pi *int) (Scalars, error)

	//feign:requestLine GET /exploded{?tags,nums,lvls}
	Exploded(ctx context.Context, tags []string, nums []int, lvls []Level) (Lists, error)

	//feign:requestLine GET /csv{?tags,nums,lvls}
	//feign:options collection=csv
	CSV(ctx context.Context, tags []string, nums []int, lvls []Level) (Lists, error)

	//feign:requestLine GET /ssv{?tags,nums,lvls}
	//feign:options collection=ssv
	SSV(ctx context.Context, tags []string, nums []int, lvls []Level) (Lists, error)

	//feign:requestLine GET /pipes{?tags,nums,lvls}
	//feign:options collection=pipes
	Pipes(ctx context.Context, tags []string, nums []int, lvls []Level) (Lists, error)

	//feign:requestLine GET /filter
	//feign:queryMap filter
	Filter(ctx context.Context, filter Filter) (Filter, error)

	//feign:requestLine GET /filterptr
	//feign:queryMap filter
	FilterPtr(ctx context.Context, filter *Filter) (*Filter, error)

	//feign:requestLine GET /values{?known}
	//feign:queryMap extra
	Values(ctx context.Context, known *string, extra url.Values) (url.Values, error)

	//feign:requestLine GET /strings
	//feign:queryMap extra
	Strings(ctx context.Context, extra map[string]string) (map[string]string, error)

	//feign:requestLine GET /headers
	//feign:headers Authorization: Bearer {token}
	//feign:headers X-Count: n={count};
	//feign:headers X-Tags: {tags}
	//feign:headerMap extra
	Headers(ctx context.Context, token string, count *int, tags []string, extra http.Header) (http.Header, error)

	//feign:requestLine POST /form
	//feign:headers Content-Type: application/x-www-form-urlencoded
	Form(ctx context.Context, name string, age int, tags []string, note *string) (Form, error)

	//feign:requestLine POST /multipart
	//feign:headers Content-Type: multipart/form-data
	Multipart(ctx context.Context, name string, age int, tags []string, note *string, file []byte) (Form, error)

	//feign:requestLine POST /wholeform
	//feign:headers Content-Type: application/x-www-form-urlencoded
	WholeForm(ctx context.Context, form url.Values) (url.Values, error)

	//feign:requestLine POST /bytes
	//feign:headers Content-Type: application/octet-stream
	Bytes(ctx context.Context, data []byte) ([]byte, error)

	//feign:requestLine POST /text
	//feign:headers Content-Type: text/plain
	Text(ctx context.Context, s string) (string, error)

	//feign:requestLine POST /reader
	//feign:headers Content-Type: application/octet-stream
	Reader(ctx context.Context, body io.Reader) (runtime.Response[[]byte], error)

	//feign:requestLine PUT /items/{id}
	Put(ctx context.Context, id string, item Item) (*Item, error)

	//feign:requestLine POST /typed
	Typed(ctx context.Context, item Item) (runtime.Response[Item], error)

	//feign:requestLine GET /typedtext
	TypedText(ctx context.Context) (runtime.Response[string], error)

	//feign:requestLine DELETE /items/{id}
	Delete(ctx context.Context, id string) error

	//feign:requestLine POST /response/{status}
	Response(ctx context.Context, status int, body []byte) (*http.Response, error)

	//feign:requestLine POST /stream
	Stream(ctx context.Context, body []byte) (io.ReadCloser, error)

	//feign:requestLine GET /noctx/{id}
	NoContext(id string, opts ...runtime.CallOption) (string, error)
}
