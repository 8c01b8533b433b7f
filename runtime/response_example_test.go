package runtime_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gofeign/feign/runtime"
)

// This is what a client generated for
//
//	//feign:requestLine GET /items?page={page}
//	List(ctx context.Context, page int) (runtime.Response[[]string], error)
//
// does: the caller walks the pages by the Link header of each response.
func ExampleDecodeResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		if page == "1" {
			w.Header().Set("Link", `<?page=2>; rel="next"`)
		}
		fmt.Fprintf(w, `["item %s"]`, page)
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	listEndpoint := &runtime.Endpoint{MethodKey: "Items#List", Method: http.MethodGet}

	for page := "1"; page != ""; {
		call := client.NewCall(context.Background(), listEndpoint)
		call.Path("/items")
		call.Query("page", page)
		resp, err := runtime.DecodeResponse[[]string](call)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(resp.StatusCode, resp.Value)
		page = ""
		if next, ok := resp.Link("next"); ok {
			page = next.Query().Get("page")
		}
	}
	// Output:
	// 200 [item 1]
	// 200 [item 2]
}

func ExampleParseLinks() {
	h := http.Header{"Link": {`<https://api.example.com/items?page=2>; rel="next", <https://api.example.com/items?page=9>; rel="last"; title="last, at last"`}}
	for _, l := range runtime.ParseLinks(h) {
		fmt.Printf("%s %s %q\n", strings.Join(l.Rel, " "), l.Target, l.Params["title"])
	}
	// Output:
	// next https://api.example.com/items?page=2 ""
	// last https://api.example.com/items?page=9 "last, at last"
}
