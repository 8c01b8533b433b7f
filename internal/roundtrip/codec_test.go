package roundtrip

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// tagged is a codec of its own: JSON after a "T:" tag, under application/x-tagged, so
// a body that skipped it shows.
type tagged struct{}

func (tagged) Encode(v any, h http.Header) ([]byte, error) {
	b, err := json.Marshal(v)
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/x-tagged")
	}
	return append([]byte("T:"), b...), err
}

func (tagged) Decode(resp *http.Response, v any) error {
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	rest, ok := bytes.CutPrefix(b, []byte("T:"))
	if !ok {
		return errors.New("untagged body")
	}
	return json.Unmarshal(rest, v)
}

// TestCodecsOfTheirOwn: the client's Encoder and Decoder meet the handler's Decoder and
// Encoder, raw bodies included, which a client with an Encoder of its own hands it.
func TestCodecsOfTheirOwn(t *testing.T) {
	impl := &echo{}
	srv := httptest.NewServer(NewAPIHandler(impl, server.WithDecoder(tagged{}), server.WithEncoder(tagged{})))
	defer srv.Close()
	client, err := NewAPI(srv.URL, runtime.WithHTTPClient(srv.Client()), runtime.WithRetryer(retryer.Never),
		runtime.WithEncoder(tagged{}), runtime.WithDecoder(tagged{}))
	require.NoError(t, err)
	ctx := context.Background()

	item := Item{Name: "tagged", Count: 3}
	got, err := client.Put(ctx, "7", item)
	require.NoError(t, err)
	item.Attrs = map[string]string{"id": "7"}
	assert.Equal(t, &item, got)
	assert.Equal(t, item, impl.last())

	text, err := client.Text(ctx, "raw text")
	require.NoError(t, err)
	assert.Equal(t, "raw text", impl.last(), "the client's Encoder wrote it, the handler's Decoder read it")
	assert.Equal(t, "raw text", text)

	// The default handler refuses the tagged body: its Content-Type is not JSON.
	plain := httptest.NewServer(NewAPIHandler(&echo{}))
	defer plain.Close()
	client, err = NewAPI(plain.URL, runtime.WithHTTPClient(plain.Client()), runtime.WithRetryer(retryer.Never), runtime.WithEncoder(tagged{}))
	require.NoError(t, err)
	_, err = client.Put(ctx, "7", Item{})
	var he *errordecoder.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusUnsupportedMediaType, he.StatusCode)
}
