// Feigngen generates typed HTTP clients from annotated Go interfaces.
//
// Declare an interface whose methods carry request-line directives:
//
//	package github
//
//	//go:generate go tool feigngen
//
//	// GitHub is the GitHub REST API.
//	//
//	//feign:headers Accept: application/vnd.github+json
//	type GitHub interface {
//		//feign:requestLine GET /repos/{owner}/{repo}/contributors?anon={anon}
//		Contributors(ctx context.Context, owner, repo string, anon *bool) ([]Contributor, error)
//	}
//
// then run go generate. For an interface X declared in api.go, feigngen writes
// api_feign.go beside it with
//
//	func NewX(baseURL string, opts ...runtime.Option) (X, error)
//
// whose methods build each request from the templates, send it through
// github.com/gofeign/feign/runtime (retries, Retry-After, error decoding) and decode
// the response.
//
// Usage:
//
//	feigngen [-type Name,...] [-output FILE] [-check] [-tags TAGS] [packages]
//
// Without packages, feigngen works on the package in the current directory, which is
// how a go:generate line runs it; otherwise it takes package patterns as the go command does
// (./..., ./api). Without -type it generates every interface that carries a //feign:
// directive on itself or one of its methods.
//
// The flags are:
//
//	-type Name,...
//		generate only the named interfaces.
//	-output FILE
//		write every client of the (single) package to FILE instead of one
//		<source>_feign.go beside each source file.
//	-check
//		write nothing; exit 1, naming the files, when any generated file is missing,
//		differs from what feigngen would write, or belongs to an interface that is gone.
//		Use it in CI so generated code can never drift from its declaration.
//	-tags TAGS
//		comma-separated build tags to load the packages with.
//
// # Directives
//
// Directives are Go directive comments in the doc comment of the interface or of a
// method: //feign:name args, with no space after //. Their names are Feign's
// annotations in lower camel case, so that gofmt keeps them as directives and godoc
// hides them.
//
//	//feign:requestLine METHOD TEMPLATE   method, required: GET HEAD POST PUT PATCH DELETE
//	                                     OPTIONS TRACE or QUERY, and a URI template
//	                                     relative to the base URL
//	//feign:headers Name: value-template  interface or method, repeatable; a method's
//	                                     Content-Type replaces the interface's, other
//	                                     names add values
//	//feign:idempotent                    method: may be retried although it is a POST
//	                                     or PATCH
//	//feign:options dismiss404=true       interface or method: a 404 yields the zero value
//
// Templates follow RFC 6570: {var} names a parameter and percent-encodes every reserved
// character, so a value never adds a '/', '?', '&', '#' or a dot-segment to the URL.
// A parameter that is a nil pointer or an empty slice is undefined: its query pair or
// header is left out (never sent half-resolved, as "Bearer "), and in the path it is an
// error returned before anything is sent. A slice repeats its query pair (tag=a&tag=b)
// and is comma-joined in a path or header. Template values may be strings, integers,
// floats, bools, fmt.Stringers, encoding.TextMarshalers, named types over these, and
// pointers to or slices of them.
//
// An optional first parameter is a context.Context. At most one other parameter may be
// named by no template: it is the request body, encoded by the client's Encoder (JSON
// by default), or streamed as is when its type implements io.Reader. Results are error; (T, error) with T decoded by the Decoder ([]byte and
// string take the raw body); (*http.Response, error), any status, closed by the caller;
// or (io.ReadCloser, error), a 2xx body streamed to the caller.
//
// # Errors
//
// Every mistake in a declaration is reported with its position, all of them at once
// and sorted, and nothing is written:
//
//	api.go:12:34: requestLine of GitHub.Contributors uses {ownr}, which is no parameter (owner, repo, anon)
//
// feigngen loads packages fully type-checked, with the build tag feigngen set: every
// generated file carries //go:build !feigngen, so a stale client never stops its own
// regeneration, and code of the package that calls NewX still loads.
//
// Exit status: 0 done; 1 declaration errors, or stale files with -check; 2 usage errors.
//
// # Installing
//
// Add feigngen as a tool of your module; this also requires the module, whose runtime
// package the generated clients use:
//
//	go get -tool github.com/gofeign/feign/cmd/feigngen
//
// then write //go:generate go tool feigngen in the package that declares the API.
package main
