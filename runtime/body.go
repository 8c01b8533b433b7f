package runtime

import (
	"io"
	"sync"
)

// maxDrain bounds how much of an unwanted body is read before it is closed. Reading a
// small rest to EOF lets net/http reuse the connection; a huge body is cheaper to
// abandon with its connection than to download.
const maxDrain = 64 << 10

// drainBuffers holds the buffers drainAndClose reads into, so that draining, done on
// the happy path of Do, allocates nothing.
var drainBuffers = sync.Pool{New: func() any {
	b := make([]byte, 4<<10)
	return &b
}}

// drainAndClose reads at most maxDrain bytes of body and closes it.
func drainAndClose(body io.ReadCloser) {
	buf := drainBuffers.Get().(*[]byte)
	for read, empty := 0, 0; read < maxDrain && empty < 100; {
		n, err := body.Read(*buf)
		if err != nil {
			break
		}
		if n == 0 {
			empty++ // a misbehaving reader: do not spin forever
		}
		read += n
	}
	drainBuffers.Put(buf)
	body.Close()
}

// watchedBody is a response body that keeps the first error, other than io.EOF, its
// reads met: it tells a body that broke in transit from one a Decoder refused.
type watchedBody struct {
	io.ReadCloser
	err error
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}
