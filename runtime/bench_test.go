package runtime_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gofeign/feign/runtime"
)

// okTransport answers every request in memory with a small JSON body.
type okTransport struct{}

func (okTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{},
		Body:          io.NopCloser(strings.NewReader(`{"attempt":1}`)),
		ContentLength: 13,
		Request:       r,
	}, nil
}

// BenchmarkRawNetHTTP is the baseline: what a hand-written net/http call costs.
func BenchmarkRawNetHTTP(b *testing.B) {
	hc := &http.Client{Transport: okTransport{}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://api.test/repos/golang/go?page=2", nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func BenchmarkCallDo(b *testing.B) {
	benchmarkCallDo(b)
}

// BenchmarkCallDoHedged is BenchmarkCallDo with a hedge that never fires: what hedging
// costs a call that answers in time.
func BenchmarkCallDoHedged(b *testing.B) {
	benchmarkCallDo(b, runtime.WithHedging(runtime.Hedging{Delay: time.Hour}))
}

func benchmarkCallDo(b *testing.B, opts ...runtime.Option) {
	client, err := runtime.New("http://api.test",
		append([]runtime.Option{runtime.WithHTTPClient(&http.Client{Transport: okTransport{}})}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	e := &runtime.Endpoint{MethodKey: "GitHub#Repo", Method: http.MethodGet}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var call runtime.Call // as generated code holds it: on the stack
		client.InitCall(&call, ctx, e)
		call.Path("/repos/")
		call.PathSegment("owner", "golang")
		call.Path("/")
		call.PathSegment("repo", "go")
		call.Query("page", "2")
		if err := call.Do(); err != nil {
			b.Fatal(err)
		}
	}
}
