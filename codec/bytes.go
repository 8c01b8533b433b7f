package codec

import "net/http"

// Bytes sends and receives bodies as raw bytes. The zero value is ready to use and safe
// for concurrent use.
type Bytes struct{}

var (
	_ Encoder = Bytes{}
	_ Decoder = Bytes{}
)

const contentTypeBytes = "application/octet-stream"

// Encode returns v, a []byte (as is, not copied) or a string, and sets Content-Type to
// application/octet-stream unless h already has one. Any other type is an
// *UnsupportedTypeError.
func (Bytes) Encode(v any, h http.Header) ([]byte, error) {
	var b []byte
	switch v := v.(type) {
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		return nil, unsupported("Bytes", "encode", v)
	}
	setContentType(h, contentTypeBytes)
	return b, nil
}

// Decode reads the whole of resp.Body into v, which must be a *[]byte. Any other type is
// an *UnsupportedTypeError, returned before the body is read.
func (Bytes) Decode(resp *http.Response, v any) error {
	p, ok := v.(*[]byte)
	if !ok {
		return unsupported("Bytes", "decode", v)
	}
	if p == nil {
		return nilTarget("Bytes", v)
	}
	b, err := readAll("Bytes", resp, v)
	if err == nil {
		*p = b
	}
	return err
}
