package faultserver_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/faultserver"
)

// The huge 2xx bodies arrive whole, in their form, for a client that reads them all.
func TestHugeBodies(t *testing.T) {
	const size = 5<<20 + 3
	for _, proto := range []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C, faultserver.H2TLS} {
		for _, tc := range []struct {
			kind          faultserver.Kind
			contentLength int64
			written       int64
			inflated      int64
		}{
			{faultserver.HugeBody, size, size, size},
			{faultserver.HugeStream, -1, size, size},
			{faultserver.GzipBomb, -1, faultserver.BombSize(size), 6 << 20}, // whole 1 MiB members
		} {
			t.Run(proto.String()+"/"+tc.kind.String(), func(t *testing.T) {
				s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: tc.kind, BodyBytes: size}))
				resp, err := c.Get(s.URL + "/items/1")
				require.NoError(t, err)
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				require.NoError(t, err)
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				assert.Equal(t, tc.contentLength, resp.ContentLength)
				assert.Equal(t, tc.kind == faultserver.GzipBomb, resp.Uncompressed, "the transport inflated it")
				assert.Equal(t, tc.inflated, n)
				rec := only(t, s)
				assert.Equal(t, tc.written, rec.BodyWritten)
			})
		}
	}
}

// A client that stops reading and closes the body stops the server: a 2 GiB body costs
// what the client read and the connection's buffers, not 2 GiB.
func TestHugeBodyStopsWhenTheClientCloses(t *testing.T) {
	for _, kind := range []faultserver.Kind{faultserver.HugeBody, faultserver.HugeStream, faultserver.GzipBomb} {
		t.Run(kind.String(), func(t *testing.T) {
			s, c := start(t, faultserver.HTTP1, faultserver.Always(faultserver.Fault{Kind: kind, BodyBytes: 2 << 30}))
			resp, err := c.Get(s.URL + "/items/1")
			require.NoError(t, err)
			_, err = io.CopyN(io.Discard, resp.Body, 1<<20)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			rec := s.SettledRecords()
			require.Len(t, rec, 1)
			assert.Less(t, rec[0].BodyWritten, int64(64<<20), "the server stopped with the client")
		})
	}
}
