package roundtrip

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// feedData is what the methods of feed yield; a test sets it before it calls.
type feedData struct {
	entries   []Entry
	events    []runtime.SSE[Entry]
	rawEvents []runtime.SSE[string]
	rawLines  [][]byte
	pages     [][]Entry // Numbers and LinkPages yield one page each

	// failAt, when it is not negative, is the index at which the sequence yields err
	// instead of an item, and ends.
	failAt int
	err    error
	// forever makes a sequence repeat its items until the loop leaves it.
	forever bool
	// ended, if not nil, receives a value when a sequence returns.
	ended chan<- struct{}
}

// feed implements Feed from its data, and counts what its sequences did.
type feed struct {
	mu   sync.Mutex
	data feedData
	tags []string // the tag of each Linked call

	calls   atomic.Int64 // method calls: one per request served
	pulled  atomic.Int64 // items (or pages) yielded
	stopped atomic.Int64 // sequences whose loop left them early (yield returned false)
}

var _ Feed = (*feed)(nil)

func newFeed() *feed { return &feed{data: feedData{failAt: -1}} }

func (f *feed) set(d feedData) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data = d
	f.tags = nil
	f.calls.Store(0)
	f.pulled.Store(0)
	f.stopped.Store(0)
}

func (f *feed) load() feedData {
	f.calls.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.data
}

// seqOf yields items from start, as d says.
func seqOf[T any](f *feed, d feedData, items []T, start int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if d.ended != nil {
			defer func() { d.ended <- struct{}{} }()
		}
		for i := start; d.forever && len(items) > 0 || i < len(items); i++ {
			if i == d.failAt {
				var zero T
				yield(zero, d.err)
				return
			}
			f.pulled.Add(1)
			if !yield(items[i%len(items)], nil) {
				f.stopped.Add(1)
				return
			}
		}
		if d.failAt >= len(items) {
			var zero T
			yield(zero, d.err)
		}
	}
}

func (f *feed) SSE(context.Context) iter.Seq2[Entry, error] {
	d := f.load()
	return seqOf(f, d, d.entries, 0)
}

func (f *feed) Events(context.Context) iter.Seq2[runtime.SSE[Entry], error] {
	d := f.load()
	return seqOf(f, d, d.events, 0)
}

func (f *feed) RawEvents(context.Context) iter.Seq2[runtime.SSE[string], error] {
	d := f.load()
	return seqOf(f, d, d.rawEvents, 0)
}

func (f *feed) Lines(context.Context) iter.Seq2[Entry, error] {
	d := f.load()
	return seqOf(f, d, d.entries, 0)
}

func (f *feed) RawLines(context.Context) iter.Seq2[[]byte, error] {
	d := f.load()
	return seqOf(f, d, d.rawLines, 0)
}

func (f *feed) Records(context.Context) iter.Seq2[Entry, error] {
	d := f.load()
	return seqOf(f, d, d.entries, 0)
}

func (f *feed) Linked(_ context.Context, _, tag string) iter.Seq2[Entry, error] {
	d := f.load()
	f.mu.Lock()
	f.tags = append(f.tags, tag)
	f.mu.Unlock()
	return seqOf(f, d, d.entries, 0)
}

func (f *feed) Strings(context.Context) iter.Seq2[Entry, error] {
	d := f.load()
	return seqOf(f, d, d.entries, 0)
}

func (f *feed) Pointers(context.Context) iter.Seq2[Entry, error] {
	d := f.load()
	return seqOf(f, d, d.entries, 0)
}

// Numbers yields the pages with a next cursor and a Link of their own, which the
// handler must replace.
func (f *feed) Numbers(context.Context) iter.Seq2[runtime.Response[NumberPage], error] {
	d := f.load()
	pages := make([]runtime.Response[NumberPage], len(d.pages))
	for i, p := range d.pages {
		pages[i] = runtime.Response[NumberPage]{Value: NumberPage{Entries: p, Next: 999}, StatusCode: http.StatusOK,
			Header: http.Header{"X-Page": {strconv.Itoa(i)}}}
	}
	return seqOf(f, d, pages, 0)
}

func (f *feed) LinkPages(context.Context) iter.Seq2[runtime.Response[[]Entry], error] {
	d := f.load()
	pages := make([]runtime.Response[[]Entry], len(d.pages))
	for i, p := range d.pages {
		pages[i] = runtime.Response[[]Entry]{Value: p, StatusCode: http.StatusOK, Header: http.Header{
			"X-Page": {strconv.Itoa(i)},
			"Link":   {`<https://elsewhere.example/x>; rel="next"`, `</first>; rel="first"`},
		}}
	}
	return seqOf(f, d, pages, 0)
}

// Offset starts its sequence where the page does, as server.PageOffset allows.
func (f *feed) Offset(ctx context.Context) iter.Seq2[Entry, error] {
	d := f.load()
	return seqOf(f, d, d.entries, server.PageOffset(ctx))
}
