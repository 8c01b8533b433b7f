package runtime

import (
	"errors"
	"io"
	"net/http"
	"sync"
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
//
// net/http may go on reading a request body after the response came (a server that
// answered 503 or 307 before reading it all), so no two attempts or redirects read r
// through one offset: when r is also an io.ReaderAt (*os.File, *bytes.Reader,
// *strings.Reader), each reads its own io.SectionReader, and r's offset is left where it
// stood; otherwise, before r is rewound for the next attempt or redirect, the previous
// request's reader is closed, which waits for a read in progress and fails later ones.
func (c *Call) BodyReader(r io.Reader) {
	if r == nil {
		return
	}
	c.stream = newStreamBody(r)
}

// streamBody is a request body read from the caller's io.Reader.
type streamBody struct {
	r      io.Reader
	seeker io.Seeker   // nil when r cannot rewind
	at     io.ReaderAt // r as an io.ReaderAt, if it is one and a seeker
	start  int64       // where the body starts in r, for a seeker
	size   int64       // its length for a seeker; -1 (unknown) otherwise

	mu      sync.Mutex  // open may be called by net/http (GetBody) as well as by newRequest
	opened  bool        // r was handed out, for a body that cannot rewind
	current *seekedBody // the reader of the latest request, for a seeker without ReadAt
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
	s.at, _ = r.(io.ReaderAt)
	return s
}

// replayable reports whether the body can be sent again.
func (s *streamBody) replayable() bool { return s.seeker != nil }

// open returns the body for one request, which nothing else reads: a section of r of its
// own, or r rewound to its start once the previous request's reader is closed.
func (s *streamBody) open() (io.ReadCloser, error) {
	if s.seeker != nil && s.size == 0 {
		return http.NoBody, nil
	}
	if s.at != nil {
		// NopCloser: the transport closes request bodies, but r belongs to the caller.
		return io.NopCloser(io.NewSectionReader(s.at, s.start, s.size)), nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seeker != nil {
		if s.current != nil {
			s.current.Close() // the previous request may still be writing its body
		}
		if _, err := s.seeker.Seek(s.start, io.SeekStart); err != nil {
			return nil, err
		}
		s.current = &seekedBody{r: io.LimitedReader{R: s.r, N: s.size}}
		return s.current, nil
	}
	if s.opened {
		return nil, errStreamSent
	}
	s.opened = true
	return io.NopCloser(s.r), nil
}

// seekedBody is the reader of one request over a rewound r. Close, whoever calls it
// (the transport, the http.Client after a redirect, or open for the next request),
// waits for a Read in progress and fails every later one, so that r can be rewound.
type seekedBody struct {
	mu     sync.Mutex
	r      io.LimitedReader // never past the size measured, if r grew since
	closed bool
}

func (b *seekedBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, errBodyReplaced
	}
	return b.r.Read(p)
}

func (b *seekedBody) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}

// errBodyReplaced fails a request's body read once a later request of the call took
// the caller's reader over.
var errBodyReplaced = errors.New("feign: the streamed body was rewound for another request")
