package model_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/diag"
	"github.com/gofeign/feign/internal/emit"
	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/model"
	"github.com/gofeign/feign/internal/openapi"
)

// fuzzSource declares the methods FuzzModel annotates: between them, every kind of
// template value, every result shape, and parameter names generated code must avoid.
const fuzzSource = `package p

import (
	"context"
	"encoding"
	"fmt"
	"io"
	"net/http"
	"time"
)

type Owner string

type Color int

func (Color) String() string { return "" }

type Token struct{}

func (*Token) MarshalText() ([]byte, error) { return nil, nil }

type Item struct{ Name string }

type user struct{}

type GetAPI interface {
	Get(ctx context.Context, owner Owner, repo string, page *int, tags []string, color Color) ([]Item, error)
}

type PutAPI interface {
	Put(ctx context.Context, id int64, token Token, tokens []Token, since *time.Time, ratio float32, body Item) error
}

type FindAPI interface {
	Find(q string, flag *bool, ids []uint16, s fmt.Stringer, t *encoding.TextMarshaler) (*http.Response, error)
}

type StreamAPI interface {
	Stream(_ context.Context, http string, c *Color, call []Color, item uint8) (io.ReadCloser, error)
}

type ShadowAPI interface {
	Shadow(context string, user string, Owner []Owner, level *float64) (*user, error)
}
`

// fuzzMethods are the methods of fuzzSource, each the one method of its interface
// <Name>API.
var fuzzMethods = []string{"Get", "Put", "Find", "Stream", "Shadow"}

// modelSeed is the input of FuzzModel: the method fuzzMethods[which] annotated with
// directives holding these arguments; an empty header or options is no directive.
type modelSeed struct {
	which                        uint8
	requestLine, header, options string
}

var validSeeds = []modelSeed{
	{0, "GET /repos/{owner}/{repo}?page={page}&tag={tags}", "X-Color: {color}", "dismiss404=true"},
	{0, "GET /repos/{owner}/{repo}/{color}/{tags}?page={page}&x=1&y&z=", "", ""},
	{0, "GET\t/r/{owner},{repo}-{color}/x.{tags}?page={page}", "Accept: application/json", "dismiss404=false"},
	{1, "PUT /items/{id}/{token}?r={ratio}&t={tokens}&at={since}", "Content-Type: application/json", ""},
	{1, "POST /items/{id}?r={ratio}&s={since}", "X-T: Bearer {tokens} {token}", ""},
	{1, "PATCH /items/{id}/{tokens}?r=%20{ratio}%2F&at={since}&t={token}", "", ""},
	{2, "GET /find?q={q}&f={flag}&id={ids}&s={s}&t={t}", "", ""},
	{2, "HEAD /find/{q}/{s}?a={q}-{flag}-{t}", "X-Ids: {ids}", ""},
	{3, "GET /stream/{http}/{c}/{call}/{item}", "", ""},
	{3, "DELETE /stream/{http}?c={c}&call={call}&item={item}", "X-C: {c},{item}", ""},
	{4, "GET /shadow/{context}/{user}/{level}?Owner={Owner}", "", ""},
	{4, "QUERY /größe/{user}/ü?ä={level}&é", "X-Owner: {Owner} {context}", ""},
	{4, "OPTIONS /{user}/{level}/{context}/{Owner}", "", ""},
	{4, "GET /people('{user}')/{level}/{context}/{Owner}?q=''", "", ""},
}

var invalidSeeds = []modelSeed{
	{0, "get /repos/{owner}", "Accept application/json", "retry=false"},
	{0, "GET /{a{b}}", "Bad Name: x", "colour=red"},
	{1, "GET /x#fragment", "Host: example.com", "dismiss404"},
	{1, "GET http://example.com/x", "X-T: {tokn}", "dismiss404=maybe dismiss404=true"},
	{2, "GET /x?{?q}", "X-Q: {q", ""},
	{2, "GET /{+q}/{q*}/{q:3}", "", ""},
	{2, "", "", ""},
	{3, "GET", "", ""},
	{3, "FETCH /x", "", ""},
	{4, "GET /x?a={Owner}{Owner}", "", ""},
	{4, "GET /x/{context}/{ctx}", "", ""},
}

// TestModelSeeds checks that the seeds of FuzzModel reach where they are meant to:
// the valid ones the emitter, the invalid ones a diagnostic.
func TestModelSeeds(t *testing.T) {
	fx := newFixture(t, fuzzSource)
	build := func(s modelSeed) diag.List {
		pkg, ok := s.load(t, fx)
		require.True(t, ok, "%+v cannot be in a source file", s)
		_, diags := model.Build(pkg, nil)
		return diags
	}
	for _, s := range validSeeds {
		assert.Empty(t, build(s), "%+v", s)
	}
	for _, s := range invalidSeeds {
		assert.NotEmpty(t, build(s), "%+v", s)
	}
}

// load returns the package with the seed's annotated interface, or false when no
// source line can hold its arguments.
func (s modelSeed) load(tb testing.TB, fx *fixture) (*load.Package, bool) {
	var directives []load.Directive
	for i, d := range []struct{ name, args string }{
		{"requestLine", s.requestLine},
		{"headers", s.header},
		{"options", s.options},
	} {
		args, ok := directiveArgs(d.args)
		if !ok {
			return nil, false
		}
		if args == "" && d.name != "requestLine" {
			continue
		}
		directives = append(directives, directive(d.name, args, 20+i))
	}
	name := fuzzMethods[int(s.which)%len(fuzzMethods)]
	return fx.load(tb, name+"API", method{name: name, directives: directives}), true
}

// FuzzModel builds the model of one method annotated with a fuzzed requestLine, headers
// and options directive. Build must never panic and must position every problem; a model
// without problems must emit code that parses, is gofmt-clean and type-checks, and whose
// literals cannot move a value out of its place in the URL.
func FuzzModel(f *testing.F) {
	fx := newFixture(f, fuzzSource)
	for _, s := range append(validSeeds, invalidSeeds...) {
		f.Add(s.which, s.requestLine, s.header, s.options)
	}
	f.Fuzz(func(t *testing.T, which uint8, requestLine, header, options string) {
		pkg, ok := modelSeed{which, requestLine, header, options}.load(t, fx)
		if !ok {
			t.Skip("no source line holds these arguments")
		}

		m, diags := model.Build(pkg, nil)
		for _, d := range diags {
			if d.Pos.Filename == "" || d.Pos.Line == 0 {
				t.Fatalf("diagnostic without a position: %q", d.Msg)
			}
		}
		if len(diags) > 0 {
			return
		}
		checkLiterals(t, m)
		out, err := emit.Emit(m)
		if err != nil {
			t.Fatalf("Emit: %v", err)
		}
		var generated [][]byte
		for path, src := range out {
			formatted, err := format.Source(src)
			if err != nil {
				t.Fatalf("%s does not parse: %v\n%s", path, err, src)
			}
			if !bytes.Equal(formatted, src) {
				t.Fatalf("%s is not gofmt-clean:\n%s", path, src)
			}
			generated = append(generated, src)
		}
		if _, _, err := checkFiles(t, fuzzSource, generated...); err != nil {
			t.Fatalf("generated code does not type-check: %v\n%s", err, bytes.Join(generated, nil))
		}
		// The same model makes an OpenAPI document: one method never clashes.
		doc, diags, err := openapi.Document([]*model.Package{m}, openapi.JSON)
		if err != nil || len(diags) > 0 || !json.Valid(doc) {
			t.Fatalf("OpenAPI document: %v %v\n%s", err, diags, doc)
		}

		// With -server: every refusal positioned, and the handler type-checks too.
		diags = model.Serve(pkg, m)
		for _, d := range diags {
			if d.Pos.Filename == "" || d.Pos.Line == 0 {
				t.Fatalf("-server: diagnostic without a position: %q", d.Msg)
			}
		}
		if len(diags) > 0 {
			return
		}
		out, err = emit.Emit(m)
		if err != nil {
			t.Fatalf("Emit -server: %v", err)
		}
		generated = generated[:0]
		for path, src := range out {
			formatted, err := format.Source(src)
			if err != nil || !bytes.Equal(formatted, src) {
				t.Fatalf("-server: %s does not parse or is not gofmt-clean: %v\n%s", path, err, src)
			}
			generated = append(generated, src)
		}
		if _, _, err := checkFiles(t, fuzzSource, generated...); err != nil {
			t.Fatalf("-server: generated code does not type-check: %v\n%s", err, bytes.Join(generated, nil))
		}
	})
}

// directiveArgs returns the arguments the load phase would read from a directive line
// ending in s, or false when no Go source can hold s in a line comment.
func directiveArgs(s string) (string, bool) {
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\x00\uFEFF") {
		return "", false
	}
	return strings.Trim(s, " \t"), true
}

// checkLiterals checks that no literal of the model can end the part of the URL it
// belongs to: a path literal holds no '?' or '#', a query literal no '&' or '#', and a
// query name no '='.
func checkLiterals(t *testing.T, m *model.Package) {
	t.Helper()
	for _, f := range m.Files {
		for _, c := range f.Clients {
			for _, meth := range c.Methods {
				for _, p := range meth.Path {
					if strings.ContainsAny(p.Literal, "?#") {
						t.Fatalf("%s: path literal %q", meth.RequestLine, p.Literal)
					}
				}
				for _, q := range meth.Query {
					if strings.ContainsAny(q.Name, "&#=") {
						t.Fatalf("%s: query name %q", meth.RequestLine, q.Name)
					}
					for _, p := range q.Value {
						if strings.ContainsAny(p.Literal, "&#") {
							t.Fatalf("%s: query literal %q", meth.RequestLine, p.Literal)
						}
					}
				}
			}
		}
	}
}
