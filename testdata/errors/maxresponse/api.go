package maxresponse

import "context"

// API bounds its results with sizes feigngen cannot read.
//
//feign:options maxResponse=64mib
type API interface {
	//feign:requestLine GET /a
	//feign:options maxResponse=1.5MiB
	Fraction(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /b
	//feign:options maxResponse=0
	Zero(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /c
	//feign:options maxResponse=-1KiB
	Negative(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /d
	//feign:options maxResponse=9999999999GiB
	Overflow(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /e
	//feign:options maxResponse=99999999999999999999
	TooManyDigits(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /f
	//feign:options maxResponse=MiB
	NoNumber(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /g
	//feign:options maxResponse=+5MB
	Plus(ctx context.Context) ([]byte, error)
}
