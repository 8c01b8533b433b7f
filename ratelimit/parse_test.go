package ratelimit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/ratelimit"
)

var now = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func in(d time.Duration) time.Time { return now.Add(d) }

func TestParse(t *testing.T) {
	const unknown = ratelimit.Unknown
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		want   ratelimit.Limits
		found  bool
	}{
		{"nothing", 200, http.Header{}, ratelimit.Limits{Remaining: unknown}, false},

		// The current draft.
		{"draft", 200, http.Header{
			"Ratelimit":        {`"default";r=50;t=30`},
			"Ratelimit-Policy": {`"default";q=100;w=60`},
		}, ratelimit.Limits{Quota: 100, Remaining: 50, Reset: in(30 * time.Second)}, true},
		{"draft, token name, no policy", 200, http.Header{"Ratelimit": {`default;r=0;t=5`}},
			ratelimit.Limits{Remaining: 0, Reset: in(5 * time.Second)}, true},
		{"draft, the policy nearest exhaustion wins", 200, http.Header{
			"Ratelimit":        {`"burst";r=9;t=1, "day";r=2;t=3600`},
			"Ratelimit-Policy": {`"burst";q=10;w=1, "day";q=1000;w=86400`},
		}, ratelimit.Limits{Quota: 1000, Remaining: 2, Reset: in(time.Hour)}, true},
		{"draft, two lines are one list", 200, http.Header{"Ratelimit": {`"a";r=5;t=1`, `"b";r=0;t=9`}},
			ratelimit.Limits{Remaining: 0, Reset: in(9 * time.Second)}, true},
		{"draft, a tie goes to the later reset", 200, http.Header{"Ratelimit": {`"a";r=0;t=1, "b";r=0;t=9`}},
			ratelimit.Limits{Remaining: 0, Reset: in(9 * time.Second)}, true},
		{"draft, no t", 200, http.Header{"Ratelimit": {`"a";r=3`}},
			ratelimit.Limits{Remaining: 3}, true},
		{"draft, policy alone", 200, http.Header{"Ratelimit-Policy": {`"default";q=100;w=60`}},
			ratelimit.Limits{Quota: 100, Remaining: unknown}, true},
		{"draft, escaped name and other parameters", 200, http.Header{
			"Ratelimit":        {`"a \"b\"";pk=:cHsx:;r=7;t=2;x=?1;y=1.5`},
			"Ratelimit-Policy": {`"a \"b\"";q=8;qu="requests";w=2`},
		}, ratelimit.Limits{Quota: 8, Remaining: 7, Reset: in(2 * time.Second)}, true},

		// Draft 7's Dictionary, draft 6's three fields.
		{"draft 7", 200, http.Header{"Ratelimit": {`limit=100, remaining=0, reset=30`}},
			ratelimit.Limits{Quota: 100, Remaining: 0, Reset: in(30 * time.Second)}, true},
		{"draft 6", 200, http.Header{
			"Ratelimit-Limit": {"100"}, "Ratelimit-Remaining": {"99"}, "Ratelimit-Reset": {"60"},
		}, ratelimit.Limits{Quota: 100, Remaining: 99, Reset: in(time.Minute)}, true},
		{"draft 6 with a policy in the limit", 200, http.Header{
			"Ratelimit-Limit": {"10, 10;w=1, 1000;w=3600"}, "Ratelimit-Remaining": {"4"}, "Ratelimit-Reset": {"1"},
		}, ratelimit.Limits{Quota: 10, Remaining: 4, Reset: in(time.Second)}, true},

		// GitHub's.
		{"github", 200, http.Header{
			"X-Ratelimit-Limit": {"5000"}, "X-Ratelimit-Remaining": {"0"},
			"X-Ratelimit-Reset": {"1767272400"}, // 2026-01-01T13:00:00Z
		}, ratelimit.Limits{Quota: 5000, Remaining: 0, Reset: time.Date(2026, 1, 1, 13, 0, 0, 0, time.UTC)}, true},
		{"github reset in the past", 200, http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"1000000000"}},
			ratelimit.Limits{Remaining: 0, Reset: time.Unix(1_000_000_000, 0).UTC()}, true},
		{"x-ratelimit-reset in seconds from now", 200, http.Header{"X-Ratelimit-Remaining": {"1"}, "X-Ratelimit-Reset": {"42"}},
			ratelimit.Limits{Remaining: 1, Reset: in(42 * time.Second)}, true},
		{"x-ratelimit-limit alone", 200, http.Header{"X-Ratelimit-Limit": {"60"}},
			ratelimit.Limits{Quota: 60, Remaining: unknown}, true},

		// Several forms at once: the smallest count wins.
		{"draft and github", 200, http.Header{
			"Ratelimit":             {`"default";r=50;t=30`},
			"X-Ratelimit-Remaining": {"3"}, "X-Ratelimit-Reset": {"1767272400"},
		}, ratelimit.Limits{Remaining: 3, Reset: time.Date(2026, 1, 1, 13, 0, 0, 0, time.UTC)}, true},

		// Retry-After, on 429 and 503 only.
		{"429 retry-after", 429, http.Header{"Retry-After": {"7"}},
			ratelimit.Limits{Remaining: unknown, RetryAfter: in(7 * time.Second)}, true},
		{"503 retry-after date", 503, http.Header{"Retry-After": {"Thu, 01 Jan 2026 12:01:00 GMT"}},
			ratelimit.Limits{Remaining: unknown, RetryAfter: in(time.Minute)}, true},
		{"500 retry-after is the request's", 500, http.Header{"Retry-After": {"7"}},
			ratelimit.Limits{Remaining: unknown}, false},
		{"429 with counts", 429, http.Header{"Retry-After": {"2"}, "Ratelimit": {`"d";r=0;t=3`}},
			ratelimit.Limits{Remaining: 0, Reset: in(3 * time.Second), RetryAfter: in(2 * time.Second)}, true},
		{"429 garbage retry-after", 429, http.Header{"Retry-After": {"soon"}},
			ratelimit.Limits{Remaining: unknown}, false},

		// Malformed fields are ignored, whole.
		{"malformed list", 200, http.Header{"Ratelimit": {`"a";r=1;t=2, `}}, ratelimit.Limits{Remaining: unknown}, false},
		{"unterminated string", 200, http.Header{"Ratelimit": {`"a;r=1`}}, ratelimit.Limits{Remaining: unknown}, false},
		{"inner list", 200, http.Header{"Ratelimit": {`("a" "b");r=1`}}, ratelimit.Limits{Remaining: unknown}, false},
		{"16 digits", 200, http.Header{"Ratelimit": {`"a";r=1234567890123456`}}, ratelimit.Limits{Remaining: unknown}, false},
		{"negative count ignored", 200, http.Header{"Ratelimit": {`"a";r=-1;t=2`}}, ratelimit.Limits{Remaining: unknown}, false},
		{"negative reset ignored", 200, http.Header{"Ratelimit": {`"a";r=0;t=-2`}}, ratelimit.Limits{Remaining: 0}, true},
		{"r not an integer", 200, http.Header{"Ratelimit": {`"a";r="1"`}}, ratelimit.Limits{Remaining: unknown}, false},
		{"draft 6 garbage", 200, http.Header{"Ratelimit-Remaining": {"1x"}, "Ratelimit-Reset": {"9"}},
			ratelimit.Limits{Remaining: unknown}, false},
		{"draft 6 negative", 200, http.Header{"X-Ratelimit-Remaining": {"-5"}}, ratelimit.Limits{Remaining: unknown}, false},
		{"huge reset is kept finite", 200, http.Header{"Ratelimit": {`"a";r=0;t=999999999999999`}},
			ratelimit.Limits{Remaining: 0, Reset: in(100 * 365 * 24 * time.Hour)}, true},
	} {
		got, found := ratelimit.Parse(tc.status, tc.header, now)
		assert.Equal(t, tc.want, got, tc.name)
		assert.Equal(t, tc.found, found, tc.name)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`"default";r=50;t=30`, `limit=100, remaining=0, reset=30`, `"a \"b\"";pk=:cHsx:;r=7;t=2;x=?1;y=1.5`,
		`("a" "b");r=1`, `a;b;c=@12345, d`, `"burst";r=9;t=1, "day";r=2;t=3600`,
	} {
		f.Add(s, "100", 429)
	}
	f.Fuzz(func(t *testing.T, field, plain string, status int) {
		h := http.Header{"Ratelimit": {field}, "Ratelimit-Policy": {field}, "X-Ratelimit-Remaining": {plain},
			"X-Ratelimit-Reset": {plain}, "Retry-After": {plain}}
		l, _ := ratelimit.Parse(status, h, now)
		if l.Remaining < ratelimit.Unknown || l.Quota < 0 {
			t.Fatalf("Parse = %+v", l)
		}
		// A reset from seconds since the epoch may be past (a Store ignores it); one
		// from seconds from now may not.
		if !l.Reset.IsZero() && l.Reset.Before(time.Unix(1_000_000_000, 0)) {
			t.Fatalf("a reset before 2001: %+v", l)
		}
	})
}

// A response that says nothing costs nothing, and one that says something little.
func TestParseAllocations(t *testing.T) {
	empty := http.Header{"Content-Type": {"application/json"}}
	assert.Zero(t, testing.AllocsPerRun(100, func() { ratelimit.Parse(200, empty, now) }))
	github := http.Header{"X-Ratelimit-Limit": {"5000"}, "X-Ratelimit-Remaining": {"4999"}, "X-Ratelimit-Reset": {"1767272400"}}
	assert.Zero(t, testing.AllocsPerRun(100, func() { ratelimit.Parse(200, github, now) }))
	draft := http.Header{"Ratelimit": {`"default";r=50;t=30`}}
	assert.Equal(t, 3.0, testing.AllocsPerRun(100, func() { ratelimit.Parse(200, draft, now) }), "the list of policies, and its parameters")
}
