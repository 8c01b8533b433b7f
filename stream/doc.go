// Package stream reads the wire formats of streamed responses: server-sent events
// (text/event-stream), JSON lines (application/x-ndjson, application/jsonl) and JSON
// text sequences (application/json-seq, RFC 7464).
//
// Each reader is built on an io.Reader, usually a response body, and returns one item
// per call to Next until the end of the stream:
//
//	r := stream.NewSSEReader(resp.Body, stream.Limits{})
//	for {
//		ev, err := r.Next()
//		if err == io.EOF {
//			break // the stream ended cleanly, at an event boundary
//		}
//		if err != nil {
//			return err // cut short, unreadable or too large: see SSEReader.Next
//		}
//		...
//	}
//
// The readers parse bytes and nothing more: they make no request, start no goroutine and
// never close the reader they read. They are what the generated stream methods of feign
// (//feign:stream sse, jsonl or jsonseq) are built on, and can be used, tested and
// fuzzed without HTTP.
//
// # Bounded memory
//
// A stream may be endless and its server hostile, so every reader bounds what it holds:
// an event, a line or a record larger than Limits.MaxEventBytes (DefaultMaxEventBytes,
// 1 MiB, when zero) ends the stream with a *TooLargeError, matched by
// errors.Is(err, ErrEventTooLarge), instead of growing a buffer without end. What is
// skipped is never held: a server-sent event comment of any length, blank lines, bytes
// between JSON text sequence records. A stream of ": ping" keep-alives costs the same
// memory after a day as after a second. Reads go through a 4 KiB buffer, and each item
// costs one allocation: the item itself, which belongs to the caller.
//
// # How a stream ends
//
// Next returns io.EOF only when the stream ended where an item may end. A reader's
// error ends its stream, wrapped (errors.Is finds it), and so do ErrEventTooLarge and,
// for server-sent events, ErrTruncated: a stream that ended in the middle of an event.
// A client that reconnects tells these apart: io.EOF is a stream the server closed; the
// others are a broken one. Once a reader returns an error that ends its stream, every
// later call returns it again.
//
// A JSON text sequence is different by design: RFC 7464 asks parsers to carry on past a
// record that is cut short (ErrTruncated) or is not JSON (ErrInvalidRecord), so the
// reader reports each such record and the next call goes on with the next one.
//
// # Server-sent events
//
// SSEReader follows the event stream interpretation of the WHATWG HTML standard step by
// step, including the corners: CR, LF and CRLF line endings, one leading BOM, an "id"
// that persists across events and is ignored when it holds NUL, "retry" with ASCII
// digits only, events with no data not dispatched, invalid UTF-8 replaced by U+FFFD as
// browsers do. LastEventID and Retry give what a reconnecting client sends (the
// Last-Event-ID header) and how long it waits; Reset reads the new connection's body
// with them kept.
//
// End markers such as the "data: [DONE]" that ends the streams of several LLM APIs are
// events like any other, and the caller stops on them (see the example): which marker
// ends which API's stream is the API's business, not the format's.
package stream
