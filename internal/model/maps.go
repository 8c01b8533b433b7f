package model

import (
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/gofeign/feign/internal/load"
)

// mapParam resolves a //feign:queryMap or //feign:headerMap directive: its argument
// names a parameter whose type must be a map of strings (or, for a query, a struct with
// query tags).
func (b *builder) mapParam(m *Method, d load.Directive, r *resolver, where string, query bool) *MapParam {
	what, want := "headerMap", "http.Header or map[string]string"
	if query {
		what, want = "queryMap", `url.Values, map[string]string, map[string][]string, or a struct (or pointer to one) with query:"name" tags`
	}
	name := d.Args
	if name == "" || strings.ContainsAny(name, " \t") || !token.IsIdentifier(name) {
		b.diags.Addf(d.Pos, "//feign:%s of %s needs the name of one parameter: //feign:%s params", what, where, what)
		return nil
	}
	i := slices.IndexFunc(m.Params, func(p *Param) bool { return p.Declared == name })
	if i < 0 {
		b.diags.Addf(at(d, 0), "//feign:%s of %s names %s, which is no parameter (%s)%s", what, where, name, paramList(m), didYouMean(m, name, "%s"))
		return nil
	}
	p := m.Params[i]
	if r.used[p] {
		b.diags.Addf(at(d, 0), "//feign:%s of %s names %s, which a template uses already", what, where, name)
		return nil
	}
	r.used[p] = true
	typeName := types.TypeString(p.Type, types.RelativeTo(b.pkg.Types))
	mp := &MapParam{Param: p}
	switch u := p.Type.Underlying().(type) {
	case *types.Map:
		// Exactly string keys and values: the map is passed to the runtime as a
		// map[string]string or map[string][]string, which a named key type is not.
		switch {
		case !isBasic(u.Key(), types.String):
		case isBasic(u.Elem(), types.String):
			mp.Kind = MapStrings
			return mp
		case isStringSliceExact(u.Elem()):
			mp.Kind = MapValues
			return mp
		}
	case *types.Struct:
		if query {
			return b.structMap(mp, u, at(d, 0), where)
		}
	case *types.Pointer:
		if s, ok := u.Elem().Underlying().(*types.Struct); ok && query {
			mp.Pointer = true
			return b.structMap(mp, s, at(d, 0), where)
		}
	}
	b.diags.Addf(at(d, 0), "//feign:%s of %s names %s, of type %s: want %s", what, where, name, typeName, want)
	return nil
}

func isStringSliceExact(t types.Type) bool {
	s, ok := types.Unalias(t).(*types.Slice)
	return ok && isBasic(s.Elem(), types.String)
}

// structMap reads the query fields of a struct: exported fields, named by their
// `query:"name"` tag or else their Go name, skipped with `query:"-"`; generated code
// reads each field directly, without reflection.
func (b *builder) structMap(mp *MapParam, s *types.Struct, pos token.Position, where string) *MapParam {
	p := mp.Param
	ok := true
	for i := range s.NumFields() {
		f := s.Field(i)
		if !f.Exported() || f.Embedded() {
			continue
		}
		tag := reflect.StructTag(s.Tag(i)).Get("query")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name()
		}
		omit := opts == "omitempty"
		if opts != "" && !omit {
			b.diags.Addf(pos, "queryMap of %s: field %s has tag option %q: the only option is omitempty", where, f.Name(), opts)
			ok = false
			continue
		}
		value, valid := valueOf(f.Type())
		if !valid {
			b.diags.Addf(pos, "queryMap of %s: field %s of type %s cannot be a query value: use a string, number, bool, fmt.Stringer, encoding.TextMarshaler, or a pointer to or slice of one, or tag it query:\"-\"", where, f.Name(), types.TypeString(f.Type(), types.RelativeTo(b.pkg.Types)))
			ok = false
			continue
		}
		field := StructField{
			Query: escapeQueryName(name),
			Param: &Param{Name: p.Name + "." + f.Name(), Declared: p.Declared + "." + f.Name(), Type: f.Type(), Pos: p.Pos, Value: value},
		}
		if omit && !value.Optional && !value.List {
			field.OmitEmpty = true
			nonZero, ok := nonZeroTest(f.Type())
			field.NonZero = nonZero
			if !ok {
				b.diags.Addf(pos, "queryMap of %s: field %s of type %s has omitempty, but only strings, numbers, bools, pointers and slices have an empty value feigngen can test", where, f.Name(), types.TypeString(f.Type(), types.RelativeTo(b.pkg.Types)))
				ok = false
				continue
			}
		}
		mp.Fields = append(mp.Fields, field)
	}
	if !ok {
		return nil
	}
	mp.Kind = MapStruct
	return mp
}

// nonZeroTest returns the comparison that says a value of a basic kind is not zero:
// "" for a bool, which is its own test; false for other kinds.
func nonZeroTest(t types.Type) (string, bool) {
	bt, ok := t.Underlying().(*types.Basic)
	if !ok {
		return "", false
	}
	switch info := bt.Info(); {
	case info&types.IsString != 0:
		return `!= ""`, true
	case info&types.IsBoolean != 0:
		return "", true
	case info&types.IsNumeric != 0:
		return "!= 0", true
	}
	return "", false
}

// escapeQueryName percent-encodes a query name from a struct tag, so that a tag cannot
// add a pair.
func escapeQueryName(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			out.WriteByte(c)
			continue
		}
		out.WriteByte('%')
		out.WriteByte("0123456789ABCDEF"[c>>4])
		out.WriteByte("0123456789ABCDEF"[c&15])
	}
	return out.String()
}
