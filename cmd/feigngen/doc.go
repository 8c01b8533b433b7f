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
//	//feign:requestLine METHOD TEMPLATE   method, required, once: GET HEAD POST PUT PATCH
//	                                     DELETE OPTIONS TRACE or QUERY, and a URI template
//	                                     relative to the base URL
//	//feign:headers Name: value-template  interface or method, repeatable; a method's
//	                                     Content-Type replaces the interface's, other
//	                                     names add values
//	//feign:body TEMPLATE                 method, once: the body, values escaped for the
//	                                     declared Content-Type
//	//feign:queryMap param                method, once: param adds query pairs
//	//feign:headerMap param               method, once: param adds headers
//	//feign:idempotent                    method: may be retried although it is a POST
//	                                     or PATCH
//	//feign:options key=value ...         interface or method: see Options
//
// Templates follow RFC 6570: {var} names a parameter and percent-encodes every reserved
// character, so a value never adds a '/', '?', '&' or '#' to the URL. {+var} keeps '/'
// (a value may span segments, "docs/intro.md") but still encodes every other reserved
// character. A value that would make a "." or ".." segment, as servers resolve it
// ("..", "../admin", "docs/../x"), or make the path start with "//", fails the call
// before anything is sent. {?a,b} starts the query
// with a pair per variable (a={a}&b={b}) and {&c} continues it; literal pairs may be
// mixed with them (/search?q={q}&sort=stars{&page}). A parameter that is a nil pointer
// or an empty slice is undefined: its query pair or header is left out (never sent
// half-resolved, as "Bearer "), and in the path or a body it is an error returned
// before anything is sent. A slice repeats its query pair (tag=a&tag=b) unless
// collection= joins it, and is comma-joined in a path or header; a nil element of a
// slice of pointers or interfaces fails the call (a *runtime.ArgumentError) instead of
// being dropped silently. Template values may be strings, integers, floats, bools,
// fmt.Stringers, encoding.TextMarshalers, named types over these, and pointers to or
// slices of them.
//
// # Options
//
//	timeout=2s             bounds the whole call, every attempt and wait
//	attemptTimeout=500ms   bounds each attempt
//	retry=false            a single attempt, whatever the Retryer says
//	hedge=false            no concurrent attempts, even with runtime.WithHedging
//	dismiss404=true        a 404 yields the zero value and no error
//	collection=FORMAT      how a slice is written in a query pair: exploded (the
//	                       default: tag=a&tag=b), csv (tag=a,b), ssv (tag=a%20b) or
//	                       pipes (tag=a%7Cb); a value holding the separator reads as
//	                       two elements, as in every joined format
//
// Options on the interface apply to every method; a method's options replace them key
// by key. Durations are Go durations (time.ParseDuration) and must be positive.
//
// # Maps
//
// //feign:queryMap names a url.Values, map[string]string or map[string][]string, whose
// pairs follow the template's with keys sorted, or a struct (or pointer to one; nil
// adds nothing) whose exported fields are pairs, read directly by the generated code:
// named by a `query:"name"` tag or else the field name, left out with `query:"-"`, and
// skipped when zero with `query:"name,omitempty"`. //feign:headerMap names an
// http.Header or map[string]string, whose headers add to the declared ones. Map keys
// and values are escaped like template values; a header name or value with a CR or LF,
// or a header the transport sets (Host, Content-Length), fails the call.
//
// # Bodies
//
// An optional first parameter is a context.Context, and an optional last one is
// ...runtime.CallOption (per-call base URL, timeout, headers and retryer). At most one
// other parameter may be named by no template or map: it is the request body, encoded
// by the client's Encoder (JSON by default), or streamed as is when its type implements
// io.Reader.
//
// With a declared Content-Type application/x-www-form-urlencoded, the parameters no
// template uses are instead form fields named after the parameters (template value
// types; a slice repeats its field), or a single url.Values, map or struct parameter is
// the whole form; both are encoded by codec.Form whatever the client's Encoder. With
// multipart/form-data they are text parts, and a []byte parameter is a file part;
// io.Reader parts are refused, since they could not be sent again on a retry without
// buffering them whole.
//
// //feign:body TEMPLATE writes the body from a template in which {name} is a
// variable and every other brace is literal text, so JSON needs no escaping. It needs a
// declared Content-Type whose escaping feigngen knows, else it is an error: JSON
// (application/json, or any +json type): a value inside a JSON string is escaped as
// string content and can never end its string; outside a string only a number or a
// bool may stand (NaN and ±Inf fail the call). A form: values are percent-encoded and
// can never add a field. text/plain: values as they are. Every variable must name a
// parameter (Feign would send "{name}" literally), and every parameter must be used:
// the template is the whole body.
//
// # Embedded interfaces
//
// An interface may embed annotated interfaces of the same package: their methods become
// methods of its client. An embedded method keeps the headers and options of its own
// interface, applied over those of the embedding interface (the more specific wins, as
// a method's own directives win over its interface's): headers add up, outer first,
// and options replace key by key. Embedding an interface feigngen cannot read the
// directives of (from another package) is an error; an empty interface is ignored.
//
// Results are error; (T, error) with T decoded by the Decoder ([]byte and string take
// the raw body); (*http.Response, error), any status, closed by the caller; or
// (io.ReadCloser, error), a 2xx body streamed to the caller. T may be any type,
// including generic instantiations (Page[Repo]) and aliases.
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
