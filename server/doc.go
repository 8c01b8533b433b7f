// Package server holds the helpers of the HTTP handlers feigngen generates with
// -server: for an interface X, NewXHandler(impl X, opts ...server.Option) serves the
// very requests NewX's client sends, by calling impl.
//
// The declared interface is the contract of both ends. A handler routes each method's
// request line with a net/http.ServeMux pattern (GET /repos/{owner}/{repo}), decodes
// every parameter from the place its template puts it, with the rules the client
// encodes it by, and answers with what the client's Decoder and ErrorDecoder read:
//
//   - path, query, header and form values are parsed back from their text: strconv for
//     numbers and bools, UnmarshalText for a type the client writes with MarshalText or
//     String. A value that does not parse (abc for an int) is a 400 Bad Request, and
//     the implementation is not called. A literal pair of the request line
//     (?api-version=2) is checked the same way; literal headers are not, but
//     Content-Type, which the body must match.
//   - a body is decoded by the Decoder of WithDecoder, codec.JSON by default (the
//     counterpart of the client's Encoder); []byte, string and io.Reader bodies are
//     the request's bytes as they are (with a Decoder of its own, []byte and string
//     bodies are decoded too, as a client with an Encoder of its own encodes them). A body over the limit of WithMaxBodyBytes
//     (DefaultMaxBodyBytes, 10 MiB) is a 413, a Content-Type other than the declared
//     one a 415.
//   - a result is encoded by the Encoder of WithEncoder, codec.JSON by default (the
//     counterpart of the client's Decoder); []byte and string results are the raw
//     body; a runtime.Response[T] sets the status and headers; a method that returns
//     only an error answers 204 No Content.
//   - a streamed result (iter.Seq2[T, error] with //feign:stream) is written item by
//     item as the implementation yields it, each flushed at once, in the format the
//     client reads: server-sent events (with the ID, type and retry of a
//     runtime.SSE[T], and the done= event), JSON lines or a JSON text sequence (see
//     StreamItems). The status goes with the first item, so an error yielded first is
//     an ordinary error response; a later one aborts the response, so that the
//     client sees a broken stream, not a clean end. A client that resumes a broken
//     server-sent event stream sends the last event's ID, which the implementation
//     reads with LastEventID, to start after it.
//   - a paginated result (//feign:paginate) is cut into pages of WithPageSize items
//     (DefaultPageSize, 100), or one runtime.Response page per request, and the handler
//     owns the cursor: the offset of the next page, in a Link rel="next" header or in
//     the page's next field. An implementation that calls PageOffset starts its
//     sequence at the page; otherwise the handler skips the earlier items itself (see
//     PageItems).
//   - an error of the implementation becomes the response the client's ErrorDecoder
//     turns back into it: an *errordecoder.HTTPError its status, headers and body; an
//     *errordecoder.RetryableError the status of its HTTPError (503 without one) and a
//     Retry-After when it has one; any other error a 500 whose body is a fixed
//     message, so that nothing of the error leaks to the caller. WithErrorHook sees
//     the error itself.
//
// Error responses of the handler's own (400, 413, 415, 500) are RFC 9457 problem
// details, application/problem+json:
//
//	{"type":"about:blank","title":"Bad Request","status":400,"detail":"query anon: \"abc\" is not a bool"}
//
// Clients never import this package: a program that only calls an API links neither
// it nor its dependencies. Generated handlers use no reflection of their own; the
// codecs may (codec.JSON is encoding/json).
package server
