package emit

import (
	"go/types"
	"strconv"

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
		elem := typeCode(t.Elem())
		if e, ok := t.Elem().(*types.Chan); ok && e.Dir() == types.RecvOnly {
			elem = jen.Parens(elem) // chan (<-chan int); chan <-chan int is chan<- (chan int)
		}
		return jen.Chan().Add(elem)
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
				// A tag is part of the struct type's identity, so it is written as
				// declared: jennifer's Tag sorts keys and drops what is not key:"value".
				field = field.Op(tagLiteral(tag))
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

// importNames tells f the name of every package t refers to, so that it is imported
// under its own name, as the user's code does, and not under one jennifer guesses from
// the path ("v2" for example.com/thing/v2, whose package is thing): parameters are named
// so as not to shadow the package names, not the guesses.
func importNames(f *jen.File, t types.Type) {
	named := func(obj *types.TypeName, args *types.TypeList) {
		if obj.Pkg() != nil {
			f.ImportName(obj.Pkg().Path(), obj.Pkg().Name())
		}
		for i := range args.Len() {
			importNames(f, args.At(i))
		}
	}
	switch t := t.(type) {
	case *types.Alias:
		named(t.Obj(), t.TypeArgs())
	case *types.Named:
		named(t.Obj(), t.TypeArgs())
	case *types.Pointer:
		importNames(f, t.Elem())
	case *types.Slice:
		importNames(f, t.Elem())
	case *types.Array:
		importNames(f, t.Elem())
	case *types.Chan:
		importNames(f, t.Elem())
	case *types.Map:
		importNames(f, t.Key())
		importNames(f, t.Elem())
	case *types.Signature:
		for _, tuple := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tuple.Len() {
				importNames(f, tuple.At(i).Type())
			}
		}
	case *types.Struct:
		for i := range t.NumFields() {
			importNames(f, t.Field(i).Type())
		}
	case *types.Interface:
		for i := range t.NumEmbeddeds() {
			importNames(f, t.EmbeddedType(i))
		}
		for i := range t.NumExplicitMethods() {
			importNames(f, t.ExplicitMethod(i).Type())
		}
	case *types.Union:
		for i := range t.Len() {
			importNames(f, t.Term(i).Type())
		}
	}
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

// tagLiteral is the Go literal of a struct tag: raw when it can be, quoted otherwise.
func tagLiteral(tag string) string {
	if strconv.CanBackquote(tag) {
		return "`" + tag + "`"
	}
	return strconv.Quote(tag)
}
