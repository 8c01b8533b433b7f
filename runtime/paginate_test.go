package runtime_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

type item struct {
	ID int `json:"id"`
}

// linkPages serves /items?page=N, N in 1..last, three items a page, each page linking
// to the next; the first attempt at page 2 fails with a 503.
func linkPages(t *testing.T, last int, next func(page int) string) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 2 && attempt == 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if page < last {
			w.Header().Add("Link", `</items?page=1>; rel="first", <`+next(page)+`>; rel="next"`)
		}
		fmt.Fprintf(w, `[{"id":%d},{"id":%d},{"id":%d}]`, 3*page-2, 3*page-1, 3*page)
	})
}

func itemsOf(p *[]item) []item { return *p }

func firstPage(f *fixture) *runtime.Call {
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/items")
	call.Query("page", "1")
	return call
}

func TestPageItemsFollowNextLinks(t *testing.T) {
	s := linkPages(t, 3, func(page int) string { return "/items?page=" + strconv.Itoa(page+1) })
	f := newFixture(t, s.URL)
	seq := runtime.PageItems(firstPage(f), runtime.Pager[[]item]{}, itemsOf)
	assert.Zero(t, s.hits.Load(), "nothing is sent before the loop starts")
	items, errs := collect(seq)
	assert.Empty(t, errs)
	assert.Equal(t, []item{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}}, items)
	var uris []string
	for _, a := range s.attempts() {
		uris = append(uris, a.RequestURI)
	}
	assert.Equal(t, []string{"/items?page=1", "/items?page=2", "/items?page=2", "/items?page=3"}, uris,
		"the 503 of page 2 is retried as one call's")
	assert.EqualValues(t, 4, f.sent.Load())
}

func TestPageItemsBreakSendsNoFurtherRequest(t *testing.T) {
	s := linkPages(t, 3, func(page int) string { return "/items?page=" + strconv.Itoa(page+1) })
	f := newFixture(t, s.URL)
	var got []item
	for it, err := range runtime.PageItems(firstPage(f), runtime.Pager[[]item]{}, itemsOf) {
		require.NoError(t, err)
		if got = append(got, it); len(got) == 2 {
			break
		}
	}
	assert.Equal(t, []item{{1}, {2}}, got)
	assert.EqualValues(t, 1, s.hits.Load())
}

func TestPagesRefuseANextLinkToAnotherOrigin(t *testing.T) {
	other := newServer(t, statuses(200))
	s := linkPages(t, 3, func(int) string { return other.URL + "/items?page=2" })
	f := newFixture(t, s.URL, runtime.WithHeader("Authorization", "Bearer secret"))
	var pages []runtime.Response[[]item]
	var errs []error
	for page, err := range runtime.Pages(firstPage(f), runtime.Pager[[]item]{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		pages = append(pages, page)
	}
	require.Len(t, pages, 1, "the page naming the bad link is yielded")
	assert.Equal(t, []item{{1}, {2}, {3}}, pages[0].Value)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], runtime.ErrCrossOriginLink)
	assert.Zero(t, other.hits.Load(), "the credentials never went there")
}

func TestPagesRefuseALoop(t *testing.T) {
	s := linkPages(t, 5, func(page int) string { return "/items?page=1" })
	f := newFixture(t, s.URL)
	items, errs := collect(runtime.PageItems(firstPage(f), runtime.Pager[[]item]{}, itemsOf))
	assert.Equal(t, []item{{1}, {2}, {3}}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], runtime.ErrPageLoop)
	assert.EqualValues(t, 1, s.hits.Load())
}

type cursorPage struct {
	Items []item `json:"items"`
	Meta  struct {
		Next string `json:"next"`
	} `json:"meta"`
}

func TestPagesByCursor(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.RawQuery {
		case "limit=2":
			fmt.Fprint(w, `{"items":[{"id":1},{"id":2}],"meta":{"next":"a b"}}`)
		case "limit=2&after=a+b", "limit=2&after=a%20b":
			fmt.Fprint(w, `{"items":[{"id":3}],"meta":{"next":""}}`)
		default:
			http.Error(w, r.URL.RawQuery, http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/items")
	call.Query("limit", "2")
	pager := runtime.Pager[cursorPage]{Cursor: "after", Next: func(p *cursorPage) string { return p.Meta.Next }}
	var statuses []int
	var items []item
	for page, err := range runtime.Pages(call, pager) {
		require.NoError(t, err)
		statuses = append(statuses, page.StatusCode)
		items = append(items, page.Value.Items...)
	}
	assert.Equal(t, []int{200, 200}, statuses)
	assert.Equal(t, []item{{1}, {2}, {3}}, items)
	assert.EqualValues(t, 2, f.sent.Load())
}
