package stream

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func ev(data, id string) Event { return Event{Type: "message", Data: []byte(data), ID: id} }

func TestSSE(t *testing.T) {
	errX := errors.New("connection reset")
	tests := []struct {
		name   string
		input  string
		want   []Event
		end    string // "eof", "truncated"
		lastID string
	}{
		{
			name:  "stock ticker: data lines are joined with LF",
			input: "data: YHOO\ndata: +2\ndata: 10\n\n",
			want:  []Event{ev("YHOO\n+2\n10", "")},
			end:   "eof",
		},
		{
			name:   "comment, ids, an empty id resets it, one leading space removed",
			input:  ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
			want:   []Event{ev("first event", "1"), ev("second event", ""), ev(" third event", "")},
			end:    "eof",
			lastID: "",
		},
		{
			name:  "empty data lines dispatch; the last block without a blank line is discarded",
			input: "data\n\ndata\ndata\n\ndata:",
			want:  []Event{ev("", ""), ev("\n", "")},
			end:   "truncated",
		},
		{
			name:  "data:test and data: test are the same",
			input: "data:test\n\ndata: test\n\n",
			want:  []Event{ev("test", ""), ev("test", "")},
			end:   "eof",
		},
		{
			name:  "a leading BOM is dropped",
			input: "\xEF\xBB\xBFdata: a\n\n",
			want:  []Event{ev("a", "")},
			end:   "eof",
		},
		{
			name:  "only one BOM is dropped: a second one makes the field name unknown",
			input: "\xEF\xBB\xBF\xEF\xBB\xBFdata:1\n\ndata:2\n\n",
			want:  []Event{ev("2", "")},
			end:   "eof",
		},
		{
			name:  "a BOM later in the stream is data",
			input: "data: a\n\n\xEF\xBB\xBFdata: b\n\ndata: \xEF\xBB\xBFc\n\n",
			want:  []Event{ev("a", ""), ev("\uFEFFc", "")},
			end:   "eof",
		},
		{
			name:   "CR-only line endings",
			input:  "data: a\rdata: b\r\rid: 7\r\rdata: c\r\r",
			want:   []Event{ev("a\nb", ""), ev("c", "7")},
			end:    "eof",
			lastID: "7",
		},
		{
			name:  "CRLF and mixed line endings",
			input: "data: a\r\ndata: b\n\r\ndata: c\r\r\ndata: d\n\r",
			want:  []Event{ev("a\nb", ""), ev("c", ""), ev("d", "")},
			end:   "eof",
		},
		{
			name:  "LF CR is two line endings",
			input: "data: a\n\rdata: b\n\n",
			want:  []Event{ev("a", ""), ev("b", "")},
			end:   "eof",
		},
		{
			name:   "the last event ID persists across events",
			input:  "id: 5\ndata: a\n\ndata: b\n\nid: 6\ndata: c\n\n",
			want:   []Event{ev("a", "5"), ev("b", "5"), ev("c", "6")},
			end:    "eof",
			lastID: "6",
		},
		{
			name:   "an id containing NUL is ignored",
			input:  "id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n",
			want:   []Event{ev("a", "1"), ev("b", "1")},
			end:    "eof",
			lastID: "1",
		},
		{
			name:   "an id takes effect at the blank line, even with no data",
			input:  "data: a\n\nid: 9\n\n",
			want:   []Event{ev("a", "")},
			end:    "eof",
			lastID: "9",
		},
		{
			name:   "an id of a block the stream cut short never takes effect",
			input:  "id: 1\ndata: a\n\nid: 2\ndata: b\n",
			want:   []Event{ev("a", "1")},
			end:    "truncated",
			lastID: "1",
		},
		{
			name:  "event names the type; an empty one is message; it does not persist",
			input: "event: add\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent: a\nevent: b\ndata: 4\n\n",
			want: []Event{
				{Type: "add", Data: []byte("1")}, ev("2", ""), ev("3", ""), {Type: "b", Data: []byte("4")},
			},
			end: "eof",
		},
		{
			name:  "an event type with no data dispatches nothing and does not leak into the next",
			input: "event: x\n\ndata: 1\n\n",
			want:  []Event{ev("1", "")},
			end:   "eof",
		},
		{
			name:  "unknown and misspelt fields are ignored; the value splits at the first colon",
			input: "foo: bar\nData: x\ndata :y\ndata:a:b\ndata:\tc\n\n",
			want:  []Event{ev("a:b\n\tc", "")},
			end:   "eof",
		},
		{
			name:  "comments and blank lines only",
			input: ":ping\n\n: ping\r\n\r\r\n:",
			end:   "eof",
		},
		{
			name:  "an unterminated comment at the end is no event",
			input: "data: a\n\n: keep-alive",
			want:  []Event{ev("a", "")},
			end:   "eof",
		},
		{
			name:  "an unterminated field line at the end truncates",
			input: "data: a\n\ndata: b",
			want:  []Event{ev("a", "")},
			end:   "truncated",
		},
		{
			name:  "a field line without a blank line truncates",
			input: "data: a\n\ndata: b\n",
			want:  []Event{ev("a", "")},
			end:   "truncated",
		},
		{
			name:  "a retry field alone, unterminated, truncates",
			input: "retry: 10\n",
			end:   "truncated",
		},
		{
			name:  "invalid UTF-8 is replaced as the WHATWG decoder does",
			input: "data: a\xffb\xE2\x82c\xF0\x9F\x98\n\nevent: \xC0\xAF\ndata: \xED\xA0\x80\n\n",
			want:  []Event{ev("a\uFFFDb\uFFFDc\uFFFD", ""), {Type: "\uFFFD\uFFFD", Data: []byte("\uFFFD\uFFFD\uFFFD")}},
			end:   "eof",
		},
		{
			name:  "empty stream",
			input: "",
			end:   "eof",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, reader := range []struct {
				name string
				r    func() io.Reader
			}{
				{"whole", func() io.Reader { return strings.NewReader(tt.input) }},
				{"one byte", func() io.Reader { return iotest.OneByteReader(strings.NewReader(tt.input)) }},
				{"data with EOF", func() io.Reader { return iotest.DataErrReader(strings.NewReader(tt.input)) }},
			} {
				sr := NewSSEReader(reader.r(), Limits{})
				var got []Event
				var err error
				for {
					var e Event
					if e, err = sr.Next(); err != nil {
						break
					}
					got = append(got, e)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("%s: events\n got %s\nwant %s", reader.name, show(got), show(tt.want))
				}
				switch tt.end {
				case "eof":
					if err != io.EOF {
						t.Errorf("%s: end = %v, want io.EOF", reader.name, err)
					}
				case "truncated":
					if !errors.Is(err, ErrTruncated) || !errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
						t.Errorf("%s: end = %v, want ErrTruncated", reader.name, err)
					}
				}
				if sr.LastEventID() != tt.lastID {
					t.Errorf("%s: LastEventID = %q, want %q", reader.name, sr.LastEventID(), tt.lastID)
				}
				if _, again := sr.Next(); again != err {
					t.Errorf("%s: Next after %v = %v", reader.name, err, again)
				}
			}
		})
	}
	_ = errX
}

func TestSSERetry(t *testing.T) {
	input := "retry: 1500\ndata: x\n\nretry: 12a\ndata: y\n\nretry\n\nretry: -5\n\nretry:  7\n\n" +
		"retry: 200\n\ndata: z\n\nretry: 99999999999999999999999\ndata: w\n\nretry: 0\ndata: v\n\n"
	got, err := readSSE(t, strings.NewReader(input), Limits{})
	if err != io.EOF {
		t.Fatalf("end = %v, want io.EOF", err)
	}
	want := []Event{
		{Type: "message", Data: []byte("x"), Retry: 1500 * time.Millisecond, HasRetry: true},
		ev("y", ""),
		{Type: "message", Data: []byte("z"), Retry: 200 * time.Millisecond, HasRetry: true},
		{Type: "message", Data: []byte("w"), Retry: time.Duration(1<<63 - 1), HasRetry: true},
		{Type: "message", Data: []byte("v"), Retry: 0, HasRetry: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events\n got %+v\nwant %+v", got, want)
	}
}

func TestSSERetryAccessor(t *testing.T) {
	sr := NewSSEReader(strings.NewReader("data: a\n\nretry: 3000\n\nretry: x\n\n"), Limits{})
	if d, ok := sr.Retry(); d != 0 || ok {
		t.Fatalf("Retry before any field = %v, %v", d, ok)
	}
	if _, err := sr.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := sr.Next(); err != io.EOF {
		t.Fatalf("Next = %v, want io.EOF", err)
	}
	if d, ok := sr.Retry(); d != 3*time.Second || !ok {
		t.Fatalf("Retry = %v, %v; want 3s, true", d, ok)
	}
}

func TestSSEReadError(t *testing.T) {
	errReset := errors.New("connection reset by peer")
	for _, input := range []string{"data: a\n\n", "data: a\n\ndata: b\n", "data: a\n\ndata: b", "data: a\n\n:x"} {
		got, err := readSSE(t, &failingReader{data: []byte(input), err: errReset}, Limits{})
		if !reflect.DeepEqual(got, []Event{ev("a", "")}) {
			t.Errorf("%q: events %s", input, show(got))
		}
		if !errors.Is(err, errReset) || errors.Is(err, ErrTruncated) || err == io.EOF {
			t.Errorf("%q: end = %v, want the read error", input, err)
		}
	}
}

func TestSSETooLarge(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Event
	}{
		{"one line past the limit", "data: 0123456789\n\ndata: 0123456789a\n\n", []Event{ev("0123456789", "")}},
		{"a line past the limit spanning reads", "data: 0123456789\n\n" + "data:" + strings.Repeat("x", 5000) + "\n\n", []Event{ev("0123456789", "")}},
		{"data lines adding up past the limit", "data: 01234\ndata: 01234\n\ndata: 0123456789\ndata: 012345\n\n", []Event{ev("01234\n01234", "")}},
		{"an unknown field past the limit", "data: a\n\nx: 0123456789abcdef\n\n", []Event{ev("a", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSSE(t, strings.NewReader(tt.input), Limits{MaxEventBytes: 16})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("events %s, want %s", show(got), show(tt.want))
			}
			var tooLarge *TooLargeError
			if !errors.Is(err, ErrEventTooLarge) || !errors.As(err, &tooLarge) || tooLarge.Limit != 16 {
				t.Fatalf("end = %v, want a *TooLargeError with Limit 16", err)
			}
			if want := "stream: server-sent events: an item is larger than the limit of 16 bytes"; err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
		})
	}
	// Exactly at the limit is fine: a line of 16 bytes and 16 bytes of data.
	got, err := readSSE(t, strings.NewReader("data:0123456789a\n\ndata:01234567\ndata:0123456\n\n"), Limits{MaxEventBytes: 16})
	if want := []Event{ev("0123456789a", ""), ev("01234567\n0123456", "")}; !reflect.DeepEqual(got, want) || err != io.EOF {
		t.Errorf("at the limit: %s, %v; want %s, io.EOF", show(got), err, show(want))
	}
}

// A keep-alive comment costs nothing however long the stream goes on, and a comment of
// any length is skipped without being held.
func TestSSECommentsAreNotHeld(t *testing.T) {
	input := "\xEF\xBB\xBF:" + strings.Repeat("x", 1<<20) + "\n" + strings.Repeat(": ping\n", 100000) + ":" + strings.Repeat("x", 1<<20) + "\n" +
		strings.Repeat("\n", 10000) + "data: x\n\n"
	sr := NewSSEReader(strings.NewReader(input), Limits{MaxEventBytes: 64})
	e, err := sr.Next()
	if err != nil || string(e.Data) != "x" {
		t.Fatalf("Next = %q, %v", e.Data, err)
	}
	if c := cap(sr.lines.acc); c > 64 {
		t.Errorf("the line buffer grew to %d bytes, past the limit of 64", c)
	}
}

// An event is dispatched at its blank line without reading on: a live stream that sent
// an event and waits delivers it now, whatever its line endings.
func TestSSEDispatchesWithoutReadingAhead(t *testing.T) {
	for _, input := range []string{"data: a\n\n", "data: a\r\r", "data: a\r\n\r\n", "data: a\r\n\r"} {
		r := &stallReader{t: t, data: []byte(input)}
		sr := NewSSEReader(iotest.OneByteReader(r), Limits{})
		e, err := sr.Next()
		if err != nil || string(e.Data) != "a" {
			t.Errorf("%q: Next = %q, %v", input, e.Data, err)
		}
	}
}

// stallReader returns data, then fails the test if read again: a live stream that has
// nothing more to send yet.
type stallReader struct {
	t    *testing.T
	data []byte
}

func (s *stallReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		s.t.Error("read past the end of the event: a live stream would block here")
		return 0, io.EOF
	}
	n := copy(p, s.data)
	s.data = s.data[n:]
	return n, nil
}

func TestSSEReset(t *testing.T) {
	sr := NewSSEReader(strings.NewReader("retry: 500\nid: 41\ndata: a\n\nid: 42\ndata: b\n"), Limits{})
	if _, err := sr.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := sr.Next(); !errors.Is(err, ErrTruncated) {
		t.Fatalf("Next = %v, want ErrTruncated", err)
	}
	if sr.LastEventID() != "41" {
		t.Fatalf("LastEventID = %q, want 41", sr.LastEventID())
	}
	// The new connection starts with a BOM (dropped again), and its first event names no id.
	sr.Reset(strings.NewReader("\xEF\xBB\xBFdata: c\n\n"))
	e, err := sr.Next()
	if want := ev("c", "41"); err != nil || !reflect.DeepEqual(e, want) {
		t.Fatalf("after Reset: %+v, %v; want %+v", e, err, want)
	}
	if d, ok := sr.Retry(); d != 500*time.Millisecond || !ok {
		t.Errorf("Retry after Reset = %v, %v", d, ok)
	}
	if _, err := sr.Next(); err != io.EOF {
		t.Errorf("end = %v, want io.EOF", err)
	}
}

func TestSSEAllocations(t *testing.T) {
	for _, input := range []string{
		"id: 1\nevent: update\ndata: {\"n\":1}\n\n",
		": ping\n: ping\n\n\r\n" + strings.Repeat(": keep-alive\n", 50) + "data: x\r\n\r\n",
		"data: " + strings.Repeat("long ", 2000) + "\n\n", // spans reads of the buffer
	} {
		sr := NewSSEReader(&cycleReader{data: []byte(input)}, Limits{})
		for range 10 { // warm the buffers up
			if _, err := sr.Next(); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := sr.Next(); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 1 {
			t.Errorf("%.20q…: %v allocations per event, want 1 (its Data)", input, allocs)
		}
	}
}

// Replacing invalid UTF-8 turns a byte into three: the limit holds for what is returned.
func TestSSETooLargeAfterReplacingInvalidUTF8(t *testing.T) {
	for _, input := range []string{"data:\xff\xff\xff\xff\xff\xff\n\n", "event:\xff\xff\xff\xff\xff\xff\ndata\n\n", "id:\xff\xff\xff\xff\xff\xff\n\n"} {
		got, err := readSSE(t, strings.NewReader("data: a\n\n"+input), Limits{MaxEventBytes: 16})
		if !reflect.DeepEqual(got, []Event{ev("a", "")}) || !errors.Is(err, ErrEventTooLarge) {
			t.Errorf("%q: %s, %v; want one event and ErrEventTooLarge", input, show(got), err)
		}
	}
}
