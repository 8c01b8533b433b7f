package stream

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

// readSSE reads every event of input and the error that ended the stream.
func readSSE(t testing.TB, r io.Reader, limits Limits) ([]Event, error) {
	t.Helper()
	sr := NewSSEReader(r, limits)
	var events []Event
	for range 1 << 20 {
		ev, err := sr.Next()
		if err != nil {
			if again, _ := sr.Next(); again.Data != nil {
				t.Fatalf("Next after %v returned an event", err)
			}
			if _, again := sr.Next(); !errors.Is(again, err) && again != err {
				t.Fatalf("Next after %v returned %v", err, again)
			}
			return events, err
		}
		events = append(events, ev)
	}
	t.Fatal("no end after 1<<20 events")
	return nil, nil
}

// readItems reads every item of a JSON lines or JSON text sequence reader, with the
// error of each bad item, until a final error (one that repeats).
func readItems(t testing.TB, next func() ([]byte, error)) (items []string, final error) {
	t.Helper()
	for range 1 << 20 {
		b, err := next()
		if err == nil {
			items = append(items, string(b))
			continue
		}
		if errors.Is(err, ErrInvalidRecord) || (errors.Is(err, ErrTruncated) && !errors.Is(err, io.ErrUnexpectedEOF)) {
			items = append(items, "!"+kindOf(err))
			continue
		}
		if _, again := next(); again != err && again.Error() != err.Error() {
			t.Fatalf("Next after %v returned %v", err, again)
		}
		return items, err
	}
	t.Fatal("no end after 1<<20 items")
	return nil, nil
}

func kindOf(err error) string {
	switch {
	case errors.Is(err, ErrInvalidRecord):
		return "invalid"
	case errors.Is(err, ErrTruncated):
		return "truncated"
	}
	return err.Error()
}

// chunkReader returns its data in reads of the sizes in sizes (cycled, each 1 or more).
type chunkReader struct {
	data  []byte
	sizes []int
	i     int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := 1
	if len(c.sizes) > 0 {
		n = max(1, c.sizes[c.i%len(c.sizes)])
		c.i++
	}
	n = min(n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// failingReader returns data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// cycleReader returns data over and over, forever, without allocating.
type cycleReader struct {
	data []byte
	off  int
}

func (c *cycleReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m := copy(p[n:], c.data[c.off:])
		n += m
		c.off = (c.off + m) % len(c.data)
	}
	return n, nil
}

// show prints events for a failure message.
func show(events []Event) string {
	s := "["
	for i, e := range events {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("{%q %q id=%q retry=%v/%v}", e.Type, e.Data, e.ID, e.Retry, e.HasRetry)
	}
	return s + "]"
}
