package faultserver

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
)

// The huge 2xx bodies: what a client that reads results into memory must refuse past
// its limit. The server streams them from one shared chunk, so a body of 2 GiB costs it
// no memory, and it stops at the first failed write: a client that closes the
// connection at its limit makes the server send little more than that.

// bombChunk is one gzip member of bombInflated zero bytes. A gzip stream may hold many
// members, which readers (net/http's transparent decompression among them) join: a
// GzipBomb repeats this one, about a thousandth of its inflated size, costing no CPU.
const bombInflated = 1 << 20

var bombChunk = func() []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(make([]byte, bombInflated))
	zw.Close()
	return buf.Bytes()
}()

// writeHuge2xx answers 200 with the body of a HugeBody, HugeStream or GzipBomb fault and
// returns the status and the bytes written (for GzipBomb, compressed bytes).
func writeHuge2xx(w http.ResponseWriter, f Fault) (int, int64) {
	size := int64(f.BodyBytes)
	chunk := hugeChunk
	w.Header().Set("Content-Type", "application/octet-stream")
	switch f.Kind {
	case HugeBody:
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	case GzipBomb:
		w.Header().Set("Content-Encoding", "gzip")
		chunk = bombChunk
		size = (size + bombInflated - 1) / bombInflated * int64(len(bombChunk)) // whole members
	}
	w.WriteHeader(http.StatusOK)
	if f.Kind != HugeBody {
		http.NewResponseController(w).Flush() // the headers now: no Content-Length, however small
	}
	var written int64
	for written < size {
		n, err := w.Write(chunk[:min(int64(len(chunk)), size-written)])
		written += int64(n)
		if err != nil {
			break
		}
	}
	return http.StatusOK, written
}

// BombSize returns how many bytes the body of a GzipBomb of inflated bytes takes on the
// wire: its whole gzip members of 1 MiB each.
func BombSize(inflated int) int64 {
	return int64((inflated + bombInflated - 1) / bombInflated * len(bombChunk))
}
