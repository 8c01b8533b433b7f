package runtime

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// latency tracks the attempt latencies of one Endpoint of one Client, for a Hedging with
// a Percentile. It is a histogram of log-linear buckets (8 per power of two, so a bucket
// is at most 12.5 % wide) of microseconds, from 1 µs to about a minute, updated with
// atomic adds: recording never takes a lock. The percentile is recomputed every
// recomputeEvery samples by the goroutine that records that sample, and read with one
// atomic load; every decayEvery samples the counts are halved, so the estimate follows
// the service as it speeds up or slows down.
type latency struct {
	buckets [latencyBuckets]atomic.Uint32
	samples atomic.Uint64
	delay   atomic.Int64 // the percentile, as a time.Duration; 0 during the warm-up
}

const (
	subBuckets     = 8 // per power of two
	latencyBuckets = 27 * subBuckets
	warmUpSamples  = 100 // before them, Hedging.Delay applies
	recomputeEvery = 16
	decayEvery     = 1024
)

// latencyOf returns the tracker of e on c, creating it on first use.
func (c *Client) latencyOf(e *Endpoint) *latency {
	if l, ok := c.latencies.Load(e); ok {
		return l.(*latency)
	}
	l, _ := c.latencies.LoadOrStore(e, new(latency))
	return l.(*latency)
}

// record adds one observed latency and, now and then, recomputes the percentile.
func (l *latency) record(d time.Duration, percentile float64) {
	l.buckets[bucketOf(d)].Add(1)
	n := l.samples.Add(1)
	if n%decayEvery == 0 {
		for i := range l.buckets {
			b := &l.buckets[i]
			b.Add(-(b.Load() / 2)) // never below 0: only this decay subtracts
		}
	}
	if n >= warmUpSamples && n%recomputeEvery == 0 {
		l.delay.Store(int64(l.percentile(percentile)))
	}
}

// current returns the adaptive delay, or false during the warm-up.
func (l *latency) current() (time.Duration, bool) {
	d := l.delay.Load()
	return time.Duration(d), d > 0
}

// percentile returns the upper bound of the bucket holding the p-th percentile (p in
// percent): a delay a little above it rather than below, so hedges stay about 100-p %.
func (l *latency) percentile(p float64) time.Duration {
	var counts [latencyBuckets]uint32
	var total uint64
	for i := range l.buckets {
		counts[i] = l.buckets[i].Load()
		total += uint64(counts[i])
	}
	if total == 0 {
		return 0
	}
	rank := uint64(p / 100 * float64(total))
	var seen uint64
	for i, n := range counts {
		seen += uint64(n)
		if seen > rank {
			return bucketEnd(i)
		}
	}
	return bucketEnd(latencyBuckets - 1)
}

// bucketOf returns the bucket of d.
func bucketOf(d time.Duration) int {
	us := uint64(max(d/time.Microsecond, 0))
	if us < subBuckets {
		return int(us)
	}
	e := bits.Len64(us) - 1 // us is in [2^e, 2^(e+1)), e >= 3
	sub := int(us>>(e-3)) & (subBuckets - 1)
	return min((e-2)*subBuckets+sub, latencyBuckets-1)
}

// bucketEnd returns the first latency above bucket i.
func bucketEnd(i int) time.Duration {
	i++
	if i < subBuckets {
		return time.Duration(i) * time.Microsecond
	}
	e, sub := i/subBuckets+2, i%subBuckets
	return time.Duration(uint64(subBuckets+sub)<<(e-3)) * time.Microsecond
}
