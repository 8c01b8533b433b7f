package load

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		name string
		text string
		want *rawDirective // nil: not a directive
	}{
		{
			"name and args",
			"//feign:requestLine GET /x",
			&rawDirective{Directive{Name: "requestLine", Args: "GET /x"}, 20},
		},
		{
			"no args",
			"//feign:idempotent",
			&rawDirective{Directive{Name: "idempotent"}, 18},
		},
		{
			"a tab separates the name",
			"//feign:requestLine\tGET /x",
			&rawDirective{Directive{Name: "requestLine", Args: "GET /x"}, 20},
		},
		{
			"a run of blanks separates the name",
			"//feign:headers \t  Accept: a/b",
			&rawDirective{Directive{Name: "headers", Args: "Accept: a/b"}, 19},
		},
		{
			"blanks inside args are kept",
			"//feign:options dismiss404=true\tretry=false",
			&rawDirective{Directive{Name: "options", Args: "dismiss404=true\tretry=false"}, 16},
		},
		{
			"trailing blanks are dropped",
			"//feign:requestLine GET /x \t ",
			&rawDirective{Directive{Name: "requestLine", Args: "GET /x"}, 20},
		},
		{
			"trailing blanks after the name leave no args",
			"//feign:idempotent  ",
			&rawDirective{Directive{Name: "idempotent"}, 20},
		},
		{
			"an empty name is returned for the model to refuse",
			"//feign:",
			&rawDirective{Directive{Name: ""}, 8},
		},
		{
			"an empty name with args",
			"//feign: GET /x",
			&rawDirective{Directive{Name: "", Args: "GET /x"}, 9},
		},
		{
			"a space after // marks the name, for a hint",
			"// feign:headers x",
			&rawDirective{Directive{Name: " headers", Args: "x"}, 17},
		},
		{
			"a tab and spaces after // mark the name too",
			"//\t  feign:Headers  x: y",
			&rawDirective{Directive{Name: " Headers", Args: "x: y"}, 20},
		},
		{"another word sharing the prefix", "//feignx", nil},
		{"another word sharing the prefix, spaced", "// feignx:headers", nil},
		{"another tool's directive", "//go:generate go tool feigngen", nil},
		{"prose mentioning feign", "// feign is a client", nil},
		{"a block comment", "/*feign:requestLine GET /x*/", nil},
		{"upper-case prefix", "//FEIGN:requestLine GET /x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseDirective(tt.text)
			if tt.want == nil {
				assert.False(t, ok, "parsed as %+v", got)
				return
			}
			if assert.True(t, ok) {
				assert.Equal(t, *tt.want, got)
			}
		})
	}
}

func TestSplitNameArgs(t *testing.T) {
	tests := []struct {
		in         string
		name, args string
		argsOffset int
	}{
		{"requestLine GET /x", "requestLine", "GET /x", 12},
		{"requestLine", "requestLine", "", 11},
		{"requestLine ", "requestLine", "", 12},
		{"headers\t \tA: b \t", "headers", "A: b", 10},
		{"", "", "", 0},
		{" x", "", "x", 1},
	}
	for _, tt := range tests {
		name, args, off := splitNameArgs(tt.in)
		assert.Equal(t, tt.name, name, "name of %q", tt.in)
		assert.Equal(t, tt.args, args, "args of %q", tt.in)
		assert.Equal(t, tt.argsOffset, off, "args offset of %q", tt.in)
	}
}

func TestParsePos(t *testing.T) {
	tests := []struct {
		in   string
		want token.Position
	}{
		{"a.go:1:2", token.Position{Filename: "a.go", Line: 1, Column: 2}},
		{"/src/p/a.go:12:34", token.Position{Filename: "/src/p/a.go", Line: 12, Column: 34}},
		{`C:\x\a.go:3:4`, token.Position{Filename: `C:\x\a.go`, Line: 3, Column: 4}},
		{"a.go:5", token.Position{Filename: "a.go", Line: 5}},
		{`C:\x\a.go:5`, token.Position{Filename: `C:\x\a.go`, Line: 5}},
		{"a.go", token.Position{Filename: "a.go"}},
		{"-", token.Position{Filename: "-"}},
		{"", token.Position{}},
		{"odd:name.go:7:8", token.Position{Filename: "odd:name.go", Line: 7, Column: 8}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, parsePos(tt.in), "parsePos(%q)", tt.in)
	}
}

// FuzzParseDirective checks that the args offset of every directive points at its args
// in the comment text, so that positions computed from it are right.
func FuzzParseDirective(f *testing.F) {
	for _, s := range []string{
		"//feign:requestLine GET /x",
		"//feign:requestLine\tGET /x \t",
		"// feign:headers x",
		"//\t feign:Headers  x: y",
		"//feign:",
		"//feign: \t",
		"//feignx",
		"//go:generate feigngen",
		"//feign:options a=b\tc=d",
		"//feign:headers X: é ü",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := parseDirective(text)
		if !ok {
			if strings.HasPrefix(text, Prefix) {
				t.Fatalf("%q starts with %s and is no directive", text, Prefix)
			}
			return
		}
		if d.argsOffset < 0 || d.argsOffset > len(text) {
			t.Fatalf("%q: args offset %d out of range", text, d.argsOffset)
		}
		if !strings.HasPrefix(text[d.argsOffset:], d.Args) {
			t.Fatalf("%q: args %q are not at offset %d", text, d.Args, d.argsOffset)
		}
		if d.Args != strings.Trim(d.Args, " \t") {
			t.Fatalf("%q: args %q are not trimmed", text, d.Args)
		}
		if strings.ContainsAny(strings.TrimPrefix(d.Name, " "), " \t") {
			t.Fatalf("%q: name %q holds a blank", text, d.Name)
		}
	})
}

// TestDirectivePositions reads the directives of a parsed file and checks that each
// ArgsPos is where its args stand in the source.
func TestDirectivePositions(t *testing.T) {
	const src = "package p\n\n" +
		"// API is an API.\n" +
		"//\n" +
		"//feign:headers Accept: application/json\n" +
		"type API interface {\n" +
		"\t// Get gets.\n" +
		"\t//\n" +
		"\t//feign:requestLine\tGET /é/{x}\n" +
		"\t// feign:headers  X: y  \n" +
		"\t//feign:idempotent\n" +
		"\tGet(x string) error\n" +
		"}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "api.go", src, parser.ParseComments)
	require.NoError(t, err)
	gen := f.Decls[0].(*ast.GenDecl)
	method := gen.Specs[0].(*ast.TypeSpec).Type.(*ast.InterfaceType).Methods.List[0]

	got := append(directives(fset, gen.Doc), directives(fset, method.Doc)...)
	require.Len(t, got, 4)
	assert.Equal(t, []string{"headers", "requestLine", " headers", "idempotent"},
		[]string{got[0].Name, got[1].Name, got[2].Name, got[3].Name})
	lines := strings.Split(src, "\n")
	for _, d := range got {
		line := lines[d.Pos.Line-1]
		assert.True(t, strings.HasPrefix(line[d.Pos.Column-1:], "//"), "%s: Pos is not at //", d.Name)
		assert.Equal(t, d.Pos.Line, d.ArgsPos.Line)
		assert.Equal(t, d.Args, strings.TrimRight(line[d.ArgsPos.Column-1:], " \t"), "%s: ArgsPos is not at the args", d.Name)
		assert.Equal(t, d.ArgsPos.Column-d.Pos.Column, d.ArgsPos.Offset-d.Pos.Offset)
	}
	assert.Equal(t, token.Position{Filename: "api.go", Offset: 133, Line: 9, Column: 22}, got[1].ArgsPos)
	assert.Equal(t, directives(fset, nil), []Directive(nil))
}
