package runtime_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/runtime"
)

const testLimit = 1 << 10

// The endings that read a result into memory, each through the runtime's mechanism.
var boundedEndings = []struct {
	name   string
	opts   []runtime.Option
	end    func(*runtime.Call) (int, error) // the length of the result
	prefix string                           // what the reader adds in front of the limit's message
}{
	{"Bytes", nil, func(c *runtime.Call) (int, error) { b, err := c.Bytes(); return len(b), err }, ""},
	{"Text", nil, func(c *runtime.Call) (int, error) { s, err := c.Text(); return len(s), err }, ""},
	{"Decode JSON", nil, func(c *runtime.Call) (int, error) {
		var s string
		err := c.Decode(&s)
		return len(s), err
	}, "codec.JSON: decode *string: "},
	{"Decode Text", []runtime.Option{runtime.WithDecoder(codec.Text{})}, func(c *runtime.Call) (int, error) {
		var s string
		err := c.Decode(&s)
		return len(s), err
	}, "codec.Text: decode *string: "},
	{"Decode Bytes", []runtime.Option{runtime.WithDecoder(codec.Bytes{})}, func(c *runtime.Call) (int, error) {
		var b []byte
		err := c.Decode(&b)
		return len(b), err
	}, "codec.Bytes: decode *[]uint8: "},
	{"Decode Form", []runtime.Option{runtime.WithDecoder(codec.Form{})}, func(c *runtime.Call) (int, error) {
		var v url.Values
		err := c.Decode(&v)
		n := 0
		for _, vs := range v {
			n += len(vs[0])
		}
		return n, err
	}, "codec.Form: decode *url.Values: "},
	{"custom Decoder", []runtime.Option{runtime.WithDecoder(codec.DecoderFunc(func(resp *http.Response, v any) error {
		b, err := io.ReadAll(resp.Body)
		if err == nil {
			*v.(*[]byte) = b
		}
		return err
	}))}, func(c *runtime.Call) (int, error) {
		var b []byte
		err := c.Decode(&b)
		return len(b), err
	}, ""},
}

// bodyOf returns a body of n bytes every reader above can take: a JSON string that is
// also a form value q=… and plain text.
func bodyOf(n int) string {
	if n < 3 {
		return strings.Repeat("q", n)
	}
	return `"q=` + strings.Repeat("x", n-4) + `"`
}

// Every in-memory result is bounded: past the limit, by Content-Length or by reading,
// by a compressed body the transport inflates, the call ends with ErrResponseTooLarge
// after one attempt, on both sides, and the connection is closed rather than drained
// (a drain would read the small rest and keep the connection for the next call).
func TestResultsAreBounded(t *testing.T) {
	gzipped := func(n int) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(bodyOf(n)))
		zw.Close()
		return buf.Bytes()
	}
	for _, body := range []struct {
		name  string
		write func(w http.ResponseWriter)
		msg   string
		whole bool // the transport read the whole (compressed) body: its connection may stay
	}{
		{"Content-Length over the limit", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", strconv.Itoa(2*testLimit))
			io.WriteString(w, bodyOf(2*testLimit))
		}, "feign: response too large: Content-Length 2048 is over the limit of 1024 bytes (1 KiB)", false},
		{"chunked, over the limit", func(w http.ResponseWriter) {
			io.WriteString(w, bodyOf(testLimit/2))
			w.(http.Flusher).Flush() // no Content-Length: chunked
			io.WriteString(w, bodyOf(testLimit))
		}, "feign: response too large: the body is over the limit of 1024 bytes (1 KiB)", false},
		{"gzip inflating past the limit", func(w http.ResponseWriter) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped(64 * testLimit))
		}, "feign: response too large: the body is over the limit of 1024 bytes (1 KiB)", true},
	} {
		for _, ending := range boundedEndings {
			t.Run(body.name+"/"+ending.name, func(t *testing.T) {
				srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
					if r.URL.Path == "/small" {
						io.WriteString(w, bodyOf(16))
						return
					}
					body.write(w)
				})
				f := newFixture(t, srv.URL, append([]runtime.Option{runtime.WithMaxResponseBytes(testLimit)}, ending.opts...)...)

				n, err := ending.end(f.NewCall(context.Background(), endpoint("GET")))

				require.ErrorIs(t, err, runtime.ErrResponseTooLarge)
				prefix := ending.prefix
				if strings.Contains(body.msg, "Content-Length") {
					prefix = "" // known before the reader is called
				}
				assert.Equal(t, "API#GET: "+prefix+body.msg, err.Error())
				assert.Zero(t, n)
				var callErr *runtime.CallError
				require.ErrorAs(t, err, &callErr)
				assert.Equal(t, 1, callErr.Attempts, "not retried")
				assert.EqualValues(t, 1, f.sent.Load(), "attempts the client sent")
				assert.EqualValues(t, 1, srv.hits.Load(), "attempts the server saw")

				call := f.NewCall(context.Background(), endpoint("GET"))
				call.Path("/small")
				n, err = ending.end(call)
				require.NoError(t, err)
				assert.Positive(t, n)
				seen := srv.attempts()
				require.Len(t, seen, 2)
				if body.whole {
					return
				}
				assert.NotEqual(t, seen[0].RemoteAddr, seen[1].RemoteAddr, "the connection of the large body was closed, not drained and reused")
			})
		}
	}
}

// A body of exactly the limit is a result; a byte more is not.
func TestResultOfExactlyTheLimit(t *testing.T) {
	for _, ending := range boundedEndings {
		t.Run(ending.name, func(t *testing.T) {
			for _, chunked := range []bool{false, true} {
				srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
					n, _ := strconv.Atoi(r.URL.Query().Get("n"))
					if chunked {
						w.(http.Flusher).Flush()
					}
					io.WriteString(w, bodyOf(n))
				})
				f := newFixture(t, srv.URL, append([]runtime.Option{runtime.WithMaxResponseBytes(testLimit)}, ending.opts...)...)
				for _, n := range []int{testLimit, testLimit + 1} {
					call := f.NewCall(context.Background(), endpoint("GET"))
					call.Query("n", strconv.Itoa(n))
					got, err := ending.end(call)
					if n == testLimit {
						require.NoError(t, err, "chunked %v", chunked)
						assert.Positive(t, got)
					} else {
						require.ErrorIs(t, err, runtime.ErrResponseTooLarge, "chunked %v", chunked)
					}
				}
				assert.EqualValues(t, 2, srv.hits.Load())
			}
		})
	}
}

// An Endpoint's MaxResponseBytes (maxResponse=) replaces the Client's limit, up or
// down; without either, the default applies.
func TestEndpointLimitReplacesTheClients(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		io.WriteString(w, bodyOf(n))
	})
	bytesOf := func(f *fixture, e *runtime.Endpoint, n int) error {
		call := f.NewCall(context.Background(), e)
		call.Query("n", strconv.Itoa(n))
		_, err := call.Bytes()
		return err
	}
	small := newFixture(t, srv.URL, runtime.WithMaxResponseBytes(testLimit))
	raised := endpoint("GET")
	raised.MaxResponseBytes = 4 * testLimit
	require.NoError(t, bytesOf(small, raised, 4*testLimit))
	require.ErrorIs(t, bytesOf(small, raised, 4*testLimit+1), runtime.ErrResponseTooLarge)

	large := newFixture(t, srv.URL, runtime.WithMaxResponseBytes(1<<20))
	lowered := endpoint("GET")
	lowered.MaxResponseBytes = testLimit
	err := bytesOf(large, lowered, testLimit+1)
	require.ErrorIs(t, err, runtime.ErrResponseTooLarge)
	assert.Equal(t, "API#GET: feign: response too large: Content-Length 1025 is over the limit of 1024 bytes (1 KiB)", err.Error())

	def := newFixture(t, srv.URL, runtime.WithMaxResponseBytes(0)) // 0 keeps the default
	require.NoError(t, bytesOf(def, endpoint("GET"), 1<<20))
}

// A Content-Length over the limit fails the call before a byte of the body is read,
// the default limit included.
func TestContentLengthOverTheLimitIsNotRead(t *testing.T) {
	var read, closed bool
	client, rt := inMemory(t, func(r *http.Request, _ int) (*http.Response, error) {
		resp := respond(r, http.StatusOK, nil, "")
		resp.ContentLength = runtime.DefaultMaxResponseBytes + 1
		resp.Body = &spyBody{read: &read, closed: &closed}
		return resp, nil
	})
	_, err := client.NewCall(context.Background(), endpoint("GET")).Bytes()
	require.ErrorIs(t, err, runtime.ErrResponseTooLarge)
	assert.Equal(t, "API#GET: feign: response too large: Content-Length 33554433 is over the limit of 33554432 bytes (32 MiB)", err.Error())
	assert.False(t, read, "nothing read")
	assert.True(t, closed)
	assert.EqualValues(t, 1, rt.hits.Load())
}

type spyBody struct{ read, closed *bool }

func (b *spyBody) Read([]byte) (int, error) { *b.read = true; return 0, io.EOF }
func (b *spyBody) Close() error             { *b.closed = true; return nil }

// A limit a response interceptor imposes is not a broken body: the same body would
// come again, so the call is not retried, and the interceptor's error is kept.
func TestInterceptorLimitIsNotRetried(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		io.WriteString(w, bodyOf(100))
	})
	f := newFixture(t, srv.URL, runtime.WithResponseInterceptor(func(resp *http.Response) error {
		resp.Body = http.MaxBytesReader(nil, resp.Body, 10)
		return nil
	}))
	for _, ending := range boundedEndings[:3] {
		t.Run(ending.name, func(t *testing.T) {
			before := srv.hits.Load()
			_, err := ending.end(f.NewCall(context.Background(), endpoint("GET")))
			var maxBytes *http.MaxBytesError
			require.ErrorAs(t, err, &maxBytes)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Equal(t, 1, callErr.Attempts)
			assert.EqualValues(t, 1, srv.hits.Load()-before, "attempts the server saw")
		})
	}
	assert.EqualValues(t, 3, f.sent.Load(), "attempts the client sent")
}

// A body the transport breaks under a response interceptor is still retried: the
// watch sits below the interceptors.
func TestBrokenBodyUnderAnInterceptorIsRetried(t *testing.T) {
	client, rt := inMemory(t, func(r *http.Request, attempt int) (*http.Response, error) {
		resp := respond(r, http.StatusOK, nil, `"whole"`)
		if attempt == 1 {
			resp.Body = io.NopCloser(io.MultiReader(strings.NewReader(`"par`), errReader{io.ErrUnexpectedEOF}))
		}
		return resp, nil
	}, runtime.WithRetryer(fastRetryer()), runtime.WithResponseInterceptor(func(resp *http.Response) error {
		resp.Body = http.MaxBytesReader(nil, resp.Body, 1<<20)
		return nil
	}))
	var s string
	require.NoError(t, client.NewCall(context.Background(), endpoint("GET")).Decode(&s))
	assert.Equal(t, "whole", s)
	assert.EqualValues(t, 2, rt.hits.Load())
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// allocated returns the bytes f allocates, as runtime.MemStats counts them.
func allocated(f func()) uint64 {
	var before, after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)
	f()
	goruntime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A body of known Content-Length is read into one buffer of its size: a 100 MiB []byte
// or string costs little more than 100 MiB, and a 1 MiB JSON result little more than
// 1 MiB, where growing a buffer by doubling costs two and a half times the body.
func TestResultOfKnownLengthIsReadIntoOneBuffer(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MiB")
	}
	big := bytes.Repeat([]byte("x"), 100<<20)
	jsonBody := []byte(`{"n":7,"pad":"` + strings.Repeat("x", 1<<20-len(`{"n":7,"pad":""}`)) + `"}`)
	answer := func(body []byte) func(*http.Request, int) (*http.Response, error) {
		return func(r *http.Request, _ int) (*http.Response, error) {
			return &http.Response{
				StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
				Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)),
			}, nil
		}
	}
	for _, tc := range []struct {
		name string
		body []byte
		call func(*runtime.Client) (int, error)
	}{
		{"100 MiB Bytes", big, func(c *runtime.Client) (int, error) {
			b, err := c.NewCall(context.Background(), endpoint("GET")).Bytes()
			return len(b), err
		}},
		{"100 MiB Text", big, func(c *runtime.Client) (int, error) {
			s, err := c.NewCall(context.Background(), endpoint("GET")).Text()
			return len(s), err
		}},
		{"1 MiB JSON", jsonBody, func(c *runtime.Client) (int, error) {
			var v struct{ N int }
			err := c.NewCall(context.Background(), endpoint("GET")).Decode(&v)
			return v.N, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, _ := inMemory(t, answer(tc.body), runtime.WithMaxResponseBytes(128<<20))
			var n int
			var err error
			got := allocated(func() { n, err = tc.call(client) })
			require.NoError(t, err)
			assert.Positive(t, n)
			assert.LessOrEqual(t, float64(got), 1.1*float64(len(tc.body)), "allocated %d bytes for a body of %d", got, len(tc.body))
		})
	}
}

// errorsIsAll reports whether err wraps every target.
func errorsIsAll(err error, targets ...error) bool {
	for _, target := range targets {
		if !errors.Is(err, target) {
			return false
		}
	}
	return true
}
