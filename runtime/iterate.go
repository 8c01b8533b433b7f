package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/stream"
)

// StreamFormat is the wire format of a streamed result (//feign:stream).
type StreamFormat uint8

// The formats of //feign:stream.
const (
	StreamSSE       StreamFormat = iota + 1 // sse: server-sent events, text/event-stream
	StreamJSONLines                         // jsonl: application/x-ndjson, application/jsonl
	StreamJSONSeq                           // jsonseq: application/json-seq (RFC 7464)
)

// String returns the directive's name of the format: "sse", "jsonl" or "jsonseq".
func (f StreamFormat) String() string {
	switch f {
	case StreamSSE:
		return "sse"
	case StreamJSONLines:
		return "jsonl"
	case StreamJSONSeq:
		return "jsonseq"
	}
	return "StreamFormat(" + strconv.Itoa(int(f)) + ")"
}

// StreamSpec is what //feign:stream declares of a method. Generated code declares one
// per stream method as a package-level variable and never changes it.
type StreamSpec struct {
	Format StreamFormat
	// Done, if not empty, is the data of the server-sent event that ends the stream, as
	// the "data: [DONE]" of several LLM APIs: that event is not yielded, and the body is
	// closed at once (//feign:stream sse done=[DONE]).
	Done string
}

// SSE is one server-sent event with its data decoded: what a method declared to return
// iter.Seq2[runtime.SSE[T], error] yields.
type SSE[T any] struct {
	ID    string        // the stream's last event ID when the event came (it persists across events)
	Event string        // the event type: "message" unless the event named one
	Retry time.Duration // the reconnection time the stream set last, 0 if none
	Data  T
}

// ErrNotResumed is matched (errors.Is) by the error of a stream that broke (its
// connection was reset, or it ended in the middle of an event) and was not resumed:
// the message says why, and the error wraps the break too. A stream is resumed only
// when it is made of server-sent events, the call may be retried whatever the server
// did with it (a GET, a //feign:idempotent method, an Idempotency-Key), and the server
// either gave event IDs or no event was delivered yet: otherwise events would be
// delivered twice.
var ErrNotResumed = errors.New("feign: the stream broke and was not resumed")

// WithMaxEventBytes bounds each event of a streamed result (a server-sent event, a JSON
// line, a JSON text sequence record) to n bytes (default stream.DefaultMaxEventBytes,
// 1 MiB, whose doc says why). A stream has no end its client can count on, so no bound
// applies to the whole body; the bound applies to what is held in memory at once. An
// event past it ends the stream with an error matching stream.ErrEventTooLarge. A
// method's //feign:options maxResponse= replaces it for that method's events. n of 0
// or less keeps the default.
func WithMaxEventBytes(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxEvent = n
		}
	}
}

// Stream ends c with a lazy iteration over the items of its streamed result: the data
// of each server-sent event, or each JSON line or JSON text sequence record, as spec
// says. Generated methods with an iter.Seq2[T, error] result and //feign:stream end
// with it.
//
// Nothing is sent until the loop starts; each item is read and decoded when the loop
// asks for it: a []byte or string T is the item as is, any other T is decoded by the
// Client's Decoder (as a body of Content-Type application/json). Leaving the loop
// (break, return) closes the body at once; the call's context and timeout bound the
// whole stream. A non-2xx answer goes through the ErrorDecoder, the retries and the
// retry budget as any call's and is yielded as the only error; a 204 No Content, a
// dismissed 404 or an ErrorDecoder that returned nil is an empty stream.
//
// An error that ends the stream is the last thing yielded. An item the Decoder
// refuses, or a JSON text sequence record that is cut short or not JSON, is yielded
// as an error too, and the stream goes on if the loop does.
//
// A server-sent event stream whose connection breaks is resumed, when it may be (see
// ErrNotResumed): the runtime reconnects with a Last-Event-ID header, after waiting
// the largest of the stream's retry field, the server's Retry-After and the Retryer's
// backoff. One Retryer, cloned once, serves the whole stream, and every reconnect draws
// on the retry budget: a stream makes at most as many connections as the Retryer has
// attempts, however often a flapping server breaks it. A 204 on reconnect ends the
// stream, as the event stream standard says.
//
// The sequence can be ranged over once: a Call is single-use, and a second loop
// yields an error.
func Stream[T any](c *Call, spec *StreamSpec) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		s, err := c.openStream(spec)
		if err != nil {
			yield(zero, err)
			return
		}
		defer s.close()
		for {
			data, err := s.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !yield(zero, err) || s.err != nil {
					return
				}
				continue
			}
			v, err := decodeItem[T](s, data)
			if !yield(v, err) {
				return
			}
		}
	}
}

// StreamEvents ends c as Stream does, over server-sent events, and yields each event
// with its ID, type and the reconnection time in force. Generated methods with an
// iter.Seq2[runtime.SSE[T], error] result end with it.
func StreamEvents[T any](c *Call, spec *StreamSpec) iter.Seq2[SSE[T], error] {
	return func(yield func(SSE[T], error) bool) {
		if spec != nil && spec.Format != StreamSSE {
			yield(SSE[T]{}, c.end(fmt.Errorf("feign: StreamEvents reads server-sent events, not a %s stream", spec.Format)))
			return
		}
		s, err := c.openStream(spec)
		if err != nil {
			yield(SSE[T]{}, err)
			return
		}
		defer s.close()
		for {
			data, err := s.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(SSE[T]{}, err)
				return
			}
			ev := SSE[T]{ID: s.event.ID, Event: s.event.Type}
			ev.Retry, _ = s.sse.Retry()
			ev.Data, err = decodeItem[T](s, data)
			if err != nil {
				ev = SSE[T]{}
			}
			if !yield(ev, err) {
				return
			}
		}
	}
}

// streamState is one stream in progress: the connection it reads and what it needs to
// reconnect.
type streamState struct {
	c    *Call
	spec *StreamSpec
	resp *http.Response // the current connection; nil once the stream ended

	sse   *stream.SSEReader
	lines *stream.JSONLinesReader
	seq   *stream.JSONSeqReader
	event stream.Event // the server-sent event being yielded

	retry     retryer.Retryer // shared by every connection of the stream
	delivered int             // items handed to the loop
	item      http.Response   // what the Decoder is given for each item
	err       error           // the error that ended the stream, once it did
}

// sharedRetryer is the one Retryer of a stream: send clones the call's Retryer for
// each connection, and this Clone hands out the same state, so reconnects and the
// retries within them count against the same attempts.
type sharedRetryer struct{ retryer.Retryer }

func (s sharedRetryer) Clone() retryer.Retryer { return s }

// openStream sends the first request of a stream.
func (c *Call) openStream(spec *StreamSpec) (*streamState, error) {
	if spec == nil {
		spec = &StreamSpec{Format: StreamSSE}
	}
	s := &streamState{c: c, spec: spec}
	if !c.ended {
		r := c.client.retryer
		if c.retryer != nil {
			r = c.retryer
		}
		if r != nil {
			s.retry = sharedRetryer{r.Clone()}
			c.retryer = s.retry
		}
	}
	resp, err := c.send(want2xx, nil)
	if err != nil {
		return nil, err
	}
	if !s.connected(resp) {
		return s, nil
	}
	limits := stream.Limits{MaxEventBytes: c.maxEvent()}
	switch spec.Format {
	case StreamJSONLines:
		s.lines = stream.NewJSONLinesReader(resp.Body, limits)
	case StreamJSONSeq:
		s.seq = stream.NewJSONSeqReader(resp.Body, limits)
	default:
		s.sse = stream.NewSSEReader(resp.Body, limits)
	}
	return s, nil
}

// connected takes the response of a connection: it reports false, closing what there
// is to close, when the stream is over before it began (no response: the call's zero
// value; or a 204).
func (s *streamState) connected(resp *http.Response) bool {
	if resp == nil {
		s.err = io.EOF
		return false
	}
	if resp.StatusCode == http.StatusNoContent {
		resp.Body.Close()
		s.err = io.EOF
		return false
	}
	s.resp = resp
	header := resp.Header.Clone()
	if header == nil {
		header = http.Header{}
	}
	header.Set("Content-Type", "application/json")
	s.item = http.Response{Status: resp.Status, StatusCode: resp.StatusCode, Proto: resp.Proto,
		ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor, Header: header, Request: resp.Request}
	return true
}

// maxEvent returns the bound of one event of the call's stream.
func (c *Call) maxEvent() int {
	if n := c.endpoint.MaxResponseBytes; n > 0 {
		return int(min(n, int64(^uint(0)>>1)))
	}
	if c.client.maxEvent > 0 {
		return c.client.maxEvent
	}
	return stream.DefaultMaxEventBytes
}

// next returns the next item's data, io.EOF at the end of the stream, or an error. It
// reconnects a broken server-sent event stream when it may. When it returns an error
// that ends the stream, s.err holds it.
func (s *streamState) next() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	for {
		data, err := s.read()
		if err == nil {
			s.delivered++
			return data, nil
		}
		if err == io.EOF {
			s.err = io.EOF
			return nil, io.EOF
		}
		if s.seq != nil && (errors.Is(err, stream.ErrTruncated) || errors.Is(err, stream.ErrInvalidRecord)) {
			return nil, s.c.end(err) // RFC 7464: report the record, go on with the next
		}
		if ctxErr := s.c.ctx.Err(); ctxErr != nil {
			if !errors.Is(err, ctxErr) {
				err = fmt.Errorf("%w: %w", ctxErr, err)
			}
			return nil, s.fail(s.c.limitErr(err))
		}
		if errors.Is(err, stream.ErrEventTooLarge) {
			return nil, s.fail(err)
		}
		// The stream broke: a reset, a body cut short, a truncated event. The new
		// connection draws on the retry budget like a retry (see reconnect).
		if err := s.reconnect(err); err != nil {
			return nil, err
		}
		if s.resp == nil {
			return nil, io.EOF // a 204 on reconnect
		}
	}
}

// read reads the next item of the current connection, skipping a server-sent event
// that ends the stream.
func (s *streamState) read() ([]byte, error) {
	switch {
	case s.lines != nil:
		return s.lines.Next()
	case s.seq != nil:
		return s.seq.Next()
	}
	ev, err := s.sse.Next()
	if err != nil {
		return nil, err
	}
	if s.spec.Done != "" && string(ev.Data) == s.spec.Done {
		return nil, io.EOF
	}
	s.event = ev
	return ev.Data, nil
}

// fail ends the stream with err.
func (s *streamState) fail(err error) error {
	s.err = s.c.end(err)
	return s.err
}

// reconnect resumes a broken server-sent event stream after cause, its break: it asks
// the Retryer and the budget, waits, and sends the call again with Last-Event-ID. It
// returns the error that ends the stream when it may not or could not.
func (s *streamState) reconnect(cause error) error {
	c := s.c
	if why := s.notResumable(); why != "" {
		return s.fail(fmt.Errorf("%w: %s: %w", ErrNotResumed, why, cause))
	}
	s.dropConnection()
	failure := &errordecoder.RetryableError{Err: cause}
	if d, ok := s.sse.Retry(); ok {
		failure.RetryAfter = time.Now().Add(d)
		if failure.RetryAfter.After(c.notBefore) {
			c.notBefore = failure.RetryAfter // a 503 on reconnect waits at least as long
		}
	}
	a := attempt{failure: failure, err: failure}
	c.honourRetryAfter(&a)
	if err := c.retry(s.retry, &a); err != nil {
		return s.fail(err)
	}
	if id := s.sse.LastEventID(); id != "" && validHeaderValue(id) {
		c.deleteHeader("Last-Event-Id")
		c.addHeader("Last-Event-Id", id)
	}
	caller := c.caller
	c.ended = false
	c.rawURL = []byte(c.url) // send takes the URL over from rawURL
	resp, err := c.send(want2xx, nil)
	c.caller = caller
	if err != nil {
		s.err = err
		return err
	}
	if s.connected(resp) {
		s.sse.Reset(resp.Body)
	}
	return nil
}

// notResumable says why the stream may not be resumed, or "" when it may.
func (s *streamState) notResumable() string {
	c := s.c
	switch {
	case s.sse == nil:
		return "a " + s.spec.Format.String() + " stream has no event IDs to resume from"
	case s.retry == nil:
		return "the call has no Retryer"
	case c.endpoint.NoRetry:
		return "the method says retry=false"
	case s.resp.Request != nil && !c.replayable(s.resp.Request), s.resp.Request == nil && !c.mayHedge():
		return c.method() + " is not idempotent, so the request may not be sent again (//feign:idempotent allows it)"
	case c.stream != nil && !c.stream.replayable():
		return "the request body was streamed and cannot be sent again"
	case s.delivered > 0 && s.sse.LastEventID() == "":
		return "the stream gave no event ID, so a new connection would deliver its events again"
	}
	return ""
}

// dropConnection closes the current connection but keeps what the call holds (its
// timeout's context), which the next connection needs.
func (s *streamState) dropConnection() {
	body := s.resp.Body
	if rb, ok := body.(*releasingBody); ok {
		body = rb.ReadCloser
	}
	body.Close()
	if s.c.attemptCancel != nil {
		s.c.attemptCancel.cancelAttempt(nil)
		s.c.attemptCancel = nil
	}
	s.resp = nil
}

// close ends the stream: the current body, if any, is closed, and the call releases
// what it holds.
func (s *streamState) close() {
	if s.resp != nil {
		s.resp.Body.Close()
		s.resp = nil
	}
	s.c.release()
}

// decodeItem turns an item's data into a T: as is for []byte and string, else with the
// Client's Decoder.
func decodeItem[T any](s *streamState, data []byte) (T, error) {
	var v T
	switch p := any(&v).(type) {
	case *[]byte:
		*p = data
		return v, nil
	case *string:
		*p = string(data)
		return v, nil
	}
	s.item.Body = io.NopCloser(bytes.NewReader(data))
	s.item.ContentLength = int64(len(data))
	if err := s.c.client.decoder.Decode(&s.item, &v); err != nil {
		var zero T
		return zero, s.c.end(fmt.Errorf("item %d of the stream: %w", s.delivered, err))
	}
	return v, nil
}
