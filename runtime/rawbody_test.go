package runtime_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/runtime"
)

func TestRawBodiesAreSentAsTheyAreOnEveryAttempt(t *testing.T) {
	for _, tc := range []struct {
		name        string
		opts        []runtime.Option
		set         func(*runtime.Call)
		contentType string
		body        string
	}{
		{"bytes", nil, func(c *runtime.Call) { c.BodyBytes([]byte{0, '"', 0xff}) }, "application/octet-stream", "\x00\"\xff"},
		{"string", nil, func(c *runtime.Call) { c.BodyString(`"quoted"`) }, "text/plain; charset=utf-8", `"quoted"`},
		{"declared JSON", nil, func(c *runtime.Call) { c.Header("Content-Type", "application/json"); c.BodyBytes([]byte(`{"a":1}`)) }, "application/json", `{"a":1}`},
		{"codec.JSON chosen explicitly is the default", []runtime.Option{runtime.WithEncoder(codec.JSON{})}, func(c *runtime.Call) { c.BodyBytes([]byte("b")) }, "application/octet-stream", "b"},
		{"a pointer to codec.JSON too", []runtime.Option{runtime.WithEncoder(&codec.JSON{})}, func(c *runtime.Call) { c.BodyString("s") }, "text/plain; charset=utf-8", "s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(503, 204))
			f := newFixture(t, srv.URL, tc.opts...)
			call := f.NewCall(context.Background(), endpoint("PUT"))
			tc.set(call)
			require.NoError(t, call.Do())
			seen := srv.attempts()
			require.Len(t, seen, 2)
			assert.EqualValues(t, 2, f.sent.Load())
			for _, s := range seen {
				assert.Equal(t, tc.body, string(s.Body))
				assert.Equal(t, tc.contentType, s.Header.Get("Content-Type"))
			}
		})
	}
}

func TestEmptyRawBodySendsNoBody(t *testing.T) {
	srv := newServer(t, statuses(204))
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("PUT"))
	call.BodyBytes(nil)
	require.NoError(t, call.Do())
	seen := srv.attempts()
	require.Len(t, seen, 1)
	assert.Empty(t, seen[0].Body)
	assert.Equal(t, http.Header{"Accept-Encoding": {"gzip"}, "Content-Length": {"0"}, "Content-Type": {"application/octet-stream"}, "User-Agent": {"gofeign/1"}}, seen[0].Header)
}
