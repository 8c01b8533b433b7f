package runtime

import "unsafe"

// A func value is a pointer to a closure: the code to run, then what the code captured.
// time.AfterFunc takes a func, and r.fire, or any closure over the round, would be an
// allocation of its own on every hedged call, for a function that most calls never run.
// The round holds the closure instead (fireFn), laid out as the one roundFire makes, so
// the timer's function costs nothing beyond the round's state.
//
// fireCode is the code of that closure, taken from one made at start-up and checked:
// when the closure holds anything but the round right after its code (a compiler that
// lays closures out otherwise), it is 0 and the round falls back to r.fire.

// fireClosure is laid out as the closure roundFire returns.
type fireClosure struct {
	code uintptr
	r    *hedgeRound
}

//go:noinline
func roundFire(r *hedgeRound) func() { return func() { r.fire() } }

var fireCode = func() uintptr {
	probe := new(hedgeRound)
	f := roundFire(probe)
	closure := *(**fireClosure)(unsafe.Pointer(&f))
	if closure.r != probe {
		return 0
	}
	return closure.code
}()

// fireFunc returns the function for the timer of an inline first attempt: r.fire, run
// from r's own fireFn.
func (r *hedgeRound) fireFunc() func() {
	if fireCode == 0 {
		return r.fire
	}
	r.fireFn = fireClosure{code: fireCode, r: r}
	closure := &r.fireFn
	return *(*func())(unsafe.Pointer(&closure))
}
