package stream_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gofeign/feign/stream"
)

func ExampleSSEReader() {
	body := strings.NewReader(": a comment, ignored\n" +
		"retry: 5000\n" +
		"event: update\n" +
		"id: 41\n" +
		"data: {\"price\": 101}\n" +
		"\n" +
		"data: two\n" +
		"data: lines\n" +
		"\n")
	r := stream.NewSSEReader(body, stream.Limits{})
	for {
		ev, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("%s id=%s data=%q\n", ev.Type, ev.ID, ev.Data)
	}
	retry, _ := r.Retry()
	fmt.Println("last event ID:", r.LastEventID(), "retry:", retry)
	// Output:
	// update id=41 data="{\"price\": 101}"
	// message id=41 data="two\nlines"
	// last event ID: 41 retry: 5s
}

// Several LLM APIs end their streams with a "data: [DONE]" event; the caller stops there.
func ExampleSSEReader_endMarker() {
	body := strings.NewReader("data: {\"delta\":\"Hel\"}\n\n" +
		": keep-alive\n\n" +
		"data: {\"delta\":\"lo\"}\n\n" +
		"data: [DONE]\n\n")
	r := stream.NewSSEReader(body, stream.Limits{})
	var text strings.Builder
	for {
		ev, err := r.Next()
		if err != nil {
			fmt.Println("error:", err) // io.EOF too: the stream ended before [DONE]
			return
		}
		if string(ev.Data) == "[DONE]" {
			break
		}
		var chunk struct{ Delta string }
		if err := json.Unmarshal(ev.Data, &chunk); err != nil {
			fmt.Println("error:", err)
			return
		}
		text.WriteString(chunk.Delta)
	}
	fmt.Println(text.String())
	// Output:
	// Hello
}

// A stream cut off in the middle of an event is not a clean end: the client reconnects,
// sending the last event ID, and reads the new body with the same reader.
func ExampleSSEReader_Reset() {
	r := stream.NewSSEReader(strings.NewReader("id: 1\ndata: first\n\nid: 2\ndata: sec"), stream.Limits{})
	for {
		ev, err := r.Next()
		if errors.Is(err, stream.ErrTruncated) {
			fmt.Println("broken; reconnect with Last-Event-ID:", r.LastEventID())
			break
		}
		fmt.Println(string(ev.Data))
	}
	r.Reset(strings.NewReader("id: 2\ndata: second\n\n"))
	ev, err := r.Next()
	fmt.Println(string(ev.Data), ev.ID, err)
	_, err = r.Next()
	fmt.Println(err)
	// Output:
	// first
	// broken; reconnect with Last-Event-ID: 1
	// second 2 <nil>
	// EOF
}

func ExampleJSONLinesReader() {
	body := strings.NewReader("{\"name\":\"ada\"}\n\n{\"name\":\"grace\"}\r\n")
	r := stream.NewJSONLinesReader(body, stream.Limits{})
	for {
		line, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		var user struct{ Name string }
		if err := json.Unmarshal(line, &user); err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(user.Name)
	}
	// Output:
	// ada
	// grace
}

// A JSON text sequence reports a bad record and goes on with the next.
func ExampleJSONSeqReader() {
	body := strings.NewReader("\x1e{\"n\":1}\n" +
		"\x1e{\"n\":\x1e" + // cut short by the next record
		"\x1e{\"n\":3}\n")
	r := stream.NewJSONSeqReader(body, stream.Limits{})
	for {
		record, err := r.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, stream.ErrTruncated) || errors.Is(err, stream.ErrInvalidRecord) {
			fmt.Println("skipped:", err)
			continue
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(string(record))
	}
	// Output:
	// {"n":1}
	// skipped: stream: JSON text sequence: record 2 is truncated
	// {"n":3}
}

func ExampleLimits() {
	r := stream.NewJSONLinesReader(strings.NewReader("[1,2,3]\n[1,2,3,4,5,6,7,8,9]\n"), stream.Limits{MaxEventBytes: 16})
	for {
		line, err := r.Next()
		if err != nil {
			var tooLarge *stream.TooLargeError
			fmt.Println(errors.Is(err, stream.ErrEventTooLarge), errors.As(err, &tooLarge), tooLarge.Limit)
			fmt.Println(err)
			break
		}
		fmt.Println(string(line))
	}
	// Output:
	// [1,2,3]
	// true true 16
	// stream: JSON lines: an item is larger than the limit of 16 bytes
}
