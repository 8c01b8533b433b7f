package codec

import (
	"encoding"
	"fmt"
	"net/http"

	"github.com/gofeign/feign/internal/bounded"
)

// Text encodes and decodes bodies as plain text. The zero value is ready to use and
// safe for concurrent use.
type Text struct{}

var (
	_ Encoder = Text{}
	_ Decoder = Text{}
)

const contentTypeText = "text/plain; charset=utf-8"

// Encode returns the text of v, which may be, in this order of preference, a string, a
// []byte (returned as is, not copied), an encoding.TextMarshaler or a fmt.Stringer, and
// sets Content-Type to text/plain; charset=utf-8 unless h already has one. Any other type
// is an *UnsupportedTypeError.
func (Text) Encode(v any, h http.Header) ([]byte, error) {
	var b []byte
	switch v := v.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	case encoding.TextMarshaler:
		var err error
		if b, err = v.MarshalText(); err != nil {
			return nil, fmt.Errorf("codec.Text: encode %T: %w", v, err)
		}
	case fmt.Stringer:
		b = []byte(v.String())
	default:
		return nil, unsupported("Text", "encode", v)
	}
	setContentType(h, contentTypeText)
	return b, nil
}

// Decode reads the whole of resp.Body into v, which must be a *string, a *[]byte or an
// encoding.TextUnmarshaler. Any other type is an *UnsupportedTypeError, returned before
// the body is read.
func (Text) Decode(resp *http.Response, v any) error {
	switch v := v.(type) {
	case *string:
		if v == nil {
			return nilTarget("Text", v)
		}
		b, err := readAll("Text", resp, v)
		if err == nil {
			*v = string(b)
		}
		return err
	case *[]byte:
		if v == nil {
			return nilTarget("Text", v)
		}
		b, err := readAll("Text", resp, v)
		if err == nil {
			*v = b
		}
		return err
	case encoding.TextUnmarshaler:
		b, err := readAll("Text", resp, v)
		if err != nil {
			return err
		}
		if err := v.UnmarshalText(b); err != nil {
			return fmt.Errorf("codec.Text: decode %T: %w", v, err)
		}
		return nil
	default:
		return unsupported("Text", "decode", v)
	}
}

// readAll reads the whole body, naming the codec and the target type on error. A body
// the runtime bounded is read into one buffer of its Content-Length, when known.
func readAll(codec string, resp *http.Response, v any) ([]byte, error) {
	b, err := bounded.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("codec.%s: decode %T: %w", codec, v, err)
	}
	return b, nil
}
