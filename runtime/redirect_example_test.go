package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gofeign/feign/runtime"
)

// A redirect to another origin (here another port of the same host, which net/http
// treats as the same) never takes the caller's credentials along; a redirect loop ends
// the call after 10 hops, without a retry.
func ExampleWithRedirectBodies() {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Printf("other origin: Authorization %q, X-Api-Key %q, Accept %q\n",
			r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"), r.Header.Get("Accept"))
	}))
	defer other.Close()
	hops := 0
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, other.URL+"/here", http.StatusTemporaryRedirect)
		default:
			hops++
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer origin.Close()

	// WithRedirectBodies would let a 307 or 308 resend a POST's body to the other
	// origin; a GET has none to send.
	client, err := runtime.New(origin.URL, runtime.WithRedirectBodies())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.CloseIdleConnections()
	endpoint := &runtime.Endpoint{MethodKey: "API#Get", Method: http.MethodGet}

	call := client.NewCall(context.Background(), endpoint)
	call.Path("/moved")
	call.Header("Accept", "application/json")
	call.Header("Authorization", "Bearer s3cret")
	call.Header("X-Api-Key", "k3y")
	fmt.Println("moved:", call.Do())

	call = client.NewCall(context.Background(), endpoint)
	call.Path("/loop")
	err = call.Do()
	fmt.Println("loop:", errors.Is(err, runtime.ErrTooManyRedirects), "after", hops, "requests")
	// Output:
	// other origin: Authorization "", X-Api-Key "", Accept "application/json"
	// moved: <nil>
	// loop: true after 10 requests
}
