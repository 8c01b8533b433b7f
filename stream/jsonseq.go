package stream

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

const jsonseqFormat = "JSON text sequence"

// rs is the record separator that starts every record of a JSON text sequence.
const rs = 0x1E

type seqState uint8

const (
	seqBetween  seqState = iota // before a record: only whitespace may come until an RS
	seqRecord                   // inside a record, after its RS
	seqSkipping                 // skipping bytes up to the next RS, after an invalid record
)

// JSONSeqReader reads a JSON text sequence (application/json-seq, RFC 7464): records
// that each start with RS (0x1E) and end with LF, each holding one JSON text. It is not
// safe for concurrent use.
//
// A record is returned as soon as its LF arrives, without waiting for the next RS, so a
// live stream delivers every record when it is sent; a record's text may span several
// lines (it ends at the first LF after a complete JSON text). As RFC 7464 asks, a bad
// record does not end the sequence: Next reports it and the next call goes on with the
// next record.
type JSONSeqReader struct {
	br    *bufio.Reader
	max   int
	state seqState
	rec   []byte // the record so far, when it spans refills
	n     int    // records started, for error messages

	// A scan of the record's JSON structure, enough to tell where a text may end.
	depth    int
	inString bool
	escape   bool
	begun    bool // a byte other than whitespace was read
	scalar   bool // the text is a number, true, false or null

	err error // sticky
}

// NewJSONSeqReader returns a reader of the JSON text sequence in r, each record bounded
// by limits. It reads r through a buffer of its own and never closes it.
func NewJSONSeqReader(r io.Reader, limits Limits) *JSONSeqReader {
	return &JSONSeqReader{br: bufio.NewReaderSize(r, bufferSize), max: limits.maxEventBytes()}
}

// Next returns the JSON text of the next record, without the whitespace around it. The
// slice belongs to the caller. Records holding only whitespace are skipped.
//
// Next reports a bad record with an error the caller may skip (call Next again for the
// next record) or stop on:
//
//   - ErrTruncated: the record ended (at the next RS, or at the end of the stream)
//     before its JSON text did, or its text is a number, true, false or null not
//     followed by whitespace, which RFC 7464 says may have been cut short;
//   - ErrInvalidRecord: the record is not a JSON text, or bytes other than whitespace
//     stand outside a record.
//
// At the end of the stream Next returns io.EOF; if reading failed, the underlying
// reader's error, wrapped; for a record larger than the limit, a *TooLargeError
// (ErrEventTooLarge). Every later call returns the same error.
func (r *JSONSeqReader) Next() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		if _, err := r.br.Peek(1); err != nil {
			if err != io.EOF {
				r.err = readError(jsonseqFormat, err)
				return nil, r.err
			}
			r.err = io.EOF
			if r.state != seqRecord {
				return nil, io.EOF
			}
			if text, err, ok := r.finish(nil); ok || err != nil {
				return text, err
			}
			return nil, io.EOF
		}
		buf, _ := r.br.Peek(r.br.Buffered())
		switch r.state {
		case seqBetween:
			i := 0
			for i < len(buf) && isJSONSpace(buf[i]) {
				i++
			}
			switch {
			case i == len(buf):
				r.br.Discard(i)
			case buf[i] == rs:
				r.br.Discard(i + 1)
				r.begin()
			default:
				r.br.Discard(i)
				r.state = seqSkipping
				return nil, &recordError{kind: ErrInvalidRecord}
			}
		case seqSkipping:
			i := bytes.IndexByte(buf, rs)
			if i < 0 {
				r.br.Discard(len(buf))
				continue
			}
			r.br.Discard(i)
			r.state = seqBetween
		case seqRecord:
			text, err, ok := r.scan(buf)
			if ok || err != nil {
				return text, err
			}
		}
	}
}

// begin starts a record after its RS.
func (r *JSONSeqReader) begin() {
	r.state = seqRecord
	r.n++
	r.rec = r.rec[:0]
	r.depth, r.inString, r.escape, r.begun, r.scalar = 0, false, false, false, false
}

// scan reads buf, the buffered bytes of a record, consuming them. It returns a record
// (ok) or a bad record's error once the record ends in buf, and nothing when it does not.
func (r *JSONSeqReader) scan(buf []byte) (text []byte, err error, ok bool) {
	for i, c := range buf {
		switch {
		case c == rs:
			seg := buf[:i]
			if err := r.hold(seg); err != nil {
				return nil, err, false
			}
			r.br.Discard(i) // the RS starts the next record
			r.state = seqBetween
			if text, err, ok := r.finish(seg); ok || err != nil {
				return text, err, ok
			}
			return nil, nil, false
		case c == '\n' && r.begun && r.depth <= 0 && !r.inString:
			// The text can end only here: a complete text is valid now, and nothing
			// appended could make an invalid one valid.
			seg := buf[:i]
			if err := r.hold(seg); err != nil {
				return nil, err, false
			}
			r.br.Discard(i + 1)
			text := r.record(seg)
			if json.Valid(text) {
				r.state = seqBetween
				return bytes.Clone(trimJSONSpace(text)), nil, true
			}
			r.state = seqSkipping
			return nil, r.bad(ErrInvalidRecord), false
		}
		r.step(c)
	}
	if err := r.hold(buf); err != nil {
		return nil, err, false
	}
	r.rec = append(r.rec, buf...)
	r.br.Discard(len(buf))
	return nil, nil, false
}

// hold checks that the record, with seg added, stays within the limit.
func (r *JSONSeqReader) hold(seg []byte) error {
	if len(r.rec)+len(seg) > r.max {
		r.err = &TooLargeError{Format: jsonseqFormat, Limit: r.max}
		return r.err
	}
	return nil
}

// record returns the whole record whose last bytes, seg, are still in the read buffer.
func (r *JSONSeqReader) record(seg []byte) []byte {
	if len(r.rec) == 0 {
		return seg
	}
	r.rec = append(r.rec, seg...)
	return r.rec
}

// finish ends a record that ended without its LF, at an RS or at the end of the stream.
func (r *JSONSeqReader) finish(seg []byte) (text []byte, err error, ok bool) {
	all := r.record(seg)
	text = trimJSONSpace(all)
	switch {
	case len(text) == 0:
		return nil, nil, false // an empty record: nothing to report
	case r.depth > 0 || r.inString || (r.scalar && !isJSONSpace(all[len(all)-1])):
		return nil, r.bad(ErrTruncated), false
	case !json.Valid(text):
		return nil, r.bad(ErrInvalidRecord), false
	}
	return bytes.Clone(text), nil, true
}

func (r *JSONSeqReader) bad(kind error) error { return &recordError{record: r.n, kind: kind} }

// recordError reports a bad record; errors.Is matches its kind, ErrTruncated or
// ErrInvalidRecord.
type recordError struct {
	record int // 1 for the first record; 0 for bytes outside a record
	kind   error
}

func (e *recordError) Error() string {
	msg := "stream: " + jsonseqFormat + ": "
	switch {
	case e.record == 0:
		return msg + "bytes outside a record"
	case e.kind == ErrTruncated:
		return msg + "record " + strconv.Itoa(e.record) + " is truncated"
	}
	return msg + "record " + strconv.Itoa(e.record) + " is not a JSON text"
}

func (e *recordError) Unwrap() error { return e.kind }

// step advances the structure scan by one byte of the record.
func (r *JSONSeqReader) step(c byte) {
	if r.inString {
		switch {
		case r.escape:
			r.escape = false
		case c == '\\':
			r.escape = true
		case c == '"':
			r.inString = false
		}
		return
	}
	if isJSONSpace(c) {
		return
	}
	if !r.begun {
		r.begun = true
		r.scalar = c != '{' && c != '[' && c != '"'
	}
	switch c {
	case '{', '[':
		r.depth++
	case '}', ']':
		r.depth--
	case '"':
		r.inString = true
	}
}
