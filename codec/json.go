package codec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/gofeign/feign/internal/bounded"
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
//
// It reads the body into a buffer and unmarshals that: a json.Decoder would allocate
// itself and its own buffer on every call, and scan the value twice just the same. A
// small body, or one of unknown length, is read into a pooled buffer; a larger one that
// the runtime bounded and whose Content-Length is known is read into one buffer of its
// size, instead of growing a pooled one by doubling to more than twice the body.
// Decoded strings never alias the buffer (encoding/json copies them), so it is reused
// as soon as Decode returns. What Decode reads is bounded by the runtime's limit, since
// it reads only from resp.Body.
func (JSON) Decode(resp *http.Response, v any) error {
	if bounded.Size(resp.Body) > maxPooledBuffer {
		data, err := bounded.ReadAll(resp.Body)
		if err != nil {
			return fmt.Errorf("codec.JSON: decode %T: %w", v, err)
		}
		return unmarshal(data, v)
	}
	buf := decodeBuffers.Get().(*bytes.Buffer)
	defer putDecodeBuffer(buf)
	data, err := readPooled(buf, resp.Body)
	if err != nil {
		return fmt.Errorf("codec.JSON: decode %T: %w", v, err)
	}
	return unmarshal(data, v)
}

// readPooled reads r into buf, a pooled buffer, up to maxPooledBuffer bytes; a longer
// body is read on with bounded.ReadRest, in chunks joined once, rather than by
// doubling buf, which would hold three times the body at its last growth and then be
// too large to pool.
func readPooled(buf *bytes.Buffer, r io.Reader) ([]byte, error) {
	for empty := 0; buf.Len() < maxPooledBuffer; {
		buf.Grow(min(bytes.MinRead, maxPooledBuffer-buf.Len()))
		free := buf.AvailableBuffer() // empty, with the free capacity
		free = free[:min(cap(free), maxPooledBuffer-buf.Len())]
		n, err := r.Read(free)
		buf.Write(free[:n]) // free is buf's own memory past its length: this copies nothing
		switch {
		case err == io.EOF:
			return buf.Bytes(), nil
		case err != nil:
			return nil, err
		case n > 0:
			empty = 0
		default:
			if empty++; empty == 100 {
				return nil, io.ErrNoProgress
			}
		}
	}
	return bounded.ReadRest(buf.Bytes(), r)
}

// unmarshal decodes data, a whole body, into v; a body of white space is no content.
func unmarshal(data []byte, v any) error {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return nil // nothing but white space: no content
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("codec.JSON: decode %T: %w", v, err)
	}
	return nil
}

// decodeBuffers holds the buffers Decode reads bodies into.
var decodeBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer bounds the buffers kept for reuse: one huge body must not pin its
// memory for the life of the process.
const maxPooledBuffer = 64 << 10

func putDecodeBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBuffer {
		return
	}
	buf.Reset()
	decodeBuffers.Put(buf)
}

// setContentType sets Content-Type in h to contentType unless h already has one.
func setContentType(h http.Header, contentType string) {
	if h != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", contentType)
	}
}
