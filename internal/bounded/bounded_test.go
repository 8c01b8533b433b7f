package bounded_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/bounded"
)

func body(t *testing.T, content string, limit, size int64) *bounded.Body {
	t.Helper()
	var b bounded.Body
	require.NoError(t, b.Reset(io.NopCloser(strings.NewReader(content)), limit, size))
	return &b
}

// Every reader shape ends exactly at the limit: a body of the limit is whole, a byte
// more is an error naming the limit, however the reads are split.
func TestBodyEndsAtTheLimit(t *testing.T) {
	wraps := map[string]func(io.Reader) io.Reader{
		"plain":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for name, wrap := range wraps {
		for _, size := range []int64{-1, 10} {
			b := body(t, "0123456789", 10, size)
			got, err := io.ReadAll(wrap(b))
			require.NoError(t, err, name)
			assert.Equal(t, "0123456789", string(got), name)
			assert.False(t, b.Exceeded())

			b = body(t, "0123456789X", 10, -1)
			got, err = io.ReadAll(wrap(b))
			require.ErrorIs(t, err, bounded.ErrTooLarge, name)
			assert.Equal(t, "feign: response too large: the body is over the limit of 10 bytes", err.Error())
			assert.Equal(t, "0123456789", string(got), "%s: the reader gets the limit's bytes, no more", name)
			assert.True(t, b.Exceeded())
			_, err = b.Read(make([]byte, 1))
			assert.ErrorIs(t, err, bounded.ErrTooLarge, "and the error stays")
		}
	}
}

func TestContentLengthOverTheLimit(t *testing.T) {
	var b bounded.Body
	err := b.Reset(io.NopCloser(strings.NewReader("")), 1<<20, 1<<20+1)
	require.ErrorIs(t, err, bounded.ErrTooLarge)
	assert.Equal(t, "feign: response too large: Content-Length 1048577 is over the limit of 1048576 bytes (1 MiB)", err.Error())
	assert.True(t, b.Exceeded())
	assert.EqualValues(t, -1, bounded.Size(&b))
	_, err = b.Read(make([]byte, 1))
	assert.ErrorIs(t, err, bounded.ErrTooLarge)
}

// ReadAll trusts a Content-Length within the limit for its buffer, and still reads a
// body that lies about it correctly: shorter, or longer up to the limit.
func TestReadAll(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		size    int64
		wantErr bool
	}{
		{"exact", "hello", 5, false},
		{"empty", "", 0, false},
		{"shorter than announced", "hel", 5, false},
		{"longer than announced", "hello, world", 5, false},
		{"longer than the limit", strings.Repeat("x", 4097), 5, true},
		{"unknown length", strings.Repeat("y", 3000), -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bounded.ReadAll(iotest.HalfReader(body(t, tc.content, 4096, tc.size)))
			if tc.wantErr {
				require.ErrorIs(t, err, bounded.ErrTooLarge)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(got))
			// Straight from the Body, so that ReadAll sees its size.
			got, err = bounded.ReadAll(body(t, tc.content, 4096, tc.size))
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(got))
		})
	}
}

func TestReadRest(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 200_000) // 3.2 MB: many chunks
	got, err := bounded.ReadRest([]byte("head:"), iotest.HalfReader(bytes.NewReader(content)))
	require.NoError(t, err)
	assert.Equal(t, append([]byte("head:"), content...), got)

	broken := errors.New("reset")
	_, err = bounded.ReadRest(nil, iotest.TimeoutReader(iotest.ErrReader(broken)))
	assert.ErrorIs(t, err, broken)
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		1000:    "1000 bytes",
		1024:    "1024 bytes (1 KiB)",
		3 << 20: "3145728 bytes (3 MiB)",
		2 << 30: "2147483648 bytes (2 GiB)",
	} {
		assert.Equal(t, want, bounded.FormatSize(n))
	}
}
