package openapi

import (
	"cmp"
	"go/types"
	"reflect"
	"slices"
	"strings"
)

// node is a value of the document: obj, []any, string, bool, int or *ref.
type obj = map[string]any

// ref is a reference to a component schema, whose name is known only once every type
// of the document has been seen (two types of one name in different packages are
// named after their packages).
type ref struct{ c *component }

// component is the schema of a named Go type, under components/schemas.
type component struct {
	key    string // types.TypeString with full package paths: the type's identity
	named  *types.Named
	name   string
	schema obj
}

// schemas turns Go types into JSON schemas as encoding/json reads and writes them.
type schemas struct {
	byKey map[string]*component
}

func newSchemas() *schemas { return &schemas{byKey: map[string]*component{}} }

// use returns the schema of a value of type t where it appears: a field, a body or a
// result. A pointer, slice, map or interface may be null, as encoding/json writes a nil
// one and reads null into one.
func (s *schemas) use(t types.Type) obj {
	sch := s.of(t)
	if !nullable(t) {
		return sch
	}
	return orNull(sch)
}

// orNull widens sch to also allow null: type [X, "null"] in OpenAPI 3.1.
func orNull(sch obj) obj {
	switch typ := sch["type"].(type) {
	case string:
		out := cloneObj(sch)
		out["type"] = []any{typ, "null"}
		return out
	case nil:
		if _, isRef := sch["$ref"]; isRef {
			return obj{"anyOf": []any{sch, obj{"type": "null"}}}
		}
	}
	return sch // {} already allows null
}

func cloneObj(o obj) obj {
	out := make(obj, len(o))
	for k, v := range o {
		out[k] = v
	}
	return out
}

func nullable(t types.Type) bool {
	if isTime(t) {
		return false
	}
	switch types.Unalias(t).Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Interface:
		return true
	}
	return false
}

// of returns the schema of a non-null value of type t.
func (s *schemas) of(t types.Type) obj {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return s.of(p.Elem())
	}
	switch {
	case isTime(t):
		return obj{"type": "string", "format": "date-time"}
	case hasMethod(t, "MarshalJSON"):
		return obj{} // its own JSON: any value
	case hasMethod(t, "MarshalText"):
		return obj{"type": "string"}
	}
	if n, ok := t.(*types.Named); ok {
		if _, basic := n.Underlying().(*types.Basic); !basic {
			return s.component(n)
		}
	}
	return s.underlying(t.Underlying())
}

func (s *schemas) underlying(u types.Type) obj {
	switch u := u.(type) {
	case *types.Basic:
		return basicSchema(u)
	case *types.Slice:
		if isByte(u.Elem()) {
			return obj{"type": "string", "contentEncoding": "base64", "examples": []any{"AAEC"}}
		}
		return obj{"type": "array", "items": s.use(u.Elem())}
	case *types.Array:
		// encoding/json writes even a byte array as an array of numbers.
		return obj{"type": "array", "items": s.use(u.Elem()), "minItems": int(u.Len()), "maxItems": int(u.Len())}
	case *types.Map:
		sch := obj{"type": "object", "additionalProperties": s.use(u.Elem())}
		if k := keySchema(u.Key()); k != nil {
			sch["propertyNames"] = k
		}
		return sch
	case *types.Struct:
		return s.object(u)
	}
	return obj{} // an interface: any value
}

// keySchema returns the schema of the names of a map's keys, when they are not any
// string: integer keys are written as decimal numbers.
func keySchema(t types.Type) obj {
	if hasMethod(t, "MarshalText") {
		return nil
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
		return obj{"pattern": "^-?[0-9]+$"}
	}
	return nil
}

func basicSchema(b *types.Basic) obj {
	switch b.Kind() {
	case types.Bool, types.UntypedBool:
		return obj{"type": "boolean"}
	case types.Int8, types.Int16, types.Int32:
		return obj{"type": "integer", "format": "int32"}
	case types.Uint8, types.Uint16:
		return obj{"type": "integer", "format": "int32", "minimum": 0}
	case types.Int, types.Int64, types.UntypedInt:
		return obj{"type": "integer", "format": "int64"}
	case types.Uint, types.Uint32, types.Uint64, types.Uintptr:
		return obj{"type": "integer", "format": "int64", "minimum": 0}
	case types.Float32:
		return obj{"type": "number", "format": "float"}
	case types.Float64, types.UntypedFloat:
		return obj{"type": "number", "format": "double"}
	case types.String, types.UntypedString:
		return obj{"type": "string"}
	}
	return obj{} // complex numbers and unsafe pointers, which encoding/json refuses
}

// component returns a $ref to the schema of n, computing it on first use. The component
// is registered before its schema is computed, so a recursive type refers to itself.
func (s *schemas) component(n *types.Named) obj {
	key := types.TypeString(n, nil)
	c, ok := s.byKey[key]
	if !ok {
		c = &component{key: key, named: n}
		s.byKey[key] = c
		c.schema = s.underlying(n.Underlying())
	}
	return obj{"$ref": &ref{c}}
}

// object is the schema of a struct as encoding/json writes it: its fields by their json
// names, embedded structs flattened, omitempty and omitzero fields optional.
func (s *schemas) object(st *types.Struct) obj {
	props := obj{}
	var required []any
	for _, f := range jsonFields(st) {
		var sch obj
		if f.quoted {
			sch = quotedSchema(f.typ)
		} else {
			sch = s.use(f.typ)
		}
		props[f.name] = sch
		if !f.optional {
			required = append(required, f.name)
		}
	}
	out := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// field is a field of a struct as encoding/json sees it.
type field struct {
	name     string
	typ      types.Type
	tagged   bool
	index    []int
	optional bool // omitempty or omitzero
	quoted   bool // the string option on a scalar
}

// jsonFields returns the fields encoding/json writes for st, in its order, following
// its rules: exported fields, json names, "-" skipped, the fields of untagged embedded
// structs promoted, and of two fields of one name the shallower wins, then the tagged
// one; two left at the same depth cancel out.
func jsonFields(st *types.Struct) []field {
	type level struct {
		st    *types.Struct
		index []int
		// optional: reached through an embedded pointer, which, nil, writes none of
		// its fields.
		optional bool
	}
	var current []level
	next := []level{{st: st}}
	visited := map[*types.Struct]bool{}
	var fields []field
	for len(next) > 0 {
		current, next = next, nil
		var found []field
		for _, l := range current {
			if visited[l.st] {
				continue
			}
			visited[l.st] = true
			for i := range l.st.NumFields() {
				v := l.st.Field(i)
				tag := reflect.StructTag(l.st.Tag(i)).Get("json")
				if tag == "-" {
					continue
				}
				ft := types.Unalias(v.Type())
				if v.Embedded() {
					inner := ft
					if p, ok := inner.Underlying().(*types.Pointer); ok {
						inner = types.Unalias(p.Elem())
					}
					if !v.Exported() {
						if _, ok := inner.Underlying().(*types.Struct); !ok {
							continue
						}
					}
				} else if !v.Exported() {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(slices.Clone(l.index), i)
				inner, pointer := ft, false
				if p, ok := inner.Underlying().(*types.Pointer); ok && v.Embedded() {
					inner, pointer = types.Unalias(p.Elem()), true
				}
				if st, ok := inner.Underlying().(*types.Struct); ok && name == "" && v.Embedded() && !isTime(inner) && !hasMethod(inner, "MarshalJSON") {
					next = append(next, level{st: st, index: index, optional: l.optional || pointer})
					continue
				}
				f := field{name: name, typ: v.Type(), tagged: name != "", index: index, optional: l.optional}
				if f.name == "" {
					f.name = v.Name()
				}
				for _, o := range strings.Split(opts, ",") {
					switch o {
					case "omitempty", "omitzero":
						f.optional = true
					case "string":
						f.quoted = quotable(v.Type())
					}
				}
				found = append(found, f)
			}
		}
		fields = append(fields, found...)
	}
	// Of the fields of one name, the shallowest wins; at one depth the tagged one; two
	// left at the same depth cancel out (encoding/json's dominantField).
	slices.SortStableFunc(fields, func(a, b field) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(len(a.index), len(b.index)), compareBool(b.tagged, a.tagged))
	})
	var out []field
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		group := fields[i:j]
		if len(group) == 1 || len(group[0].index) != len(group[1].index) || group[0].tagged != group[1].tagged {
			out = append(out, group[0])
		}
		i = j
	}
	slices.SortFunc(out, func(a, b field) int { return slices.Compare(a.index, b.index) })
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// validTagName reports whether encoding/json accepts name as a field name.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case c == '\\' || c == '"' || c == '\'' || c == '`' || c == ',':
			return false
		case c < 0x80 && !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
			return false
		}
	}
	return true
}

// quotedSchema is the schema of a scalar under the json string option: the scalar's
// JSON text inside a JSON string.
func quotedSchema(t types.Type) obj {
	nullable := false
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t, nullable = p.Elem(), true
	}
	b := types.Unalias(t).Underlying().(*types.Basic)
	var sch obj
	switch {
	case b.Info()&types.IsBoolean != 0:
		sch = obj{"type": "string", "enum": []any{"true", "false"}}
	case b.Info()&types.IsUnsigned != 0:
		sch = obj{"type": "string", "pattern": "^[0-9]+$", "examples": []any{"1"}}
	case b.Info()&types.IsInteger != 0:
		sch = obj{"type": "string", "pattern": "^-?[0-9]+$", "examples": []any{"1"}}
	case b.Info()&types.IsFloat != 0:
		sch = obj{"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$", "examples": []any{"1.5"}}
	default:
		sch = obj{"type": "string", "pattern": "^\".*\"$", "examples": []any{`"text"`}}
	}
	if nullable {
		// A nil pointer is written as null, not as a string.
		return orNull(sch)
	}
	return sch
}

// quotable reports whether the json string option applies to t: a string, number or
// bool, or a pointer to one.
func quotable(t types.Type) bool {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsBoolean|types.IsNumeric|types.IsString) != 0 && b.Info()&types.IsComplex == 0
}

func isByte(t types.Type) bool {
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	return ok && b.Kind() == types.Uint8 && !hasMethod(t, "MarshalJSON") && !hasMethod(t, "MarshalText")
}

func isTime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// hasMethod reports whether t or *t has the exported method name, as encoding/json
// finds a Marshaler on an addressable value.
func hasMethod(t types.Type, name string) bool {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false
	}
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		t = types.NewPointer(t)
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// names gives every component its name: the Go type's, or, when types of several
// packages share it, the name qualified by the package path.
func (s *schemas) names() map[string]*component {
	byBase := map[string][]*component{}
	for _, c := range s.byKey {
		base := sanitize(types.TypeString(c.named, func(*types.Package) string { return "" }))
		byBase[base] = append(byBase[base], c)
	}
	out := map[string]*component{}
	for base, cs := range byBase {
		if len(cs) == 1 {
			cs[0].name = base
			out[base] = cs[0]
			continue
		}
		for _, c := range cs {
			c.name = sanitize(c.key)
			out[c.name] = c
		}
	}
	return out
}

// sanitize makes s a component name: letters, digits, '.', '-' and '_' only.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (r == '.' || r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			b.WriteRune(r)
			continue
		}
		if r == '/' {
			b.WriteByte('.')
			continue
		}
		if r == '*' {
			continue
		}
		b.WriteByte('_')
	}
	return strings.Trim(b.String(), "_")
}

// resolve replaces every *ref in v by its component's name.
func resolve(v any) any {
	switch v := v.(type) {
	case obj:
		for k, e := range v {
			v[k] = resolve(e)
		}
	case []any:
		for i, e := range v {
			v[i] = resolve(e)
		}
	case *ref:
		return "#/components/schemas/" + v.c.name
	}
	return v
}
