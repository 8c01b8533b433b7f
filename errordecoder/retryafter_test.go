package errordecoder_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/errordecoder"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 678, time.FixedZone("CET", 3600))
	date := func(year int, month time.Month, day, hour, minute, second int) time.Time {
		return time.Date(year, month, day, hour, minute, second, 0, time.UTC)
	}
	tests := []struct {
		value string
		want  time.Time // zero: not accepted
	}{
		// delta-seconds
		{"0", now.UTC()},
		{"120", now.Add(2 * time.Minute).UTC()},
		{"86400", now.Add(24 * time.Hour).UTC()},
		{" 5\t", now.Add(5 * time.Second).UTC()},
		{"007", now.Add(7 * time.Second).UTC()},
		{"9223372036", now.Add(9223372036 * time.Second).UTC()},
		// Too large for a time.Duration: clamped to the largest, as RFC 9111 says.
		{"9223372037", now.Add(9223372036 * time.Second).UTC()},
		{"9999999999999", now.Add(9223372036 * time.Second).UTC()},
		{"99999999999999999999", now.Add(9223372036 * time.Second).UTC()},
		{"0" + strings.Repeat("9", 400), now.Add(9223372036 * time.Second).UTC()},
		{"-1", time.Time{}},
		{"+5", time.Time{}},
		{"1.5", time.Time{}},
		{"1e3", time.Time{}},
		{"1 2", time.Time{}},
		{"", time.Time{}},
		{"   ", time.Time{}},
		{"garbage", time.Time{}},

		// IMF-fixdate
		{"Fri, 31 Dec 1999 23:59:59 GMT", date(1999, 12, 31, 23, 59, 59)},
		{"Sun, 06 Nov 1994 08:49:37 GMT", date(1994, 11, 6, 8, 49, 37)},
		{"Sat, 1 Jan 2000 00:00:00 GMT", date(2000, 1, 1, 0, 0, 0)},     // Feign's own test
		{"Mon, 06 Nov 1994 08:49:37 GMT", date(1994, 11, 6, 8, 49, 37)}, // wrong weekday
		{"Wed, 01 Jan 2031 00:00:00 GMT", date(2031, 1, 1, 0, 0, 0)},    // future
		{"Sun, 06 Nov 1994 08:49:37 UTC", time.Time{}},                  // GMT only
		{"Sun, 32 Nov 1994 08:49:37 GMT", time.Time{}},                  // no such day
		{"Sun, 06 Nov 1994 08:49:37 GMT extra", time.Time{}},            // trailing text
		{"Xyz, 06 Nov 1994 08:49:37 GMT", time.Time{}},                  // not a weekday
		{"2026-01-02T03:04:05Z", time.Time{}},                           // not an HTTP-date

		// RFC 850: the two-digit year lies within 50 years of 2026.
		{"Sunday, 06-Nov-94 08:49:37 GMT", date(1994, 11, 6, 8, 49, 37)},
		{"Thursday, 31-Dec-26 23:59:59 GMT", date(2026, 12, 31, 23, 59, 59)},
		{"Monday, 01-Jan-30 00:00:00 GMT", date(2030, 1, 1, 0, 0, 0)},
		{"Monday, 01-Jan-76 00:00:00 GMT", date(2076, 1, 1, 0, 0, 0)},
		{"Monday, 01-Jan-77 00:00:00 GMT", date(1977, 1, 1, 0, 0, 0)},
		{"Monday, 01-Jan-68 00:00:00 GMT", date(2068, 1, 1, 0, 0, 0)},
		{"Monday, 1-Jan-00 00:00:00 GMT", date(2000, 1, 1, 0, 0, 0)},
		{"Sun, 06-Nov-94 08:49:37 GMT", time.Time{}},

		// asctime
		{"Sun Nov  6 08:49:37 1994", date(1994, 11, 6, 8, 49, 37)},
		{"Sun Nov 6 08:49:37 1994", date(1994, 11, 6, 8, 49, 37)},
		{"Sun Nov 16 08:49:37 1994", date(1994, 11, 16, 8, 49, 37)},
		{"Sun Nov  6 08:49:37 1994 GMT", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, ok := errordecoder.ParseRetryAfter(tt.value, now)
			if tt.want.IsZero() {
				assert.False(t, ok)
				assert.True(t, got.IsZero())
				return
			}
			assert.True(t, ok)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestParseRetryAfterRFC850Century(t *testing.T) {
	// Near the end of a century, a small two-digit year is in the next one.
	now := time.Date(2090, 6, 1, 0, 0, 0, 0, time.UTC)
	got, ok := errordecoder.ParseRetryAfter("Tuesday, 01-Jan-05 00:00:00 GMT", now)
	assert.True(t, ok)
	assert.Equal(t, time.Date(2105, 1, 1, 0, 0, 0, 0, time.UTC), got)

	got, ok = errordecoder.ParseRetryAfter("Friday, 01-Jan-45 00:00:00 GMT", now)
	assert.True(t, ok)
	assert.Equal(t, time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC), got)
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{
		"0",
		"120",
		"99999999999999999999",
		"-1",
		"Fri, 31 Dec 1999 23:59:59 GMT",
		"Sat, 1 Jan 2000 00:00:00 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
	} {
		f.Add(seed)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value string) {
		got, ok := errordecoder.ParseRetryAfter(value, now) // never panics
		trimmed := strings.Trim(value, " \t")
		delta := trimmed != "" && strings.Trim(trimmed, "0123456789") == ""
		if delta && !ok {
			// However large, delta-seconds ask for a wait: taken as none, they would
			// make a client retry at once.
			t.Fatalf("ParseRetryAfter(%q) refused delta-seconds", value)
		}
		if !ok {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseRetryAfter(%q) = %v, not in UTC", value, got)
		}
		if delta && got.Before(now) {
			t.Fatalf("ParseRetryAfter(%q) = %v, before now %v", value, got, now)
		}
	})
}
