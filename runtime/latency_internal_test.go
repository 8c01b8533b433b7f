package runtime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBucketsCoverLatenciesWithinAnEighth(t *testing.T) {
	for d := time.Microsecond; d < time.Minute; d = d*9/8 + time.Microsecond {
		i := bucketOf(d)
		end := bucketEnd(i)
		assert.Greater(t, end, d.Truncate(time.Microsecond), "%v in bucket %d", d, i)
		if i > 0 {
			assert.LessOrEqual(t, bucketEnd(i-1), d, "%v in bucket %d", d, i)
		}
		assert.LessOrEqual(t, float64(end-bucketEnd(max(i-1, 0))), float64(end)/8+float64(time.Microsecond))
	}
}

func TestPercentileAfterWarmUp(t *testing.T) {
	var l latency
	// 90 % of calls take 2ms, 10 % take 300ms: p95 is in the stragglers, p80 not.
	for i := range warmUpSamples - 1 {
		l.record(latencyOf(i), 95)
	}
	_, ok := l.current()
	assert.False(t, ok, "no estimate during the warm-up")
	for i := warmUpSamples - 1; i < 1000; i++ {
		l.record(latencyOf(i), 95)
	}
	d, ok := l.current()
	assert.True(t, ok)
	assert.InDelta(t, float64(300*time.Millisecond), float64(d), float64(300*time.Millisecond)/8)
	assert.InDelta(t, float64(2*time.Millisecond), float64(l.percentile(80)), float64(2*time.Millisecond)/8)
}

func latencyOf(i int) time.Duration {
	if i%10 == 0 {
		return 300 * time.Millisecond
	}
	return 2 * time.Millisecond
}
