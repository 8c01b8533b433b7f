package stream

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestJSONSeq(t *testing.T) {
	const RS = "\x1e"
	tests := []struct {
		name  string
		input string
		want  []string // "!truncated" and "!invalid" stand for a bad record reported
	}{
		{"records", RS + `{"a":1}` + "\n" + RS + "[2]\n" + RS + "\"x\"\n", []string{`{"a":1}`, "[2]", `"x"`}},
		{"scalars followed by LF", RS + "1\n" + RS + "true\n" + RS + "null\n" + RS + "-2.5e3\n", []string{"1", "true", "null", "-2.5e3"}},
		{"a text spanning lines", RS + "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n", []string{"{\n  \"a\": [\n    1,\n    2\n  ]\n}"}},
		{"LF inside strings and escapes", RS + `{"a":"}\"\\"}` + "\n", []string{`{"a":"}\"\\"}`}},
		{"whitespace around a text", RS + " \t{\"a\":1} \r\n", []string{`{"a":1}`}},
		{"several RS in a row; whitespace between records", RS + RS + RS + "1\n\n \n" + RS + "2\n", []string{"1", "2"}},
		{"an object without its LF before the next RS is complete", RS + `{"a":1}` + RS + "2\n", []string{`{"a":1}`, "2"}},
		{"a number without its LF may be cut short", RS + "123" + RS + "2\n", []string{"!truncated", "2"}},
		{"true without its LF may be cut short", RS + "true" + RS + "2\n", []string{"!truncated", "2"}},
		{"a number followed by whitespace, not LF, is complete", RS + "123 " + RS + "2\n", []string{"123", "2"}},
		{"an object cut short by the next RS", RS + `{"a":` + RS + "2\n", []string{"!truncated", "2"}},
		{"a string cut short by the next RS", RS + `"abc` + RS + "2\n", []string{"!truncated", "2"}},
		{"an object cut short by the end", RS + "1\n" + RS + `{"a":[1,`, []string{"1", "!truncated"}},
		{"a number cut short by the end", RS + "1\n" + RS + "12", []string{"1", "!truncated"}},
		{"an object without its LF at the end is complete", RS + "1\n" + RS + `{"a":1}`, []string{"1", `{"a":1}`}},
		{"an invalid text is skipped", RS + "{\"a\" 1}\n" + RS + "2\n", []string{"!invalid", "2"}},
		{"an invalid text is skipped up to the next RS", RS + "tru\nmore\n{\n" + RS + "2\n", []string{"!invalid", "2"}},
		{"two texts in one record", RS + "1 2\n" + RS + "3\n", []string{"!invalid", "3"}},
		{"a stray closing bracket", RS + "]\n" + RS + "3\n", []string{"!invalid", "3"}},
		{"bytes before the first RS", "junk\n" + RS + "1\n", []string{"!invalid", "1"}},
		{"bytes between records", RS + "1\n" + "junk" + RS + "2\n", []string{"1", "!invalid", "2"}},
		{"a raw LF in a string", RS + "\"a\nb\"\n" + RS + "2\n", []string{"!invalid", "2"}},
		{"whitespace-only records are skipped", RS + " \n" + RS + "\n" + RS, nil},
		{"empty", "", nil},
		{"invalid UTF-8 is left to the decoder", RS + "\"\xff\"\n" + RS + "1\n", []string{"\"\xff\"", "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{
				strings.NewReader(tt.input),
				iotest.OneByteReader(strings.NewReader(tt.input)),
				iotest.DataErrReader(strings.NewReader(tt.input)),
			} {
				got, err := readItems(t, NewJSONSeqReader(r, Limits{}).Next)
				if !reflect.DeepEqual(got, tt.want) || err != io.EOF {
					t.Errorf("%T: got %q, %v; want %q, io.EOF", r, got, err, tt.want)
				}
			}
		})
	}
}

func TestJSONSeqErrors(t *testing.T) {
	r := NewJSONSeqReader(strings.NewReader("\x1e1\n\x1e{\"a\":\x1e2\n\x1e{]\n"), Limits{})
	var msgs []string
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	want := []string{
		"stream: JSON text sequence: record 2 is truncated",
		"stream: JSON text sequence: record 4 is not a JSON text",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("errors\n got %q\nwant %q", msgs, want)
	}
}

// A record that is not yet complete at a LF (an object spanning lines) does not hold
// back a record that is: each is returned once its LF arrives.
func TestJSONSeqDeliversAtLF(t *testing.T) {
	for _, input := range []string{"\x1e{\"a\":1}\n", "\x1e{\n\"a\":\n1}\n", "\x1e7\r\n"} {
		r := NewJSONSeqReader(iotest.OneByteReader(&stallReader{t: t, data: []byte(input)}), Limits{})
		if b, err := r.Next(); err != nil || len(b) == 0 {
			t.Errorf("%q: Next = %q, %v", input, b, err)
		}
	}
}

func TestJSONSeqReadError(t *testing.T) {
	errReset := errors.New("connection reset by peer")
	for _, input := range []string{"\x1e1\n", "\x1e1\n\x1e{\"a\":", "\x1e1\n\x1e", "\x1e1\njunk"} {
		got, err := readItems(t, NewJSONSeqReader(&failingReader{data: []byte(input), err: errReset}, Limits{}).Next)
		if !reflect.DeepEqual(got, []string{"1"}) && !reflect.DeepEqual(got, []string{"1", "!invalid"}) || !errors.Is(err, errReset) || errors.Is(err, ErrTruncated) {
			t.Errorf("%q: got %q, %v; want [1] and the read error", input, got, err)
		}
	}
}

func TestJSONSeqTooLarge(t *testing.T) {
	for _, input := range []string{
		"\x1e\"0123456789abcd\"\n\x1e\"0123456789abcde\"\n",
		"\x1e\"0123456789abcd\"\n\x1e[" + strings.Repeat("1,", 5000) + "1]\n",
		"\x1e\"0123456789abcd\"\n\x1e\"0123456789abcde\"\x1e",
		"\x1e\"0123456789abcd\"\n\x1e\"0123456789abcde\"",
	} {
		for _, r := range []io.Reader{strings.NewReader(input), iotest.OneByteReader(strings.NewReader(input))} {
			got, err := readItems(t, NewJSONSeqReader(r, Limits{MaxEventBytes: 16}).Next)
			var tooLarge *TooLargeError
			if !reflect.DeepEqual(got, []string{`"0123456789abcd"`}) || !errors.As(err, &tooLarge) || tooLarge.Limit != 16 {
				t.Errorf("%.30q: got %q, %v; want one record and a *TooLargeError", input, got, err)
			}
		}
	}
}

func TestJSONSeqSkippedBytesAreNotHeld(t *testing.T) {
	input := strings.Repeat(" \n", 1<<19) + "junk" + strings.Repeat("x", 1<<20) + "\x1e1\n"
	r := NewJSONSeqReader(strings.NewReader(input), Limits{MaxEventBytes: 8})
	if _, err := r.Next(); !errors.Is(err, ErrInvalidRecord) {
		t.Fatalf("Next = %v, want ErrInvalidRecord", err)
	}
	if b, err := r.Next(); string(b) != "1" || err != nil {
		t.Fatalf("Next = %q, %v", b, err)
	}
	if c := cap(r.rec); c > 8 {
		t.Errorf("the record buffer grew to %d bytes", c)
	}
}

func TestJSONSeqAllocations(t *testing.T) {
	for _, input := range []string{"\x1e{\"id\":1,\"name\":\"x\"}\n", "\x1e\x1e  [1,\n2,3]\r\n", "\x1e\"" + strings.Repeat("long ", 2000) + "\"\n"} {
		r := NewJSONSeqReader(&cycleReader{data: []byte(input)}, Limits{})
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
			t.Errorf("%.20q…: %v allocations per record, want 1 (the record)", input, allocs)
		}
	}
}
