package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gofeign/feign/runtime"
)

// A result larger than the limit ends the call, without a retry and without
// downloading the rest; a method that returns more declares its own limit, as
// //feign:options maxResponse=64MiB does in its Endpoint.
func ExampleWithMaxResponseBytes() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, strings.Repeat("x", 4<<10))
	}))
	defer srv.Close()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()

	client, err := runtime.New(srv.URL,
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithMaxResponseBytes(1<<10))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "Files#Get", Method: http.MethodGet}).Bytes()
	fmt.Println(errors.Is(err, runtime.ErrResponseTooLarge), err)

	raised := &runtime.Endpoint{MethodKey: "Files#Export", Method: http.MethodGet, MaxResponseBytes: 64 << 20}
	b, err := client.NewCall(context.Background(), raised).Bytes()
	fmt.Println(len(b), err)
	// Output:
	// true Files#Get: feign: response too large: the body is over the limit of 1024 bytes (1 KiB)
	// 4096 <nil>
}
