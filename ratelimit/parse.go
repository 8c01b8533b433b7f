package ratelimit

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofeign/feign/errordecoder"
)

// Unknown is the Remaining of Limits when the response gave none.
const Unknown = -1

// Limits is what a response said about its origin's quota.
//
// A Store keeps a Remaining count only with its Reset: the zero Limits says nothing it
// keeps. Parse returns Remaining Unknown when no field gave one.
type Limits struct {
	// Quota is the number of requests a window allows; 0 when not given.
	Quota int64
	// Remaining is the number of requests left in the current window; Unknown when not
	// given.
	Remaining int64
	// Reset is when the current window ends and the quota is renewed; zero when not
	// given.
	Reset time.Time
	// RetryAfter is when a 429 or 503 response asked to be called again; zero when not
	// given.
	RetryAfter time.Time
}

// epochThreshold tells a reset given in seconds since the Unix epoch (GitHub's
// X-RateLimit-Reset) from one given as seconds from now (the drafts' fields, and some
// servers' X-RateLimit-Reset): 10⁹ seconds is September 2001 as an instant, and 31
// years as a delay, which no quota window lasts.
const epochThreshold = 1_000_000_000

// Parse reads the rate-limit fields of a response with the given status, received at
// now, and reports whether it found any. It reads, and combines:
//
//   - RateLimit and RateLimit-Policy as the current draft-ietf-httpapi-ratelimit-headers
//     writes them, Lists of policies: `RateLimit: "default";r=50;t=30` (r requests
//     remain, for t more seconds) and `RateLimit-Policy: "default";q=100;w=60` (a quota
//     q per window of w seconds);
//   - the earlier drafts' forms that express-rate-limit sends: `RateLimit: limit=100,
//     remaining=0, reset=30` (draft 7), and RateLimit-Limit, RateLimit-Remaining and
//     RateLimit-Reset (draft 6, the reset in seconds from now);
//   - X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset, as GitHub sends
//     them (the reset in seconds since the Unix epoch; a value below 10⁹ is taken as
//     seconds from now, as some servers send it);
//   - Retry-After (errordecoder.ParseRetryAfter), on a 429 or a 503 only: on other
//     statuses it says when to retry that request, not when the origin may be called.
//
// When several fields or policies give a remaining count, the smallest wins, with its
// reset and quota: the policy closest to exhaustion is the one that matters. A
// malformed field is ignored, and so are negative counts; a field repeated in several
// header lines is read as one list, as HTTP says.
func Parse(status int, h http.Header, now time.Time) (Limits, bool) {
	l := Limits{Remaining: Unknown}
	found := false
	consider := func(quota, remaining int64, reset time.Time) {
		switch {
		case remaining < 0:
			if quota > 0 {
				found = true
				l.Quota = max(l.Quota, quota)
			}
			return
		case l.Remaining == Unknown || remaining < l.Remaining ||
			remaining == l.Remaining && reset.After(l.Reset):
			found = true
			l.Remaining, l.Reset = remaining, reset
			if quota > 0 {
				l.Quota = quota
			}
		}
	}
	after := func(seconds int64) time.Time {
		if seconds < 0 {
			return time.Time{}
		}
		return now.Add(time.Duration(min(seconds, maxSeconds)) * time.Second)
	}

	// The current draft: Lists of named policies.
	var quotas map[string]int64
	if v := field(h, "Ratelimit-Policy"); v != "" {
		if ms, ok := parseSFList(v); ok {
			quotas = make(map[string]int64, len(ms))
			for _, m := range ms {
				if q, ok := m.param("q"); ok && q >= 0 && isName(m.item) {
					quotas[m.item.str] = q
				}
			}
		}
	}
	if v := field(h, "Ratelimit"); v != "" {
		if ms, ok := parseSFList(v); ok && len(ms) > 0 && isName(ms[0].item) {
			for _, m := range ms {
				r, ok := m.param("r")
				if !ok || !isName(m.item) {
					continue
				}
				reset := time.Time{}
				if t, ok := m.param("t"); ok {
					reset = after(t)
				}
				q, ok := quotas[m.item.str]
				if !ok {
					q = -1
				}
				consider(q, r, reset)
			}
		} else if ms, ok := parseSFDict(v); ok { // draft 7: limit=100, remaining=0, reset=30
			var limit, remaining, reset int64 = -1, -1, -1
			for _, m := range ms {
				if m.item.kind != sfInteger {
					continue
				}
				switch m.key {
				case "limit":
					limit = m.item.num
				case "remaining":
					remaining = m.item.num
				case "reset":
					reset = m.item.num
				}
			}
			if limit >= 0 || remaining >= 0 {
				consider(limit, remaining, after(reset))
			}
		}
	} else if len(quotas) > 0 {
		found = true // a policy with no remaining count: nothing to wait on
		for _, q := range quotas {
			l.Quota = max(l.Quota, q)
		}
	}

	// Draft 6, and GitHub's.
	for _, names := range [...]struct {
		limit, remaining, reset string
		epoch                   bool
	}{
		{"Ratelimit-Limit", "Ratelimit-Remaining", "Ratelimit-Reset", false},
		{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", true},
	} {
		limit, lok := firstInt(field(h, names.limit))
		remaining, rok := firstInt(field(h, names.remaining))
		if !lok && !rok {
			continue
		}
		if !lok {
			limit = -1
		}
		if !rok {
			remaining = -1
		}
		var reset time.Time
		if n, ok := firstInt(field(h, names.reset)); ok {
			if names.epoch && n >= epochThreshold {
				reset = time.Unix(n, 0).UTC()
			} else {
				reset = after(n)
			}
		}
		consider(limit, remaining, reset)
	}

	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		if t, ok := errordecoder.ParseRetryAfter(field(h, "Retry-After"), now); ok {
			found = true
			l.RetryAfter = t
		}
	}
	return l, found
}

// maxSeconds bounds a delay in seconds so that now plus it cannot overflow; a Governor
// caps every instant much nearer anyway (MaxBlock).
const maxSeconds = 100 * 365 * 24 * 3600

// field returns the header lines of name (in canonical form, so that looking it up
// allocates nothing) joined with commas, as HTTP reads a field repeated on several
// lines.
func field(h http.Header, name string) string {
	vs := h[name]
	switch len(vs) {
	case 0:
		return ""
	case 1:
		return vs[0]
	}
	return strings.Join(vs, ", ")
}

// firstInt parses a non-negative integer of at most 15 digits, the first member of
// field, and ignores what follows it (draft 6 allowed `RateLimit-Limit: 100, 100;w=60`).
func firstInt(field string) (int64, bool) {
	field = strings.TrimSpace(field)
	end := 0
	for end < len(field) && field[end] >= '0' && field[end] <= '9' {
		end++
	}
	if end == 0 || end > 15 {
		return 0, false
	}
	if rest := strings.TrimLeft(field[end:], " \t"); rest != "" && rest[0] != ',' && rest[0] != ';' {
		return 0, false
	}
	n, err := strconv.ParseInt(field[:end], 10, 64)
	return n, err == nil
}

// isName reports whether a List member names a policy: a String or a Token.
func isName(it sfItem) bool { return it.kind == sfString || it.kind == sfToken }
