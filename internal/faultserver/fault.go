package faultserver

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Kind is what a Server does to one request.
type Kind uint8

const (
	// None answers 200 with the echo of the request.
	None Kind = iota
	// ResetBeforeResponse resets the connection (HTTP/2: the stream) without reading the
	// request body: the request is not processed.
	ResetBeforeResponse
	// ResetAfterRead reads the whole request, processes it, then resets the connection
	// (HTTP/2: the stream) without answering.
	ResetAfterRead
	// TruncatedBody answers 200 with a Content-Length larger than the body it sends
	// before resetting.
	TruncatedBody
	// SlowHeaders waits Fault.Delay before it answers.
	SlowHeaders
	// SlowBody sends the headers and half the body, waits Fault.Delay, then the rest.
	SlowBody
	// TooManyRequests answers 429 with a Retry-After in the form Fault.RetryAfter.
	TooManyRequests
	// ServerError answers Fault.Status (500, 502, 503 or 504) without Retry-After.
	ServerError
	// GoAway answers 200 with Connection: close: HTTP/2 sends GOAWAY and ends the
	// connection once its streams are done, HTTP/1.1 closes it after the response.
	GoAway
	// HugeErrorBody answers 500 with a body of Fault.BodyBytes bytes.
	HugeErrorBody
	// AbsurdRetryAfter answers 503 with the Retry-After value Fault.RawRetryAfter: one
	// too large to parse, decades away, or not a valid value at all.
	AbsurdRetryAfter
	// Hang reads the request and never answers, until the client goes away or the
	// server closes (see hostile.go, as for the kinds below).
	Hang
	// TrickleHeaders sends the response headers one byte per Fault.Delay.
	TrickleHeaders
	// TrickleBody sends the headers at once, then the echo one byte per Fault.Delay.
	TrickleBody
	// RedirectElsewhere answers Fault.Status (302 when 0) with a Location at
	// Fault.Location, another origin, with the request's path and query.
	RedirectElsewhere
	// RedirectLoop answers 302 with a Location under LoopPath, which redirects to itself
	// for ever.
	RedirectLoop
	// HugeBody, HugeStream and GzipBomb answer 200 with a body of Fault.BodyBytes bytes,
	// streamed, never buffered (see huge.go): with a Content-Length, without one
	// (chunked), and compressed with Content-Encoding: gzip.
	HugeBody
	HugeStream
	GzipBomb

	numKinds
)

// Kinds lists every Kind in order.
func Kinds() []Kind {
	kinds := make([]Kind, numKinds)
	for k := range kinds {
		kinds[k] = Kind(k)
	}
	return kinds
}

var kindNames = [numKinds]string{
	None:                "none",
	ResetBeforeResponse: "reset-before-response",
	ResetAfterRead:      "reset-after-read",
	TruncatedBody:       "truncated-body",
	SlowHeaders:         "slow-headers",
	SlowBody:            "slow-body",
	TooManyRequests:     "429-retry-after",
	ServerError:         "5xx",
	GoAway:              "goaway",
	HugeErrorBody:       "huge-error-body",
	AbsurdRetryAfter:    "absurd-retry-after",
	Hang:                "hang",
	TrickleHeaders:      "trickle-headers",
	TrickleBody:         "trickle-body",
	RedirectElsewhere:   "redirect-elsewhere",
	RedirectLoop:        "redirect-loop",
	HugeBody:            "huge-body",
	HugeStream:          "huge-stream",
	GzipBomb:            "gzip-bomb",
}

// String returns the name of the kind, as in "reset-after-read".
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// RetryAfterForm is how a TooManyRequests fault writes its Retry-After.
type RetryAfterForm uint8

const (
	Seconds    RetryAfterForm = iota // "1"
	IMFFixdate                       // "Sun, 06 Nov 1994 08:49:37 GMT"
	RFC850                           // "Sunday, 06-Nov-94 08:49:37 GMT"
	Asctime                          // "Sun Nov  6 08:49:37 1994"
	PastDate                         // an IMF-fixdate an hour ago: "come back now"
)

// The HTTP-date layouts of RFC 9110, for the server's side.
const (
	imfLayout     = "Mon, 02 Jan 2006 15:04:05 GMT"
	rfc850Layout  = "Monday, 02-Jan-06 15:04:05 GMT"
	asctimeLayout = "Mon Jan _2 15:04:05 2006"
)

// AbsurdRetryAfters are the values AbsurdRetryAfter faults send: too large for any
// clock, 55 years away in seconds and as a date, a Go duration (go-retryablehttp's
// user saw "retrying in 484289h"), a negative and a fraction.
var AbsurdRetryAfters = []string{
	"99999999999999999999",
	"1743440400",
	"Fri, 31 Dec 9999 23:59:59 GMT",
	"484289h",
	"-5",
	"1.5",
}

// Fault is what a Server does to one request, with its parameters.
type Fault struct {
	Kind          Kind
	Status        int            // ServerError: the status to answer; RedirectElsewhere: the redirect's
	Delay         time.Duration  // SlowHeaders, SlowBody: how long to stall; TrickleHeaders, TrickleBody: the wait before each byte
	Location      string         // RedirectElsewhere: the base URL of the other origin
	RetryAfter    RetryAfterForm // TooManyRequests: the form of Retry-After
	Seconds       int            // TooManyRequests: how many seconds to ask for (not for PastDate)
	RawRetryAfter string         // AbsurdRetryAfter: the value to send
	BodyBytes     int            // HugeErrorBody, HugeBody, HugeStream, GzipBomb: the size of the body (GzipBomb: inflated)
}

// A Plan chooses the fault of each request a Server receives, in order of arrival. It
// must be safe for concurrent use.
type Plan interface {
	Next() Fault
}

// PlanFunc adapts a function to a Plan.
type PlanFunc func() Fault

// Next returns f().
func (f PlanFunc) Next() Fault { return f() }

// Always is a Plan that gives f to every request.
func Always(f Fault) Plan { return PlanFunc(func() Fault { return f }) }

// Sequence is a Plan that gives the faults in order, then None to every later request.
func Sequence(faults ...Fault) Plan {
	var mu sync.Mutex
	next := 0
	return PlanFunc(func() Fault {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(faults) {
			return Fault{}
		}
		next++
		return faults[next-1]
	})
}

// Params are the parameters a plan built by NewPlan gives its faults.
type Params struct {
	Weights    map[Kind]int  // relative frequency of each Kind; a Kind left out never happens
	MaxBurst   int           // ServerError and TooManyRequests repeat for 1..MaxBurst requests (default 1)
	Slow       time.Duration // the longest Delay of slow faults (default 20ms)
	MaxSeconds int           // the most seconds a Retry-After asks for (default 1)
	HugeBytes  int           // the body size of HugeErrorBody and the huge 2xx bodies (default 4 MiB)
	Elsewhere  string        // the base URL RedirectElsewhere sends to (another Server's URL)
}

// NewPlan returns a Plan that draws faults with the given weights from a generator
// seeded with seed: the sequence of faults is the same for the same seed and params.
func NewPlan(seed uint64, p Params) Plan {
	if p.MaxBurst < 1 {
		p.MaxBurst = 1
	}
	if p.Slow <= 0 {
		p.Slow = 20 * time.Millisecond
	}
	if p.MaxSeconds <= 0 {
		p.MaxSeconds = 1
	}
	if p.HugeBytes <= 0 {
		p.HugeBytes = 4 << 20
	}
	pl := &seededPlan{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), p: p}
	for _, k := range Kinds() { // in Kind order: a map's order would change the sequence
		if w := p.Weights[k]; w > 0 {
			pl.kinds = append(pl.kinds, k)
			pl.cumulative = append(pl.cumulative, pl.total+w)
			pl.total += w
		}
	}
	return pl
}

type seededPlan struct {
	mu         sync.Mutex
	rng        *rand.Rand
	p          Params
	kinds      []Kind
	cumulative []int
	total      int

	burst     Fault // the fault being repeated
	burstLeft int
}

func (pl *seededPlan) Next() Fault {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.burstLeft > 0 {
		pl.burstLeft--
		return pl.burst
	}
	if pl.total == 0 {
		return Fault{}
	}
	n := pl.rng.IntN(pl.total)
	i, _ := slices.BinarySearchFunc(pl.cumulative, n, func(c, n int) int {
		if c <= n {
			return -1
		}
		return 1
	})
	f := pl.draw(pl.kinds[i])
	if f.Kind == ServerError || f.Kind == TooManyRequests {
		pl.burst, pl.burstLeft = f, pl.rng.IntN(pl.p.MaxBurst)
	}
	return f
}

// draw fills in the parameters of a fault of kind k.
func (pl *seededPlan) draw(k Kind) Fault {
	f := Fault{Kind: k}
	switch k {
	case SlowHeaders, SlowBody:
		f.Delay = pl.p.Slow/2 + time.Duration(pl.rng.Int64N(int64(pl.p.Slow/2)+1))
	case TooManyRequests:
		f.RetryAfter = RetryAfterForm(pl.rng.IntN(int(PastDate) + 1))
		f.Seconds = pl.rng.IntN(pl.p.MaxSeconds + 1)
	case ServerError:
		f.Status = []int{500, 502, 503, 504}[pl.rng.IntN(4)]
	case HugeErrorBody, HugeBody, HugeStream, GzipBomb:
		f.BodyBytes = pl.p.HugeBytes
	case TrickleHeaders, TrickleBody:
		f.Delay = time.Millisecond + time.Duration(pl.rng.Int64N(int64(pl.p.Slow/20)+1))
	case RedirectElsewhere:
		f.Location = pl.p.Elsewhere
		f.Status = redirectStatuses[pl.rng.IntN(len(redirectStatuses))]
	case AbsurdRetryAfter:
		f.RawRetryAfter = AbsurdRetryAfters[pl.rng.IntN(len(AbsurdRetryAfters))]
	}
	return f
}
