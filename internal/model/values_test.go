package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// valuesSource declares the named types of TestValueOf.
const valuesSource = `package p

type Owner string
type Count int

// Color has a String method: it wins over the basic kind.
type Color int

func (Color) String() string { return "" }

// Token has MarshalText on a pointer receiver, so only *Token is a TextMarshaler.
type Token struct{}

func (*Token) MarshalText() ([]byte, error) { return nil, nil }

// Stamp has MarshalText on a value receiver, as time.Time does.
type Stamp struct{}

func (Stamp) MarshalText() ([]byte, error) { return nil, nil }

// Both has both: MarshalText wins.
type Both int

func (Both) String() string               { return "" }
func (Both) MarshalText() ([]byte, error) { return nil, nil }

// Wrong has methods of the right names and the wrong signatures.
type Wrong string

func (Wrong) String() int         { return 0 }
func (Wrong) MarshalText() []byte { return nil }

type Name = string
type Stringer interface{ String() string }
type Filter struct{ State string }

// Reader reads with a value receiver; PtrReader only through a pointer; Reads has a
// Read of the wrong signature.
type Reader struct{}

func (Reader) Read([]byte) (int, error) { return 0, nil }

type PtrReader struct{}

func (*PtrReader) Read([]byte) (int, error) { return 0, nil }

type Reads struct{}

func (Reads) Read() error { return nil }

type ReaderIface interface{ Read([]byte) (int, error) }

// Tags is a named slice: a list, like []string.
type Tags []string

// Path is a named slice with its own String: one value, not a list.
type Path []string

func (Path) String() string { return "" }
`

// checkValues type-checks valuesSource.
func checkValues(t *testing.T) (*token.FileSet, *types.Package) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", valuesSource, parser.SkipObjectResolution)
	require.NoError(t, err)
	pkg, err := new(types.Config).Check("example.com/p", fset, []*ast.File{f}, nil)
	require.NoError(t, err)
	return fset, pkg
}

func TestValueOf(t *testing.T) {
	fset, pkg := checkValues(t)
	// want is a Value with its element type written as Go source, relative to p.
	type want struct {
		elem                                      string
		format                                    Format
		optional, list, convert, addrFor, nilable bool
	}
	tests := []struct {
		expr string
		want *want // nil: not a template value
	}{
		{"string", &want{elem: "string", format: FormatString}},
		{"Name", &want{elem: "Name", format: FormatString}}, // an alias of string
		{"Owner", &want{elem: "Owner", format: FormatString, convert: true}},
		{"int", &want{elem: "int", format: FormatInt, convert: true}},
		{"int32", &want{elem: "int32", format: FormatInt, convert: true}},
		{"int64", &want{elem: "int64", format: FormatInt}},
		{"Count", &want{elem: "Count", format: FormatInt, convert: true}},
		{"uint8", &want{elem: "uint8", format: FormatUint, convert: true}},
		{"uint16", &want{elem: "uint16", format: FormatUint, convert: true}},
		{"uint64", &want{elem: "uint64", format: FormatUint}},
		{"float32", &want{elem: "float32", format: FormatFloat32, convert: true}},
		{"float64", &want{elem: "float64", format: FormatFloat64}},
		{"bool", &want{elem: "bool", format: FormatBool}},
		{"*bool", &want{elem: "bool", format: FormatBool, optional: true}},
		{"*Owner", &want{elem: "Owner", format: FormatString, optional: true, convert: true}},
		{"[]string", &want{elem: "string", format: FormatString, list: true}},
		{"[]int", &want{elem: "int", format: FormatInt, list: true, convert: true}},
		{"[]Owner", &want{elem: "Owner", format: FormatString, list: true, convert: true}},
		{"Color", &want{elem: "Color", format: FormatStringer}},
		{"*Color", &want{elem: "Color", format: FormatStringer, optional: true}},
		{"[]Color", &want{elem: "Color", format: FormatStringer, list: true}},
		{"Stringer", &want{elem: "Stringer", format: FormatStringer, optional: true, nilable: true}},
		{"Tags", &want{elem: "string", format: FormatString, list: true}},
		{"Path", &want{elem: "Path", format: FormatStringer}},
		{"*Stringer", &want{elem: "Stringer", format: FormatStringer, optional: true}},
		{"Token", &want{elem: "Token", format: FormatText, addrFor: true}},
		{"*Token", &want{elem: "Token", format: FormatText, optional: true, addrFor: true}},
		{"[]Token", &want{elem: "Token", format: FormatText, list: true, addrFor: true}},
		{"Stamp", &want{elem: "Stamp", format: FormatText}},
		{"*Stamp", &want{elem: "Stamp", format: FormatText, optional: true}},
		{"Both", &want{elem: "Both", format: FormatText}},
		{"Wrong", &want{elem: "Wrong", format: FormatString, convert: true}},
		{"[]byte", nil},
		{"[]uint8", nil},
		{"map[string]string", nil},
		{"Filter", nil},
		{"*Filter", nil},
		{"**string", nil},
		{"[]*string", nil},
		{"[][]string", nil},
		{"complex128", nil},
		{"chan string", nil},
		{"func() string", nil},
		{"any", nil},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			tv, err := types.Eval(fset, pkg, token.NoPos, tt.expr)
			require.NoError(t, err)
			require.True(t, tv.IsType(), "%s is no type", tt.expr)

			v, ok := valueOf(tv.Type)
			if tt.want == nil {
				assert.False(t, ok, "%s is a template value: %+v", tt.expr, v)
				return
			}
			require.True(t, ok, "%s is no template value", tt.expr)
			got := want{
				elem:     types.TypeString(v.Elem, types.RelativeTo(pkg)),
				format:   v.Format,
				optional: v.Optional,
				list:     v.List,
				convert:  v.Convert,
				addrFor:  v.AddrForText,
				nilable:  v.Nilable,
			}
			assert.Equal(t, *tt.want, got)
		})
	}
}

func TestIsReader(t *testing.T) {
	fset, pkg := checkValues(t)
	for expr, want := range map[string]bool{
		"Reader":      true,
		"*Reader":     true,
		"*PtrReader":  true,
		"PtrReader":   false, // only its pointer is an io.Reader: encode it instead
		"Reads":       false,
		"ReaderIface": true,
		"string":      false,
		"[]byte":      false,
	} {
		tv, err := types.Eval(fset, pkg, token.NoPos, expr)
		require.NoError(t, err)
		assert.Equal(t, want, isReader(tv.Type), "isReader(%s)", expr)
	}
}
