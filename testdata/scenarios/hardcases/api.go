// Package hardcases declares what is easy to get wrong in generated code: parameter
// names that clash with the names the generated body uses, packages imported under
// another name, two imported packages with the same name, named types with and without
// methods, and TextMarshalers with pointer receivers.
package hardcases

import (
	"context"
	"encoding"
	"fmt"
	htmltemplate "html/template"
	nethttp "net/http"
	"strconv"
	"strings"
	"text/template"
)

// Owner is a named string without methods: converted to string.
type Owner string

// Count is a named int without methods: converted to int64.
type Count int

// Color is a named int with a String method, which wins over its kind.
type Color int

func (c Color) String() string { return [...]string{"red", "green", "blue"}[c%3] }

// Slug is a named string with a String method, which wins over its kind.
type Slug string

func (s Slug) String() string { return strings.ToLower(string(s)) }

// Token marshals to text through a pointer receiver: generated code passes its address.
type Token struct{ ID int }

// MarshalText writes the ID.
func (t *Token) MarshalText() ([]byte, error) { return []byte(strconv.Itoa(t.ID)), nil }

// user is an unexported type that a parameter is named after.
type user struct {
	Name string `json:"name"`
}

// Names is an API whose parameter names are the names generated code uses itself.
//
//feign:headers X-Client: hardcases
type Names interface {
	// Locals are named like the receiver and locals of a generated method.
	//
	//feign:requestLine GET /http/{http}/c/{c}/call/{call}
	Locals(ctx context.Context, http, c, call string) error

	// Packages are named like the packages generated code imports.
	//
	//feign:requestLine GET /items/{item}?strconv={strconv}&runtime={runtime}&i={i}
	Packages(ctx context.Context, item int, strconv bool, runtime float32, i uint8) error

	// NoContext has a parameter named context and no context.Context: the body calls
	// context.Background(), so the parameter must not shadow the package.
	//
	//feign:requestLine GET /contexts/{context}
	NoContext(context string) error

	// CtxString has a parameter named ctx that is not a context.
	//
	//feign:requestLine GET /ctx/{ctx}
	CtxString(ctx string) error

	// Builtins are named like predeclared identifiers the body uses.
	//
	//feign:requestLine GET /builtins/{string}/{len}?nil={nil}
	Builtins(string string, len int, nil []int64) error

	// Shadow has a parameter named like the type of its result.
	//
	//feign:requestLine GET /users/{user}
	Shadow(ctx context.Context, user string) (*user, error)

	// Raw returns the response of a package imported under another name.
	//
	//feign:requestLine GET /raw/{template}
	Raw(ctx context.Context, template string) (*nethttp.Response, error)

	// Exported has a parameter named like a type the body names: the element type of
	// the list, in the function that formats it. A tab separates its request line.
	//
	//feign:requestLine GET	/exported
	//feign:headers X-Tokens: {Token}
	Exported(ctx context.Context, Token []Token) error

	// Unnamed has no parameter names at all: the last one is the body.
	//
	//feign:requestLine POST /unnamed
	Unnamed(context.Context, Owner) error
}

// Values is an API whose parameters show every way a value becomes text.
type Values interface {
	// Named uses named types over string and int, with and without String.
	//
	//feign:requestLine GET /owners/{owner}/counts/{count}/colors/{color}/slugs/{slug}
	Named(ctx context.Context, owner Owner, count Count, color Color, slug Slug) error

	// Text uses a TextMarshaler with a pointer receiver in the path, and a list of them
	// in the query.
	//
	//feign:requestLine GET /tokens/{token}?tag={tags}&ratio={ratio}&level={level}
	Text(ctx context.Context, token Token, tags []Token, ratio float32, level uint8) error

	// Optional uses pointers and a list in a header.
	//
	//feign:requestLine GET /optional?color={color}&token={token}
	//feign:headers X-Tokens: {tokens}
	//feign:headers X-Counts: {counts}
	Optional(ctx context.Context, color *Color, token *Token, tokens []Token, counts []Count) error

	// Interfaces uses interfaces: a Stringer, and a pointer to a TextMarshaler, whose
	// method set is empty.
	//
	//feign:requestLine GET /interfaces/{s}?t={t}
	Interfaces(ctx context.Context, s fmt.Stringer, t *encoding.TextMarshaler) error

	// Quoted has two single quotes in its request line: the generated doc comment shows
	// it as a code block, or gofmt would turn them into a curly quote.
	//
	//feign:requestLine GET /people('{id}')?name=''
	Quoted(ctx context.Context, id Owner) error

	// Search sends an anonymous struct whose tags are not in sorted order: a tag is part
	// of the struct type, so the generated signature keeps each as declared.
	//
	//feign:requestLine POST /search
	Search(ctx context.Context, q struct {
		Term  string `url:"term" json:"term"`
		Limit int    `json:"limit,omitempty"`
	}) error

	// Templates uses types of two imported packages of the same name.
	//
	//feign:requestLine PUT /templates/{name}
	Templates(ctx context.Context, name htmltemplate.HTML, funcs template.FuncMap) (htmltemplate.JS, error)
}
