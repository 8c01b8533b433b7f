package emit

import (
	"go/types"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// typeCode writes a types.Type as Go source, qualifying every named type with its
// package path so jennifer imports and aliases packages itself. It covers every kind of
// type a method signature can hold.
func typeCode(t types.Type) *jen.Statement {
	switch t := t.(type) {
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			return jen.Qual("unsafe", "Pointer")
		}
		return jen.Id(t.Name())
	case *types.Alias:
		obj := t.Obj()
		if obj.Pkg() == nil { // a predeclared alias: byte, rune, any
			return jen.Id(obj.Name())
		}
		return withTypeArgs(jen.Qual(obj.Pkg().Path(), obj.Name()), t.TypeArgs())
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil { // error, comparable
			return jen.Id(obj.Name())
		}
		return withTypeArgs(jen.Qual(obj.Pkg().Path(), obj.Name()), t.TypeArgs())
	case *types.TypeParam:
		return jen.Id(t.Obj().Name())
	case *types.Pointer:
		return jen.Op("*").Add(typeCode(t.Elem()))
	case *types.Slice:
		return jen.Index().Add(typeCode(t.Elem()))
	case *types.Array:
		return jen.Index(jen.Lit(int(t.Len()))).Add(typeCode(t.Elem()))
	case *types.Map:
		return jen.Map(typeCode(t.Key())).Add(typeCode(t.Elem()))
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			return jen.Chan().Op("<-").Add(typeCode(t.Elem()))
		case types.RecvOnly:
			return jen.Op("<-").Chan().Add(typeCode(t.Elem()))
		}
		return jen.Chan().Add(typeCode(t.Elem()))
	case *types.Signature:
		return jen.Func().Add(signature(t))
	case *types.Struct:
		fields := make([]jen.Code, t.NumFields())
		for i := range t.NumFields() {
			f := t.Field(i)
			var field *jen.Statement
			if f.Embedded() {
				field = typeCode(f.Type())
			} else {
				field = jen.Id(f.Name()).Add(typeCode(f.Type()))
			}
			if tag := t.Tag(i); tag != "" {
				field = field.Tag(parseTag(tag))
			}
			fields[i] = field
		}
		return jen.Struct(fields...)
	case *types.Interface:
		var items []jen.Code
		for i := range t.NumEmbeddeds() {
			items = append(items, typeCode(t.EmbeddedType(i)))
		}
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			items = append(items, jen.Id(m.Name()).Add(signature(m.Type().(*types.Signature))))
		}
		return jen.Interface(items...)
	case *types.Union:
		var u *jen.Statement
		for i := range t.Len() {
			term := t.Term(i)
			code := typeCode(term.Type())
			if term.Tilde() {
				code = jen.Op("~").Add(code)
			}
			if u == nil {
				u = code
			} else {
				u = u.Op("|").Add(code)
			}
		}
		return u
	}
	return jen.Id(t.String())
}

func withTypeArgs(s *jen.Statement, args *types.TypeList) *jen.Statement {
	if args.Len() == 0 {
		return s
	}
	codes := make([]jen.Code, args.Len())
	for i := range args.Len() {
		codes[i] = typeCode(args.At(i))
	}
	return s.Types(codes...)
}

// signature writes (params) (results) of a function type.
func signature(sig *types.Signature) *jen.Statement {
	params := make([]jen.Code, sig.Params().Len())
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		t := typeCode(p.Type())
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = jen.Op("...").Add(typeCode(p.Type().(*types.Slice).Elem()))
		}
		params[i] = jen.Id(p.Name()).Add(t)
	}
	results := make([]jen.Code, sig.Results().Len())
	for i := range sig.Results().Len() {
		r := sig.Results().At(i)
		results[i] = jen.Id(r.Name()).Add(typeCode(r.Type()))
	}
	s := jen.Params(params...)
	switch len(results) {
	case 0:
		return s
	case 1:
		if sig.Results().At(0).Name() == "" {
			return s.Add(results[0])
		}
	}
	return s.Params(results...)
}

// parseTag turns a raw struct tag (`json:"id" xml:"id"`) into jennifer's map form;
// jennifer renders keys sorted, which keeps the output deterministic. Parsing stops at
// the first part that does not follow the key:"value" convention, which go vet flags
// in the user's code.
func parseTag(tag string) map[string]string {
	out := map[string]string{}
	for tag != "" {
		tag = strings.TrimLeft(tag, " ")
		key, rest, ok := strings.Cut(tag, ":")
		if !ok || key == "" {
			break
		}
		quoted, err := strconv.QuotedPrefix(rest)
		if err != nil {
			break
		}
		value, _ := strconv.Unquote(quoted)
		out[key] = value
		tag = rest[len(quoted):]
	}
	return out
}
