package model

import (
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/internal/load"
)

func TestUnexport(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"GitHub", "gitHub"},
		{"API", "api"},
		{"HTTPServer", "httpServer"},
		{"X", "x"},
		{"Ping", "ping"},
		{"already", "already"},
		{"gitHub", "gitHub"},
		{"API2", "api2"},
		{"IDs", "ids"},
		{"APIs", "apis"},
		{"URLsService", "urlsService"},
		{"HTTPServer", "httpServer"},

		{"HTTP2Server", "http2Server"},
		{"ABC_Def", "abc_Def"},
		{"Éclair", "éclair"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, unexport(tt.name), "unexport(%q)", tt.name)
	}
}

// contextType is a stand-in for context.Context: the model knows it by package path
// and name.
var contextType = types.NewNamed(
	types.NewTypeName(0, types.NewPackage("context", "context"), "Context", nil),
	types.NewInterfaceType(nil, nil), nil)

// param is a declared parameter; an empty name is an unnamed one.
type param struct {
	declared string
	typ      types.Type
}

func TestNameParams(t *testing.T) {
	str := types.Typ[types.String]
	tests := []struct {
		name   string
		params []param
		want   []string
	}{
		{
			"ordinary names are kept",
			[]param{{"ctx", contextType}, {"owner", str}, {"repo", str}},
			[]string{"ctx", "owner", "repo"},
		},
		{
			"the receiver and the locals of the generated body are avoided",
			[]param{{"c", str}, {"call", str}, {"item", str}, {"i", str}},
			[]string{"c_", "call_", "item_", "i_"},
		},
		{
			"the packages generated code imports are avoided",
			[]param{{"http", str}, {"strconv", str}, {"strings", str}, {"runtime", str}, {"io", str}},
			[]string{"http_", "strconv_", "strings_", "runtime_", "io_"},
		},
		{
			"a string named context does not shadow context.Background()",
			[]param{{"context", str}},
			[]string{"context_"},
		},
		{
			"predeclared identifiers the body uses are avoided",
			[]param{{"string", str}, {"len", types.Typ[types.Int]}, {"nil", str}, {"int64", str}},
			[]string{"string_", "len_", "nil_", "int64_"},
		},
		{
			"ctx that is no context is an ordinary name",
			[]param{{"ctx", str}},
			[]string{"ctx"},
		},
		{
			"names stay unique when a renaming meets a declared name",
			[]param{{"http", str}, {"http_", str}},
			[]string{"http_", "http__"},
		},
		{
			"names stay unique when a declared name meets a renaming",
			[]param{{"http_", str}, {"http", str}},
			[]string{"http_", "http__"},
		},
		{
			"unnamed parameters are named after their role and place",
			[]param{{"", contextType}, {"", str}, {"", str}},
			[]string{"ctx", "arg1", "arg2"},
		},
		{
			"blank parameters are named like unnamed ones",
			[]param{{"_", contextType}, {"_", str}},
			[]string{"ctx", "arg1"},
		},
		{
			"an unnamed context that is not first is no ctx",
			[]param{{"", str}, {"", contextType}},
			[]string{"arg0", "arg1"},
		},
		{
			"a generated name does not take a declared one",
			[]param{{"_", contextType}, {"ctx", str}, {"arg2", str}, {"_", str}},
			[]string{"ctx", "ctx_", "arg2", "arg3"},
		},
		{
			"a declared name is kept even when a later role name wants it",
			[]param{{"arg1", str}, {"_", str}},
			[]string{"arg1", "arg1_"},
		},
	}
	reserved := (&builder{pkg: &load.Package{}}).reservedNames()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := make([]*Param, len(tt.params))
			for i, p := range tt.params {
				params[i] = &Param{Declared: p.declared, Type: p.typ}
			}
			nameParams(params, reserved)
			got := make([]string, len(params))
			for i, p := range params {
				got[i] = p.Name
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
