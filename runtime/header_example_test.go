package runtime_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gofeign/feign/runtime"
)

// A Client-wide header goes on every call; CallOptions in a context reach every call
// made with it, whether or not its method declares ...runtime.CallOption.
func ExampleWithHeader() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Header.Get("X-Api-Key"), r.Header.Values("X-Tenant"))
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL, runtime.WithHeader("x-api-key", "k-123"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := runtime.ContextWithCallOptions(context.Background(), runtime.CallHeader("X-Tenant", "acme"))
	ping := &runtime.Endpoint{MethodKey: "API#Ping", Method: http.MethodGet}

	if err := client.NewCall(context.Background(), ping).Do(); err != nil {
		fmt.Println(err)
	}
	if err := client.NewCall(ctx, ping).Do(); err != nil {
		fmt.Println(err)
	}
	if err := client.NewCall(ctx, ping, runtime.CallHeader("X-Tenant", "other")).Do(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// k-123 []
	// k-123 [acme]
	// k-123 [acme other]
}
