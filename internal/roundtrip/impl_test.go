package roundtrip

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
)

// echo implements API: it records what each call received and returns it, so a test
// checks the request side (what the implementation got) and the response side (what
// the client got back) at once.
type echo struct {
	calls atomic.Int64
	mu    sync.Mutex
	got   any // the last call's arguments, as the result type holds them

	// deleteErr is what Delete returns.
	deleteErr error
}

var _ API = (*echo)(nil)

func (e *echo) record(v any) {
	e.calls.Add(1)
	e.mu.Lock()
	e.got = v
	e.mu.Unlock()
}

func (e *echo) last() any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.got
}

func (e *echo) Path(_ context.Context, s string, i int64, i32 int32, u8 uint8, f float64, f32 float32, b bool, t time.Time, l Level, c Code) (Scalars, error) {
	v := Scalars{S: s, I: i, I32: i32, U8: u8, F: f, F32: f32, B: b, T: t, L: l, C: c}
	e.record(v)
	return v, nil
}

func (e *echo) Reserved(_ context.Context, rest string) (string, error) {
	e.record(rest)
	return rest, nil
}

func (e *echo) PathList(_ context.Context, ids []string) ([]string, error) {
	e.record(ids)
	return ids, nil
}

func (e *echo) Query(_ context.Context, s string, i int64, i32 int32, u8 uint8, f float64, f32 float32, b bool, t time.Time, l Level, c Code, ps *string, pi *int) (Scalars, error) {
	v := Scalars{S: s, I: i, I32: i32, U8: u8, F: f, F32: f32, B: b, T: t, L: l, C: c, PS: ps, PI: pi}
	e.record(v)
	return v, nil
}

func (e *echo) lists(tags []string, nums []int, lvls []Level) (Lists, error) {
	v := Lists{Tags: tags, Nums: nums, Lvls: lvls}
	e.record(v)
	return v, nil
}

func (e *echo) Exploded(_ context.Context, tags []string, nums []int, lvls []Level) (Lists, error) {
	return e.lists(tags, nums, lvls)
}

func (e *echo) CSV(_ context.Context, tags []string, nums []int, lvls []Level) (Lists, error) {
	return e.lists(tags, nums, lvls)
}

func (e *echo) SSV(_ context.Context, tags []string, nums []int, lvls []Level) (Lists, error) {
	return e.lists(tags, nums, lvls)
}

func (e *echo) Pipes(_ context.Context, tags []string, nums []int, lvls []Level) (Lists, error) {
	return e.lists(tags, nums, lvls)
}

func (e *echo) Filter(_ context.Context, filter Filter) (Filter, error) {
	e.record(filter)
	return filter, nil
}

func (e *echo) FilterPtr(_ context.Context, filter *Filter) (*Filter, error) {
	e.record(filter)
	return filter, nil
}

func (e *echo) Values(_ context.Context, known *string, extra url.Values) (url.Values, error) {
	out := url.Values{}
	for k, v := range extra {
		out[k] = v
	}
	if known != nil {
		out["(known)"] = []string{*known}
	}
	e.record(out)
	return out, nil
}

func (e *echo) Strings(_ context.Context, extra map[string]string) (map[string]string, error) {
	e.record(extra)
	return extra, nil
}

func (e *echo) Headers(_ context.Context, token string, count *int, tags []string, extra http.Header) (http.Header, error) {
	out := http.Header{}
	for k, v := range extra {
		out[k] = v
	}
	out["(token)"] = []string{token}
	if count != nil {
		out["(count)"] = []string{strconv.Itoa(*count)}
	}
	if tags != nil {
		out["(tags)"] = tags
	}
	e.record(out)
	return out, nil
}

func (e *echo) Form(_ context.Context, name string, age int, tags []string, note *string) (Form, error) {
	v := Form{Name: name, Age: age, Tags: tags, Note: note}
	e.record(v)
	return v, nil
}

func (e *echo) Multipart(_ context.Context, name string, age int, tags []string, note *string, file []byte) (Form, error) {
	v := Form{Name: name, Age: age, Tags: tags, Note: note, File: file}
	e.record(v)
	return v, nil
}

func (e *echo) WholeForm(_ context.Context, form url.Values) (url.Values, error) {
	e.record(form)
	return form, nil
}

func (e *echo) Bytes(_ context.Context, data []byte) ([]byte, error) {
	e.record(data)
	return data, nil
}

func (e *echo) Text(_ context.Context, s string) (string, error) {
	e.record(s)
	return s, nil
}

func (e *echo) Reader(_ context.Context, body io.Reader) (runtime.Response[[]byte], error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return runtime.Response[[]byte]{}, err
	}
	e.record(data)
	return runtime.Response[[]byte]{Value: data, StatusCode: http.StatusCreated, Header: http.Header{"X-Length": {strconv.Itoa(len(data))}}}, nil
}

func (e *echo) Put(_ context.Context, id string, item Item) (*Item, error) {
	item.Attrs = map[string]string{"id": id}
	e.record(item)
	return &item, nil
}

func (e *echo) Typed(_ context.Context, item Item) (runtime.Response[Item], error) {
	e.record(item)
	return runtime.Response[Item]{Value: item, StatusCode: http.StatusAccepted, Header: http.Header{"X-Name": {headerSafe(item.Name)}}}, nil
}

func (e *echo) TypedText(context.Context) (runtime.Response[string], error) {
	e.record(nil)
	return runtime.Response[string]{Value: "plain text", StatusCode: http.StatusOK, Header: http.Header{"X-Kind": {"text"}}}, nil
}

func (e *echo) Delete(_ context.Context, id string) error {
	e.record(id)
	return e.deleteErr
}

func (e *echo) Response(_ context.Context, status int, body []byte) (*http.Response, error) {
	e.record(body)
	return &http.Response{StatusCode: status, Header: http.Header{"X-Status": {strconv.Itoa(status)}}, Body: io.NopCloser(bytes.NewReader(body))}, nil
}

func (e *echo) Stream(_ context.Context, body []byte) (io.ReadCloser, error) {
	e.record(body)
	return io.NopCloser(bytes.NewReader(body)), nil
}

func (e *echo) NoContext(id string, _ ...runtime.CallOption) (string, error) {
	e.record(id)
	return id, nil
}

// errSecret is an error whose text must never reach a client.
var errSecret = errors.New("database password is hunter2")

// notFound is the HTTPError an implementation returns for a missing item.
func notFound(body string) error {
	return &errordecoder.HTTPError{StatusCode: http.StatusNotFound, Header: http.Header{"Content-Type": {"text/plain"}, "X-Reason": {"missing"}}, Body: []byte(body)}
}
