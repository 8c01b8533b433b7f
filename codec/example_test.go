package codec_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gofeign/feign/codec"
)

func ExampleJSON_Encode() {
	h := http.Header{}
	body, err := codec.JSON{}.Encode(map[string]int{"answer": 42}, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(body))
	fmt.Println(h.Get("Content-Type"))
	// Output:
	// {"answer":42}
	// application/json
}

func ExampleJSON_Decode() {
	resp := &http.Response{
		StatusCode: http.StatusOK,
		Body:       io.NopCloser(strings.NewReader(`{"login":"octocat","contributions":7}`)),
	}
	var c struct {
		Login         string `json:"login"`
		Contributions int    `json:"contributions"`
	}
	if err := (codec.JSON{}).Decode(resp, &c); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s made %d contributions\n", c.Login, c.Contributions)
	// Output: octocat made 7 contributions
}

func ExampleText() {
	h := http.Header{"Content-Type": {"text/markdown"}}
	body, _ := codec.Text{}.Encode("# Title", h)
	fmt.Printf("%s (%s)\n", body, h.Get("Content-Type"))

	_, err := codec.Text{}.Encode(3.14, http.Header{})
	fmt.Println(err)
	// Output:
	// # Title (text/markdown)
	// codec.Text: cannot encode type float64
}

// Bytes sends and returns bodies as they are: a string or []byte parameter becomes the
// body, and a []byte result takes the response body whole.
func ExampleBytes() {
	h := http.Header{}
	body, err := codec.Bytes{}.Encode([]byte{0xca, 0xfe}, h)
	fmt.Printf("% x %s %v\n", body, h.Get("Content-Type"), err)

	resp := &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("raw"))}
	var got []byte
	err = codec.Bytes{}.Decode(resp, &got)
	fmt.Printf("%s %v\n", got, err)
	// Output:
	// ca fe application/octet-stream <nil>
	// raw <nil>
}

func ExampleForm_Encode() {
	type login struct {
		User     string `form:"user"`
		Password string `form:"password"`
		Remember bool   `form:"remember,omitempty"`
	}
	header := http.Header{}
	body, err := codec.Form{}.Encode(login{User: "ann", Password: "p&ss=word"}, header)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(header.Get("Content-Type"))
	fmt.Println(string(body))
	// Output:
	// application/x-www-form-urlencoded
	// password=p%26ss%3Dword&user=ann
}
