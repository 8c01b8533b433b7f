package server_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// seq yields items, then err if it is not nil.
func seq[T any](err error, items ...T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, item := range items {
			if !yield(item, nil) {
				return
			}
		}
		if err != nil {
			var zero T
			yield(zero, err)
		}
	}
}

// serveAt runs one route on a recorder for a request to target with header.
func serveAt(t *testing.T, target string, header http.Header, answer func(*server.Request), opts ...server.Option) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	r := httptest.NewRequestWithContext(context.Background(), "GET", target, nil)
	r.Header = header
	server.New(opts...).Route("API#M", answer).ServeHTTP(rec, r)
	return rec
}

type chunk struct {
	Delta string `json:"delta"`
}

// TestStreamFraming: the exact bytes of each format, as the client's readers take them.
func TestStreamFraming(t *testing.T) {
	sse := &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}
	rec := serve(t, func(q *server.Request) {
		server.StreamItems(q, sse, seq[chunk](nil, chunk{"a"}, chunk{"b\nc"}))
	})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "text/event-stream", rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-cache", rec.Header().Get("Cache-Control"))
	assert.Equal(t, "data: {\"delta\":\"a\"}\n\ndata: {\"delta\":\"b\\nc\"}\n\ndata: [DONE]\n\n", rec.Body.String())
	assert.True(t, rec.Flushed)

	rec = serve(t, func(q *server.Request) {
		server.StreamEvents(q, &runtime.StreamSpec{Format: runtime.StreamSSE}, seq[runtime.SSE[string]](nil,
			runtime.SSE[string]{ID: "1", Event: "add", Retry: 1500 * time.Millisecond, Data: "two\nlines"},
			runtime.SSE[string]{ID: "1", Event: "message", Retry: 1500 * time.Millisecond, Data: ""},
			runtime.SSE[string]{Data: " lead\n"},
		))
	})
	assert.Equal(t, "id: 1\nevent: add\nretry: 1500\ndata: two\ndata: lines\n\n"+
		"id: 1\ndata:\n\n"+
		"id:\nretry: 0\ndata:  lead\ndata:\n\n", rec.Body.String())

	rec = serveAt(t, "/", http.Header{"Accept": {"application/jsonl, application/x-ndjson"}}, func(q *server.Request) {
		server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamJSONLines}, seq[[]byte](nil, []byte(`{"raw":1}`), []byte("text")))
	})
	assert.Equal(t, "application/jsonl", rec.Header().Get("Content-Type"))
	assert.Equal(t, "{\"raw\":1}\ntext\n", rec.Body.String())

	rec = serve(t, func(q *server.Request) {
		server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamJSONLines}, seq[chunk](nil, chunk{"x"}))
	})
	assert.Equal(t, "application/x-ndjson", rec.Header().Get("Content-Type"))
	assert.Equal(t, "{\"delta\":\"x\"}\n", rec.Body.String())

	rec = serve(t, func(q *server.Request) {
		server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamJSONSeq}, seq[chunk](nil, chunk{"x"}, chunk{"y"}))
	})
	assert.Equal(t, "application/json-seq", rec.Header().Get("Content-Type"))
	assert.Equal(t, "\x1e{\"delta\":\"x\"}\n\x1e{\"delta\":\"y\"}\n", rec.Body.String())
}

// TestStreamEmpty: a sequence without an item is a 200 with an empty stream, and the
// done= event when there is one.
func TestStreamEmpty(t *testing.T) {
	rec := serve(t, func(q *server.Request) {
		server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}, seq[chunk](nil))
	})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "data: [DONE]\n\n", rec.Body.String())

	rec = serve(t, func(q *server.Request) {
		server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamJSONSeq}, seq[chunk](nil))
	})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json-seq", rec.Header().Get("Content-Type"))
	assert.Empty(t, rec.Body.String())

	rec = serve(t, func(q *server.Request) {
		server.StreamItems[chunk](q, &runtime.StreamSpec{Format: runtime.StreamSSE}, nil)
	})
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
}

// TestStreamFirstError: an error yielded first is answered as any method's error.
func TestStreamFirstError(t *testing.T) {
	rec := serve(t, func(q *server.Request) {
		server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"},
			seq[chunk](&errordecoder.RetryableError{Err: errors.New("busy"), RetryAfter: time.Now().Add(30 * time.Second)}))
	})
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	assert.Equal(t, "30", rec.Header().Get("Retry-After"))
	assert.Equal(t, `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the service is unavailable; try again later"}`, rec.Body.String())
}

// TestStreamBroken: after the first item nothing can change the status: the handler
// tells the hook and aborts the response with http.ErrAbortHandler, after leaving the
// implementation's loop.
func TestStreamBroken(t *testing.T) {
	cause := errors.New("db gone")
	for _, tc := range []struct {
		name  string
		serve func(q *server.Request)
		body  string
	}{
		{"error after an item", func(q *server.Request) {
			server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}, seq(cause, chunk{"a"}))
		}, "data: {\"delta\":\"a\"}\n\n"},
		{"the done= marker as data", func(q *server.Request) {
			server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}, seq[string](nil, "a", "[DONE]", "b"))
		}, "data: a\n\n"},
		{"invalid UTF-8 data", func(q *server.Request) {
			server.StreamItems(q, nil, seq[string](nil, "a", "\xff"))
		}, "data: a\n\n"},
		{"an ID with a CR", func(q *server.Request) {
			server.StreamEvents(q, nil, seq[runtime.SSE[string]](nil, runtime.SSE[string]{Data: "a"}, runtime.SSE[string]{ID: "a\rb"}))
		}, "data: a\n\n"},
		{"a record with an RS", func(q *server.Request) {
			server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamJSONSeq}, seq[string](nil, `"a"`, "\"\x1e\""))
		}, "\x1e\"a\"\n"},
		{"a record that is no JSON", func(q *server.Request) {
			server.StreamItems(q, &runtime.StreamSpec{Format: runtime.StreamJSONSeq}, seq[string](nil, `1`, "{"))
		}, "\x1e1\n"},
	} {
		var hooked []error
		var status []int
		rec := httptest.NewRecorder()
		h := server.New(server.WithErrorHook(func(_ *http.Request, s int, err error) {
			status = append(status, s)
			hooked = append(hooked, err)
		})).Route("API#M", tc.serve)
		panicked := func() (v any) {
			defer func() { v = recover() }()
			h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), "GET", "/", nil))
			return nil
		}()
		assert.Equal(t, http.ErrAbortHandler, panicked, tc.name)
		assert.Equal(t, tc.body, rec.Body.String(), tc.name)
		assert.Equal(t, []int{http.StatusOK}, status, tc.name)
		require.Len(t, hooked, 1, tc.name)
		assert.ErrorIs(t, hooked[0], server.ErrStreamBroken, tc.name)
	}
}

type page struct {
	Items []chunk `json:"items"`
	Next  string  `json:"next,omitempty"`
}

func setItems(p *page, items []chunk) { p.Items = items }

// TestPageLink: the next page's Link is a reference relative to the request, its path
// and query as they were with the cursor set; the implementation's other links stay.
func TestPageLink(t *testing.T) {
	items := []chunk{{"a"}, {"b"}, {"c"}}
	rec := serveAt(t, "/list/x%2Fy?tag=a%26b&cursor=0&z", nil, func(q *server.Request) {
		q.PageCursor("cursor", 1<<62)
		server.PageItems(q, server.Pager[[]chunk]{Link: true}, seq[chunk](nil, items...), func(p *[]chunk, items []chunk) { *p = items })
	}, server.WithPageSize(2))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, []string{`</list/x%2Fy?tag=a%26b&z&cursor=2>; rel="next"`}, rec.Header().Values("Link"))
	assert.Equal(t, `[{"delta":"a"},{"delta":"b"}]`, rec.Body.String())

	rec = serveAt(t, "//evil.example/list?cursor=2", nil, func(q *server.Request) {
		q.PageCursor("cursor", 1<<62)
		server.PageItems(q, server.Pager[[]chunk]{Link: true}, seq[chunk](nil, slices.Repeat(items, 3)...), func(p *[]chunk, items []chunk) { *p = items })
	}, server.WithPageSize(2))
	assert.Equal(t, []string{`</.//evil.example/list?cursor=4>; rel="next"`}, rec.Header().Values("Link"), "never a reference to another host")

	rec = serveAt(t, "/pages?cursor=1", nil, func(q *server.Request) {
		q.PageCursor("cursor", 1<<62)
		server.Pages(q, server.Pager[[]chunk]{Link: true}, seq[runtime.Response[[]chunk]](nil,
			runtime.Response[[]chunk]{Value: items[:1]},
			runtime.Response[[]chunk]{Value: items[1:2], StatusCode: http.StatusPartialContent, Header: http.Header{"Link": {`</p2>; rel="next"`, `</p0>; rel="first"`}}},
		))
	})
	assert.Equal(t, http.StatusPartialContent, rec.Code)
	assert.Equal(t, []string{`</p0>; rel="first"`}, rec.Header().Values("Link"), "the last page: no next link, the implementation's dropped")
	assert.Equal(t, `[{"delta":"b"}]`, rec.Body.String())
}

// TestPageCursor: the next cursor goes into the page; the last page has none.
func TestPageCursor(t *testing.T) {
	next := func(p *page, n int) {
		p.Next = ""
		if n > 0 {
			p.Next = "n" + string(rune('0'+n))
		}
	}
	items := []chunk{{"a"}, {"b"}, {"c"}}
	rec := serveAt(t, "/?after=1", nil, func(q *server.Request) {
		q.PageCursor("after", 1<<62)
		server.PageItems(q, server.Pager[page]{Next: next}, seq[chunk](nil, items...), setItems)
	}, server.WithPageSize(1))
	assert.Equal(t, `{"items":[{"delta":"b"}],"next":"n2"}`, rec.Body.String())

	rec = serveAt(t, "/?after=2", nil, func(q *server.Request) {
		q.PageCursor("after", 1<<62)
		server.PageItems(q, server.Pager[page]{Next: next}, seq[chunk](nil, items...), setItems)
	}, server.WithPageSize(1))
	assert.Equal(t, `{"items":[{"delta":"c"}]}`, rec.Body.String())

	rec = serveAt(t, "/?after=7", nil, func(q *server.Request) {
		q.PageCursor("after", 1<<62)
		server.PageItems(q, server.Pager[page]{Next: next}, seq[chunk](nil, items...), setItems)
	})
	assert.Equal(t, `{"items":[]}`, rec.Body.String(), "past the end: an empty last page")

	rec = serveAt(t, "/?after=6", nil, func(q *server.Request) {
		q.PageCursor("after", 6)
		server.PageItems(q, server.Pager[page]{Next: next}, seq[chunk](nil, slices.Repeat(items, 3)...), setItems)
	}, server.WithPageSize(1))
	assert.Equal(t, http.StatusInternalServerError, rec.Code, "a next cursor the page's field cannot hold")

	rec = serveAt(t, "/?after=7", nil, func(q *server.Request) {
		q.PageCursor("after", 6)
		if q.Failed() {
			return
		}
		t.Error("the implementation was called")
	})
	assert.Equal(t, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"query after: \"7\" is past the last page cursor, 6"}`, rec.Body.String())
}

// TestPageOffsetOutside: PageOffset outside a paginated handler is 0.
func TestPageOffsetOutside(t *testing.T) {
	assert.Equal(t, 0, server.PageOffset(context.Background()))
}
