package shop_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/internal/interop/shop"
	"github.com/gofeign/feign/internal/interop/shopclient"
	"github.com/gofeign/feign/runtime"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder implements Shop: it records the arguments of every call, as the handler
// decoded them from the request, and answers with fixed values.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) record(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, fmt.Sprintf(format, args...))
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

var (
	created = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	item    = shop.Item{Audit: shop.Audit{Created: created}, ID: 7, Name: "pen", Kind: "tool", Price: 1.5, Stock: 3, Tags: []string{"a"}}
)

func (r *recorder) Get(_ context.Context, id int64) (*shop.Item, error) {
	r.record("Get %d", id)
	return &item, nil
}

func (r *recorder) List(_ context.Context, tags []string, kind *shop.Kind, since *time.Time, limit int) (shop.Page, error) {
	r.record("List %q %s %s %d", tags, *kind, since.Format(time.RFC3339), limit)
	return shop.Page{Items: []shop.Item{item}, Next: "n"}, nil
}

func (r *recorder) ByColor(_ context.Context, colors []string) ([]shop.Item, error) {
	r.record("ByColor %q", colors)
	return []shop.Item{item}, nil
}

func (r *recorder) BySize(_ context.Context, sizes []int) ([]shop.Item, error) {
	r.record("BySize %v", sizes)
	return []shop.Item{item}, nil
}

func (r *recorder) ByShape(_ context.Context, shapes []string) ([]shop.Item, error) {
	r.record("ByShape %q", shapes)
	return []shop.Item{item}, nil
}

func (r *recorder) Create(_ context.Context, token, requestID string, n shop.NewItem) (runtime.Response[shop.Item], error) {
	r.record("Create %s %s %+v", token, requestID, n)
	return runtime.Response[shop.Item]{Value: item}, nil
}

func (r *recorder) Delete(_ context.Context, credentials string, id int64) error {
	r.record("Delete %s %d", credentials, id)
	return nil
}

func (r *recorder) File(_ context.Context, path string) ([]byte, error) {
	r.record("File %s", path)
	return []byte("file of " + path), nil
}

func (r *recorder) Note(_ context.Context, id int64) (string, error) {
	r.record("Note %d", id)
	return "note of 7", nil
}

func (r *recorder) SetNote(_ context.Context, id int64, note string) error {
	r.record("SetNote %d %q", id, note)
	return nil
}

func (r *recorder) Upload(_ context.Context, id int64, picture io.Reader) error {
	b, err := io.ReadAll(picture)
	r.record("Upload %d %q %v", id, b, err)
	return err
}

func (r *recorder) Raw(_ context.Context, id int64, data []byte) error {
	r.record("Raw %d %v", id, data)
	return nil
}

func (r *recorder) Login(_ context.Context, l shop.Login) error {
	r.record("Login %+v", l)
	return nil
}

func (r *recorder) Rate(_ context.Context, id int64, stars int, comment *string) error {
	r.record("Rate %d %d %s", id, stars, *comment)
	return nil
}

func (r *recorder) Attach(_ context.Context, id int64, title string, file []byte) error {
	r.record("Attach %d %s %q", id, title, file)
	return nil
}

func (r *recorder) Export(context.Context) (io.ReadCloser, error) {
	r.record("Export")
	return io.NopCloser(strings.NewReader("{\"id\":7}\n")), nil
}

func (r *recorder) Head(_ context.Context, id int64) (*http.Response, error) {
	r.record("Head %d", id)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody}, nil
}

func (r *recorder) Version(_ context.Context, trace *string) (map[string]string, error) {
	r.record("Version %s", *trace)
	return map[string]string{"version": "2"}, nil
}

// TestOapiCodegenClientCallsGeneratedHandler serves Shop with the handler feigngen
// generated (-server) and calls every operation with the client oapi-codegen generated
// from the document feigngen wrote (-openapi): each request the document describes is
// one the handler understands, with every argument decoded as sent, and each response
// is one the document's client reads.
func TestOapiCodegenClientCallsGeneratedHandler(t *testing.T) {
	impl := &recorder{}
	srv := httptest.NewServer(shop.NewShopHandler(impl))
	defer srv.Close()
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	defer hc.CloseIdleConnections()
	c, err := shopclient.NewClientWithResponses(srv.URL, shopclient.WithHTTPClient(hc))
	require.NoError(t, err)
	ctx := context.Background()
	auth := func(v string) shopclient.RequestEditorFn {
		return func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", v)
			return nil
		}
	}
	wantItem := shopclient.Item{Created: created, Id: 7, Name: "pen", Kind: "tool", Price: 1.5, Stock: "3", Tags: &[]string{"a"}}
	kind, since, trace, comment := "book", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "t-1", "fine"

	type result struct {
		status int
		body   string
		value  any
		err    error
	}
	of := func(resp interface{ StatusCode() int }, body []byte, value any, err error) result {
		if err != nil {
			return result{err: err}
		}
		return result{status: resp.StatusCode(), body: string(body), value: value}
	}
	calls := map[string]struct {
		call     func() result
		status   int
		value    any
		received string
	}{
		"Get": {func() result { r, err := c.ShopGetWithResponse(ctx, 7); return of(r, r.Body, r.JSON200, err) },
			200, &wantItem, "Get 7"},
		"List": {func() result {
			r, err := c.ShopListWithResponse(ctx, &shopclient.ShopListParams{Tag: &[]string{"a", "b"}, Kind: &kind, Since: &since, Limit: 10, Sort: shopclient.Name})
			return of(r, r.Body, r.JSON200, err)
		}, 200, &shopclient.Page{Items: &[]shopclient.Item{wantItem}, Next: ptr("n")}, `List ["a" "b"] book 2026-01-02T03:04:05Z 10`},
		"ByColor": {func() result {
			r, err := c.ShopByColorWithResponse(ctx, &shopclient.ShopByColorParams{Color: &[]string{"red", "blue"}})
			return of(r, r.Body, r.JSON200, err)
		}, 200, &[]shopclient.Item{wantItem}, `ByColor ["red" "blue"]`},
		"BySize": {func() result {
			// oapi-codegen v2.8.2 writes a spaceDelimited value with its spaces
			// unescaped (size=1 2), a request line net/http's server refuses with a 400
			// before any handler runs. This pins that defect down, then sends the same
			// query escaped as RFC 3986 wants it (size=1%202), which is what OpenAPI's
			// spaceDelimited style means.
			params := &shopclient.ShopBySizeParams{Size: &[]int64{1, 2}}
			req, err := shopclient.NewShopBySizeRequest(srv.URL, params)
			require.NoError(t, err)
			require.Equal(t, "size=1 2", req.URL.RawQuery, "oapi-codegen now escapes a spaceDelimited query: drop the fix-up below")
			escape := func(_ context.Context, req *http.Request) error {
				req.URL.RawQuery = strings.ReplaceAll(req.URL.RawQuery, " ", "%20")
				return nil
			}
			r, err := c.ShopBySizeWithResponse(ctx, params, escape)
			return of(r, r.Body, r.JSON200, err)
		}, 200, &[]shopclient.Item{wantItem}, `BySize [1 2]`},
		"ByShape": {func() result {
			r, err := c.ShopByShapeWithResponse(ctx, &shopclient.ShopByShapeParams{Shape: &[]string{"round", "flat"}})
			return of(r, r.Body, r.JSON200, err)
		}, 200, &[]shopclient.Item{wantItem}, `ByShape ["round" "flat"]`},
		"Create": {func() result {
			r, err := c.ShopCreateWithResponse(ctx, &shopclient.ShopCreateParams{XRequestId: "req-1"}, shopclient.NewItem{Name: "pen", Kind: "tool", Price: 1.5}, auth("Bearer tok"))
			return of(r, r.Body, r.JSON200, err)
		}, 200, &wantItem, "Create tok req-1 {Name:pen Kind:tool Price:1.5}"},
		"Delete": {func() result {
			r, err := c.ShopDeleteWithResponse(ctx, 7, auth("Basic dXNlcjpwdw=="))
			return of(r, r.Body, nil, err)
		}, 204, nil, "Delete dXNlcjpwdw== 7"},
		"File": {func() result { r, err := c.ShopFileWithResponse(ctx, "readme.txt"); return of(r, r.Body, nil, err) },
			200, nil, "File readme.txt"},
		"Note": {func() result { r, err := c.ShopNoteWithResponse(ctx, 7); return of(r, r.Body, nil, err) },
			200, nil, "Note 7"},
		"SetNote": {func() result {
			r, err := c.ShopSetNoteWithTextBodyWithResponse(ctx, 7, "a note")
			return of(r, r.Body, nil, err)
		}, 204, nil, `SetNote 7 "a note"`},
		"Upload": {func() result {
			r, err := c.ShopUploadWithBodyWithResponse(ctx, 7, "image/png", strings.NewReader("\x89PNG"))
			return of(r, r.Body, nil, err)
		}, 204, nil, `Upload 7 "\x89PNG" <nil>`},
		"Raw": {func() result {
			r, err := c.ShopRawWithBodyWithResponse(ctx, 7, "application/octet-stream", bytes.NewReader([]byte{0, 1, 2}))
			return of(r, r.Body, nil, err)
		}, 204, nil, "Raw 7 [0 1 2]"},
		"Login": {func() result {
			r, err := c.ShopLoginWithFormdataBodyWithResponse(ctx, shopclient.ShopLoginFormdataRequestBody{User: "ann", Password: "pw", Remember: ptr(true)})
			return of(r, r.Body, nil, err)
		}, 204, nil, "Login {User:ann Password:pw Remember:true}"},
		"Rate": {func() result {
			r, err := c.ShopRateWithFormdataBodyWithResponse(ctx, 7, shopclient.ShopRateFormdataRequestBody{Stars: 5, Comment: &comment})
			return of(r, r.Body, nil, err)
		}, 204, nil, "Rate 7 5 fine"},
		"Attach": {func() result {
			var body bytes.Buffer
			w := multipart.NewWriter(&body)
			require.NoError(t, w.WriteField("title", "manual"))
			part, err := w.CreateFormFile("file", "manual.pdf")
			require.NoError(t, err)
			_, err = part.Write([]byte("%PDF"))
			require.NoError(t, err)
			require.NoError(t, w.Close())
			r, err := c.ShopAttachWithBodyWithResponse(ctx, 7, w.FormDataContentType(), &body)
			return of(r, r.Body, nil, err)
		}, 204, nil, `Attach 7 manual "%PDF"`},
		"Export": {func() result { r, err := c.ShopExportWithResponse(ctx); return of(r, r.Body, nil, err) },
			200, nil, "Export"},
		"Head": {func() result { r, err := c.ShopHeadWithResponse(ctx, 7); return of(r, r.Body, nil, err) },
			200, nil, "Head 7"},
		"Version": {func() result {
			r, err := c.ShopVersionWithResponse(ctx, &shopclient.ShopVersionParams{XApiVersion: shopclient.N2, XTrace: &trace})
			return of(r, r.Body, r.JSON200, err)
		}, 200, &map[string]string{"version": "2"}, "Version t-1"},
	}
	bodies := map[string]string{"File": "file of readme.txt", "Note": "note of 7", "Export": "{\"id\":7}\n"}

	iface := reflect.TypeFor[shop.Shop]()
	require.Len(t, calls, iface.NumMethod(), "every operation is called")
	for i := range iface.NumMethod() {
		name := iface.Method(i).Name
		t.Run(name, func(t *testing.T) {
			tc, ok := calls[name]
			require.True(t, ok, "no call of %s", name)
			got := tc.call()
			require.NoError(t, got.err)
			assert.Equal(t, tc.status, got.status, got.body)
			assert.Equal(t, []string{tc.received}, impl.take(), "what the handler handed the implementation")
			if tc.value != nil {
				assert.Equal(t, tc.value, got.value)
			}
			if want, ok := bodies[name]; ok {
				assert.Equal(t, want, got.body)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
