package emit

import (
	"go/types"

	"github.com/dave/jennifer/jen"

	"github.com/gofeign/feign/internal/model"
)

// valueRef says how generated code reaches the scalar value of a template parameter.
// It builds fresh code on each use: jennifer statements are mutable, so sharing one
// between two places of the output would be a trap.
type valueRef struct {
	name  string
	deref bool // name is a non-nil pointer to the scalar
	// iface says the scalar is an interface: a pointer to it has no methods.
	iface bool
}

func plainOf(p *model.Param) valueRef { return valueRef{name: p.Name} }
func itemOf(*model.Value) valueRef    { return valueRef{name: "item"} }

// derefOf reaches the value of an Optional parameter once it is known not to be nil:
// through the pointer, or, for an interface, the parameter itself.
func derefOf(p *model.Param) valueRef {
	if p.Value.Nilable {
		return plainOf(p)
	}
	_, iface := p.Value.Elem.Underlying().(*types.Interface)
	return valueRef{name: p.Name, deref: true, iface: iface}
}

// value is an expression of the scalar type: owner, *anon, item.
func (r valueRef) value() *jen.Statement {
	if r.deref {
		return jen.Op("*").Id(r.name)
	}
	return jen.Id(r.name)
}

// receiver is an expression on which the scalar's methods can be called: the variable
// itself, a pointer or not, since Go derefs or addresses it as the method needs; but a
// pointer to an interface has no methods, so it is dereferenced: (*s).String().
func (r valueRef) receiver() *jen.Statement {
	if r.deref && r.iface {
		return jen.Parens(r.value())
	}
	return jen.Id(r.name)
}

// addr is an expression of pointer type: &owner, anon, &item.
func (r valueRef) addr() *jen.Statement {
	if r.deref {
		return jen.Id(r.name)
	}
	return jen.Op("&").Id(r.name)
}

// format writes the expression that turns the scalar of p reached through r into its
// template text, without reflection:
//
//	owner                                  string
//	string(owner)                          type Owner string
//	strconv.FormatInt(int64(page), 10)     int
//	strconv.FormatFloat(ratio, 'g', -1, 64)
//	since.String()                         fmt.Stringer
//	call.MarshalText("when", when)         encoding.TextMarshaler
func format(p *model.Param, r valueRef) jen.Code {
	v := p.Value
	conv := func(basic string) jen.Code {
		if v.Convert {
			return jen.Id(basic).Call(r.value())
		}
		return r.value()
	}
	switch v.Format {
	case model.FormatString:
		return conv("string")
	case model.FormatBool:
		return jen.Qual(strconvPkg, "FormatBool").Call(conv("bool"))
	case model.FormatInt:
		return jen.Qual(strconvPkg, "FormatInt").Call(conv("int64"), jen.Lit(10))
	case model.FormatUint:
		return jen.Qual(strconvPkg, "FormatUint").Call(conv("uint64"), jen.Lit(10))
	case model.FormatFloat32:
		return jen.Qual(strconvPkg, "FormatFloat").Call(conv("float64"), jen.LitRune('g'), jen.Lit(-1), jen.Lit(32))
	case model.FormatFloat64:
		return jen.Qual(strconvPkg, "FormatFloat").Call(conv("float64"), jen.LitRune('g'), jen.Lit(-1), jen.Lit(64))
	case model.FormatStringer:
		return r.receiver().Dot("String").Call()
	case model.FormatText:
		arg := r.receiver()
		switch {
		case v.AddrForText: // only *T has MarshalText
			arg = r.addr()
		case r.deref && r.iface: // a pointer to an encoding.TextMarshaler
			arg = r.value()
		}
		return call("MarshalText", jen.Lit(p.Declared), arg)
	}
	panic("emit: unknown format") // unreachable: the model only produces the formats above
}
