package model

import (
	"go/types"
)

// valueOf works out how a parameter of type t is written into a template, or returns
// false when it cannot be: template values are strings, numbers, bools, fmt.Stringers,
// encoding.TextMarshalers, named types over these, pointers to them and slices of them.
func valueOf(t types.Type) (*Value, bool) {
	if _, isPointer := types.Unalias(t).(*types.Pointer); !isPointer {
		// A type with its own text form is a scalar whatever it is made of: a named slice
		// with a String method is one value, not a list.
		if f, ok := formatOf(t); ok {
			v := &Value{Elem: t, Format: f.format, Convert: f.convert, AddrForText: f.addr}
			if _, isInterface := t.Underlying().(*types.Interface); isInterface {
				v.Optional, v.Nilable = true, true // a nil fmt.Stringer has no value to write
			}
			return v, true
		}
	}
	v := &Value{}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		if f, ok := formatOf(u.Elem()); ok { // a pointer to a scalar
			v.Optional, v.Elem = true, u.Elem()
			v.Format, v.Convert, v.AddrForText = f.format, f.convert, f.addr
			return v, true
		}
	case *types.Slice: // []string, or a named slice type such as `type Tags []string`
		if isByte(u.Elem()) {
			return nil, false // []byte is bytes, not a list of numbers
		}
		if f, ok := formatOf(u.Elem()); ok {
			v.List, v.Elem = true, u.Elem()
			switch u.Elem().Underlying().(type) {
			case *types.Pointer, *types.Interface:
				v.ElemNilable = true
			}
			v.Format, v.Convert, v.AddrForText = f.format, f.convert, f.addr
			return v, true
		}
	}
	return nil, false
}

type format struct {
	format  Format
	convert bool
	addr    bool
}

// formatOf returns how a scalar of type t becomes a string. MarshalText wins over String,
// which wins over the basic kind: a type that defines its text form knows it best
// (time.Time marshals to RFC 3339).
func formatOf(t types.Type) (format, bool) {
	if m, addr := hasMethod(t, "MarshalText", isMarshalText); m {
		return format{format: FormatText, addr: addr}, true
	}
	if m, _ := hasMethod(t, "String", isString); m {
		// Methods of *T are callable on an addressable T, which parameters and range
		// variables are, so no address is needed for a direct call.
		return format{format: FormatStringer}, true
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return format{}, false
	}
	// convert unless t is already the very type the strconv function takes.
	convertUnless := func(kind types.BasicKind) bool { return !isBasic(t, kind) }
	switch info := b.Info(); {
	case info&types.IsString != 0:
		return format{format: FormatString, convert: convertUnless(types.String)}, true
	case info&types.IsBoolean != 0:
		return format{format: FormatBool, convert: convertUnless(types.Bool)}, true
	case info&types.IsInteger != 0 && info&types.IsUnsigned != 0:
		return format{format: FormatUint, convert: convertUnless(types.Uint64)}, true
	case info&types.IsInteger != 0:
		return format{format: FormatInt, convert: convertUnless(types.Int64)}, true
	case b.Kind() == types.Float32:
		return format{format: FormatFloat32, convert: true}, true
	case b.Kind() == types.Float64:
		return format{format: FormatFloat64, convert: convertUnless(types.Float64)}, true
	}
	return format{}, false
}

// hasMethod reports whether t or *t has the method name with a signature accepted by
// ok, and whether only *t has it.
func hasMethod(t types.Type, name string, ok func(*types.Signature) bool) (found, onlyPointer bool) {
	if _, isIface := t.Underlying().(*types.Interface); !isIface {
		if f := lookupMethod(t, name); f != nil && ok(f) {
			return true, false
		}
		if _, isPtr := t.(*types.Pointer); !isPtr {
			if f := lookupMethod(types.NewPointer(t), name); f != nil && ok(f) {
				return true, true
			}
		}
		return false, false
	}
	f := lookupMethod(t, name)
	return f != nil && ok(f), false
}

func lookupMethod(t types.Type, name string) *types.Signature {
	ms := types.NewMethodSet(t)
	for i := range ms.Len() {
		if fn, ok := ms.At(i).Obj().(*types.Func); ok && fn.Name() == name {
			return fn.Type().(*types.Signature)
		}
	}
	return nil
}

// isMarshalText matches encoding.TextMarshaler's MarshalText() ([]byte, error).
func isMarshalText(s *types.Signature) bool {
	return s.Params().Len() == 0 && s.Results().Len() == 2 &&
		isByteSlice(s.Results().At(0).Type()) && isError(s.Results().At(1).Type())
}

// isReader reports whether t implements io.Reader: a body streamed as is. A T whose
// Read has a pointer receiver is no io.Reader itself, so it is encoded instead.
func isReader(t types.Type) bool {
	found, onlyPointer := hasMethod(t, "Read", isRead)
	return found && !onlyPointer
}

// isRead matches io.Reader's Read(p []byte) (n int, err error).
func isRead(s *types.Signature) bool {
	return s.Params().Len() == 1 && isByteSlice(s.Params().At(0).Type()) &&
		s.Results().Len() == 2 && isBasic(s.Results().At(0).Type(), types.Int) &&
		isError(s.Results().At(1).Type())
}

// isString matches fmt.Stringer's String() string.
func isString(s *types.Signature) bool {
	return s.Params().Len() == 0 && s.Results().Len() == 1 &&
		types.Identical(s.Results().At(0).Type(), types.Typ[types.String])
}

// isBasic reports whether t is the predeclared basic type of kind, not a named type over it.
func isBasic(t types.Type, kind types.BasicKind) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == kind
}

func isByte(t types.Type) bool { return isBasic(t, types.Uint8) }

func isByteSlice(t types.Type) bool {
	s, ok := types.Unalias(t).(*types.Slice)
	return ok && isByte(s.Elem())
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

func isContext(t types.Type) bool { return isNamed(t, "context", "Context") }

func isHTTPResponsePtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), "net/http", "Response")
}

func isReadCloser(t types.Type) bool { return isNamed(t, "io", "ReadCloser") }

func isStringKind(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isStringSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	return ok && isStringKind(s.Elem())
}
