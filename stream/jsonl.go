package stream

import (
	"bytes"
	"errors"
	"io"
)

const jsonlFormat = "JSON lines"

// JSONLinesReader reads JSON lines (application/x-ndjson, application/jsonl): one JSON
// value per line, lines ending in LF or CRLF. It does not parse the values; the caller
// decodes each with its own decoder. It is not safe for concurrent use.
type JSONLinesReader struct {
	lines *lineReader
	max   int
	err   error
}

// NewJSONLinesReader returns a reader of the JSON lines in r, each bounded by limits.
// It reads r through a buffer of its own and never closes it.
func NewJSONLinesReader(r io.Reader, limits Limits) *JSONLinesReader {
	max := limits.maxEventBytes()
	return &JSONLinesReader{lines: newLineReader(r, max, false, 0, false), max: max}
}

// Next returns the next line, without its line ending and the JSON whitespace around
// it; blank lines (and lines of whitespace only) are skipped. The slice belongs to the
// caller. The last line may lack its LF, as the JSON Lines format allows.
//
// At the end of the stream Next returns io.EOF; if reading failed, the underlying
// reader's error, wrapped (a line it interrupted is not returned); for a line longer
// than the limit, a *TooLargeError (ErrEventTooLarge). Every later call returns the
// same error.
func (r *JSONLinesReader) Next() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, _, _, err := r.lines.next()
		if err != nil {
			var tooLong lineTooLong
			switch {
			case errors.As(err, &tooLong):
				r.err = &TooLargeError{Format: jsonlFormat, Limit: r.max}
			case err != io.EOF:
				r.err = readError(jsonlFormat, err)
			default:
				r.err = io.EOF
				if line = trimJSONSpace(line); len(line) > 0 {
					return bytes.Clone(line), nil
				}
			}
			return nil, r.err
		}
		if line = trimJSONSpace(line); len(line) > 0 {
			return bytes.Clone(line), nil
		}
	}
}

// trimJSONSpace drops the whitespace JSON allows around a value.
func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
