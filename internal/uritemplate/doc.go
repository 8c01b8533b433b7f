// Package uritemplate parses the templates of feign declarations: the URI
// template of a //feign:requestLine directive and the text templates of
// //feign:headers directives, and the body templates of //feign:body. It is a parser only; it never
// expands a template. The generator uses the parsed form to check the
// variables against the method's parameters and to emit code that builds the
// request.
//
// # URI templates
//
// [Parse] accepts the subset of RFC 6570 this product supports:
//
//	/repos/{owner}/{repo}/contributors?anon={anon}&per_page=100{&page}
//	/search{?q,page}{&sort}
//	/files/{+path}
//
// A template is relative to the client's base URL, so it starts with '/'. Its
// path holds literals and {var} or {+var} expressions. Its query is either a
// literal query after '?', made of name or name=value pairs whose values may
// contain {var} expressions, or a {?var,…} expression directly after the path.
// Either may be continued by {&var,…} expressions, and literal pairs may follow
// a {?…} or {&…} expression after an '&'. A variable is a Go identifier, not
// a keyword, with an optional explode ("*") or prefix (":n", 1 ≤ n ≤ 9999)
// modifier.
//
// Literal text is returned percent-encoded, ready to be written into a URL:
// characters outside the RFC 3986 unreserved and sub-delims sets and ':', '@'
// and '/' are encoded as UTF-8 bytes with upper-case hex digits, and valid
// percent-encodings are kept as written. Query names and values additionally
// encode '&', '=', '+', ';' and '?', so that no literal changes the structure
// or the meaning of the query for any server.
//
// Parse rejects what the product does not support, with the byte offset of
// the offending character: whitespace and control characters, fragments
// ('#'), the RFC 6570 operators '#', '.', '/' and ';', the operators RFC 6570
// reserves ('=', ',', '!', '@', '|'), templates in query names, operators
// other than {var} in query values, and a template that starts with "//"
// (which would name a host instead of a path).
//
// # Text templates
//
// [ParseBody] parses a body, where only {identifier} is an expression and every other
// brace is literal text, so that JSON needs no escaping.
//
// [ParseText] parses a header value: raw text, returned unchanged,
// and {var} expressions. Every '{' starts an expression and a '}' outside an
// expression is an error; control characters other than a horizontal tab are
// rejected, so a header value can never contain CR or LF.
//
// # What this package does not do
//
// It does not know the method's parameters, so it neither resolves variables
// nor rejects a variable used twice; it does not escape values (the generated
// code does that at run time, as the operator and the place of the expression
// require); and it does not interpret the modifiers beyond checking their
// syntax.
package uritemplate
