package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofeign/feign/runtime"
)

// ErrStreamBroken is matched (errors.Is) by the error WithErrorHook receives when a
// streamed response was cut off after its status had been sent: the implementation's
// sequence yielded an error after its first item, or an item could not be encoded or
// framed. The status the hook is given is then the 200 already sent; the client sees the
// connection break, never a clean end of the stream.
var ErrStreamBroken = errors.New("server: the stream was cut off")

// StreamItems answers a //feign:stream method: it ranges over seq, the implementation's
// result, and writes each item in the format of spec (the client's StreamSpec of the
// method) as soon as it is yielded, flushing it to the client.
//
// The status is sent with the first item, so an error the sequence yields first is
// answered as any method's error (see Request.Error), and a sequence that ends without
// an item answers 200 with an empty stream. Each item is encoded by the Server's
// Encoder; a []byte or string item is written as it is, as the client reads it:
//
//   - sse (text/event-stream): one event per item, its data split into one data field
//     per line, so the client joins it back exactly; then the done= event, if the spec
//     has one. Data holding a CR, invalid UTF-8, or equal to the done= marker cannot be
//     carried and is refused.
//   - jsonl (application/x-ndjson, or application/jsonl when the request's Accept names
//     it before application/x-ndjson): one item per line. An item must be one line, not empty, without white space
//     at either end, which the client would drop.
//   - jsonseq (application/json-seq, RFC 7464): RS, the item, LF. An item must be one
//     JSON text without an RS.
//
// Once the status is sent, nothing can change it: an error the sequence yields later,
// or an item that is refused, stops the sequence, goes to WithErrorHook (wrapped in
// ErrStreamBroken) and aborts the response with http.ErrAbortHandler, so that the
// client sees a broken stream rather than a clean end. A client that goes away makes a
// write fail, which stops the sequence too; the implementation's context, the
// request's, is then done as well.
func StreamItems[T any](q *Request, spec *runtime.StreamSpec, seq iter.Seq2[T, error]) {
	w := q.newStream(spec)
	if seq == nil {
		q.internal(errors.New("server: the implementation returned a nil iter.Seq2"))
		return
	}
	for item, err := range seq {
		if err != nil {
			w.fail(err)
			break
		}
		data, raw, err := encodeItem(q, item, w.scratch)
		if err != nil {
			w.refuse(err)
			break
		}
		if !w.write(data, raw, nil) {
			break
		}
	}
	w.end()
}

// StreamEvents answers a //feign:stream sse method whose items are runtime.SSE[T], as
// StreamItems does, and writes each event's ID, type and reconnection time with its
// data:
//
//   - id: when the event has an ID, or when it clears the one of an earlier event (the
//     client's ID persists from event to event). An ID holding a CR, an LF, a NUL or
//     invalid UTF-8 cannot be carried and is refused.
//   - event: unless the type is "message" or empty, which the client reads as
//     "message". The same characters are refused.
//   - retry: in whole milliseconds, when it differs from the one in force (the client's
//     persists too, and starts at 0). A negative one is refused.
func StreamEvents[T any](q *Request, spec *runtime.StreamSpec, seq iter.Seq2[runtime.SSE[T], error]) {
	w := q.newStream(spec)
	if seq == nil {
		q.internal(errors.New("server: the implementation returned a nil iter.Seq2"))
		return
	}
	if w.format != runtime.StreamSSE {
		q.internal(fmt.Errorf("server: StreamEvents writes server-sent events, not a %s stream", w.format))
		return
	}
	for ev, err := range seq {
		if err != nil {
			w.fail(err)
			break
		}
		data, raw, err := encodeItem(q, ev.Data, w.scratch)
		if err != nil {
			w.refuse(err)
			break
		}
		if !w.write(data, raw, &eventFields{id: ev.ID, event: ev.Event, retry: ev.Retry}) {
			break
		}
	}
	w.end()
}

// eventFields are the fields of a server-sent event other than its data.
type eventFields struct {
	id, event string
	retry     time.Duration
}

// streamWriter writes one streamed response.
type streamWriter struct {
	q       *Request
	format  runtime.StreamFormat
	done    string
	rc      *http.ResponseController
	scratch http.Header // what the Encoder is given for an item: not the response's
	buf     []byte

	started  bool   // the status was sent
	answered bool   // an error response was written instead of the stream
	items    int    // items written
	broken   error  // what cut the stream off, once the status was sent
	gone     bool   // a write failed: the client went away
	lastID   string // the client's last event ID
	retry    time.Duration
}

func (q *Request) newStream(spec *runtime.StreamSpec) *streamWriter {
	w := &streamWriter{q: q, format: runtime.StreamSSE, scratch: http.Header{}}
	if spec != nil {
		if spec.Format != 0 {
			w.format = spec.Format
		}
		w.done = spec.Done
	}
	return w
}

// encodeItem returns the data of an item: as it is for a []byte or string T (raw), as the
// client's Stream reads those, else encoded by the Server's Encoder.
func encodeItem[T any](q *Request, item T, scratch http.Header) (data []byte, raw bool, err error) {
	switch v := any(&item).(type) {
	case *[]byte:
		return *v, true, nil
	case *string:
		return []byte(*v), true, nil
	}
	clear(scratch)
	data, err = q.s.encoder.Encode(item, scratch)
	return data, false, err
}

// fail takes an error the sequence yielded: the response, before the status was sent;
// the break of the stream after.
func (w *streamWriter) fail(err error) {
	if !w.started {
		w.started = true
		w.q.Error(err)
		w.answered = true
		return
	}
	w.broken = fmt.Errorf("%w after %d items: %w", ErrStreamBroken, w.items, err)
}

// refuse takes an item that cannot be encoded or framed: a 500 before the status was
// sent, the break of the stream after.
func (w *streamWriter) refuse(err error) {
	if !w.started {
		w.started = true
		w.q.internal(err)
		w.answered = true
		return
	}
	w.broken = fmt.Errorf("%w at item %d: %w", ErrStreamBroken, w.items+1, err)
}

// start sends the status and the headers of the stream.
func (w *streamWriter) start() {
	w.started = true
	h := w.q.w.Header()
	switch w.format {
	case runtime.StreamJSONLines:
		h.Set("Content-Type", jsonLinesType(w.q.r.Header.Values("Accept")))
	case runtime.StreamJSONSeq:
		h.Set("Content-Type", "application/json-seq")
	default:
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-cache")
	}
	w.q.w.WriteHeader(http.StatusOK)
	w.rc = http.NewResponseController(w.q.w)
}

// jsonLinesType is the media type of a JSON lines stream: the first of
// application/x-ndjson and application/jsonl the request's Accept names, else
// application/x-ndjson.
func jsonLinesType(accept []string) string {
	for _, line := range accept {
		for part := range strings.SplitSeq(line, ",") {
			media, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			if media == "application/x-ndjson" || media == "application/jsonl" {
				return media
			}
		}
	}
	return "application/x-ndjson"
}

// write frames one item and sends it; it reports false when the stream must stop.
func (w *streamWriter) write(data []byte, raw bool, ev *eventFields) bool {
	frame, err := w.frame(data, raw, ev)
	if err != nil {
		w.refuse(err)
		return false
	}
	if !w.started {
		w.start()
	}
	if !w.send(frame) {
		return false
	}
	w.items++
	return true
}

// send writes b and flushes it; a failure is a client gone.
func (w *streamWriter) send(b []byte) bool {
	if _, err := w.q.w.Write(b); err != nil {
		w.gone = true
		return false
	}
	if err := w.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		w.gone = true
		return false
	}
	return true
}

// end finishes the stream: the done= event of an empty or complete stream, or the abort
// of a broken one.
func (w *streamWriter) end() {
	switch {
	case w.broken != nil:
		w.q.hook(http.StatusOK, w.broken)
		panic(http.ErrAbortHandler) // net/http's way to cut a response off: the client sees no clean end
	case w.answered, w.gone:
		return
	}
	if !w.started {
		w.start()
	}
	if w.format == runtime.StreamSSE && w.done != "" {
		w.send(w.event([]byte(w.done), nil))
	}
}

// frame returns the bytes of one item in the stream's format, or why it cannot be
// carried.
func (w *streamWriter) frame(data []byte, raw bool, ev *eventFields) ([]byte, error) {
	switch w.format {
	case runtime.StreamJSONLines:
		if !raw {
			data = bytes.Trim(data, " \t\r\n") // an Encoder's trailing newline: JSON white space
		}
		switch {
		case len(data) == 0:
			return nil, errors.New("an empty JSON line would be skipped by the client")
		case bytes.IndexByte(data, '\n') >= 0:
			return nil, errors.New("the item holds a line feed, which would end its JSON line")
		case isSpace(data[0]) || isSpace(data[len(data)-1]):
			return nil, errors.New("the item begins or ends with white space, which the client would drop")
		}
		w.buf = append(append(w.buf[:0], data...), '\n')
		return w.buf, nil
	case runtime.StreamJSONSeq:
		switch {
		case bytes.IndexByte(data, 0x1E) >= 0:
			return nil, errors.New("the item holds an RS (0x1E), which would start a new record")
		case !json.Valid(data):
			return nil, errors.New("the item is not a JSON text, which a JSON text sequence record must be")
		case raw && (isSpace(data[0]) || isSpace(data[len(data)-1])):
			return nil, errors.New("the item begins or ends with white space, which the client would drop")
		}
		w.buf = append(append(append(w.buf[:0], 0x1E), data...), '\n')
		return w.buf, nil
	}
	switch {
	case bytes.IndexByte(data, '\r') >= 0:
		return nil, errors.New("the event data holds a CR, which the client would read as a line feed")
	case !utf8.Valid(data):
		return nil, errors.New("the event data is not valid UTF-8, which an event stream must be")
	case w.done != "" && string(data) == w.done:
		return nil, fmt.Errorf("the event data is the done= marker %q, which would end the stream", w.done)
	}
	if ev != nil {
		if err := fieldValue("ID", ev.id); err != nil {
			return nil, err
		}
		if err := fieldValue("event type", ev.event); err != nil {
			return nil, err
		}
		if ev.retry < 0 {
			return nil, fmt.Errorf("the event's retry %v is negative", ev.retry)
		}
	}
	return w.event(data, ev), nil
}

// event writes one server-sent event into the stream's buffer.
func (w *streamWriter) event(data []byte, ev *eventFields) []byte {
	b := w.buf[:0]
	if ev != nil {
		if ev.id != "" || ev.id != w.lastID {
			b = field(b, "id", ev.id)
			w.lastID = ev.id
		}
		if ev.event != "" && ev.event != "message" {
			b = field(b, "event", ev.event)
		}
		if ev.retry != w.retry {
			b = field(b, "retry", strconv.FormatInt(int64(ev.retry/time.Millisecond), 10))
			w.retry = ev.retry
		}
	}
	for {
		line, rest, more := bytes.Cut(data, []byte{'\n'})
		b = field(b, "data", string(line))
		if !more {
			break
		}
		data = rest
	}
	w.buf = append(b, '\n')
	return w.buf
}

// field appends "name: value\n", or "name:\n" for an empty value: the client drops the
// one space after the colon, so a value that begins with a space keeps it.
func field(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, ':')
	if value != "" {
		b = append(b, ' ')
		b = append(b, value...)
	}
	return append(b, '\n')
}

// fieldValue refuses an ID or event type the event stream cannot carry.
func fieldValue(what, v string) error {
	switch {
	case strings.ContainsAny(v, "\r\n\x00"):
		return fmt.Errorf("the event's %s %q holds a CR, an LF or a NUL, which an event stream cannot carry", what, v)
	case !utf8.ValidString(v):
		return fmt.Errorf("the event's %s is not valid UTF-8, which an event stream must be", what)
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

type lastEventIDKey struct{}

// LastEventID returns, to the implementation of a //feign:stream sse method, the
// Last-Event-ID of the request: the ID of the last event the client received, when it
// reconnects to resume a stream that broke, and "" for a stream's first request (see
// runtime.ErrNotResumed for when a client resumes). An implementation that can resume
// starts its sequence after that event, so that the client receives every event once;
// one that cannot starts over, and the client receives again what it received before
// the break. Outside a request that carries the header it returns "".
func LastEventID(ctx context.Context) string {
	id, _ := ctx.Value(lastEventIDKey{}).(string)
	return id
}
