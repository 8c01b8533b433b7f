package feigntest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRetryAfterValue(t *testing.T) {
	midnight := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		d    time.Duration
		date bool
		now  time.Time
		want string
	}{
		{0, false, midnight, "0"},
		{30 * time.Second, false, midnight, "30"},
		{1500 * time.Millisecond, false, midnight, "2"}, // never sooner than asked
		{time.Nanosecond, false, midnight, "1"},
		{30 * time.Second, true, midnight, "Sat, 01 Jan 2000 00:00:30 GMT"},
		{0, true, midnight, "Sat, 01 Jan 2000 00:00:00 GMT"},
		// now+d between two seconds: the next whole second.
		{time.Second, true, midnight.Add(500 * time.Millisecond), "Sat, 01 Jan 2000 00:00:02 GMT"},
		// Another zone: an HTTP date is always GMT.
		{time.Hour, true, midnight.In(time.FixedZone("X", 3600)), "Sat, 01 Jan 2000 01:00:00 GMT"},
	} {
		got := retryAfterValue(tc.d, tc.date, tc.now)
		assert.Equal(t, tc.want, got, "%v date=%v now=%v", tc.d, tc.date, tc.now)
		if tc.date {
			at, err := http.ParseTime(got)
			assert.NoError(t, err)
			assert.False(t, at.Before(tc.now.Add(tc.d)), "never sooner than asked")
		}
	}
}

func TestResetString(t *testing.T) {
	assert.Equal(t, []string{"NoReset", "ResetBeforeRead", "ResetAfterRead", "Reset(9)"},
		[]string{NoReset.String(), ResetBeforeRead.String(), ResetAfterRead.String(), Reset(9).String()})
}
