package stream

import (
	"bytes"
	"errors"
	"io"
	"math"
	"time"
)

const sseFormat = "server-sent events"

// An Event is one event of a server-sent event stream.
type Event struct {
	// Type is the value of the event's last "event" field, or "message" when it had none
	// or an empty one.
	Type string
	// Data is the values of the event's "data" fields joined with "\n". It belongs to
	// the caller: the reader never touches it again.
	Data []byte
	// ID is the stream's last event ID when the event was dispatched. It persists: an
	// event without an "id" field carries the ID of an earlier one.
	ID string
	// Retry is the reconnection time set by the last valid "retry" field read since the
	// previous event, if HasRetry; such a field may stand in a block that dispatched no
	// event. SSEReader.Retry tells the reconnection time in force.
	Retry    time.Duration
	HasRetry bool
}

// SSEReader reads server-sent events (text/event-stream) as the WHATWG HTML standard's
// event stream interpretation does. It is not safe for concurrent use.
type SSEReader struct {
	lines   *lineReader
	max     int
	pending bool // a field line was read since the last blank line

	data     []byte // the data buffer, its final LF left out
	hasData  bool   // a data field was read: data may be empty yet dispatch
	typ      []byte // the event type buffer
	lastType string // the Type of the previous event, reused when typ is the same
	idBuf    string // the last event ID buffer
	lastID   string // the last event ID string

	retry      time.Duration // the reconnection time
	hasRetry   bool
	eventRetry bool // a retry field was read since the previous event

	err error // sticky: what every later call returns
}

// NewSSEReader returns a reader of the server-sent events in r, each bounded by limits.
// It reads r through a buffer of its own and never closes it.
func NewSSEReader(r io.Reader, limits Limits) *SSEReader {
	max := limits.maxEventBytes()
	return &SSEReader{lines: newLineReader(r, max, true, ':', true), max: max}
}

// Reset makes the reader read the events of r, as a client reconnecting reads the new
// response: the last event ID and the reconnection time are kept, as the standard keeps
// them across connections; the event being read is dropped and the error cleared.
func (r *SSEReader) Reset(body io.Reader) {
	r.lines.reset(body, true)
	r.pending = false
	r.idBuf = r.lastID // an id of the event cut short never took effect
	r.resetEvent()
	r.eventRetry = false
	r.err = nil
}

// LastEventID returns the stream's last event ID: the value a reconnecting client sends
// in its Last-Event-ID header ("" when it has none, in which case it sends none). An id
// field takes effect when its event block ends, even when the block dispatches nothing.
func (r *SSEReader) LastEventID() string { return r.lastID }

// Retry returns the reconnection time the stream set with its last valid retry field,
// and whether it set one; without one a client uses its own default.
func (r *SSEReader) Retry() (time.Duration, bool) { return r.retry, r.hasRetry }

// Next returns the next event. At the end of the stream it returns:
//
//   - io.EOF when the stream ended where an event could end: after a blank line, or
//     after comments and blank lines only;
//   - an error matching ErrTruncated and io.ErrUnexpectedEOF when it ended inside an
//     event (a field line read, no blank line after it yet, or a line without its line
//     ending). The incomplete event is discarded, as the standard says; a client that
//     reconnects treats this stream as broken;
//   - the underlying reader's error, wrapped, when reading failed;
//   - a *TooLargeError (ErrEventTooLarge) when a line or an event's data passed the limit.
//
// Every later call returns the same error.
func (r *SSEReader) Next() (Event, error) {
	if r.err != nil {
		return Event{}, r.err
	}
	for {
		line, skipped, partial, err := r.lines.next()
		if err != nil {
			r.err = r.fail(err, skipped, partial)
			return Event{}, r.err
		}
		switch {
		case skipped: // a comment
		case len(line) == 0:
			ev, ok, err := r.dispatch()
			if err != nil {
				r.err = err
				return Event{}, err
			}
			if ok {
				return ev, nil
			}
		default:
			r.pending = true
			if err := r.field(line); err != nil {
				r.err = err
				return Event{}, err
			}
		}
	}
}

// fail turns the line reader's error into the reader's.
func (r *SSEReader) fail(err error, skipped, partial bool) error {
	var tooLong lineTooLong
	switch {
	case errors.As(err, &tooLong):
		return r.tooLarge()
	case err != io.EOF:
		return readError(sseFormat, err)
	}
	if r.pending || (partial && !skipped) {
		return truncatedEOF{}
	}
	return io.EOF
}

func (r *SSEReader) tooLarge() error { return &TooLargeError{Format: sseFormat, Limit: r.max} }

// field processes one field line.
func (r *SSEReader) field(line []byte) error {
	name, value := line, []byte(nil)
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "event":
		r.typ = append(r.typ[:0], value...)
	case "data":
		n := len(r.data) + len(value)
		if r.hasData {
			n++ // the LF before this value
		}
		if n > r.max {
			return r.tooLarge()
		}
		if r.hasData {
			r.data = append(r.data, '\n')
		}
		r.data = append(r.data, value...)
		r.hasData = true
	case "id":
		if bytes.IndexByte(value, 0) < 0 && string(value) != r.idBuf {
			id := decodeUTF8(value)
			if len(id) > r.max { // replacing invalid UTF-8 made it longer
				return r.tooLarge()
			}
			r.idBuf = id
		}
	case "retry":
		if d, ok := parseRetry(value); ok {
			r.retry, r.hasRetry, r.eventRetry = d, true, true
		}
	}
	return nil
}

// parseRetry reads a retry field's value: ASCII digits only, in milliseconds. A value
// too large for a time.Duration is the largest one.
func parseRetry(value []byte) (time.Duration, bool) {
	if len(value) == 0 {
		return 0, false
	}
	const maxMillis = math.MaxInt64 / int64(time.Millisecond)
	var ms int64
	for _, c := range value {
		if c < '0' || c > '9' {
			return 0, false
		}
		if ms <= maxMillis {
			ms = ms*10 + int64(c-'0')
		}
	}
	if ms > maxMillis {
		return math.MaxInt64, true
	}
	return time.Duration(ms) * time.Millisecond, true
}

// dispatch ends an event block at a blank line: the last event ID buffer becomes the
// last event ID, and an event is returned unless the data buffer is empty.
func (r *SSEReader) dispatch() (Event, bool, error) {
	r.pending = false
	r.lastID = r.idBuf
	if !r.hasData {
		r.resetEvent()
		return Event{}, false, nil
	}
	ev := Event{Type: "message", ID: r.lastID}
	if r.eventRetry {
		ev.Retry, ev.HasRetry = r.retry, true
	}
	if len(r.typ) > 0 {
		if string(r.typ) != r.lastType {
			r.lastType = decodeUTF8(r.typ)
		}
		ev.Type = r.lastType
	}
	ev.Data = decodeUTF8Bytes(r.data)
	if len(ev.Data) > r.max || len(ev.Type) > r.max { // replacing invalid UTF-8 made it longer
		return Event{}, false, r.tooLarge()
	}
	r.eventRetry = false
	r.resetEvent()
	return ev, true, nil
}

func (r *SSEReader) resetEvent() {
	r.data, r.hasData = r.data[:0], false
	r.typ = r.typ[:0]
}
