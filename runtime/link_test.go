package runtime_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

func TestParseLinks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  []runtime.Link
	}{
		{"none", nil, nil},
		{"github", []string{`<https://api.github.com/repos?page=2>; rel="next", <https://api.github.com/repos?page=5>; rel="last"`}, []runtime.Link{
			{Target: "https://api.github.com/repos?page=2", Rel: []string{"next"}},
			{Target: "https://api.github.com/repos?page=5", Rel: []string{"last"}},
		}},
		{"several rels, case and unquoted", []string{`</p/2>;REL="Next  LAST"`, `</p/1>; rel=prev`}, []runtime.Link{
			{Target: "/p/2", Rel: []string{"next", "last"}},
			{Target: "/p/1", Rel: []string{"prev"}},
		}},
		{"commas and semicolons inside quotes and targets", []string{`<https://x/?a=1,2;b>; title="a, b; \"c\"" ; rel="next", </z>;rel=up`}, []runtime.Link{
			{Target: "https://x/?a=1,2;b", Rel: []string{"next"}, Params: map[string]string{"title": `a, b; "c"`}},
			{Target: "/z", Rel: []string{"up"}},
		}},
		{"first rel wins, other params kept once", []string{`</a>; rel=next; rel=prev; Type=text/html; type="x"; crossorigin`}, []runtime.Link{
			{Target: "/a", Rel: []string{"next"}, Params: map[string]string{"type": "text/html", "crossorigin": ""}},
		}},
		{"malformed links are skipped, not the others", []string{`garbage, </ok>; rel=next, </bad> rel=x, </q>; title="never ends`, `</after>;rel="after"`}, []runtime.Link{
			{Target: "/ok", Rel: []string{"next"}},
			{Target: "/after", Rel: []string{"after"}},
		}},
		{"empty elements", []string{` , ,</a>;;rel=next;, ,`}, []runtime.Link{
			{Target: "/a", Rel: []string{"next"}},
		}},
		{"a target that never ends", []string{`</a>; rel=next, <https://x`}, []runtime.Link{
			{Target: "/a", Rel: []string{"next"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tc.lines {
				h.Add("link", l)
			}
			assert.Equal(t, tc.want, runtime.ParseLinks(h))
		})
	}
}

func TestLinkHasRel(t *testing.T) {
	l := runtime.Link{Rel: []string{"next", "last"}}
	assert.True(t, l.HasRel("NEXT"))
	assert.False(t, l.HasRel("prev"))
}

// formatLinks writes links back as one Link header value, quoting every value.
func formatLinks(links []runtime.Link) string {
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var b strings.Builder
	for i, l := range links {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<" + l.Target + ">")
		if l.Rel != nil {
			b.WriteString(`; rel="` + quote.Replace(strings.Join(l.Rel, " ")) + `"`)
		}
		names := make([]string, 0, len(l.Params))
		for n := range l.Params {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			b.WriteString("; " + n + `="` + quote.Replace(l.Params[n]) + `"`)
		}
	}
	return b.String()
}

// FuzzParseLinks checks that ParseLinks never panics, that what it returns is well
// formed, and that writing its links back and parsing them again gives the same links.
// Each line of the input is a header line.
func FuzzParseLinks(f *testing.F) {
	f.Add(`<https://api.github.com/repos?page=2>; rel="next", <https://api.github.com/repos?page=5>; rel="last"`)
	f.Add("</a>; rel=\"next last\"; title=\"a, \\\"b\\\"\"\n</b>;rel=prev")
	f.Fuzz(func(t *testing.T, in string) {
		h := http.Header{"Link": strings.Split(in, "\n")}
		links := runtime.ParseLinks(h)
		for _, l := range links {
			if strings.Contains(l.Target, ">") {
				t.Fatalf("target %q holds its closing '>'", l.Target)
			}
			for _, r := range l.Rel {
				if r == "" || r != strings.ToLower(r) || strings.ContainsAny(r, " \t") {
					t.Fatalf("relation type %q is not a lower-case word", r)
				}
			}
			if l.Rel != nil && len(l.Rel) == 0 {
				t.Fatal("an empty rel is nil")
			}
			for n := range l.Params {
				if n == "" || n != strings.ToLower(n) || n == "rel" {
					t.Fatalf("parameter name %q", n)
				}
			}
		}
		if slices.ContainsFunc(links, func(l runtime.Link) bool { return strings.ContainsAny(l.Target, "\r\n") }) {
			return // not a header value: it cannot be written back as one
		}
		again := runtime.ParseLinks(http.Header{"Link": {formatLinks(links)}})
		if len(links) == 0 {
			links = nil
		}
		assert.Equal(t, links, again, "written back as %q", formatLinks(links))
	})
}

func TestResponseLinkResolvesAgainstTheRequestURL(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/v2/items?page=1", http.StatusFound)
			return
		}
		w.Header().Add("Link", `<?page=2>; rel="next", <https://other.example/x>; rel="alternate"`)
		w.Header().Add("Link", `<../first>; rel=first, </anchored>; rel=next; anchor="#foo"`)
		io.WriteString(w, `{"attempt":1}`)
	})
	f := newFixture(t, srv.URL)
	call := f.NewCall(context.Background(), endpoint("GET"))
	call.Path("/old")
	resp, err := runtime.DecodeResponse[map[string]int](call)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"attempt": 1}, resp.Value)

	next, ok := resp.Link("NEXT")
	require.True(t, ok)
	assert.Equal(t, srv.URL+"/v2/items?page=2", next.String(), "resolved against the URL after the redirect")
	first, ok := resp.Link("first")
	require.True(t, ok)
	assert.Equal(t, srv.URL+"/first", first.String())
	alt, ok := resp.Link("alternate")
	require.True(t, ok)
	assert.Equal(t, &url.URL{Scheme: "https", Host: "other.example", Path: "/x"}, alt)
	_, ok = resp.Link("prev")
	assert.False(t, ok)
}
