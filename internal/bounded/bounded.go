// Package bounded bounds what is read of a response body into memory.
//
// The runtime wraps the body of every result it reads (a decoded value, []byte,
// string) in a Body before any reader, Decoder included, sees it: past the limit every
// read fails with an error that wraps ErrTooLarge, so no ending and no Decoder can
// buffer more, whatever it does. ReadAll reads a bounded body whose Content-Length is
// known into one buffer of that size, instead of growing one by doubling (which costs
// up to 2.5 times the body in allocations). The codecs use ReadAll and Size too, which
// is why this package sits below both runtime and codec.
package bounded

import (
	"errors"
	"io"
	"strconv"
)

// ErrTooLarge is the cause of every error of a Body past its limit; the runtime
// exports it as runtime.ErrResponseTooLarge.
var ErrTooLarge = errors.New("feign: response too large")

// Body is a response body bounded to a limit. The zero value is not usable: Reset
// sets it up, so that a Body kept in a longer-lived struct costs no allocation.
type Body struct {
	io.ReadCloser       // the body below
	limit         int64 // the most bytes that may be read
	left          int64 // of limit, not read yet
	size          int64 // the Content-Length, at most limit; -1 when unknown
	err           error // the error past the limit, once met; then every Read returns it
}

// Reset makes b bound r to limit bytes; size is r's Content-Length, -1 when unknown.
// When size is more than limit, Reset returns the error at once: nothing needs to be
// read to know the body is too large, and every Read returns that error too.
func (b *Body) Reset(r io.ReadCloser, limit, size int64) error {
	*b = Body{ReadCloser: r, limit: limit, left: limit, size: size}
	if size > limit {
		b.size = -1
		b.err = &tooLargeError{limit: limit, contentLength: size}
		return b.err
	}
	return nil
}

// Read reads from the body below, and fails with ErrTooLarge once more than the limit
// would have been read. It asks the body below for one byte past the limit at most,
// which is how it tells a body of exactly the limit from a larger one.
func (b *Body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p))-1 > b.left {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	if int64(n) <= b.left {
		b.left -= int64(n)
		return n, err
	}
	n = int(b.left)
	b.left = 0
	b.err = &tooLargeError{limit: b.limit, contentLength: -1}
	return n, b.err
}

// Exceeded reports whether the body was found larger than its limit, by its
// Content-Length or by reading it. Its connection is then better closed than drained.
func (b *Body) Exceeded() bool { return b.err != nil }

// Err returns the error past the limit, nil while the limit holds.
func (b *Body) Err() error { return b.err }

// Size returns the Content-Length of r when r is a Body that knows it, which is then at
// most the Body's limit; otherwise -1. A reader can size its buffer from it: the limit
// is what the caller agreed a body may cost, so a server that announces more than it
// sends can make the client allocate no more than that.
func Size(r io.Reader) int64 {
	if b, ok := r.(*Body); ok && b.err == nil {
		return b.size
	}
	return -1
}

// ReadAll reads r to its end, as io.ReadAll does. When r is a Body whose Content-Length
// is known, it reads into one buffer of that size (and a byte more, to see the end).
// Otherwise it reads as ReadRest does.
func ReadAll(r io.Reader) ([]byte, error) {
	size := Size(r)
	if size < 0 {
		return ReadRest(nil, r)
	}
	buf := make([]byte, size+1)
	n, empty := 0, 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		switch {
		case err == io.EOF:
			return buf[:n:n], nil
		case err != nil:
			return buf[:n:n], err
		case m > 0:
			empty = 0
		default: // nothing and no error: allowed, but not forever (as bufio)
			if empty++; empty == 100 {
				return buf[:n:n], io.ErrNoProgress
			}
		}
	}
	// Longer than announced, which a RoundTripper other than net/http's may give:
	// read the rest, still bounded by the Body.
	return ReadRest(buf, r)
}

// Chunk sizes of ReadRest: small bodies cost little, large ones are read 1 MiB at a time.
const (
	firstChunk = 512
	maxChunk   = 1 << 20
)

// ReadRest returns head followed by the rest of r, read to its end. It reads into
// chunks that it joins once at the end, instead of growing one buffer by copying: until
// then, what it holds is what it read and one chunk at most, so a body that turns out
// too large for its limit never cost more than the limit and a chunk.
func ReadRest(head []byte, r io.Reader) ([]byte, error) {
	var chunks [][]byte
	total := len(head)
	chunk := make([]byte, 0, firstChunk)
	empty := 0
	for {
		if len(chunk) == cap(chunk) {
			chunks = append(chunks, chunk)
			chunk = make([]byte, 0, min(2*cap(chunk), maxChunk))
		}
		n, err := r.Read(chunk[len(chunk):cap(chunk)])
		chunk = chunk[:len(chunk)+n]
		total += n
		if n > 0 {
			empty = 0
		} else if err == nil {
			if empty++; empty == 100 {
				err = io.ErrNoProgress
			}
		}
		if err == io.EOF {
			err = nil
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(chunks) == 0 && head == nil {
		return chunk, nil
	}
	out := make([]byte, 0, total)
	out = append(out, head...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, chunk...), nil
}

// tooLargeError is the error of a Body past its limit: it names the limit, and the
// Content-Length when that is what told.
type tooLargeError struct {
	limit         int64
	contentLength int64 // -1 when the body was read up to the limit
}

func (e *tooLargeError) Error() string {
	if e.contentLength >= 0 {
		return ErrTooLarge.Error() + ": Content-Length " + strconv.FormatInt(e.contentLength, 10) +
			" is over the limit of " + FormatSize(e.limit)
	}
	return ErrTooLarge.Error() + ": the body is over the limit of " + FormatSize(e.limit)
}

func (e *tooLargeError) Is(target error) bool { return target == ErrTooLarge }

// FormatSize writes n bytes as "1048576 bytes (1 MiB)", or just "1000 bytes" when n is
// no whole number of KiB, MiB or GiB.
func FormatSize(n int64) string {
	s := strconv.FormatInt(n, 10) + " bytes"
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n > 0 && n%(1<<u.shift) == 0 {
			return s + " (" + strconv.FormatInt(n>>u.shift, 10) + " " + u.name + ")"
		}
	}
	return s
}
