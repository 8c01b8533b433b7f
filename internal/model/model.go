// Package model is the second phase of feigngen: it turns what the load phase found
// into a model of the clients to generate, and validates it, reporting every problem
// with its position. The model holds names, types.Types and escaped literals; it knows
// nothing of the AST before it or of jennifer after it.
package model

import (
	"go/token"
	"go/types"
)

// Package is everything to generate for one Go package.
type Package struct {
	Path  string // import path
	Name  string
	Dir   string
	Files []*File // sorted by Output
	// Declared holds the names the package declares at top level: an import of the
	// generated code must not take one of them.
	Declared map[string]bool
}

// File is one generated file: the clients of the interfaces declared in Source.
type File struct {
	Source  string // absolute path of the declaring file
	Output  string // absolute path of the generated file
	Clients []*Client
}

// Client is the implementation of one annotated interface.
type Client struct {
	Interface string // "GitHub"
	Type      *types.Named
	Impl      string    // the unexported implementation type: "gitHubClient"
	New       string    // the constructor: "NewGitHub"
	Methods   []*Method // in declaration order
}

// Method is one method of a Client: one kind of HTTP call.
type Method struct {
	Name        string
	Key         string // "GitHub#Contributors"
	Endpoint    string // the package-level runtime.Endpoint variable
	HTTPMethod  string
	RequestLine string // as declared, for the generated doc comment
	Idempotent  bool
	Dismiss404  bool

	Params  []*Param // every parameter, in signature order
	Context *Param   // the leading context.Context, or nil
	Body    *Param   // the parameter the Encoder turns into the body, or nil
	// BodyStream says Body is an io.Reader, sent as is rather than encoded.
	BodyStream bool

	Path    []Piece // in template order
	Query   []QueryPair
	Headers []Header // interface headers first, then the method's
	Result  Result
}

// Param is one parameter of a Method.
type Param struct {
	Name     string // the name in generated code: the declared one unless it clashes
	Declared string // the name as declared; "" or "_" when it has none
	Type     types.Type
	Pos      token.Position // of the declaration
	Value    *Value         // how it is written into a template; nil when it is in none
}

// Format says how a template value of a scalar type becomes a string.
type Format int

// The formats, from the most specific interface down to the basic kind.
const (
	FormatString   Format = iota // a string kind: used as is
	FormatBool                   // strconv.FormatBool
	FormatInt                    // strconv.FormatInt, base 10
	FormatUint                   // strconv.FormatUint, base 10
	FormatFloat32                // strconv.FormatFloat 'g', shortest, 32 bits
	FormatFloat64                // strconv.FormatFloat 'g', shortest, 64 bits
	FormatStringer               // the value's String method
	FormatText                   // the value's MarshalText method
)

// Value describes how a parameter is written into a template.
type Value struct {
	Optional bool       // a pointer: nil is undefined
	List     bool       // a slice: nil or empty is undefined
	Elem     types.Type // the scalar type: the pointer's or the slice's element, or the type itself
	Format   Format
	// Convert says the scalar must be converted to the basic type Format expects
	// (a named type such as `type Owner string`, or int32 for FormatInt).
	Convert bool
	// AddrForText says only *Elem implements the method Format names, so a value must be
	// addressed to be passed as an interface.
	AddrForText bool
	// Nilable says Elem is an interface (a fmt.Stringer, say): Optional, since nil is
	// undefined, but used as is rather than dereferenced.
	Nilable bool
}

// Piece is a literal or a parameter's value in a path, query value or header value.
type Piece struct {
	Literal string // when Param is nil; escaped for the URL in paths and queries, raw in headers
	Param   *Param
	Segment bool // in a path: the value makes up a whole segment, so empty is an error
}

// QueryPair is one name=value pair of the query.
type QueryPair struct {
	Name     string // escaped
	HasValue bool
	Value    []Piece
}

// List returns the list-valued parameter of the pair, if any (at most one is allowed).
func (q QueryPair) List() *Param {
	for _, p := range q.Value {
		if p.Param != nil && p.Param.Value.List {
			return p.Param
		}
	}
	return nil
}

// Header is one header of a Method.
type Header struct {
	Name  string // canonical
	Value []Piece
}

// ResultKind is the shape of a Method's results.
type ResultKind int

// The result shapes of SPEC section 1.
const (
	ResultNone     ResultKind = iota // error
	ResultDecode                     // (T, error): T decoded by the Decoder
	ResultBytes                      // ([]byte, error): the raw body
	ResultText                       // (string, error): the raw body
	ResultResponse                   // (*http.Response, error): any status, caller closes
	ResultStream                     // (io.ReadCloser, error): a 2xx body, caller closes
)

// Result is the shape and type of a Method's non-error result.
type Result struct {
	Kind ResultKind
	Type types.Type // nil for ResultNone
}
