package stream

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// DefaultMaxEventBytes is the size an event, a line or a record may have when
// Limits.MaxEventBytes is zero: 1 MiB, far above what streaming APIs send (a chat
// completion chunk is a few hundred bytes) and small enough that a server sending one
// endless line cannot exhaust the client's memory.
const DefaultMaxEventBytes = 1 << 20

// bufferSize is the size of the read buffer of every reader: reads from the underlying
// io.Reader are at most this large, and an item that fits in it is never copied twice.
const bufferSize = 4096

// Limits bounds what a reader holds in memory. The zero value is the default.
type Limits struct {
	// MaxEventBytes bounds one item: a line of a server-sent event stream and the data of
	// one event; a JSON line; a record of a JSON text sequence (line endings, and the RS
	// and LF around a record, are not counted). An item past it ends the stream with a
	// *TooLargeError. Zero or less means DefaultMaxEventBytes.
	MaxEventBytes int
}

func (l Limits) maxEventBytes() int {
	if l.MaxEventBytes <= 0 {
		return DefaultMaxEventBytes
	}
	return l.MaxEventBytes
}

// ErrEventTooLarge is matched (errors.Is) by the *TooLargeError a reader returns when
// an item passes Limits.MaxEventBytes.
var ErrEventTooLarge = errors.New("stream: event too large")

// TooLargeError reports an item larger than Limits.MaxEventBytes. The reader that
// returned it returns it again from every later call: the rest of the item was not read,
// so where the next one starts is unknown.
type TooLargeError struct {
	Format string // "server-sent events", "JSON lines" or "JSON text sequence"
	Limit  int    // the bound that was passed, in bytes
}

func (e *TooLargeError) Error() string {
	return "stream: " + e.Format + ": an item is larger than the limit of " + strconv.Itoa(e.Limit) + " bytes"
}

// Unwrap returns ErrEventTooLarge.
func (e *TooLargeError) Unwrap() error { return ErrEventTooLarge }

// ErrTruncated is matched (errors.Is) by the error a reader returns when the stream ended
// inside an item: a server-sent event stream that ended before the blank line closing an
// event, or a record of a JSON text sequence cut short. For server-sent events the error
// also matches io.ErrUnexpectedEOF.
var ErrTruncated = errors.New("stream: truncated")

// ErrInvalidRecord is matched (errors.Is) by the error a JSONSeqReader returns for a
// record that is not a JSON text. The reader skips it: the next call returns the next
// record.
var ErrInvalidRecord = errors.New("stream: invalid record")

// truncatedEOF is the error of a server-sent event stream that ended mid-event.
type truncatedEOF struct{}

func (truncatedEOF) Error() string {
	return "stream: server-sent events: the stream ended in the middle of an event"
}

func (truncatedEOF) Unwrap() []error { return []error{ErrTruncated, io.ErrUnexpectedEOF} }

// readError wraps an error of the underlying reader.
func readError(format string, err error) error {
	return fmt.Errorf("stream: %s: reading: %w", format, err)
}
