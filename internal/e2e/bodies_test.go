package e2e

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/runtime"
)

func newBodies(t *testing.T, s *server, opts ...runtime.Option) Bodies {
	t.Helper()
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	tracker := &bodyTracker{next: transport}
	opts = append([]runtime.Option{runtime.WithHTTPClient(&http.Client{Transport: tracker})}, opts...)
	b, err := NewBodies(s.URL, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { assert.Zero(t, tracker.open.Load(), "response bodies left open") })
	return b
}

// sentHeader is the whole header a request with a body of n bytes under contentType
// arrives with.
func sentHeader(contentType string, n int) http.Header {
	return http.Header{
		"Accept-Encoding": {"gzip"},
		"Content-Length":  {strconv.Itoa(n)},
		"Content-Type":    {contentType},
		"User-Agent":      {"gofeign/1"},
	}
}

// TestBodiesAreSentAsDeclared checks the bytes on the wire for every kind of body:
// the declared Content-Type chooses the encoding, and nothing is transformed behind it
// (codec.JSON used to send a []byte as a base64 string and a string in quotes).
func TestBodiesAreSentAsDeclared(t *testing.T) {
	s := newServer(t, reply{status: 204})
	api := newBodies(t, s)
	ctx := context.Background()
	blob := []byte{0x00, 0xff, '"', '\n', 0x80}

	require.NoError(t, api.Blob(ctx, blob))
	require.NoError(t, api.Bytes(ctx, blob))
	require.NoError(t, api.Note(ctx, "a \"note\"\n"))
	require.NoError(t, api.Text(ctx, "plain"))
	require.NoError(t, api.Document(ctx, []byte(`{"id": 1}`)))
	require.NoError(t, api.TokenJSON(ctx, "t\"0"))
	require.NoError(t, api.TokenText(ctx, "t\"0"))
	require.NoError(t, api.Reader(ctx, strings.NewReader(`{"streamed":true}`)))
	require.NoError(t, api.Item(ctx, Item{Name: "x"}))

	want := []seen{
		{"PUT", "/blob", sentHeader("application/octet-stream", 5), string(blob)},
		{"PUT", "/bytes", sentHeader("application/octet-stream", 5), string(blob)},
		{"PUT", "/note", sentHeader("text/plain", 9), "a \"note\"\n"},
		{"PUT", "/text", sentHeader("text/plain; charset=utf-8", 5), "plain"},
		{"POST", "/document", sentHeader("application/json", 9), `{"id": 1}`},
		{"POST", "/token", sentHeader("application/json", 6), `"t\"0"`},
		{"POST", "/token/text", sentHeader("text/plain", 3), `t"0`},
		{"POST", "/stream", sentHeader("application/json", 17), `{"streamed":true}`},
		{"POST", "/item", sentHeader("application/json", 12), `{"name":"x"}`},
	}
	assert.Equal(t, want, s.requests())
}

// TestCustomEncoderHasTheFinalSay checks that a Client's own Encoder is handed the raw
// bodies, with the declared Content-Type, and that what it returns is sent.
func TestCustomEncoderHasTheFinalSay(t *testing.T) {
	s := newServer(t, reply{status: 204})
	var given []any
	enc := codec.EncoderFunc(func(v any, h http.Header) ([]byte, error) {
		given = append(given, v)
		h.Set("Content-Type", h.Get("Content-Type")+"; encoded")
		var out bytes.Buffer
		switch v := v.(type) {
		case []byte:
			out.WriteString("bytes:")
			out.Write(v)
		case string:
			out.WriteString("string:" + v)
		default:
			return codec.JSON{}.Encode(v, h)
		}
		return out.Bytes(), nil
	})
	api := newBodies(t, s, runtime.WithEncoder(enc))
	ctx := context.Background()
	require.NoError(t, api.Blob(ctx, []byte("b")))
	require.NoError(t, api.Note(ctx, "n"))
	require.NoError(t, api.TokenText(ctx, "t"))

	assert.Equal(t, []any{[]byte("b"), "n", "t"}, given)
	want := []seen{
		{"PUT", "/blob", sentHeader("application/octet-stream; encoded", 7), "bytes:b"},
		{"PUT", "/note", sentHeader("text/plain; encoded", 8), "string:n"},
		{"POST", "/token/text", sentHeader("text/plain; encoded", 8), "string:t"},
	}
	assert.Equal(t, want, s.requests())
}

// TestRawAndTypedResultsUnderJSONAccept checks the results' side of the same rule: a
// string or []byte result is the raw body even under a JSON Accept, and a named string
// type is a value the Decoder decodes.
func TestRawAndTypedResultsUnderJSONAccept(t *testing.T) {
	s := newServer(t, reply{status: 200, header: map[string]string{"Content-Type": "application/json"}, body: `"tok\u0065n"`})
	api := newBodies(t, s)
	ctx := context.Background()

	text, err := api.RawJSON(ctx)
	require.NoError(t, err)
	assert.Equal(t, `"tok\u0065n"`, text)
	raw, err := api.RawBytes(ctx)
	require.NoError(t, err)
	assert.Equal(t, []byte(`"tok\u0065n"`), raw)
	token, err := api.GetToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, Token("token"), token)
}
