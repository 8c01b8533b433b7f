package runtime_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/codec"
	"github.com/gofeign/feign/runtime"
)

// order has fields a partial decode fills before the error: a broken or bad body must
// not leave any of them in what Decode returns.
type order struct {
	ID    string         `json:"id"`
	Lines map[string]int `json:"lines"`
	Note  string         `json:"note"`
	Total int            `json:"total"`
}

// breakAfter answers 200 with a Content-Length the body never reaches: it writes
// prefix and hangs up, so the client's read fails mid-way.
func breakAfter(w http.ResponseWriter, prefix string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err) // the test server always supports hijacking
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(prefix)+100, prefix)
	buf.Flush()
}

// streaming decodes a line-oriented format as it reads, as a Decoder other than
// codec.JSON may: what it has decoded before an error stays in v. A line is key=value;
// a line item is line=name:count.
var streaming = codec.DecoderFunc(func(resp *http.Response, v any) error {
	o, ok := v.(*order)
	if p, isPtr := v.(**order); isPtr {
		if *p == nil {
			*p = new(order)
		}
		o, ok = *p, true
	}
	if !ok {
		return fmt.Errorf("streaming: cannot decode into %T", v)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), "=")
		switch key {
		case "id":
			o.ID = value
		case "note":
			o.Note = value
		case "line":
			name, count, _ := strings.Cut(value, ":")
			n, err := strconv.Atoi(count)
			if err != nil {
				return fmt.Errorf("streaming: line %s: count %q is not a number", name, count)
			}
			if o.Lines == nil {
				o.Lines = map[string]int{}
			}
			o.Lines[name] = n
		case "total":
			n, err := strconv.Atoi(value)
			if err != nil {
				return fmt.Errorf("streaming: total %q is not a number", value)
			}
			o.Total = n
		}
	}
	return sc.Err()
})

// TestDecodeNeverReturnsAHalfDecodedValue: whatever part of a body decoded before an
// error, runtime.Decode returns the zero T with the error; and a value decoded after a
// retry holds nothing of the broken body before it.
func TestDecodeNeverReturnsAHalfDecodedValue(t *testing.T) {
	const (
		partialJSON  = `{"id":"o-1","lines":{"apple":3},"note":"first",`
		partialLines = "id=o-1\nline=apple:3\nnote=first\n"
	)
	for _, tc := range []struct {
		name     string
		method   string
		decoder  codec.Decoder
		handle   func(w http.ResponseWriter, r *http.Request, attempt int)
		want     order
		wantErr  string // the whole message, "" for none
		attempts int32
	}{{
		name:   "decodes partly, then a field of the wrong type",
		method: "GET",
		handle: func(w http.ResponseWriter, _ *http.Request, _ int) {
			io.WriteString(w, `{"id":"o-1","lines":{"apple":3},"total":"three","note":"first"}`)
		},
		wantErr:  `API#GET: codec.JSON: decode *runtime_test.order: json: cannot unmarshal string into Go struct field order.total of type int`,
		attempts: 1,
	}, {
		name:   "decodes partly, then a field of the wrong type, streaming",
		method: "GET", decoder: streaming,
		handle: func(w http.ResponseWriter, _ *http.Request, _ int) {
			io.WriteString(w, "id=o-1\nline=apple:3\ntotal=three\nnote=first\n")
		},
		wantErr:  `API#GET: streaming: total "three" is not a number`,
		attempts: 1,
	}, {
		name:   "breaks mid-way, a POST is not retried",
		method: "POST", decoder: streaming,
		handle: func(w http.ResponseWriter, _ *http.Request, _ int) {
			breakAfter(w, partialLines)
		},
		wantErr:  `API#POST: unexpected EOF`,
		attempts: 1,
	}, {
		name:   "breaks mid-way on every attempt",
		method: "GET", decoder: streaming,
		handle: func(w http.ResponseWriter, _ *http.Request, _ int) {
			breakAfter(w, partialLines)
		},
		wantErr:  `API#GET: after 5 attempts: unexpected EOF`,
		attempts: maxAttempts,
	}, {
		name:   "breaks mid-way once, then a whole body without those fields",
		method: "GET", decoder: streaming,
		handle: func(w http.ResponseWriter, _ *http.Request, attempt int) {
			if attempt == 1 {
				breakAfter(w, partialLines)
				return
			}
			io.WriteString(w, "id=o-2\ntotal=7\n")
		},
		want:     order{ID: "o-2", Total: 7},
		attempts: 2,
	}, {
		name:   "breaks mid-way once, then a whole body without those fields, codec.JSON",
		method: "GET",
		handle: func(w http.ResponseWriter, _ *http.Request, attempt int) {
			if attempt == 1 {
				breakAfter(w, partialJSON)
				return
			}
			io.WriteString(w, `{"id":"o-2","total":7}`)
		},
		want:     order{ID: "o-2", Total: 7},
		attempts: 2,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.handle)
			var opts []runtime.Option
			if tc.decoder != nil {
				opts = append(opts, runtime.WithDecoder(tc.decoder))
			}
			f := newFixture(t, srv.URL, opts...)

			got, err := runtime.Decode[order](f.NewCall(context.Background(), endpoint(tc.method)))
			if tc.wantErr == "" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error())
				var callErr *runtime.CallError
				assert.True(t, errors.As(err, &callErr), "a *runtime.CallError: %T", err)
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.attempts, srv.hits.Load(), "attempts the server saw")
			assert.Equal(t, tc.attempts, f.sent.Load(), "attempts the client sent")

			// A pointer T: nil, not a pointer to what decoded.
			srv.hits.Store(0)
			f.sent.Store(0)
			ptr, err := runtime.Decode[*order](f.NewCall(context.Background(), endpoint(tc.method)))
			if tc.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, &tc.want, ptr)
			} else {
				require.Error(t, err)
				assert.Nil(t, ptr)
			}
		})
	}
}
