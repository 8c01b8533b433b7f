package codec

import (
	"encoding"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// Form encodes and decodes application/x-www-form-urlencoded bodies. The zero value is
// ready to use and safe for concurrent use.
//
// Encode accepts a url.Values, a map[string]string, a map[string][]string (or a named
// type over one of them), or a struct or pointer to a struct whose exported fields are
// fields of the form: named by a `form:"name"` tag or else by the Go field name,
// skipped when zero with `form:"name,omitempty"`, left out with `form:"-"`. A field may
// be a string, number or bool, an encoding.TextMarshaler or fmt.Stringer, a pointer to
// one (nil leaves the field out) or a slice of them (one field per element). Names
// are sorted, so the encoding is deterministic, and escaped, so no value adds a field.
//
// Decode fills a *url.Values, a *map[string][]string, a *map[string]string (the first
// value of each name) or a pointer to such a struct, whose string, number and bool
// fields, slices of them and encoding.TextUnmarshalers are set from the form.
type Form struct{}

var (
	_ Encoder = Form{}
	_ Decoder = Form{}
)

const contentTypeForm = "application/x-www-form-urlencoded"

var (
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	stringerType        = reflect.TypeFor[fmt.Stringer]()
)

// Encode returns the form encoding of v and sets Content-Type to
// application/x-www-form-urlencoded unless h already has one.
func (Form) Encode(v any, h http.Header) ([]byte, error) {
	values, err := formValues(v)
	if err != nil {
		return nil, err
	}
	setContentType(h, contentTypeForm)
	return []byte(values.Encode()), nil
}

// formValues turns v into url.Values.
func formValues(v any) (url.Values, error) {
	switch v := v.(type) {
	case url.Values:
		return v, nil
	case map[string][]string:
		return url.Values(v), nil
	case map[string]string:
		out := make(url.Values, len(v))
		for k, s := range v {
			out[k] = []string{s}
		}
		return out, nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	switch {
	case rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String:
		out := url.Values{}
		iter := rv.MapRange()
		for iter.Next() {
			k, e := iter.Key().String(), iter.Value()
			switch {
			case e.Kind() == reflect.String:
				out[k] = append(out[k], e.String())
			case e.Kind() == reflect.Slice && e.Type().Elem().Kind() == reflect.String:
				for i := range e.Len() {
					out[k] = append(out[k], e.Index(i).String())
				}
			default:
				return nil, unsupported("Form", "encode", v)
			}
		}
		return out, nil
	case rv.Kind() == reflect.Struct:
		out := url.Values{}
		if err := structValues(rv, out); err != nil {
			return nil, fmt.Errorf("codec.Form: encode %T: %w", v, err)
		}
		return out, nil
	}
	return nil, unsupported("Form", "encode", v)
}

// fieldName returns the form name of a struct field and whether it is omitempty; ok is
// false for a field that is not part of the form.
func fieldName(f reflect.StructField) (name string, omitEmpty, ok bool) {
	if !f.IsExported() {
		return "", false, false
	}
	tag := f.Tag.Get("form")
	if tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, opts == "omitempty", true
}

func structValues(rv reflect.Value, out url.Values) error {
	t := rv.Type()
	for i := range t.NumField() {
		name, omitEmpty, ok := fieldName(t.Field(i))
		if !ok {
			continue
		}
		fv := rv.Field(i)
		if omitEmpty && fv.IsZero() {
			continue
		}
		if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8 && !implementsText(fv.Type()) {
			for j := range fv.Len() {
				if err := addValue(out, name, fv.Index(j)); err != nil {
					return err
				}
			}
			continue
		}
		if err := addValue(out, name, fv); err != nil {
			return err
		}
	}
	return nil
}

func implementsText(t reflect.Type) bool {
	return t.Implements(textMarshalerType) || t.Implements(stringerType)
}

// addValue adds the text of one scalar; a nil pointer or interface adds nothing.
func addValue(out url.Values, name string, v reflect.Value) error {
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return nil
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case encoding.TextMarshaler:
			b, err := x.MarshalText()
			if err != nil {
				return fmt.Errorf("field %s: %w", name, err)
			}
			out[name] = append(out[name], string(b))
			return nil
		case fmt.Stringer:
			out[name] = append(out[name], x.String())
			return nil
		}
	}
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		return addValue(out, name, v.Elem())
	}
	var s string
	switch v.Kind() {
	case reflect.String:
		s = v.String()
	case reflect.Bool:
		s = strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		s = strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits())
	default:
		return fmt.Errorf("field %s of type %s cannot be a form value", name, v.Type())
	}
	out[name] = append(out[name], s)
	return nil
}

// Decode reads a form body into v. Any unsupported type is an *UnsupportedTypeError,
// returned before the body is read.
func (Form) Decode(resp *http.Response, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer {
		return unsupported("Form", "decode", v)
	}
	if rv.IsNil() {
		return nilTarget("Form", v)
	}
	target := rv.Elem()
	switch target.Kind() {
	case reflect.Map:
		if target.Type().Key().Kind() != reflect.String {
			return unsupported("Form", "decode", v)
		}
		elem := target.Type().Elem()
		if elem.Kind() != reflect.String && !(elem.Kind() == reflect.Slice && elem.Elem().Kind() == reflect.String) {
			return unsupported("Form", "decode", v)
		}
	case reflect.Struct:
	default:
		return unsupported("Form", "decode", v)
	}
	b, err := readAll("Form", resp, v)
	if err != nil {
		return err
	}
	values, err := url.ParseQuery(string(b))
	if err != nil {
		return fmt.Errorf("codec.Form: decode %T: %w", v, err)
	}
	if target.Kind() == reflect.Map {
		m := reflect.MakeMapWithSize(target.Type(), len(values))
		for k, vs := range values {
			if target.Type().Elem().Kind() == reflect.String {
				m.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(vs[0]).Convert(target.Type().Elem()))
				continue
			}
			s := reflect.MakeSlice(target.Type().Elem(), len(vs), len(vs))
			for i, x := range vs {
				s.Index(i).SetString(x)
			}
			m.SetMapIndex(reflect.ValueOf(k), s)
		}
		target.Set(m)
		return nil
	}
	if err := setStruct(target, values); err != nil {
		return fmt.Errorf("codec.Form: decode %T: %w", v, err)
	}
	return nil
}

func setStruct(rv reflect.Value, values url.Values) error {
	t := rv.Type()
	for i := range t.NumField() {
		name, _, ok := fieldName(t.Field(i))
		vs := values[name]
		if !ok || len(vs) == 0 {
			continue
		}
		fv := rv.Field(i)
		if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() != reflect.Uint8 && !reflect.PointerTo(fv.Type()).Implements(textUnmarshalerType) {
			s := reflect.MakeSlice(fv.Type(), len(vs), len(vs))
			for j, x := range vs {
				if err := setScalar(s.Index(j), name, x); err != nil {
					return err
				}
			}
			fv.Set(s)
			continue
		}
		if err := setScalar(fv, name, vs[0]); err != nil {
			return err
		}
	}
	return nil
}

func setScalar(v reflect.Value, name, s string) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return setScalar(v.Elem(), name, s)
	}
	if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
		if err := u.UnmarshalText([]byte(s)); err != nil {
			return fmt.Errorf("field %s: %w", name, err)
		}
		return nil
	}
	var err error
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		var b bool
		b, err = strconv.ParseBool(s)
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var n int64
		n, err = strconv.ParseInt(s, 10, v.Type().Bits())
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		var n uint64
		n, err = strconv.ParseUint(s, 10, v.Type().Bits())
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		var f float64
		f, err = strconv.ParseFloat(s, v.Type().Bits())
		v.SetFloat(f)
	default:
		return fmt.Errorf("field %s of type %s cannot hold a form value", name, v.Type())
	}
	if err != nil {
		return fmt.Errorf("field %s: %w", name, err)
	}
	return nil
}
