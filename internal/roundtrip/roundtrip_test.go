package roundtrip

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// special holds every character with a meaning somewhere in a URL, a header or a form.
const special = "a/b?c#d%e&f=g+h i,j;k|l.m..n~o:p@q[r]s$t'u(v)w*x!y\"z<>\\^`{}é日本💡"

// loopback is a generated client talking to the generated handler over loopback.
type loopback struct {
	impl   *echo
	client API
}

func newLoopback(t testing.TB) *loopback {
	t.Helper()
	impl := &echo{}
	srv := httptest.NewServer(NewAPIHandler(impl))
	t.Cleanup(srv.Close)
	client, err := NewAPI(srv.URL, runtime.WithHTTPClient(srv.Client()), runtime.WithRetryer(retryer.Never))
	require.NoError(t, err)
	return &loopback{impl: impl, client: client}
}

// input is what one round trip is made of; every method's arguments derive from it.
type input struct {
	S   string
	I   int64
	F   float64
	B   bool
	Raw []byte
}

// headerSafe is s as a header value can carry it: no control characters (the client
// refuses them) and no white space at either end (HTTP trims it).
func headerSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return strings.Trim(s, " \t")
}

// jsonSafe is s as JSON can carry it: valid UTF-8.
func jsonSafe(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// segment is s as a whole path segment can carry it: not empty.
func segment(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// finite is f as JSON can carry it.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// without removes every occurrence of the characters of cut from s.
func without(s, cut string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(cut, r) {
			return -1
		}
		return r
	}, s)
}

// words splits s, at rune boundaries, into up to four list elements; nil for an
// empty s.
func words(s string) []string {
	if s == "" {
		return nil
	}
	runes := []rune(s)
	n := len(runes)%4 + 1
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, string(runes[i*len(runes)/n:(i+1)*len(runes)/n]))
	}
	return out
}

// aTime is a time MarshalText can write (years 0 to 9999), in UTC.
func aTime(i int64) time.Time {
	const span = 253402300799 // 9999-12-31T23:59:59Z
	sec := i % span
	if sec < 0 {
		sec += span
	}
	return time.Unix(sec-62135596800+62135596800, int64(uint64(i)%1e9)).UTC()
}

func (in input) scalars() Scalars {
	s := jsonSafe(in.S)
	f32 := float32(finite(in.F))
	if math.IsInf(float64(f32), 0) {
		f32 = 0
	}
	v := Scalars{
		S: segment(s), I: in.I, I32: int32(in.I), U8: uint8(in.I), F: finite(in.F), F32: f32,
		B: in.B, T: aTime(in.I), L: Level(in.I % 1000), C: Code(segment(s)),
	}
	if in.B {
		v.PS, v.PI = &s, new(int(in.I))
	}
	return v
}

func (in input) lists(sep string) Lists {
	var v Lists
	for _, w := range words(jsonSafe(in.S)) {
		v.Tags = append(v.Tags, without(w, sep))
	}
	for i := range len(in.Raw) % 4 {
		v.Nums = append(v.Nums, int(in.I)+i)
		v.Lvls = append(v.Lvls, Level(int(in.I%100)-i))
	}
	return v
}

// roundTrip sends in through every method and checks what the implementation got and
// what the client got back.
func roundTrip(t *testing.T, lb *loopback, in input) {
	t.Helper()
	ctx := context.Background()
	c := lb.client

	if climbs(in.S) || climbs(reservedPath(in.S)) {
		// The client refuses a path value that would make a dot-segment, before
		// sending; the other methods then take the value without its dots.
		calls := lb.impl.calls.Load()
		var argErr *runtime.ArgumentError
		if climbs(in.S) {
			sc := in.scalars()
			_, err := c.Path(ctx, sc.S, sc.I, sc.I32, sc.U8, sc.F, sc.F32, sc.B, sc.T, sc.L, sc.C)
			require.ErrorAs(t, err, &argErr, "Path %q", in.S)
		}
		if rest := reservedPath(in.S); climbs(rest) {
			_, err := c.Reserved(ctx, rest)
			require.ErrorAs(t, err, &argErr, "Reserved %q", rest)
		}
		assert.Equal(t, calls, lb.impl.calls.Load(), "the implementation was called")
		in.S = strings.ReplaceAll(in.S, ".", "_")
	}

	sc := in.scalars()
	sc.T = sc.T.UTC()
	got, err := c.Path(ctx, sc.S, sc.I, sc.I32, sc.U8, sc.F, sc.F32, sc.B, sc.T, sc.L, sc.C)
	require.NoError(t, err, "Path")
	pathWant := sc
	pathWant.PS, pathWant.PI = nil, nil
	assertScalars(t, pathWant, lb.impl.last().(Scalars), "Path: received")
	assertScalars(t, pathWant, got, "Path: returned")

	got, err = c.Query(ctx, sc.S, sc.I, sc.I32, sc.U8, sc.F, sc.F32, sc.B, sc.T, sc.L, sc.C, sc.PS, sc.PI)
	require.NoError(t, err, "Query")
	assertScalars(t, sc, lb.impl.last().(Scalars), "Query: received")
	assertScalars(t, sc, got, "Query: returned")

	rest := reservedPath(in.S)
	text, err := c.Reserved(ctx, rest)
	require.NoError(t, err, "Reserved %q", rest)
	assert.Equal(t, rest, lb.impl.last(), "Reserved: received")
	assert.Equal(t, rest, text, "Reserved: returned")

	ids := words(jsonSafe(in.S))
	if ids != nil {
		gotIDs, err := c.PathList(ctx, ids)
		require.NoError(t, err, "PathList")
		assert.Equal(t, ids, lb.impl.last(), "PathList: received")
		assert.Equal(t, ids, gotIDs, "PathList: returned")
	}

	for _, m := range []struct {
		name string
		sep  string
		call func(context.Context, []string, []int, []Level) (Lists, error)
	}{{"Exploded", "", c.Exploded}, {"CSV", "", c.CSV}, {"SSV", " ", c.SSV}, {"Pipes", "|", c.Pipes}} {
		want := in.lists(m.sep)
		gotLists, err := m.call(ctx, want.Tags, want.Nums, want.Lvls)
		require.NoError(t, err, m.name)
		assert.Equal(t, want, lb.impl.last(), "%s: received", m.name)
		assert.Equal(t, want, gotLists, "%s: returned", m.name)
	}

	filter := Filter{State: jsonSafe(in.S), Limit: int(in.I), Labels: words(jsonSafe(in.S))}
	if in.B {
		filter.Since = &in.I
	}
	gotFilter, err := c.Filter(ctx, filter)
	require.NoError(t, err, "Filter")
	assert.Equal(t, filter, lb.impl.last(), "Filter: received")
	assert.Equal(t, filter, gotFilter, "Filter: returned")
	var filterPtr *Filter // nil is absent
	if in.B {
		filterPtr = &filter
	}
	gotFilterPtr, err := c.FilterPtr(ctx, filterPtr)
	require.NoError(t, err, "FilterPtr")
	assert.Equal(t, filterPtr, lb.impl.last(), "FilterPtr: received")
	assert.Equal(t, filterPtr, gotFilterPtr, "FilterPtr: returned")

	values := url.Values{}
	for i, w := range words(jsonSafe(in.S)) {
		values[w+strconv.Itoa(i)] = []string{w, jsonSafe(special)}
	}
	var known *string
	if in.B {
		known = new(jsonSafe(in.S))
	}
	wantValues := url.Values{}
	for k, v := range values {
		wantValues[k] = v
	}
	if known != nil {
		wantValues["(known)"] = []string{*known}
	}
	gotValues, err := c.Values(ctx, known, values)
	require.NoError(t, err, "Values")
	assert.Equal(t, wantValues, lb.impl.last(), "Values: received")
	assert.Equal(t, wantValues, gotValues, "Values: returned")

	var strs map[string]string
	for i, w := range words(jsonSafe(in.S)) {
		if strs == nil {
			strs = map[string]string{}
		}
		strs[strconv.Itoa(i)+w] = w + special
	}
	gotStrs, err := c.Strings(ctx, strs)
	require.NoError(t, err, "Strings")
	assert.Equal(t, strs, lb.impl.last(), "Strings: received")
	assert.Equal(t, strs, gotStrs, "Strings: returned")

	token := headerSafe(in.S)
	var count *int
	if in.B {
		count = new(int(in.I))
	}
	var tags []string
	for _, w := range words(headerSafe(in.S)) {
		tags = append(tags, strings.Trim(without(w, ","), " \t"))
	}
	extra := http.Header{"X-Extra": {headerSafe(in.S) + "!", "second"}}
	wantHeader := http.Header{"X-Extra": extra["X-Extra"], "User-Agent": {"gofeign/1"}, "(token)": {token}}
	if count != nil {
		wantHeader["(count)"] = []string{strconv.Itoa(*count)}
	}
	if tags != nil {
		wantHeader["(tags)"] = tags
	}
	gotHeader, err := c.Headers(ctx, token, count, tags, extra)
	require.NoError(t, err, "Headers")
	assert.Equal(t, wantHeader, lb.impl.last(), "Headers: received")
	assert.Equal(t, wantHeader, gotHeader, "Headers: returned")

	form := Form{Name: jsonSafe(in.S), Age: int(in.I), Tags: words(jsonSafe(in.S))}
	if in.B {
		form.Note = new(jsonSafe(special))
	}
	gotForm, err := c.Form(ctx, form.Name, form.Age, form.Tags, form.Note)
	require.NoError(t, err, "Form")
	assert.Equal(t, form, lb.impl.last(), "Form: received")
	assert.Equal(t, form, gotForm, "Form: returned")

	form.File = append([]byte{}, in.Raw...)
	gotForm, err = c.Multipart(ctx, form.Name, form.Age, form.Tags, form.Note, form.File)
	require.NoError(t, err, "Multipart")
	assert.Equal(t, form, lb.impl.last(), "Multipart: received")
	assert.Equal(t, form, gotForm, "Multipart: returned")

	whole := url.Values{"name": {jsonSafe(in.S)}, "special": {jsonSafe(special), ""}}
	gotWhole, err := c.WholeForm(ctx, whole)
	require.NoError(t, err, "WholeForm")
	assert.Equal(t, whole, lb.impl.last(), "WholeForm: received")
	assert.Equal(t, whole, gotWhole, "WholeForm: returned")

	gotBytes, err := c.Bytes(ctx, in.Raw)
	require.NoError(t, err, "Bytes")
	assert.True(t, bytes.Equal(in.Raw, lb.impl.last().([]byte)), "Bytes: received")
	assert.True(t, bytes.Equal(in.Raw, gotBytes), "Bytes: returned")

	gotText, err := c.Text(ctx, in.S)
	require.NoError(t, err, "Text")
	assert.Equal(t, in.S, lb.impl.last(), "Text: received")
	assert.Equal(t, in.S, gotText, "Text: returned")

	res, err := c.Reader(ctx, bytes.NewReader(in.Raw))
	require.NoError(t, err, "Reader")
	assert.True(t, bytes.Equal(in.Raw, lb.impl.last().([]byte)), "Reader: received")
	assert.True(t, bytes.Equal(in.Raw, res.Value), "Reader: returned")
	assert.Equal(t, http.StatusCreated, res.StatusCode)
	assert.Equal(t, strconv.Itoa(len(in.Raw)), res.Header.Get("X-Length"))

	item := Item{Name: jsonSafe(in.S), Count: int(in.I), Tags: words(jsonSafe(in.S))}
	id := segment(in.S)
	gotItem, err := c.Put(ctx, id, item)
	require.NoError(t, err, "Put")
	item.Attrs = map[string]string{"id": id}
	if utf8.ValidString(id) {
		assert.Equal(t, item, lb.impl.last(), "Put: received")
		assert.Equal(t, &item, gotItem, "Put: returned")
	}

	item.Attrs = nil
	typed, err := c.Typed(ctx, item)
	require.NoError(t, err, "Typed")
	assert.Equal(t, item, lb.impl.last(), "Typed: received")
	assert.Equal(t, item, typed.Value, "Typed: returned")
	assert.Equal(t, http.StatusAccepted, typed.StatusCode)
	assert.Equal(t, []string{headerSafe(item.Name)}, typed.Header["X-Name"])

	typedText, err := c.TypedText(ctx)
	require.NoError(t, err, "TypedText")
	assert.Equal(t, "plain text", typedText.Value)
	assert.Equal(t, http.StatusOK, typedText.StatusCode)
	assert.Equal(t, "text", typedText.Header.Get("X-Kind"))

	// (*http.Response, error): any status, the body as the implementation wrote it.
	status := http.StatusOK + int(uint64(in.I)%300) // 200 to 499
	resp, err := c.Response(ctx, status, in.Raw)
	require.NoError(t, err, "Response")
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	if status != http.StatusNoContent && status != http.StatusNotModified {
		assert.True(t, bytes.Equal(in.Raw, respBody), "Response: returned body")
	}
	assert.True(t, bytes.Equal(in.Raw, lb.impl.last().([]byte)), "Response: received")
	assert.Equal(t, status, resp.StatusCode)
	assert.Equal(t, strconv.Itoa(status), resp.Header.Get("X-Status"))

	stream, err := c.Stream(ctx, in.Raw)
	require.NoError(t, err, "Stream")
	streamed, err := io.ReadAll(stream)
	stream.Close()
	require.NoError(t, err)
	assert.True(t, bytes.Equal(in.Raw, streamed), "Stream: returned")

	noctx, err := c.NoContext(id)
	require.NoError(t, err, "NoContext")
	assert.Equal(t, id, lb.impl.last(), "NoContext: received")
	assert.Equal(t, id, noctx, "NoContext: returned")

	// An HTTPError of the implementation comes back as one, with its status and body.
	lb.impl.deleteErr = nil
	if in.B {
		lb.impl.deleteErr = notFound(string(in.Raw))
	}
	err = c.Delete(ctx, id)
	assert.Equal(t, id, lb.impl.last(), "Delete: received")
	if !in.B {
		assert.NoError(t, err, "Delete")
		return
	}
	var he *errordecoder.HTTPError
	require.ErrorAs(t, err, &he, "Delete")
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Equal(t, "API#Delete", he.MethodKey)
	assert.True(t, bytes.Equal(in.Raw, he.Body), "Delete: the error's body")
	assert.Equal(t, "missing", he.Header.Get("X-Reason"))
}

// reservedPath is s as a {+rest} value that ServeMux serves as is: no empty segment,
// which it would clean away with a redirect.
func reservedPath(s string) string {
	var parts []string
	for p := range strings.SplitSeq(s, "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "/")
}

func assertScalars(t *testing.T, want, got Scalars, msg string) {
	t.Helper()
	assert.True(t, want.T.Equal(got.T), "%s: time %v, want %v", msg, got.T, want.T)
	want.T, got.T = time.Time{}, time.Time{}
	assert.Equal(t, want, got, msg)
}

// TestRoundTrip sends hand-picked values through every method.
func TestRoundTrip(t *testing.T) {
	lb := newLoopback(t)
	for _, in := range []input{
		{},
		{S: "plain", I: 42, F: 1.5, B: true, Raw: []byte("bytes")},
		{S: special, I: -1, F: -0.000123, B: true, Raw: []byte(special)},
		{S: ".", I: math.MaxInt64, F: math.MaxFloat64, B: false, Raw: []byte{0, 1, 2, 0xff}},
		{S: "..", I: math.MinInt64, F: math.SmallestNonzeroFloat64, B: true},
		{S: "/a//b/", I: 7, F: math.Inf(1), B: true, Raw: []byte("\r\n--boundary\r\n")},
		{S: "%2F%zz+%20", I: 1 << 40, F: math.NaN(), B: true},
		{S: " spaced out ", I: 3, B: true, Raw: make([]byte, 3000)},
		{S: "\xff\xfe invalid utf-8", I: 9, B: true, Raw: []byte("\xff")},
		{S: "a,b,c", I: 2, B: true, Raw: []byte("abc")},
		{S: "a b|c", I: 2, B: true, Raw: []byte("abcd")},
	} {
		t.Run(strconv.Quote(in.S), func(t *testing.T) { roundTrip(t, lb, in) })
	}
}

// FuzzRoundTrip sends random values through every method; its seed corpus is under
// testdata/fuzz/FuzzRoundTrip.
func FuzzRoundTrip(f *testing.F) {
	f.Add(special, int64(-5), 2.5, true, []byte(special))
	lb := newLoopback(f)
	f.Fuzz(func(t *testing.T, s string, i int64, fl float64, b bool, raw []byte) {
		roundTrip(t, lb, input{S: s, I: i, F: fl, B: b, Raw: raw})
	})
}

// TestErrorsRoundTrip: what each kind of implementation error becomes at the client.
func TestErrorsRoundTrip(t *testing.T) {
	ctx := context.Background()

	t.Run("RetryableError with an HTTPError: its status and a Retry-After", func(t *testing.T) {
		lb := newLoopback(t)
		lb.impl.deleteErr = &errordecoder.RetryableError{
			Err:        &errordecoder.HTTPError{StatusCode: http.StatusTooManyRequests, Body: []byte("slow down")},
			RetryAfter: time.Now().Add(90 * time.Second),
		}
		err := lb.client.Delete(ctx, "x")
		var re *errordecoder.RetryableError
		require.ErrorAs(t, err, &re)
		var he *errordecoder.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, http.StatusTooManyRequests, he.StatusCode)
		assert.Equal(t, "slow down", string(he.Body))
		assert.Equal(t, "90", he.Header.Get("Retry-After"))
		assert.WithinDuration(t, time.Now().Add(90*time.Second), re.RetryAfter, 2*time.Second)
		assert.Equal(t, int64(1), lb.impl.calls.Load(), "retryer.Never: one attempt")
	})

	t.Run("RetryableError alone: 503", func(t *testing.T) {
		lb := newLoopback(t)
		lb.impl.deleteErr = &errordecoder.RetryableError{Err: errors.New("overloaded")}
		err := lb.client.Delete(ctx, "x")
		var he *errordecoder.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, http.StatusServiceUnavailable, he.StatusCode)
		assert.Empty(t, he.Header.Get("Retry-After"))
		assert.Equal(t, `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the service is unavailable; try again later"}`, string(he.Body))
	})

	t.Run("any other error: a 500 that leaks nothing", func(t *testing.T) {
		lb := newLoopback(t)
		lb.impl.deleteErr = errSecret
		err := lb.client.Delete(ctx, "x")
		var he *errordecoder.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, http.StatusInternalServerError, he.StatusCode)
		assert.Equal(t, "application/problem+json", he.Header.Get("Content-Type"))
		assert.Equal(t, `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"the server could not complete the request"}`, string(he.Body))
		assert.NotContains(t, err.Error(), "hunter2")
	})
}

// climbs reports whether a path value would make a "." or ".." segment as some server
// reads it (a part between '/' or '\\', which servers may decode from %2F or read as
// '/'): the client refuses such a value.
func climbs(value string) bool {
	for part := range strings.FieldsFuncSeq(value, func(r rune) bool { return r == '/' || r == '\\' }) {
		if part == "." || part == ".." {
			return true
		}
	}
	return false
}
