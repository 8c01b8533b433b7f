package openapi

import (
	"encoding/json"
	"go/types"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"

	"github.com/gofeign/feign/internal/openapi/testdata/jsonfields"
)

// TestSchemaFieldsMatchEncodingJSON compares the schema of each struct of
// testdata/jsonfields, found by go/types as the generator finds it, with what
// encoding/json writes for the same Go type: the properties are the names it writes for
// a value whose every field is set, and the required ones those it writes for the zero
// value.
func TestSchemaFieldsMatchEncodingJSON(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "github.com/gofeign/feign/internal/openapi/testdata/jsonfields")
	require.NoError(t, err)
	require.Len(t, pkgs, 1)
	require.Empty(t, pkgs[0].Errors)
	scope := pkgs[0].Types.Scope()

	for _, v := range []any{jsonfields.All{}, jsonfields.Base{}, jsonfields.Middle{}, jsonfields.Untagged{}} {
		rt := reflect.TypeOf(v)
		t.Run(rt.Name(), func(t *testing.T) {
			named := scope.Lookup(rt.Name()).Type().(*types.Named)
			s := newSchemas()
			sch := s.underlying(named.Underlying())

			full := reflect.New(rt).Elem()
			fill(full)
			assert.Equal(t, keys(t, full.Interface()), propertyNames(sch), "properties")
			assert.Equal(t, keys(t, v), requiredNames(sch), "required")
		})
	}
}

// fill sets every field of v, embedded ones through their pointers, to a non-zero value.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(1, 0).UTC()))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() || v.Type().Field(i).Anonymous {
				fill(v.Field(i))
			}
		}
	case reflect.Pointer:
		if v.CanSet() {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		}
	case reflect.Slice:
		if v.CanSet() {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0))
		}
	case reflect.Map:
		if v.CanSet() {
			m := reflect.MakeMap(v.Type())
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			m.SetMapIndex(k, e)
			v.Set(m)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString("s")
		}
	case reflect.Bool:
		if v.CanSet() {
			v.SetBool(true)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.CanSet() {
			v.SetInt(1)
		}
	case reflect.Float32, reflect.Float64:
		if v.CanSet() {
			v.SetFloat(1)
		}
	case reflect.Uint8:
		if v.CanSet() {
			v.SetUint(1)
		}
	}
}

func keys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func propertyNames(sch obj) []string {
	var out []string
	for k := range sch["properties"].(obj) {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func requiredNames(sch obj) []string {
	out := []string{}
	req, _ := sch["required"].([]any)
	for _, r := range req {
		out = append(out, r.(string))
	}
	slices.Sort(out)
	return out
}
