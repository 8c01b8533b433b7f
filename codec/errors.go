package codec

import "fmt"

// UnsupportedTypeError is returned when a codec is given a Go type it cannot encode or
// decode.
type UnsupportedTypeError struct {
	Codec string // "Text", "Bytes"
	Op    string // "encode" or "decode"
	Type  string // the Go type, as %T prints it: "int", "*main.Issue"
}

func (e *UnsupportedTypeError) Error() string {
	return "codec." + e.Codec + ": cannot " + e.Op + " type " + e.Type
}

func unsupported(codec, op string, v any) error {
	return &UnsupportedTypeError{Codec: codec, Op: op, Type: fmt.Sprintf("%T", v)}
}

// nilTarget is the error of decoding into a nil pointer, which has nowhere to store.
func nilTarget(codec string, v any) error {
	return fmt.Errorf("codec.%s: cannot decode into a nil %T", codec, v)
}
