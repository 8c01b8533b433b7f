// Package hedgeoptions turns hedging off and on with //feign:options: a method's option
// replaces the interface's, so hedge=true on a method undoes hedge=false on its
// interface, and hedge=false on a method opts it out of a client built WithHedging.
package hedgeoptions

import "context"

// Search opts out of hedging as a whole, except for Fast.
//
//feign:options hedge=false
type Search interface {
	// Find inherits hedge=false: NoHedge in its Endpoint.
	//
	//feign:requestLine GET /find?q={q}
	Find(ctx context.Context, q string) (string, error)

	// Fast turns hedging back on: no NoHedge.
	//
	//feign:options hedge=true
	//feign:requestLine GET /fast?q={q}
	Fast(ctx context.Context, q string) (string, error)

	// Limited keeps hedge=false and adds options of its own beside it.
	//
	//feign:options timeout=2s retry=false
	//feign:requestLine GET /limited
	Limited(ctx context.Context) error
}

// Feed hedges wherever WithHedging asks, except for Export.
type Feed interface {
	// Items says nothing: no NoHedge.
	//
	//feign:requestLine GET /items
	Items(ctx context.Context) ([]string, error)

	// Export opts out: NoHedge.
	//
	//feign:options hedge=false
	//feign:requestLine GET /export
	Export(ctx context.Context) ([]byte, error)

	// Refresh says hedge=true explicitly, which is the default: no NoHedge.
	//
	//feign:options hedge=true
	//feign:requestLine GET /refresh
	Refresh(ctx context.Context) error
}
