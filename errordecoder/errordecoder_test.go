package errordecoder_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
)

// response builds the response the runtime would hand to Decode.
func response(status int, body string, header ...string) *http.Response {
	rec := httptest.NewRecorder()
	for i := 0; i+1 < len(header); i += 2 {
		rec.Header().Add(header[i], header[i+1])
	}
	rec.WriteHeader(status)
	rec.WriteString(body)
	resp := rec.Result()
	resp.Request = httptest.NewRequest(http.MethodGet, "https://api.example.com/items/7?page=2&access_token=s3cr3t", nil)
	return resp
}

func TestHTTPErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  *errordecoder.HTTPError
		want string
	}{
		{
			name: "as Feign",
			err: &errordecoder.HTTPError{
				StatusCode: 500, Status: "500 Internal Server Error", Method: "GET",
				URL: "/api", MethodKey: "Service#foo", Body: []byte("body"),
			},
			want: "[500 Internal Server Error] during [GET] to [/api] [Service#foo]: [body]",
		},
		{
			name: "empty body as Feign",
			err: &errordecoder.HTTPError{
				StatusCode: 404, Status: "404 Not Found", Method: "DELETE",
				URL: "https://h/x", MethodKey: "API#Delete",
			},
			want: "[404 Not Found] during [DELETE] to [https://h/x] [API#Delete]: []",
		},
		{
			name: "status text from the code",
			err:  &errordecoder.HTTPError{StatusCode: 503, Method: "GET", URL: "/", MethodKey: "A#B"},
			want: "[503 Service Unavailable] during [GET] to [/] [A#B]: []",
		},
		{
			name: "unknown code alone, as Feign without a reason",
			err:  &errordecoder.HTTPError{StatusCode: 599, Method: "GET", URL: "/", MethodKey: "A#B"},
			want: "[599] during [GET] to [/] [A#B]: []",
		},
		{
			name: "invalid UTF-8 escaped",
			err:  &errordecoder.HTTPError{StatusCode: 400, Status: "400 Bad Request", Body: []byte("a\xffb")},
			want: `[400 Bad Request] during [] to [] []: [a\xffb]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestHTTPErrorBodyPreview(t *testing.T) {
	message := func(body string) string {
		return (&errordecoder.HTTPError{StatusCode: 500, Status: "500 Internal Server Error", Body: []byte(body)}).Error()
	}
	const prefix = "[500 Internal Server Error] during [] to [] []: ["

	short := strings.Repeat("x", 399)
	assert.Equal(t, prefix+short+"]", message(short), "399 bytes are shown whole")

	long := strings.Repeat("y", 400)
	assert.Equal(t, prefix+strings.Repeat("y", 200)+"... (400 bytes)]", message(long))

	long = strings.Repeat("z", 2400)
	assert.Equal(t, prefix+strings.Repeat("z", 200)+"... (2400 bytes)]", message(long))

	// 200 characters are 200 runes, not 200 bytes: "é" is two bytes.
	multi := "a" + strings.Repeat("é", 250)
	got := message(multi)
	assert.Equal(t, prefix+"a"+strings.Repeat("é", 199)+"... (501 bytes)]", got)
	assert.True(t, utf8.ValidString(got))

	// A body cut by MaxBodyBytes in the middle of a rune still gives valid UTF-8.
	cut := strings.Repeat("€", 150)[:449]
	got = message(cut)
	assert.Equal(t, prefix+strings.Repeat("€", 149)+`\xe2\x82... (449 bytes)]`, got)
	assert.True(t, utf8.ValidString(got))
}

func TestDecode(t *testing.T) {
	err := errordecoder.Default().Decode("API#Get", response(http.StatusNotFound, "no such item", "Content-Type", "text/plain"))

	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, &errordecoder.HTTPError{
		StatusCode: 404,
		Status:     "404 Not Found",
		Method:     "GET",
		URL:        "https://api.example.com/items/7?page=2&access_token=REDACTED",
		MethodKey:  "API#Get",
		Header:     http.Header{"Content-Type": {"text/plain"}},
		Body:       []byte("no such item"),
	}, httpErr)
	assert.Equal(t,
		"[404 Not Found] during [GET] to [https://api.example.com/items/7?page=2&access_token=REDACTED] [API#Get]: [no such item]",
		err.Error())
	assert.NotContains(t, err.Error(), "s3cr3t")

	var retryable *errordecoder.RetryableError
	assert.False(t, errors.As(err, &retryable), "a 404 is not retryable")
}

func TestDecodeWithoutRequestOrStatus(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusTeapot, Header: http.Header{}, Body: http.NoBody}

	err := errordecoder.Default().Decode("API#Brew", resp)

	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Equal(t, "418 I'm a teapot", httpErr.Status)
	assert.Empty(t, httpErr.Method)
	assert.Empty(t, httpErr.URL)
	assert.Nil(t, httpErr.Body)
	assert.Equal(t, "[418 I'm a teapot] during [] to [] [API#Brew]: []", err.Error())

	require.Error(t, errordecoder.Default().Decode("API#Brew", nil), "a nil response is an error, not a panic")
	require.Error(t, errordecoder.Default().Decode("API#Brew", &http.Response{StatusCode: 500}), "nil Header and Body")
}

func TestDecodeRetryStatuses(t *testing.T) {
	tests := []struct {
		name      string
		decoder   errordecoder.ErrorDecoder
		status    int
		retryable bool
	}{
		{"default 429", errordecoder.Default(), 429, true},
		{"default 502", errordecoder.Default(), 502, true},
		{"default 503", errordecoder.Default(), 503, true},
		{"default 504", errordecoder.Default(), 504, true},
		{"default 500", errordecoder.Default(), 500, false},
		{"default 400", errordecoder.Default(), 400, false},
		{"replaced 500", errordecoder.New(errordecoder.RetryStatuses(500)), 500, true},
		{"replaced 503", errordecoder.New(errordecoder.RetryStatuses(500)), 503, false},
		{"none 503", errordecoder.New(errordecoder.RetryStatuses()), 503, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.decoder.Decode("API#Get", response(tt.status, "busy"))

			var retryable *errordecoder.RetryableError
			require.Equal(t, tt.retryable, errors.As(err, &retryable))
			if tt.retryable {
				assert.True(t, retryable.RetryAfter.IsZero(), "no Retry-After was given")
			}
			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, tt.status, httpErr.StatusCode)
		})
	}
}

func TestRetryStatusesCopiesItsArgument(t *testing.T) {
	statuses := []int{500}
	decoder := errordecoder.New(errordecoder.RetryStatuses(statuses...))
	statuses[0] = 400

	var retryable *errordecoder.RetryableError
	assert.ErrorAs(t, decoder.Decode("A#B", response(500, "")), &retryable)
}

func TestDecodeRetryAfter(t *testing.T) {
	t.Run("on a 500, as Feign", func(t *testing.T) {
		before := time.Now()
		err := errordecoder.Default().Decode("API#Get", response(500, "", "Retry-After", "120"))

		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
		assert.WithinRange(t, retryable.RetryAfter, before.Add(119*time.Second), time.Now().Add(120*time.Second))
		var httpErr *errordecoder.HTTPError
		require.ErrorAs(t, err, &httpErr, "errors.As finds the HTTPError through the RetryableError")
		assert.Equal(t, 500, httpErr.StatusCode)
	})
	t.Run("date", func(t *testing.T) {
		err := errordecoder.Default().Decode("API#Get", response(503, "", "Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT"))

		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
		assert.Equal(t, time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), retryable.RetryAfter)
		assert.Equal(t,
			"[503 Service Unavailable] during [GET] to [https://api.example.com/items/7?page=2&access_token=REDACTED] [API#Get]: [] (retry after 1999-12-31T23:59:59Z)",
			err.Error())
	})
	t.Run("unparsable on a 500", func(t *testing.T) {
		err := errordecoder.Default().Decode("API#Get", response(500, "", "Retry-After", "soon"))

		var retryable *errordecoder.RetryableError
		assert.False(t, errors.As(err, &retryable))
	})
	t.Run("unparsable on a 503", func(t *testing.T) {
		err := errordecoder.Default().Decode("API#Get", response(503, "", "Retry-After", "soon"))

		var retryable *errordecoder.RetryableError
		require.ErrorAs(t, err, &retryable)
		assert.True(t, retryable.RetryAfter.IsZero())
	})
}

// countingBody is an endless body that counts the bytes read from it and whether it was
// closed.
type countingBody struct {
	read   int
	closed bool
}

func (b *countingBody) Read(p []byte) (int, error) {
	clear(p)
	b.read += len(p)
	return len(p), nil
}

func (b *countingBody) Close() error {
	b.closed = true
	return nil
}

func TestDecodeMaxBodyBytes(t *testing.T) {
	tests := []struct {
		name    string
		decoder errordecoder.ErrorDecoder
		want    int
	}{
		{"default 64 KiB of an endless body", errordecoder.Default(), 64 << 10},
		{"10 bytes", errordecoder.New(errordecoder.MaxBodyBytes(10)), 10},
		{"zero reads nothing", errordecoder.New(errordecoder.MaxBodyBytes(0)), 0},
		{"negative reads nothing", errordecoder.New(errordecoder.MaxBodyBytes(-1)), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &countingBody{}
			resp := response(500, "")
			resp.Body = body

			err := tt.decoder.Decode("API#Get", resp)

			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, err, &httpErr)
			assert.Len(t, httpErr.Body, tt.want)
			assert.Equal(t, tt.want, body.read, "reads no more than it keeps")
			assert.False(t, body.closed, "the runtime closes the body, not Decode")
		})
	}
}

// stuckBody is a broken Reader: it never returns data, nor an error.
type stuckBody struct{ reads int }

func (b *stuckBody) Read([]byte) (int, error) { b.reads++; return 0, nil }
func (b *stuckBody) Close() error             { return nil }

func TestDecodeGivesUpOnABodyThatMakesNoProgress(t *testing.T) {
	body := &stuckBody{}
	resp := response(500, "")
	resp.Body = body

	err := errordecoder.Default().Decode("API#Get", resp)

	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Empty(t, httpErr.Body)
	assert.Equal(t, 100, body.reads)
}

func TestDecodeTenMebibyteBody(t *testing.T) {
	resp := response(500, strings.Repeat("x", 10<<20))

	err := errordecoder.Default().Decode("API#Get", resp)

	var httpErr *errordecoder.HTTPError
	require.ErrorAs(t, err, &httpErr)
	assert.Len(t, httpErr.Body, 64<<10)
	rest, readErr := io.ReadAll(resp.Body)
	require.NoError(t, readErr)
	assert.Len(t, rest, 10<<20-64<<10, "the rest of the body is left unread")
	assert.Contains(t, err.Error(), "... (65536 bytes)]")
}

func TestRetryableError(t *testing.T) {
	inner := errors.New("connection reset")
	err := &errordecoder.RetryableError{Err: inner}
	assert.Equal(t, "connection reset", err.Error())
	assert.ErrorIs(t, err, inner)

	err.RetryAfter = time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
	assert.Equal(t, "connection reset (retry after 2026-01-02T02:04:05Z)", err.Error())

	assert.Equal(t, "retryable error", (&errordecoder.RetryableError{}).Error(), "a nil Err does not panic")
}
