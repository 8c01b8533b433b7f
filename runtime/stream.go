package runtime

import (
	"errors"
	"io"
	"net/http"
)

// errStreamSent is returned if a streamed body that cannot rewind would be sent twice;
// the retry rules make that unreachable, and this keeps it so.
var errStreamSent = errors.New("feign: the streamed body was already sent and cannot rewind")

// BodyReader sets a body streamed from r as is: no Encoder runs and nothing is
// buffered, so a body of any size costs no memory. Content-Type defaults to
// application/octet-stream.
//
// A body must be sent whole on every attempt, so a call retries only when r can rewind:
// when r is an io.Seeker, every attempt starts where r stood when the call began, and
// Content-Length is known. Otherwise the call makes a single attempt. The runtime never
// closes r; its owner does.
func (c *Call) BodyReader(r io.Reader) {
	if r == nil {
		return
	}
	c.stream = newStreamBody(r)
}

// streamBody is a request body read from the caller's io.Reader.
type streamBody struct {
	r      io.Reader
	seeker io.Seeker // nil when r cannot rewind
	start  int64     // where the body starts in r, for a seeker
	size   int64     // its length for a seeker; -1 (unknown) otherwise
	opened bool
}

func newStreamBody(r io.Reader) *streamBody {
	s := &streamBody{r: r, size: -1}
	seeker, ok := r.(io.Seeker)
	if !ok {
		return s
	}
	start, err := seeker.Seek(0, io.SeekCurrent)
	if err != nil {
		return s // not really seekable (a pipe behind an *os.File, say)
	}
	end, err := seeker.Seek(0, io.SeekEnd)
	if _, back := seeker.Seek(start, io.SeekStart); err != nil || back != nil || end < start {
		return s
	}
	s.seeker, s.start, s.size = seeker, start, end-start
	return s
}

// replayable reports whether the body can be sent again.
func (s *streamBody) replayable() bool { return s.seeker != nil }

// open returns the body for one attempt, rewound to its start when it can be.
func (s *streamBody) open() (io.ReadCloser, error) {
	if s.seeker != nil {
		if _, err := s.seeker.Seek(s.start, io.SeekStart); err != nil {
			return nil, err
		}
		if s.size == 0 {
			return http.NoBody, nil
		}
		// NopCloser: the transport closes request bodies, but r belongs to the caller.
		return io.NopCloser(s.r), nil
	}
	if s.opened {
		return nil, errStreamSent
	}
	s.opened = true
	return io.NopCloser(s.r), nil
}
