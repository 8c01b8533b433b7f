package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fuzzers check four properties of each reader: it never panics; bytes written by an
// encoder (random items, varied line endings, comments and blank lines between them)
// read back as exactly those items; the same bytes split into reads of random sizes read
// the same; and what it holds stays within the limit.

// fuzzLimit is the small limit the fuzzers also run with, so that inputs pass it often.
const fuzzLimit = 64

func chunks(seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	sizes := make([]int, 1+rng.IntN(16))
	for i := range sizes {
		sizes[i] = 1 + rng.IntN(70)
	}
	return sizes
}

// sseResult is everything a reading of a stream tells.
type sseResult struct {
	Events   []Event
	End      string
	LastID   string
	Retry    time.Duration
	HasRetry bool
}

func endKind(err error) string {
	switch {
	case err == io.EOF:
		return "eof"
	case errors.Is(err, ErrEventTooLarge):
		return "too large"
	case errors.Is(err, ErrTruncated):
		return "truncated"
	}
	return "error: " + err.Error()
}

func runSSE(t *testing.T, r io.Reader, limits Limits) sseResult {
	sr := NewSSEReader(r, limits)
	var res sseResult
	for {
		ev, err := sr.Next()
		if err != nil {
			res.End = endKind(err)
			break
		}
		if len(ev.Data) > limits.maxEventBytes() {
			t.Fatalf("an event of %d bytes passed the limit of %d", len(ev.Data), limits.maxEventBytes())
		}
		res.Events = append(res.Events, ev)
		checkHeld(t, sr, limits.maxEventBytes())
	}
	checkHeld(t, sr, limits.maxEventBytes())
	res.LastID = sr.LastEventID()
	res.Retry, res.HasRetry = sr.Retry()
	return res
}

// checkHeld fails if a buffer of sr grew past what the limit allows (append may round
// a capacity up, never to twice the limit plus a size class).
func checkHeld(t *testing.T, sr *SSEReader, max int) {
	for name, c := range map[string]int{"line": cap(sr.lines.acc), "data": cap(sr.data), "type": cap(sr.typ)} {
		if c > 2*max+64 {
			t.Fatalf("the %s buffer holds %d bytes, past the limit of %d", name, c, max)
		}
	}
	if len(sr.idBuf) > max {
		t.Fatalf("an id of %d bytes passed the limit of %d", len(sr.idBuf), max)
	}
}

func FuzzSSE(f *testing.F) {
	for _, s := range []string{
		"data: YHOO\ndata: +2\ndata: 10\n\n",
		": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
		"data\n\ndata\ndata\n\ndata:",
		"data:test\n\ndata: test\n\n",
		"\xEF\xBB\xBFdata: a\r\rid: 7\r\n\r\nretry: 1000\nevent: e\ndata: b\n\n",
		"id: 1\x00\ndata: a\xff\n\n:ping\nretry: 12a\n\n",
	} {
		f.Add([]byte(s), uint64(len(s)))
	}
	f.Fuzz(func(t *testing.T, input []byte, seed uint64) {
		whole := runSSE(t, bytes.NewReader(input), Limits{})
		chunked := runSSE(t, &chunkReader{data: input, sizes: chunks(seed)}, Limits{})
		if !reflect.DeepEqual(whole, chunked) {
			t.Fatalf("read whole and in chunks %v, the results differ:\n%+v\n%+v", chunks(seed), whole, chunked)
		}
		if whole.End != "too large" {
			if want := refSSE(input); !reflect.DeepEqual(whole, want) {
				t.Fatalf("the reader and the reference differ:\n got %s %+v\nwant %s %+v", show(whole.Events), whole, show(want.Events), want)
			}
		}

		// With a small limit, the events before the error are those of the unlimited reading.
		small := runSSE(t, &chunkReader{data: input, sizes: chunks(seed)}, Limits{MaxEventBytes: fuzzLimit})
		if small.End != "too large" {
			if !reflect.DeepEqual(small, whole) {
				t.Fatalf("with a limit no event passed, the results differ:\n%+v\n%+v", small, whole)
			}
		} else if len(small.Events) > len(whole.Events) || (len(small.Events) > 0 && !reflect.DeepEqual(small.Events, whole.Events[:len(small.Events)])) {
			t.Fatalf("the events before the limit was passed differ:\n%s\n%s", show(small.Events), show(whole.Events))
		}

		// Round trip: random events, encoded, read back exactly.
		events, encoded := encodeSSE(rand.New(rand.NewPCG(seed, uint64(len(input)))))
		for _, r := range []io.Reader{bytes.NewReader(encoded), &chunkReader{data: encoded, sizes: chunks(seed)}} {
			got := runSSE(t, r, Limits{})
			if !reflect.DeepEqual(got.Events, events) || got.End != "eof" {
				t.Fatalf("round trip of %q:\n got %s %s\nwant %s", encoded, show(got.Events), got.End, show(events))
			}
		}
	})
}

// refSSE parses input as the WHATWG standard's steps describe, one step after another
// on the whole input: the reference the streaming reader must agree with.
func refSSE(input []byte) sseResult {
	s := strings.TrimPrefix(string(input), "\uFEFF")
	var res sseResult
	var data strings.Builder
	var hasData, pending, eventRetry bool
	var typ, idBuf string
	var retry time.Duration
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			break
		}
		line := s[:i]
		if strings.HasPrefix(s[i:], "\r\n") {
			s = s[i+2:]
		} else {
			s = s[i+1:]
		}
		if line == "" {
			res.LastID = idBuf
			if hasData {
				ev := Event{Type: "message", Data: []byte(decodeUTF8([]byte(data.String()))), ID: res.LastID}
				if typ != "" {
					ev.Type = decodeUTF8([]byte(typ))
				}
				if eventRetry {
					ev.Retry, ev.HasRetry = retry, true
				}
				eventRetry = false
				res.Events = append(res.Events, ev)
			}
			data.Reset()
			hasData, pending, typ = false, false, ""
			continue
		}
		if line[0] == ':' {
			continue
		}
		pending = true
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "event":
			typ = value
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			data.WriteString(value)
			hasData = true
		case "id":
			if !strings.Contains(value, "\x00") {
				idBuf = decodeUTF8([]byte(value))
			}
		case "retry":
			if value != "" && strings.Trim(value, "0123456789") == "" {
				ms := 0.0
				for _, c := range value {
					ms = ms*10 + float64(c-'0')
				}
				retry = time.Duration(math.MaxInt64)
				if ms*float64(time.Millisecond) < math.MaxInt64/2 {
					retry = time.Duration(ms) * time.Millisecond
				}
				res.Retry, res.HasRetry, eventRetry = retry, true, true
			}
		}
	}
	res.End = "eof"
	if pending || (s != "" && s[0] != ':') {
		res.End = "truncated"
	}
	return res
}

var runes = []rune{'a', 'b', ' ', ':', '\t', 'é', '世', '😀', '\x00', '\uFEFF', '0', '9'}

func randomText(rng *rand.Rand, n int, exclude string) string {
	var b strings.Builder
	for range rng.IntN(n + 1) {
		r := runes[rng.IntN(len(runes))]
		if !strings.ContainsRune(exclude, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// encodeSSE writes random events as a server might, with every line ending, optional
// spaces, comments, blank lines and unknown fields, and returns them as a reader must
// read them.
func encodeSSE(rng *rand.Rand) ([]Event, []byte) {
	var out bytes.Buffer
	prevCR := false // the last line ended in a lone CR: a blank line may not then end in LF
	line := func(s string) {
		endings := []string{"\n", "\r", "\r\n"}
		if s == "" && prevCR {
			endings = endings[1:]
		}
		e := endings[rng.IntN(len(endings))]
		out.WriteString(s)
		out.WriteString(e)
		prevCR = e == "\r"
	}
	field := func(name, value string) {
		switch {
		case value == "" && rng.IntN(2) == 0:
			line(name)
		case strings.HasPrefix(value, " ") || rng.IntN(2) == 0:
			line(name + ": " + value)
		default:
			line(name + ":" + value)
		}
	}
	if rng.IntN(4) == 0 {
		out.WriteString("\uFEFF")
	}
	var events []Event
	id := ""
	for range rng.IntN(8) {
		for range rng.IntN(3) {
			switch rng.IntN(3) {
			case 0:
				line(":" + randomText(rng, 10, "\x00"))
			case 1:
				line("")
			case 2:
				field("x-unknown", randomText(rng, 5, ""))
			}
		}
		ev := Event{Type: "message"}
		if rng.IntN(2) == 0 {
			typ := randomText(rng, 6, "\uFEFF")
			field("event", typ)
			if typ != "" {
				ev.Type = typ
			}
		}
		if rng.IntN(2) == 0 {
			id = randomText(rng, 6, "\x00")
			field("id", id)
		}
		ev.ID = id
		if rng.IntN(4) == 0 {
			ms := rng.IntN(100000)
			field("retry", strings.Repeat("0", rng.IntN(2))+strconv.Itoa(ms))
			ev.Retry, ev.HasRetry = time.Duration(ms)*time.Millisecond, true
		}
		n := 1 + rng.IntN(3)
		var data []string
		for range n {
			v := randomText(rng, 8, "")
			data = append(data, v)
			field("data", v)
			if rng.IntN(5) == 0 {
				line(":" + randomText(rng, 4, ""))
			}
		}
		ev.Data = []byte(strings.Join(data, "\n"))
		line("")
		events = append(events, ev)
	}
	return events, out.Bytes()
}

func FuzzJSONLines(f *testing.F) {
	for _, s := range []string{"{\"a\":1}\n[2]\r\n\n3", "\n\r\n  \n", "x\ry\n", "{\"a\":\n"} {
		f.Add([]byte(s), uint64(len(s)))
	}
	f.Fuzz(func(t *testing.T, input []byte, seed uint64) {
		whole := readAll(t, NewJSONLinesReader(bytes.NewReader(input), Limits{}).Next)
		chunked := readAll(t, NewJSONLinesReader(&chunkReader{data: input, sizes: chunks(seed)}, Limits{}).Next)
		if !reflect.DeepEqual(whole, chunked) {
			t.Fatalf("read whole and in chunks, the results differ:\n%q\n%q", whole, chunked)
		}
		if want := refJSONLines(input); !reflect.DeepEqual(whole, want) {
			t.Fatalf("the reader and the reference differ:\n got %q\nwant %q", whole, want)
		}
		r := NewJSONLinesReader(&chunkReader{data: input, sizes: chunks(seed)}, Limits{MaxEventBytes: fuzzLimit})
		small := readAll(t, func() ([]byte, error) {
			b, err := r.Next()
			if c := cap(r.lines.acc); c > 2*fuzzLimit+64 {
				t.Fatalf("the line buffer holds %d bytes, past the limit of %d", c, fuzzLimit)
			}
			return b, err
		})
		checkPrefix(t, small, whole)

		values, encoded := encodeJSON(rand.New(rand.NewPCG(seed, uint64(len(input)))), false, func(out *bytes.Buffer, rng *rand.Rand, v []byte) {
			for range rng.IntN(2) {
				out.WriteString([]string{"\n", "\r\n", " \t\n"}[rng.IntN(3)])
			}
			out.Write(v)
			out.WriteString([]string{"\n", "\r\n"}[rng.IntN(2)])
		})
		want := append(values, "eof")
		for _, r := range []io.Reader{bytes.NewReader(encoded), &chunkReader{data: encoded, sizes: chunks(seed)}} {
			if got := readAll(t, NewJSONLinesReader(r, Limits{}).Next); !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip of %q:\n got %q\nwant %q", encoded, got, want)
			}
		}
	})
}

// readAll reads every item, each bad record as "!kind", and the end as its kind.
func readAll(t *testing.T, next func() ([]byte, error)) []string {
	var got []string
	for range 1 << 20 {
		b, err := next()
		switch {
		case err == nil:
			got = append(got, string(b))
		case errors.Is(err, ErrInvalidRecord), errors.Is(err, ErrTruncated):
			got = append(got, "!"+kindOf(err))
		default:
			return append(got, endKind(err))
		}
	}
	t.Fatal("no end")
	return nil
}

// checkPrefix checks that a reading with a small limit gives the items of the unlimited
// one, up to where the limit was passed.
func checkPrefix(t *testing.T, small, whole []string) {
	if small[len(small)-1] != "too large" {
		if !reflect.DeepEqual(small, whole) {
			t.Fatalf("with a limit no item passed, the results differ:\n%q\n%q", small, whole)
		}
		return
	}
	small = small[:len(small)-1]
	if len(small) > len(whole) || (len(small) > 0 && !reflect.DeepEqual(small, whole[:len(small)])) {
		t.Fatalf("the items before the limit was passed differ:\n%q\n%q", small, whole)
	}
}

func refJSONLines(input []byte) []string {
	var got []string
	for _, line := range strings.Split(string(input), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line = strings.Trim(line, " \t\r\n"); line != "" {
			got = append(got, line)
		}
	}
	return append(got, "eof")
}

// encodeJSON writes random JSON values with write, some indented over several lines if
// multiline, and returns them as written.
func encodeJSON(rng *rand.Rand, multiline bool, write func(*bytes.Buffer, *rand.Rand, []byte)) ([]string, []byte) {
	var out bytes.Buffer
	var values []string
	for range rng.IntN(8) {
		b, _ := json.Marshal(randomValue(rng, 3))
		if multiline && rng.IntN(3) == 0 {
			var indented bytes.Buffer
			json.Indent(&indented, b, "", "  ")
			b = indented.Bytes()
		}
		values = append(values, string(b))
		write(&out, rng, b)
	}
	return values, out.Bytes()
}

func randomValue(rng *rand.Rand, depth int) any {
	n := rng.IntN(8)
	if depth == 0 {
		n %= 5
	}
	switch n {
	case 0:
		return nil
	case 1:
		return rng.IntN(2) == 0
	case 2:
		return rng.NormFloat64() * 1e6
	case 3:
		return rng.IntN(1000) - 500
	case 4:
		return randomText(rng, 6, "") + "\"\\\n}]\x1e"[rng.IntN(7):]
	case 5, 6:
		m := map[string]any{}
		for range rng.IntN(4) {
			m[randomText(rng, 4, "")] = randomValue(rng, depth-1)
		}
		return m
	}
	a := []any{}
	for range rng.IntN(4) {
		a = append(a, randomValue(rng, depth-1))
	}
	return a
}

func FuzzJSONSeq(f *testing.F) {
	for _, s := range []string{
		"\x1e{\"a\":1}\n\x1e[2]\n\x1e\"x\"\n",
		"\x1e123\x1e{\"a\":\x1e2\n\x1e{]\njunk\x1e",
		"\x1e{\n  \"a\": [\n    1\n  ]\n}\n\x1e\x1e 7 \x1e\"\\\"\"",
	} {
		f.Add([]byte(s), uint64(len(s)))
	}
	f.Fuzz(func(t *testing.T, input []byte, seed uint64) {
		whole := readAll(t, NewJSONSeqReader(bytes.NewReader(input), Limits{}).Next)
		chunked := readAll(t, NewJSONSeqReader(&chunkReader{data: input, sizes: chunks(seed)}, Limits{}).Next)
		if !reflect.DeepEqual(whole, chunked) {
			t.Fatalf("read whole and in chunks, the results differ:\n%q\n%q", whole, chunked)
		}
		if want := refJSONSeq(input); !reflect.DeepEqual(collapseBad(whole), want) {
			t.Fatalf("the reader and the reference differ:\n got %q\nwant %q", whole, want)
		}
		for _, item := range whole[:len(whole)-1] {
			if !strings.HasPrefix(item, "!") && !json.Valid([]byte(item)) {
				t.Fatalf("returned a record that is not JSON: %q", item)
			}
		}
		if rs := bytes.Count(input, []byte{rs}); len(whole)-1 > rs+bytes.Count(input, []byte("\n"))+1 {
			t.Fatalf("%d items from %d record separators", len(whole)-1, rs)
		}
		r := NewJSONSeqReader(&chunkReader{data: input, sizes: chunks(seed)}, Limits{MaxEventBytes: fuzzLimit})
		small := readAll(t, func() ([]byte, error) {
			b, err := r.Next()
			if c := cap(r.rec); c > 2*fuzzLimit+64 {
				t.Fatalf("the record buffer holds %d bytes, past the limit of %d", c, fuzzLimit)
			}
			return b, err
		})
		checkPrefix(t, small, whole)

		values, encoded := encodeJSON(rand.New(rand.NewPCG(seed, uint64(len(input)))), true, func(out *bytes.Buffer, rng *rand.Rand, v []byte) {
			out.WriteString([]string{"", "\n", " ", "\x1e"}[rng.IntN(4)])
			out.WriteByte(rs)
			out.WriteString([]string{"", " ", "\n"}[rng.IntN(3)])
			out.Write(v)
			out.WriteString([]string{"\n", "\r\n", " \n"}[rng.IntN(3)])
		})
		want := append(values, "eof")
		for _, r := range []io.Reader{bytes.NewReader(encoded), &chunkReader{data: encoded, sizes: chunks(seed)}} {
			if got := readAll(t, NewJSONSeqReader(r, Limits{}).Next); !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip of %q:\n got %q\nwant %q", encoded, got, want)
			}
		}
	})
}

// refJSONSeq reads input as JSONSeqReader must, but whole and with encoding/json's
// Decoder deciding where a text ends, instead of a structure scan: a record ends at the
// first LF where what precedes it (the LF included) is a complete text, or cannot become
// one. A bad record is "!bad": whether one cut short by the next RS is called truncated
// or invalid is a judgement this reference does not repeat.
func refJSONSeq(input []byte) []string {
	var got []string
	bad := func() { got = append(got, "!bad") }
	for len(input) > 0 {
		// Between records: whitespace, then an RS; anything else is bad up to the next RS.
		trimmed := bytes.TrimLeft(input, " \t\r\n")
		if len(trimmed) == 0 {
			break
		}
		if trimmed[0] != rs {
			bad()
			i := bytes.IndexByte(trimmed, rs)
			if i < 0 {
				break
			}
			trimmed = trimmed[i:]
		}
		input = trimmed[1:]
		end := bytes.IndexByte(input, rs)
		if end < 0 {
			end = len(input)
		}
		seg, next := input[:end], input[end:]
		input = next
		done := false
		for k := 0; k < len(seg); k++ {
			if seg[k] != '\n' {
				continue
			}
			t := seg[:k+1]
			if len(trimJSONSpace(t)) == 0 {
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(t))
			var raw json.RawMessage
			err := dec.Decode(&raw)
			if err == io.ErrUnexpectedEOF {
				continue
			}
			done = true
			if err != nil || len(trimJSONSpace(t[dec.InputOffset():])) > 0 {
				bad()
				break
			}
			got = append(got, string(trimJSONSpace(t)))
			// The rest of the segment stands between records.
			if len(trimJSONSpace(seg[k+1:])) > 0 {
				bad()
			}
			break
		}
		if done {
			continue
		}
		// No LF ended the record: it ends at the RS or the end of the input.
		text := trimJSONSpace(seg)
		if len(text) == 0 {
			continue
		}
		scalar := text[0] != '{' && text[0] != '[' && text[0] != '"'
		if !json.Valid(text) || (scalar && !isJSONSpace(seg[len(seg)-1])) {
			bad()
			continue
		}
		got = append(got, string(text))
	}
	return append(got, "eof")
}

func collapseBad(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		if s == "!invalid" || s == "!truncated" {
			s = "!bad"
		}
		out[i] = s
	}
	return out
}
