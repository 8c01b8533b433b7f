package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	otherSource = `package other

type T struct{}

type G[K comparable, V any] struct{}

type I interface{ M() error }
`
	localSource = `package p

import (
	"unsafe"

	"example.com/other/v3"
)

type List[E any] []E

type Alias = other.T

type GA[V any] = other.G[string, V]

var _ unsafe.Pointer
`
)

// importMap imports the packages it holds, and unsafe.
type importMap map[string]*types.Package

func (m importMap) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p, ok := m[path]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("no package %s", path)
}

// check type-checks the package path from sources, importing from imports, and returns
// it with a position inside the first file, where its imports are in scope.
func check(t *testing.T, fset *token.FileSet, path string, imports importMap, sources ...string) (*types.Package, token.Pos, error) {
	t.Helper()
	var files []*ast.File
	for i, src := range sources {
		f, err := parser.ParseFile(fset, fmt.Sprintf("%s/%d.go", path, i), src, parser.SkipObjectResolution)
		require.NoError(t, err)
		files = append(files, f)
	}
	conf := types.Config{Importer: imports}
	pkg, err := conf.Check(path, fset, files, nil)
	return pkg, files[0].Name.End(), err
}

// TestTypeCode writes each type as it appears in package p and checks both the text and
// that the text, type-checked again, denotes the same type. Package other is imported
// from example.com/other/v3, so it keeps its name only if importNames gives it.
func TestTypeCode(t *testing.T) {
	fset := token.NewFileSet()
	other, _, err := check(t, fset, "example.com/other/v3", nil, otherSource)
	require.NoError(t, err)
	imports := importMap{"example.com/other/v3": other}
	local, inFile, err := check(t, fset, "example.com/p", imports, localSource)
	require.NoError(t, err)

	tests := []struct {
		expr string
		want string // the Go source typeCode writes; expr when empty
	}{
		{expr: "int"},
		{expr: "string"},
		{expr: "error"},
		{expr: "any"},
		{expr: "byte"},
		{expr: "rune"},
		{expr: "unsafe.Pointer"},
		{expr: "other.T"},
		{expr: "*other.T"},
		{expr: "[]*other.T"},
		{expr: "[4]string"},
		{expr: "map[string][]other.T"},
		{expr: "chan int"},
		{expr: "chan<- int"},
		{expr: "<-chan int"},
		{expr: "chan (<-chan int)"},
		{expr: "List[int]"},
		{expr: "List[List[other.T]]"},
		{expr: "other.G[string, List[int]]"},
		{expr: "Alias"},
		{expr: "GA[int]"},
		{expr: "func()"},
		{expr: "func(int) error"},
		{expr: "func(a int, b ...string) (n int, err error)"},
		{expr: "func(...other.T) (other.T, error)"},
		{expr: "func(func(int) bool) func() int"},
		{expr: "struct{}"},
		{
			"struct{ A int `json:\"a\"`; other.T; b, c string }",
			"struct {\n\tA int `json:\"a\"`\n\tother.T\n\tb string\n\tc string\n}",
		},
		{
			"struct{ A int `xml:\"a\" json:\"a\"` }",
			"struct {\n\tA int `xml:\"a\" json:\"a\"`\n}",
		},
		{
			"struct{ A int \"odd\"; B int \"has `backquote`\" }",
			"struct {\n\tA int `odd`\n\tB int \"has `backquote`\"\n}",
		},
		{expr: "interface{}"},
		{"interface{ other.I; N(x int) (ok bool) }", "interface {\n\tother.I\n\tN(x int) (ok bool)\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			tv, err := types.Eval(fset, local, inFile, tt.expr)
			require.NoError(t, err)
			require.True(t, tv.IsType())

			f := jen.NewFilePathName("example.com/p", "p")
			importNames(f, tv.Type)
			f.Type().Id("X").Op("=").Add(typeCode(tv.Type))
			var buf bytes.Buffer
			require.NoError(t, f.Render(&buf))
			_, code, ok := strings.Cut(buf.String(), "type X = ")
			require.True(t, ok, buf.String())
			want := tt.want
			if want == "" {
				want = tt.expr
			}
			assert.Equal(t, want, strings.TrimSuffix(code, "\n"))

			again, _, err := check(t, token.NewFileSet(), "example.com/p", imports, localSource, buf.String())
			require.NoError(t, err, buf.String())
			x := again.Scope().Lookup("X").(*types.TypeName)
			assert.Equal(t, types.TypeString(tv.Type, nil), types.TypeString(x.Type().(*types.Alias).Rhs(), nil),
				"the code denotes another type")
		})
	}
}
