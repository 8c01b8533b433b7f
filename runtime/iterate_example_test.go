package runtime_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gofeign/feign/runtime"
)

// This is what a client generated for
//
//	//feign:requestLine POST /v1/completions
//	//feign:stream sse done=[DONE]
//	Complete(ctx context.Context, prompt Prompt) iter.Seq2[Chunk, error]
//
// does: each server-sent event's data is decoded into a Chunk, until data: [DONE].
func ExampleStream() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"delta\":\"Hello\"}\n\n")
		fmt.Fprint(w, ": keep-alive\n\n")
		fmt.Fprint(w, "data: {\"delta\":\", world\"}\n\n")
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	completeEndpoint := &runtime.Endpoint{MethodKey: "LLM#Complete", Method: http.MethodPost}
	completeStream := &runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}
	type Chunk struct {
		Delta string `json:"delta"`
	}

	call := client.NewCall(context.Background(), completeEndpoint)
	call.Path("/v1/completions")
	call.Header("Content-Type", "application/json")
	call.Body(map[string]any{"prompt": "Say hello", "stream": true})
	for chunk, err := range runtime.Stream[Chunk](call, completeStream) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q\n", chunk.Delta)
	}
	// Output:
	// "Hello"
	// ", world"
}

// StreamEvents gives each server-sent event with its ID and type.
func ExampleStreamEvents() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "retry: 2000\nid: 41\nevent: created\ndata: alpha\n\nid: 42\ndata: beta\n\n")
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	events := &runtime.Endpoint{MethodKey: "Feed#Events", Method: http.MethodGet}
	for ev, err := range runtime.StreamEvents[string](client.NewCall(context.Background(), events), &runtime.StreamSpec{Format: runtime.StreamSSE}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ev.ID, ev.Event, ev.Retry, ev.Data)
	}
	// Output:
	// 41 created 2s alpha
	// 42 message 2s beta
}

// This is what a client generated for
//
//	//feign:requestLine GET /items?page=1
//	//feign:paginate link
//	List(ctx context.Context) iter.Seq2[string, error]
//
// does: it follows each page's Link rel="next" until a page has none; break would
// send no further request.
func ExamplePageItems() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch page := r.URL.Query().Get("page"); page {
		case "1":
			w.Header().Set("Link", `</items?page=2>; rel="next"`)
			fmt.Fprint(w, `["a","b"]`)
		case "2":
			fmt.Fprint(w, `["c"]`)
		}
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	list := &runtime.Endpoint{MethodKey: "Items#List", Method: http.MethodGet}
	call := client.NewCall(context.Background(), list)
	call.Path("/items")
	call.Query("page", "1")
	for item, err := range runtime.PageItems(call, runtime.Pager[[]string]{}, func(page *[]string) []string { return *page }) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(item)
	}
	// Output:
	// a
	// b
	// c
}

// A cursor page type: the next request sets ?after= to the page's Next, until it is
// empty.
func ExamplePages() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Total", "3")
		switch r.URL.Query().Get("after") {
		case "":
			fmt.Fprint(w, `{"items":[1,2],"next":"c2"}`)
		case "c2":
			fmt.Fprint(w, `{"items":[3],"next":""}`)
		}
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	type Page struct {
		Items []int  `json:"items"`
		Next  string `json:"next"`
	}
	search := &runtime.Endpoint{MethodKey: "Items#Search", Method: http.MethodGet}
	call := client.NewCall(context.Background(), search)
	call.Path("/search")
	call.Query("q", "go")
	pager := runtime.Pager[Page]{Cursor: "after", Next: func(p *Page) string { return p.Next }}
	for page, err := range runtime.Pages(call, pager) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(page.StatusCode, page.Header.Get("X-Total"), page.Value.Items)
	}
	// Output:
	// 200 3 [1 2]
	// 200 3 [3]
}
