package codec_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
)

// response returns a response whose body reads body.
func response(body string) *http.Response {
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(body))}
}

type issue struct {
	Title string `json:"title"`
	Body  string `json:"body,omitempty"`
}

func TestJSONEncode(t *testing.T) {
	h := http.Header{}
	b, err := codec.JSON{}.Encode(issue{Title: "a<b"}, h)
	require.NoError(t, err)
	assert.Equal(t, `{"title":"a\u003cb"}`, string(b), "no trailing newline")
	assert.Equal(t, "application/json", h.Get("Content-Type"))
}

func TestJSONEncodeKeepsContentType(t *testing.T) {
	h := http.Header{"Content-Type": {"application/vnd.github+json"}}
	_, err := codec.JSON{}.Encode(1, h)
	require.NoError(t, err)
	assert.Equal(t, []string{"application/vnd.github+json"}, h["Content-Type"])
}

func TestJSONEncodeReturnsOwnedCopy(t *testing.T) {
	a, err := codec.JSON{}.Encode("first", http.Header{})
	require.NoError(t, err)
	_, err = codec.JSON{}.Encode("second", http.Header{})
	require.NoError(t, err)
	assert.Equal(t, `"first"`, string(a), "a later Encode must not reuse an earlier result")
}

func TestJSONEncodeError(t *testing.T) {
	h := http.Header{}
	_, err := codec.JSON{}.Encode(make(chan int), h)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "codec.JSON")
	assert.Contains(t, err.Error(), "chan int")
	assert.Empty(t, h, "no Content-Type for a body that was not encoded")
}

func TestJSONDecode(t *testing.T) {
	var got issue
	require.NoError(t, codec.JSON{}.Decode(response(`{"title":"t","body":"b"}`+"\n"), &got))
	assert.Equal(t, issue{Title: "t", Body: "b"}, got)
}

func TestJSONDecodeEmptyBodyLeavesValue(t *testing.T) {
	for _, body := range []string{"", " \r\n"} {
		got := issue{Title: "kept"}
		require.NoError(t, codec.JSON{}.Decode(response(body), &got), "body %q", body)
		assert.Equal(t, issue{Title: "kept"}, got)
	}
}

// Decode reuses its read buffers: nothing decoded may alias one, or the next call
// would rewrite an earlier result.
func TestJSONDecodeResultsOutliveTheBuffer(t *testing.T) {
	type result struct {
		Title string          `json:"title"`
		Raw   json.RawMessage `json:"raw"`
		Data  []byte          `json:"data"`
	}
	var first result
	require.NoError(t, codec.JSON{}.Decode(response(`{"title":"aaaa","raw":{"k":"vvvv"},"data":"AQID"}`), &first))
	for range 10 {
		var other result
		require.NoError(t, codec.JSON{}.Decode(response(`{"title":"zzzz","raw":{"k":"xxxx"},"data":"BAUG"}`), &other))
	}
	assert.Equal(t, result{Title: "aaaa", Raw: json.RawMessage(`{"k":"vvvv"}`), Data: []byte{1, 2, 3}}, first)
}

func TestJSONDecodeErrors(t *testing.T) {
	for name, body := range map[string]string{
		"syntax":   `{"title":`,
		"trailing": `{"title":"t"} {}`,
		"garbage":  `{"title":"t"} x`,
		"type":     `{"title":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			var got issue
			err := codec.JSON{}.Decode(response(body), &got)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "codec.JSON: decode *codec_test.issue")
		})
	}
}

func TestJSONDecodeReadError(t *testing.T) {
	boom := errors.New("boom")
	resp := &http.Response{Body: io.NopCloser(iotest.ErrReader(boom))}
	var got issue
	assert.ErrorIs(t, codec.JSON{}.Decode(resp, &got), boom)
}

type upper string

func (u upper) MarshalText() ([]byte, error) { return []byte(strings.ToUpper(string(u))), nil }

type stringer struct{}

func (stringer) String() string { return "stringer" }

// both is a TextMarshaler and a Stringer: MarshalText must win.
type both struct{}

func (both) MarshalText() ([]byte, error) { return []byte("text"), nil }
func (both) String() string               { return "string" }

type failingMarshaler struct{}

func (failingMarshaler) MarshalText() ([]byte, error) { return nil, errors.New("no text") }

func TestTextEncode(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"hello", "hello"},
		{[]byte("raw"), "raw"},
		{upper("up"), "UP"},
		{stringer{}, "stringer"},
		{both{}, "text"},
	} {
		h := http.Header{}
		b, err := codec.Text{}.Encode(tc.v, h)
		require.NoError(t, err, "%T", tc.v)
		assert.Equal(t, tc.want, string(b), "%T", tc.v)
		assert.Equal(t, "text/plain; charset=utf-8", h.Get("Content-Type"))
	}
}

func TestTextEncodeErrors(t *testing.T) {
	_, err := codec.Text{}.Encode(42, http.Header{})
	var unsupported *codec.UnsupportedTypeError
	require.ErrorAs(t, err, &unsupported)
	assert.Equal(t, codec.UnsupportedTypeError{Codec: "Text", Op: "encode", Type: "int"}, *unsupported)
	assert.Equal(t, "codec.Text: cannot encode type int", err.Error())

	_, err = codec.Text{}.Encode(failingMarshaler{}, http.Header{})
	assert.ErrorContains(t, err, "no text")
}

type parsed struct{ text string }

func (p *parsed) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	p.text = string(b)
	return nil
}

func TestTextDecode(t *testing.T) {
	var s string
	require.NoError(t, codec.Text{}.Decode(response("héllo"), &s))
	assert.Equal(t, "héllo", s)

	var b []byte
	require.NoError(t, codec.Text{}.Decode(response("raw"), &b))
	assert.Equal(t, []byte("raw"), b)

	var p parsed
	require.NoError(t, codec.Text{}.Decode(response("parsed"), &p))
	assert.Equal(t, "parsed", p.text)
	assert.ErrorContains(t, codec.Text{}.Decode(response("bad"), &p), "bad text")
}

func TestTextDecodeErrors(t *testing.T) {
	var n int
	var unsupported *codec.UnsupportedTypeError
	require.ErrorAs(t, codec.Text{}.Decode(response("1"), &n), &unsupported)
	assert.Equal(t, "*int", unsupported.Type)

	assert.ErrorContains(t, codec.Text{}.Decode(response("x"), (*string)(nil)), "nil *string")
}

func TestBytes(t *testing.T) {
	h := http.Header{}
	b, err := codec.Bytes{}.Encode([]byte{0, 1, 2}, h)
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 1, 2}, b)
	assert.Equal(t, "application/octet-stream", h.Get("Content-Type"))

	b, err = codec.Bytes{}.Encode("s", http.Header{})
	require.NoError(t, err)
	assert.Equal(t, []byte("s"), b)

	var unsupported *codec.UnsupportedTypeError
	_, err = codec.Bytes{}.Encode(stringer{}, http.Header{})
	require.ErrorAs(t, err, &unsupported)
	assert.Equal(t, codec.UnsupportedTypeError{Codec: "Bytes", Op: "encode", Type: "codec_test.stringer"}, *unsupported)

	var got []byte
	require.NoError(t, codec.Bytes{}.Decode(response("\x00\xff"), &got))
	assert.Equal(t, []byte{0, 0xff}, got)

	var s string
	require.ErrorAs(t, codec.Bytes{}.Decode(response("x"), &s), &unsupported)
	assert.Equal(t, "codec.Bytes: cannot decode type *string", unsupported.Error())
}

func TestFuncAdapters(t *testing.T) {
	enc := codec.EncoderFunc(func(v any, h http.Header) ([]byte, error) { return []byte("e"), nil })
	b, err := enc.Encode(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "e", string(b))

	dec := codec.DecoderFunc(func(resp *http.Response, v any) error { *v.(*int) = 7; return nil })
	var n int
	require.NoError(t, dec.Decode(nil, &n))
	assert.Equal(t, 7, n)
}
