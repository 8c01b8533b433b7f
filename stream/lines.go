package stream

import (
	"bufio"
	"bytes"
	"io"
)

// errLineTooLong is the lineReader's signal that a line passed its bound; each reader
// turns it into its *TooLargeError.
type lineTooLong struct{}

func (lineTooLong) Error() string { return "stream: line too long" }

// lineReader splits a byte stream into lines without allocating per line. A line that
// fits in the read buffer is returned as a slice of it; only a line spanning refills is
// assembled in acc, which never grows past max.
type lineReader struct {
	br  *bufio.Reader
	max int
	acc []byte

	// cr: a CR alone ends a line as well (server-sent events); otherwise only LF does, and
	// a CR right before it is dropped.
	cr bool
	// skipLF: the previous line ended in CR, so a LF right after it is part of that line
	// ending. Remembering this, instead of peeking past the CR, keeps a line that ends
	// in CR from waiting for the next byte of a live stream.
	skipLF bool
	// comment, when not zero, is the first byte of lines that are skipped as they are
	// read, never held: a comment of any length costs no memory.
	comment byte
	// bom: drop a UTF-8 byte order mark at the start of the stream.
	bom bool
}

var utf8BOM = []byte("\xEF\xBB\xBF")

func newLineReader(r io.Reader, max int, cr bool, comment byte, bom bool) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, bufferSize), max: max, cr: cr, comment: comment, bom: bom}
}

// reset makes l read r from its start, keeping its buffers.
func (l *lineReader) reset(r io.Reader, bom bool) {
	l.br.Reset(r)
	l.acc = l.acc[:0]
	l.skipLF = false
	l.bom = bom
}

// next returns the next line, without its ending, valid until the next call. skipped
// says it began with the comment byte and was consumed without being held (line is
// then nil). At the end of r, err is r's error (io.EOF at a clean end) and line holds
// the bytes read after the last line ending (partial says there were any, skipped
// says whether they began a comment); they are not a line.
func (l *lineReader) next() (line []byte, skipped, partial bool, err error) {
	l.acc = l.acc[:0]
	if l.bom {
		// Waiting for three bytes never delays an event: the shortest ("data\n\n") has six.
		l.bom = false
		if b, _ := l.br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
			l.br.Discard(len(utf8BOM))
		}
	}
	begun := false // bytes of this line were consumed
	for {
		if _, err := l.br.Peek(1); err != nil {
			if len(l.acc) > l.max && (len(l.acc) > l.max+1 || l.acc[l.max] != '\r') {
				return nil, false, false, lineTooLong{} // only a CR may stand past max
			}
			return l.acc, skipped, begun, err
		}
		buf, _ := l.br.Peek(l.br.Buffered())
		if l.skipLF {
			l.skipLF = false
			if buf[0] == '\n' {
				l.br.Discard(1)
				continue
			}
		}
		if !begun {
			begun = true
			skipped = l.comment != 0 && buf[0] == l.comment
		}
		i := l.end(buf)
		if i < 0 {
			if !skipped {
				if len(l.acc)+len(buf) > l.max+l.slack() {
					return nil, false, false, lineTooLong{}
				}
				l.acc = append(l.acc, buf...)
			}
			l.br.Discard(len(buf))
			continue
		}
		seg := buf[:i]
		if buf[i] == '\r' {
			l.skipLF = true
		} else if !l.cr && len(seg) > 0 && seg[len(seg)-1] == '\r' {
			seg = seg[:len(seg)-1]
		} else if !l.cr && len(seg) == 0 && len(l.acc) > 0 && l.acc[len(l.acc)-1] == '\r' {
			l.acc = l.acc[:len(l.acc)-1]
		}
		if skipped {
			l.br.Discard(i + 1)
			return nil, true, true, nil
		}
		if len(l.acc)+len(seg) > l.max {
			return nil, false, false, lineTooLong{}
		}
		if len(l.acc) == 0 {
			// seg stays valid: Discard moves the read position but overwrites nothing.
			l.br.Discard(i + 1)
			return seg, false, true, nil
		}
		l.acc = append(l.acc, seg...)
		l.br.Discard(i + 1)
		return l.acc, false, true, nil
	}
}

// slack is how far acc may pass max while a line is assembled: a CR that a LF in the
// next read will turn into the line ending.
func (l *lineReader) slack() int {
	if l.cr {
		return 0
	}
	return 1
}

// end returns the index of the first line ending in buf, or -1.
func (l *lineReader) end(buf []byte) int {
	lf := bytes.IndexByte(buf, '\n')
	if !l.cr {
		return lf
	}
	if lf >= 0 {
		buf = buf[:lf]
	}
	if cr := bytes.IndexByte(buf, '\r'); cr >= 0 {
		return cr
	}
	return lf
}
