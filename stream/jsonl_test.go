package stream

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestJSONLines(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"LF", "{\"a\":1}\n[2]\n3\n", []string{`{"a":1}`, `[2]`, `3`}},
		{"CRLF", "{\"a\":1}\r\n\"x\"\r\n", []string{`{"a":1}`, `"x"`}},
		{"blank and whitespace lines are skipped", "\n\n1\n\r\n  \t\n2\n\n", []string{"1", "2"}},
		{"whitespace around a value is dropped", "  {\"a\": 1} \t\r\n", []string{`{"a": 1}`}},
		{"the last line may lack its LF", "1\n{\"b\":2}", []string{"1", `{"b":2}`}},
		{"a CR alone is not a line ending", "1\r2\n", []string{"1\r2"}},
		{"values are not parsed", "not json\n{\n", []string{"not json", "{"}},
		{"empty", "", nil},
		{"only blank lines", "\n\r\n\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{
				strings.NewReader(tt.input),
				iotest.OneByteReader(strings.NewReader(tt.input)),
				iotest.DataErrReader(strings.NewReader(tt.input)),
			} {
				got, err := readItems(t, NewJSONLinesReader(r, Limits{}).Next)
				if !reflect.DeepEqual(got, tt.want) || err != io.EOF {
					t.Errorf("%T: got %q, %v; want %q, io.EOF", r, got, err, tt.want)
				}
			}
		})
	}
}

func TestJSONLinesReadError(t *testing.T) {
	errReset := errors.New("connection reset by peer")
	for _, input := range []string{"1\n", "1\n{\"a\":", "1\n\n"} {
		got, err := readItems(t, NewJSONLinesReader(&failingReader{data: []byte(input), err: errReset}, Limits{}).Next)
		if !reflect.DeepEqual(got, []string{"1"}) || !errors.Is(err, errReset) {
			t.Errorf("%q: got %q, %v; want [1] and the read error", input, got, err)
		}
	}
}

func TestJSONLinesTooLarge(t *testing.T) {
	for _, input := range []string{
		"0123456789abcdef\n0123456789abcdefg\n",
		"0123456789abcdef\r\n" + strings.Repeat("x", 10000) + "\n",
		"0123456789abcdef\n0123456789abcdefg", // the last line, without its LF
		"0123456789abcdef\n0123456789abcdef\r\r\n",
	} {
		for _, r := range []io.Reader{strings.NewReader(input), iotest.OneByteReader(strings.NewReader(input))} {
			got, err := readItems(t, NewJSONLinesReader(r, Limits{MaxEventBytes: 16}).Next)
			var tooLarge *TooLargeError
			if !reflect.DeepEqual(got, []string{"0123456789abcdef"}) || !errors.As(err, &tooLarge) || tooLarge.Limit != 16 || !errors.Is(err, ErrEventTooLarge) {
				t.Errorf("%.30q: got %q, %v; want one line and a *TooLargeError", input, got, err)
			}
		}
	}
	// A CRLF ending right at the limit, split across reads, is not counted.
	input := strings.Repeat("x", 16) + "\r\n" + strings.Repeat("y", 16) + "\r\n"
	got, err := readItems(t, NewJSONLinesReader(iotest.OneByteReader(strings.NewReader(input)), Limits{MaxEventBytes: 16}).Next)
	if want := []string{strings.Repeat("x", 16), strings.Repeat("y", 16)}; !reflect.DeepEqual(got, want) || err != io.EOF {
		t.Errorf("at the limit: %q, %v", got, err)
	}
}

func TestJSONLinesBlankLinesAreNotHeld(t *testing.T) {
	input := strings.Repeat("\n", 1<<20) + "1\n"
	r := NewJSONLinesReader(strings.NewReader(input), Limits{MaxEventBytes: 8})
	if b, err := r.Next(); string(b) != "1" || err != nil {
		t.Fatalf("Next = %q, %v", b, err)
	}
	if c := cap(r.lines.acc); c > 8 {
		t.Errorf("the line buffer grew to %d bytes", c)
	}
}

func TestJSONLinesAllocations(t *testing.T) {
	for _, input := range []string{"{\"id\":1,\"name\":\"x\"}\n", "\n\r\n[1,2,3]\r\n", "\"" + strings.Repeat("long ", 2000) + "\"\n"} {
		r := NewJSONLinesReader(&cycleReader{data: []byte(input)}, Limits{})
		for range 10 {
			if _, err := r.Next(); err != nil {
				t.Fatal(err)
			}
		}
		if allocs := testing.AllocsPerRun(100, func() {
			if _, err := r.Next(); err != nil {
				t.Fatal(err)
			}
		}); allocs != 1 {
			t.Errorf("%.20q…: %v allocations per line, want 1 (the line)", input, allocs)
		}
	}
}
