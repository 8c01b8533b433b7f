package errordecoder

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// The three HTTP-date forms of RFC 9110 section 5.6.7, written leniently: a day of one or
// two digits, and any weekday name (time.Parse checks that it is a weekday, not that it
// matches the date).
const (
	imfFixdate = "Mon, 2 Jan 2006 15:04:05 GMT"  // Sun, 06 Nov 1994 08:49:37 GMT
	rfc850Date = "Monday, 2-Jan-06 15:04:05 GMT" // Sunday, 06-Nov-94 08:49:37 GMT
	asctime    = "Mon Jan _2 15:04:05 2006"      // Sun Nov  6 08:49:37 1994
)

// maxDelaySeconds is the largest delay that now + delay can hold in a time.Duration.
const maxDelaySeconds = math.MaxInt64 / int64(time.Second)

// ParseRetryAfter parses the value of a Retry-After header and returns the time at which
// the server asked to be called again, in UTC.
//
// It accepts delta-seconds ("120": now plus 120 seconds; surrounding spaces are ignored,
// a sign or a fraction are not) and the three
// HTTP-date forms of RFC 9110: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850
// ("Sunday, 06-Nov-94 08:49:37 GMT", whose two-digit year is placed within 50 years of
// now, as RFC 9110 requires) and asctime ("Sun Nov  6 08:49:37 1994"). As RFC 9110
// encourages, it is lenient: a one-digit day is accepted, and so is a weekday that does
// not match the date. A date in the past is returned as it is. ok is false for anything
// else: a negative, a fraction, garbage.
//
// A delta-seconds too large for a time.Duration (9223372037 and more, however many
// digits) is clamped to the largest one, about 292 years, as RFC 9111 section 1.2.2
// tells caches to do with a delta-seconds they cannot represent: the server asked for
// a very long wait, which a Retryer refuses (retryer.ErrRetryAfterTooLong), rather
// than for none, which would retry at once.
func ParseRetryAfter(value string, now time.Time) (t time.Time, ok bool) {
	value = strings.Trim(value, " \t")
	if value == "" {
		return time.Time{}, false
	}
	if isDigits(value) {
		return afterDelay(value, now)
	}
	return parseHTTPDate(value, now)
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// afterDelay returns now plus a delay in seconds, the delay clamped to maxDelaySeconds.
// seconds is all digits: ParseInt can only fail with ErrRange, for a value that is
// larger still.
func afterDelay(seconds string, now time.Time) (time.Time, bool) {
	n, err := strconv.ParseInt(seconds, 10, 64)
	if err != nil || n > maxDelaySeconds {
		n = maxDelaySeconds
	}
	return now.Add(time.Duration(n) * time.Second).UTC(), true
}

func parseHTTPDate(value string, now time.Time) (time.Time, bool) {
	if t, err := time.Parse(imfFixdate, value); err == nil {
		return t.UTC(), true
	}
	if t, err := time.Parse(rfc850Date, value); err == nil {
		return withCentury(t, now), true
	}
	if t, err := time.Parse(asctime, value); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// withCentury places the two-digit year of an RFC 850 date, which time.Parse puts in
// 1969–2068, in the window of 50 years either side of now: RFC 9110 says a date that
// appears to be more than 50 years in the future is in the past century.
func withCentury(t, now time.Time) time.Time {
	nowYear := now.UTC().Year()
	year := nowYear - mod(nowYear, 100) + t.Year()%100
	switch {
	case year > nowYear+50:
		year -= 100
	case year <= nowYear-50:
		year += 100
	}
	return time.Date(year, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// mod is the mathematical modulus, never negative, so a year before 0 works too.
func mod(a, b int) int { return (a%b + b) % b }
