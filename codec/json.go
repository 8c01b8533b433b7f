package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// JSON encodes request bodies and decodes response bodies as JSON with encoding/json.
// It is the default codec of a runtime.Client in both directions. The zero value is ready
// to use and safe for concurrent use.
type JSON struct{}

var (
	_ Encoder = JSON{}
	_ Decoder = JSON{}
)

const contentTypeJSON = "application/json"

// Encode returns the JSON encoding of v, without the trailing newline json.Encoder
// writes, and sets Content-Type to application/json unless h already has one.
//
// The returned slice belongs to the caller. json.Marshal already builds its output in a
// pooled buffer and returns a copy of it, so Encode adds no pool of its own: a
// json.Encoder over a pooled bytes.Buffer would allocate the Encoder and copy the bytes
// once more.
func (JSON) Encode(v any, h http.Header) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("codec.JSON: encode %T: %w", v, err)
	}
	setContentType(h, contentTypeJSON)
	return b, nil
}

// Decode reads one JSON value from resp.Body into v, a non-nil pointer. An empty body
// (such as the one of a 204 No Content) leaves v untouched and is not an error. Anything
// but white space after the value is an error, as with json.Unmarshal.
func (JSON) Decode(resp *http.Response, v any) error {
	dec := json.NewDecoder(resp.Body)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // nothing but white space: no content
		}
		return fmt.Errorf("codec.JSON: decode %T: %w", v, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("data after the JSON value")
		}
		return fmt.Errorf("codec.JSON: decode %T: %w", v, err)
	}
	return nil
}

// setContentType sets Content-Type in h to contentType unless h already has one.
func setContentType(h http.Header, contentType string) {
	if h != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", contentType)
	}
}
