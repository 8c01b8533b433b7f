package roundtrip

import (
	"context"
	"errors"
	"io"
	"iter"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// feedLoop is a generated Feed client talking to the generated Feed handler.
type feedLoop struct {
	impl     *feed
	client   Feed
	size     int
	requests atomic.Int64 // requests the server received

	mu     sync.Mutex
	hooked []error // what WithErrorHook saw
	status []int
}

func newFeedLoop(t testing.TB, size int) *feedLoop {
	t.Helper()
	lb := &feedLoop{impl: newFeed(), size: size}
	h := NewFeedHandler(lb.impl, server.WithPageSize(size), server.WithErrorHook(func(_ *http.Request, status int, err error) {
		lb.mu.Lock()
		lb.hooked = append(lb.hooked, err)
		lb.status = append(lb.status, status)
		lb.mu.Unlock()
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lb.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client, err := NewFeed(srv.URL, runtime.WithHTTPClient(srv.Client()), runtime.WithRetryer(retryer.Never))
	require.NoError(t, err)
	lb.client = client
	return lb
}

// reset sets what the implementation yields and forgets the counts.
func (lb *feedLoop) reset(d feedData) {
	lb.impl.set(d)
	lb.requests.Store(0)
	lb.mu.Lock()
	lb.hooked, lb.status = nil, nil
	lb.mu.Unlock()
}

func (lb *feedLoop) hooks() ([]int, []error) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.status, lb.hooked
}

// collect ranges over seq and fails on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	out := []T{}
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// sseSafe is s as the data of a server-sent event can carry it: valid UTF-8, no CR.
func sseSafe(s string) string { return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r", "") }

// fieldSafe is s as an event ID or type can carry it.
func fieldSafe(s string) string { return without(sseSafe(s), "\n\x00") }

// feedCase is one set of items sent through every method.
type feedCase struct {
	texts []string
	chunk int // the items of a page of Numbers and LinkPages
}

func (c feedCase) entries() []Entry {
	out := make([]Entry, len(c.texts))
	for i, s := range c.texts {
		out[i] = Entry{Text: jsonSafe(s), N: i}
	}
	return out
}

func (c feedCase) events() []runtime.SSE[Entry] {
	out := make([]runtime.SSE[Entry], len(c.texts))
	for i, e := range c.entries() {
		ev := runtime.SSE[Entry]{Data: e, Retry: time.Duration(i%3) * 7 * time.Millisecond}
		if i%3 != 2 {
			ev.ID = fieldSafe(e.Text) // and the third clears it
		}
		switch i % 4 {
		case 1:
			ev.Event = "message"
		case 2, 3:
			ev.Event = "kind " + fieldSafe(e.Text)
		}
		out[i] = ev
	}
	return out
}

func (c feedCase) rawEvents() []runtime.SSE[string] {
	out := make([]runtime.SSE[string], len(c.texts))
	for i, s := range c.texts {
		out[i] = runtime.SSE[string]{Data: sseSafe(s), ID: strconv.Itoa(i), Event: "raw"}
	}
	return out
}

func (c feedCase) rawLines() [][]byte {
	out := make([][]byte, len(c.texts))
	for i, s := range c.texts {
		out[i] = []byte(strconv.Quote(s)) // one line, no white space at either end
	}
	return out
}

func (c feedCase) pages() [][]Entry {
	var out [][]Entry
	entries := c.entries()
	for len(entries) > 0 {
		n := min(c.chunk, len(entries))
		out = append(out, entries[:n])
		entries = entries[n:]
	}
	return out
}

// pagesOf returns how many requests a list of n items in pages of size takes: the
// last page is the one that finds no item after it, and there is always one.
func pagesOf(n, size int) int { return max(1, (n+size-1)/size) }

// checkFeed sends c through every stream and page method and checks that the client
// receives exactly the items in order, with one request per stream and one per page on
// both sides.
func checkFeed(t *testing.T, lb *feedLoop, c feedCase) {
	t.Helper()
	ctx := context.Background()
	entries := c.entries()
	data := feedData{failAt: -1, entries: entries, events: c.events(), rawEvents: c.rawEvents(), rawLines: c.rawLines(), pages: c.pages()}
	requests := func(name string, want int) {
		t.Helper()
		assert.Equal(t, int64(want), lb.requests.Load(), "%s: requests the server received", name)
		assert.Equal(t, int64(want), lb.impl.calls.Load(), "%s: calls of the implementation", name)
		status, errs := lb.hooks()
		assert.Empty(t, errs, "%s: errors the handler answered (%v)", name, status)
	}

	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.SSE(ctx)), "SSE")
	requests("SSE", 1)

	lb.reset(data)
	want := c.events()
	for i := range want {
		if want[i].Event == "" {
			want[i].Event = "message"
		}
	}
	assert.Equal(t, want, collect(t, lb.client.Events(ctx)), "Events")
	requests("Events", 1)

	lb.reset(data)
	assert.Equal(t, c.rawEvents(), collect(t, lb.client.RawEvents(ctx)), "RawEvents")
	requests("RawEvents", 1)

	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.Lines(ctx)), "Lines")
	requests("Lines", 1)

	lb.reset(data)
	assert.Equal(t, c.rawLines(), collect(t, lb.client.RawLines(ctx)), "RawLines")
	requests("RawLines", 1)

	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.Records(ctx)), "Records")
	requests("Records", 1)

	pages := pagesOf(len(entries), lb.size)
	tag := "tag"
	if len(c.texts) > 0 {
		tag = c.texts[0]
	}
	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.Linked(ctx, "k/ind", tag)), "Linked")
	requests("Linked", pages)
	lb.impl.mu.Lock()
	for _, got := range lb.impl.tags {
		assert.Equal(t, tag, got, "Linked: the next link keeps the request's query")
	}
	lb.impl.mu.Unlock()

	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.Strings(ctx)), "Strings")
	requests("Strings", pages)

	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.Pointers(ctx)), "Pointers")
	requests("Pointers", pages)

	lb.reset(data)
	assert.Equal(t, entries, collect(t, lb.client.Offset(ctx)), "Offset")
	requests("Offset", pages)

	// The pages the implementation yields whole: one request each; a list without any
	// is one empty page.
	whole := c.pages()
	lb.reset(data)
	var got [][]Entry
	for i, page := range collect(t, lb.client.Numbers(ctx)) {
		if len(whole) > 0 {
			assert.Equal(t, strconv.Itoa(i), page.Header.Get("X-Page"), "Numbers: the page's own header")
		}
		next := i + 1
		if i == len(whole)-1 || len(whole) == 0 {
			next = 0
		}
		assert.Equal(t, next, page.Value.Next, "Numbers: the handler's cursor replaces the page's")
		got = append(got, page.Value.Entries)
	}
	if len(whole) == 0 {
		assert.Equal(t, [][]Entry{nil}, got, "Numbers")
	} else {
		assert.Equal(t, whole, got, "Numbers")
	}
	requests("Numbers", max(1, len(whole)))

	lb.reset(data)
	got = nil
	for i, page := range collect(t, lb.client.LinkPages(ctx)) {
		if len(whole) > 0 {
			assert.Equal(t, strconv.Itoa(i), page.Header.Get("X-Page"), "LinkPages: the page's own header")
			assert.Contains(t, page.Header.Values("Link"), `</first>; rel="first"`, "LinkPages: the page's other links stay")
		}
		got = append(got, page.Value)
	}
	if len(whole) == 0 {
		assert.Equal(t, [][]Entry{nil}, got, "LinkPages")
	} else {
		assert.Equal(t, whole, got, "LinkPages")
	}
	requests("LinkPages", max(1, len(whole)))
}

// hard are the texts that test the framing: line breaks of every kind, NUL, the
// record separator, white space at either end, JSON and SSE syntax, invalid UTF-8,
// the done= marker and the empty string.
var hard = []string{
	"", "plain", "a\nb", "a\r\nb", "\r", "\n", "\n\n", "x\x00y", "\x1e", " lead", "trail ", "\t",
	"data: [DONE]", "[DONE]", ": comment", "id: 7", "retry: 10", "{\"a\":1}", "\"", "\\",
	"é日本💡", "\xff\xfe", special, strings.Repeat("long ", 300),
}

// randomText returns a string built of pieces that matter to the formats.
func randomText(r *rand.Rand) string {
	pieces := []string{"a", "Z", " ", "\t", "\n", "\r", "\r\n", "\x00", "\x1e", ":", "data:", "id:", "\"", "\\", "é", "日", "💡", "\xff", "[DONE]", "%", "&", "=", "#"}
	n := r.IntN(8)
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestFeedProperty: random items, in numbers around the page size, arrive exactly and
// in order through every stream and page method, with one request per stream and one
// per page.
func TestFeedProperty(t *testing.T) {
	for _, size := range []int{1, 3, 100} {
		lb := newFeedLoop(t, size)
		r := rand.New(rand.NewPCG(uint64(size), 7))
		counts := []int{0, 1, size - 1, size, size + 1, 2 * size, 2*size + 1, r.IntN(4 * size)}
		for _, n := range counts {
			if n < 0 {
				continue
			}
			t.Run("size="+strconv.Itoa(size)+"/n="+strconv.Itoa(n), func(t *testing.T) {
				texts := make([]string, n)
				for i := range texts {
					texts[i] = randomText(r)
				}
				checkFeed(t, lb, feedCase{texts: texts, chunk: 1 + r.IntN(4)})
			})
		}
	}
	t.Run("hard texts", func(t *testing.T) {
		checkFeed(t, newFeedLoop(t, 4), feedCase{texts: hard, chunk: 5})
	})
}

// FuzzFeed sends random items through every stream and page method; its seed corpus is
// under testdata/fuzz/FuzzFeed.
func FuzzFeed(f *testing.F) {
	f.Add("a\r\nb\x00c", uint8(5), uint8(2), uint8(2))
	f.Add("", uint8(0), uint8(1), uint8(1))
	f.Add(special, uint8(12), uint8(3), uint8(4))
	var loops []*feedLoop // by page size, 1 to 5
	for size := 1; size <= 5; size++ {
		loops = append(loops, newFeedLoop(f, size))
	}
	f.Fuzz(func(t *testing.T, text string, n, size, chunk uint8) {
		lb := loops[int(size)%len(loops)]
		// The items are cuts of text at every rune, so that each of its characters
		// stands at either end of an item somewhere.
		runes := []rune(text)
		texts := make([]string, int(n%32))
		for i := range texts {
			if len(runes) == 0 {
				break
			}
			a, b := i%len(runes), (i*7)%(len(runes)+1)
			texts[i] = string(runes[min(a, b):max(a, b)])
		}
		if !utf8.ValidString(text) && len(texts) > 0 {
			texts[0] = text // the bytes as they are, invalid UTF-8 included
		}
		checkFeed(t, lb, feedCase{texts: texts, chunk: int(chunk%4) + 1})
	})
}

// streams are the stream methods of Feed, as loops over the Entry they carry.
func streams(c Feed) map[string]func(context.Context) iter.Seq2[Entry, error] {
	return map[string]func(context.Context) iter.Seq2[Entry, error]{
		"SSE": c.SSE, "Lines": c.Lines, "Records": c.Records,
		"Events": func(ctx context.Context) iter.Seq2[Entry, error] {
			return func(yield func(Entry, error) bool) {
				for ev, err := range c.Events(ctx) {
					if !yield(ev.Data, err) {
						return
					}
				}
			}
		},
	}
}

// lists are the methods of Feed that yield the items of pages.
func lists(c Feed) map[string]func(context.Context) iter.Seq2[Entry, error] {
	return map[string]func(context.Context) iter.Seq2[Entry, error]{
		"Linked":   func(ctx context.Context) iter.Seq2[Entry, error] { return c.Linked(ctx, "k", "t") },
		"Strings":  c.Strings,
		"Pointers": c.Pointers,
		"Offset":   c.Offset,
	}
}

// drain ranges over seq and returns the items before the first error, and that error.
func drain[T any](seq iter.Seq2[T, error]) ([]T, error, int) {
	var items []T
	var first error
	errs := 0
	for v, err := range seq {
		if err != nil {
			errs++
			if first == nil {
				first = err
			}
			continue
		}
		items = append(items, v)
	}
	return items, first, errs
}

func entriesN(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{Text: "e" + strconv.Itoa(i), N: i}
	}
	return out
}

// withEntries is d yielding n entries, from every item method.
func withEntries(d feedData, n int) feedData {
	d.entries = entriesN(n)
	for _, e := range d.entries {
		d.events = append(d.events, runtime.SSE[Entry]{Data: e, ID: strconv.Itoa(e.N)})
	}
	return d
}

// TestFeedFirstError: an error the sequence yields first is the response, as for any
// method: the client gets the HTTPError with its status, once, and nothing else.
func TestFeedFirstError(t *testing.T) {
	lb := newFeedLoop(t, 3)
	ctx := context.Background()
	all := streams(lb.client)
	for name, seq := range lists(lb.client) {
		all[name] = seq
	}
	for name, seq := range all {
		lb.reset(withEntries(feedData{failAt: 0, err: notFound("no feed")}, 5))
		items, err, errs := drain(seq(ctx))
		assert.Empty(t, items, name)
		assert.Equal(t, 1, errs, name)
		var he *errordecoder.HTTPError
		require.ErrorAs(t, err, &he, name)
		assert.Equal(t, http.StatusNotFound, he.StatusCode, name)
		assert.Equal(t, "no feed", string(he.Body), name)
		assert.Equal(t, "missing", he.Header.Get("X-Reason"), name)
		assert.Equal(t, int64(1), lb.requests.Load(), name)
		status, hooked := lb.hooks()
		assert.Equal(t, []int{http.StatusNotFound}, status, name)
		require.Len(t, hooked, 1, name)
		assert.False(t, errors.Is(hooked[0], server.ErrStreamBroken), name)
	}

	lb.reset(feedData{pages: [][]Entry{entriesN(2)}, failAt: 0, err: errSecret})
	_, err, errs := drain(lb.client.Numbers(ctx))
	assert.Equal(t, 1, errs)
	var he *errordecoder.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusInternalServerError, he.StatusCode)
	assert.NotContains(t, err.Error(), "hunter2")

	lb.reset(feedData{failAt: -1})
	items, err, _ := drain(lb.client.SSE(ctx))
	require.NoError(t, err, "a sequence without an item is an empty stream")
	assert.Empty(t, items)
}

// TestFeedMidStreamError: an error after the first item cannot change the status any
// more: the client sees a broken stream, never a clean end, and the hook sees the
// error. In a list, the page that would hold the error answers with it.
func TestFeedMidStreamError(t *testing.T) {
	lb := newFeedLoop(t, 3)
	ctx := context.Background()
	for name, seq := range streams(lb.client) {
		lb.reset(withEntries(feedData{failAt: 2, err: errSecret}, 5))
		items, err, _ := drain(seq(ctx))
		assert.Equal(t, entriesN(2), items, name)
		require.Error(t, err, name+": the client must not see a clean end")
		assert.NotContains(t, err.Error(), "hunter2", name)
		assert.Equal(t, int64(1), lb.requests.Load(), name+": retryer.Never: no reconnect")
		status, hooked := lb.hooks()
		assert.Equal(t, []int{http.StatusOK}, status, name)
		require.Len(t, hooked, 1, name)
		assert.ErrorIs(t, hooked[0], server.ErrStreamBroken, name)
		assert.ErrorIs(t, hooked[0], errSecret, name)
	}
	for name, seq := range lists(lb.client) {
		lb.reset(feedData{entries: entriesN(8), failAt: 4, err: errSecret})
		items, err, errs := drain(seq(ctx))
		assert.Equal(t, entriesN(3), items, name+": the first page")
		assert.Equal(t, 1, errs, name)
		var he *errordecoder.HTTPError
		require.ErrorAs(t, err, &he, name)
		assert.Equal(t, http.StatusInternalServerError, he.StatusCode, name)
		assert.Equal(t, int64(2), lb.requests.Load(), name)
	}
}

// TestFeedRefusedItem: an item the format cannot carry is refused: before the status,
// with a 500; after it, by breaking the stream.
func TestFeedRefusedItem(t *testing.T) {
	lb := newFeedLoop(t, 3)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		events  []runtime.SSE[string]
		lines   [][]byte
		prefix  int
		refused string
	}{
		{name: "ID with a line feed", events: []runtime.SSE[string]{{Data: "a"}, {Data: "b", ID: "x\ny"}}, prefix: 1},
		{name: "event with a NUL", events: []runtime.SSE[string]{{Data: "a", Event: "x\x00"}}},
		{name: "data with a CR", events: []runtime.SSE[string]{{Data: "a"}, {Data: "b\rc"}}, prefix: 1},
		{name: "negative retry", events: []runtime.SSE[string]{{Data: "a", Retry: -time.Second}}},
		{name: "line with a line feed", lines: [][]byte{[]byte("1"), []byte("2\n3")}, prefix: 1},
		{name: "empty line", lines: [][]byte{{}}},
		{name: "line ending in a space", lines: [][]byte{[]byte("1 ")}},
	} {
		lb.reset(feedData{failAt: -1, rawEvents: tc.events, rawLines: tc.lines})
		var n int
		var err error
		if tc.events != nil {
			var items []runtime.SSE[string]
			items, err, _ = drain(lb.client.RawEvents(ctx))
			n = len(items)
		} else {
			var items [][]byte
			items, err, _ = drain(lb.client.RawLines(ctx))
			n = len(items)
		}
		assert.Equal(t, tc.prefix, n, tc.name)
		require.Error(t, err, tc.name)
		status, hooked := lb.hooks()
		require.Len(t, hooked, 1, tc.name)
		if tc.prefix == 0 {
			var he *errordecoder.HTTPError
			require.ErrorAs(t, err, &he, tc.name)
			assert.Equal(t, http.StatusInternalServerError, he.StatusCode, tc.name)
			assert.Equal(t, []int{http.StatusInternalServerError}, status, tc.name)
		} else {
			assert.ErrorIs(t, hooked[0], server.ErrStreamBroken, tc.name)
			assert.Equal(t, []int{http.StatusOK}, status, tc.name)
		}
	}
}

// TestFeedLeaveEarly: a client that leaves the loop closes the stream, the handler's
// next write fails, and the implementation's sequence is stopped (its yield returns
// false) rather than running on. A list's handler stops the sequence itself after
// each page.
func TestFeedLeaveEarly(t *testing.T) {
	lb := newFeedLoop(t, 3)
	ctx := context.Background()
	for name, seq := range streams(lb.client) {
		ended := make(chan struct{}, 1)
		lb.reset(withEntries(feedData{failAt: -1, forever: true, ended: ended}, 4))
		n := 0
		for _, err := range seq(ctx) {
			require.NoError(t, err, name)
			if n++; n == 5 {
				break
			}
		}
		select {
		case <-ended:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the implementation's sequence was not stopped", name)
		}
		assert.Equal(t, int64(1), lb.impl.stopped.Load(), name+": stopped by its loop")
		assert.Equal(t, int64(1), lb.requests.Load(), name)
	}
	for name, seq := range lists(lb.client) {
		ended := make(chan struct{}, 10)
		lb.reset(withEntries(feedData{failAt: -1, forever: true, ended: ended}, 4))
		n := 0
		for _, err := range seq(ctx) {
			require.NoError(t, err, name)
			if n++; n == 5 {
				break
			}
		}
		assert.Equal(t, int64(2), lb.requests.Load(), name+": two pages of 3 hold 5 items")
		assert.Equal(t, int64(2), lb.impl.stopped.Load(), name+": each page's sequence stopped")
		assert.Len(t, ended, 2, name)
	}
}

// TestPageOffset: an implementation that calls server.PageOffset starts its sequence at
// the page, and the handler skips nothing of it: each request pulls the page's items
// and one more. Without the call the handler skips the earlier pages' items itself.
func TestPageOffset(t *testing.T) {
	lb := newFeedLoop(t, 3)
	ctx := context.Background()
	lb.reset(feedData{entries: entriesN(10), failAt: -1})
	assert.Equal(t, entriesN(10), collect(t, lb.client.Offset(ctx)))
	assert.Equal(t, int64(4), lb.requests.Load())
	assert.Equal(t, int64(4+4+4+1), lb.impl.pulled.Load(), "offsets 0, 3, 6, 9: a page and one more, then the last")

	lb.reset(feedData{entries: entriesN(10), failAt: -1})
	assert.Equal(t, entriesN(10), collect(t, lb.client.Linked(ctx, "k", "t")))
	assert.Equal(t, int64(4), lb.requests.Load())
	assert.Equal(t, int64(4+7+10+10), lb.impl.pulled.Load(), "the handler skipped the earlier pages' items")

	assert.Equal(t, 0, server.PageOffset(ctx), "outside a paginated handler")
}

// TestMalformedCursor: a cursor no client of the interface sends is a 400, and the
// implementation is not called.
func TestMalformedCursor(t *testing.T) {
	lb := newFeedLoop(t, 3)
	srv := httptest.NewServer(NewFeedHandler(lb.impl))
	defer srv.Close()
	for _, tc := range []struct{ path, detail string }{
		{"/strings?after=abc", `query after: \"abc\" is not a page cursor`},
		{"/strings?after=-1", `query after: \"-1\" is not a page cursor`},
		{"/strings?after=%2B1", `query after: \"+1\" is not a page cursor`},
		{"/strings?after=", `query after: \"\" is not a page cursor`},
		{"/pointers?offset=1.5", `query offset: \"1.5\" is not a page cursor`},
		{"/strings?after=99999999999999999999", `query after: \"99999999999999999999\" is not a page cursor`},
		{"/linked/k?tag=t&cursor=x", `query cursor: \"x\" is not a page cursor`},
		{"/numbers?page=0x10", `query page: \"0x10\" is not a page cursor`},
	} {
		lb.reset(feedData{entries: entriesN(3), failAt: -1})
		resp, err := srv.Client().Get(srv.URL + tc.path)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, tc.path)
		assert.Equal(t, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"`+tc.detail+`"}`, string(body), tc.path)
		assert.Equal(t, int64(0), lb.impl.calls.Load(), tc.path+": the implementation is not called")
	}
}
