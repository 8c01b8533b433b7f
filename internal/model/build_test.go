package model_test

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/emit"
	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/model"
)

const buildSource = `package p

import (
	"context"
	"encoding"
	"fmt"
)

type user struct{ Name string }

type Token struct{}

func (*Token) MarshalText() ([]byte, error) { return nil, nil }

type ShadowAPI interface {
	Shadow(ctx context.Context, user string, Token []Token, shadowAPIShadowEndpoint string) (*user, error)
}

type TabbedAPI interface {
	Tabbed(ctx context.Context, id string) error
}

type InterfacesAPI interface {
	Interfaces(ctx context.Context, s *fmt.Stringer, t *encoding.TextMarshaler, list []fmt.Stringer) error
}

type QuotedAPI interface {
	Quoted(ctx context.Context, id string) error
}
`

// build builds and emits the one method of the interface iface of buildSource, annotated
// with directives, checks that the generated code type-checks, and returns the method.
func build(t *testing.T, iface string, directives ...load.Directive) (*model.Method, []byte) {
	t.Helper()
	fx := newFixture(t, buildSource)
	name := strings.TrimSuffix(iface, "API")
	m, diags := model.Build(fx.load(t, iface, method{name, directives}), nil)
	require.Empty(t, diags)
	out, err := emit.Emit(m)
	require.NoError(t, err)
	require.Len(t, out, 1)
	src := out[m.Files[0].Output]
	_, _, err = checkFiles(t, buildSource, src)
	require.NoError(t, err, "%s", src)
	return m.Files[0].Clients[0].Methods[0], src
}

func TestParametersNeverShadowWhatTheBodyNames(t *testing.T) {
	shadow, _ := build(t, "ShadowAPI", annotate(
		"requestLine", "GET /users/{user}/{shadowAPIShadowEndpoint}",
		"headers", "X-Tokens: {Token}")...)
	var names []string
	for _, p := range shadow.Params {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"ctx", "user_", "Token_", "shadowAPIShadowEndpoint_"}, names,
		"the result type, the element type of a list and the endpoint variable keep their names")
	assert.Equal(t, "shadowAPIShadowEndpoint", shadow.Endpoint)
	assert.Equal(t, "Token", shadow.Headers[0].Value[0].Param.Declared, "templates still use the declared name")
}

func TestRequestLineMayUseATab(t *testing.T) {
	tabbed, _ := build(t, "TabbedAPI", annotate("requestLine", "GET\t /items/{id}")...)
	assert.Equal(t, "GET", tabbed.HTTPMethod)
	require.Len(t, tabbed.Path, 2)
	assert.Equal(t, "/items/", tabbed.Path[0].Literal)
	assert.Equal(t, "id", tabbed.Path[1].Param.Declared)
}

func TestPointersToInterfacesAreOptionalValues(t *testing.T) {
	interfaces, _ := build(t, "InterfacesAPI", annotate(
		"requestLine", "GET /i/{s}?t={t}",
		"headers", "X-List: {list}")...)
	for _, p := range interfaces.Params[1:3] {
		require.NotNil(t, p.Value, p.Declared)
		assert.True(t, p.Value.Optional, p.Declared)
	}
	assert.True(t, interfaces.Params[3].Value.List)
}

func TestQuotesInARequestLineSurviveGofmt(t *testing.T) {
	_, src := build(t, "QuotedAPI", annotate("requestLine", "GET /people('{id}')?q=''&b=``")...)
	formatted, err := format.Source(src)
	require.NoError(t, err)
	assert.Equal(t, string(src), string(formatted))

	// The request line is a code block of the method's doc, which gofmt leaves as it is.
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ParseComments)
	require.NoError(t, err)
	var doc string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "Quoted" {
			doc = fn.Doc.Text()
		}
	}
	assert.Equal(t, "Quoted sends:\n\n\tGET /people('{id}')?q=''&b=``\n", doc)
}
