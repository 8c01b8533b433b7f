// Package model is the second phase of feigngen: it turns what the load phase found
// into a model of the clients to generate, and validates it, reporting every problem
// with its position. The model holds names, types.Types and escaped literals; it knows
// nothing of the AST before it or of jennifer after it.
package model

import (
	"go/token"
	"go/types"
	"time"
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
	// Build is the source file's build constraint in //go:build syntax ("" for none),
	// which the generated file carries beside !feigngen; BuildPos is its position.
	Build    string
	BuildPos token.Position
}

// Client is the implementation of one annotated interface.
type Client struct {
	Interface string // "GitHub"
	Doc       string // the interface's doc comment, without its directives
	Type      *types.Named
	Impl      string    // the unexported implementation type: "gitHubClient"
	New       string    // the constructor: "NewGitHub"
	Methods   []*Method // in declaration order
	// Field is the implementation's field holding the *runtime.Client: "client", or
	// "client_" when the interface has a method of that name.
	Field string
	// FallbackOption is the exported option that gives the client a fallback:
	// "WithGitHubFallback"; FallbackKey the unexported type it is kept under in the
	// runtime.Client: "gitHubFallback"; FallbackField the implementation's field holding
	// it: "fallback", or "fallback_" when the interface has a method of that name.
	FallbackOption string
	FallbackKey    string
	FallbackField  string
	// Server is the handler of the interface, set by Serve for feigngen -server; nil
	// without it.
	Server *Server
}

// Method is one method of a Client: one kind of HTTP call.
type Method struct {
	Name        string
	Interface   string         // the declaring interface's name: Client.Interface
	Key         string         // "GitHub#Contributors"
	Doc         string         // the method's doc comment, without its directives
	Pos         token.Position // of the method's name
	Endpoint    string         // the package-level runtime.Endpoint variable
	HTTPMethod  string
	RequestLine string // as declared, for the generated doc comment
	URLTemplate string // the request line's URI template as declared: "/repos/{owner}/{repo}"
	Idempotent  bool
	Options     Options

	Params  []*Param // every parameter, in signature order
	Context *Param   // the leading context.Context, or nil
	// CallOptions is the trailing ...runtime.CallOption parameter, or nil.
	CallOptions *Param
	Body        *Param // the parameter the Encoder turns into the body, or nil
	// BodyStream says Body is an io.Reader, sent as is rather than encoded.
	BodyStream bool
	// BodyRaw says Body is sent as its bytes or text, not encoded (see rawBody), and
	// BodyConvert that its named type must be converted to []byte or string first.
	BodyRaw     RawKind
	BodyConvert bool
	// FormBody says Body is a whole form (a map or a struct) encoded by codec.Form.
	FormBody bool
	// Template is the expanded //feign:body template, or nil.
	Template []BodyPiece
	// Form holds the form fields or multipart parts made of the parameters no template
	// uses, under a form Content-Type.
	Form      []FormField
	Multipart bool

	Path      []Piece // in template order
	Query     []QueryPair
	QueryMap  *MapParam // //feign:queryMap, after the template's pairs
	Headers   []Header  // interface headers first, then the method's
	HeaderMap *MapParam // //feign:headerMap, after the declared headers
	Result    Result
	// Stream or Paginate says what an iter.Seq2 result iterates over.
	Stream   *Stream
	Paginate *Paginate
	// Responses are the statuses of //feign:response, the interface's and the method's,
	// sorted by status: documentation for -openapi only.
	Responses []Response

	// RequestLinePos is the position of the request line's arguments.
	RequestLinePos token.Position
}

// Options are the values of //feign:options, the method's over the interface's.
type Options struct {
	Timeout        time.Duration
	AttemptTimeout time.Duration
	NoRetry        bool
	NoHedge        bool
	Dismiss404     bool
	Collection     Collection
	MaxResponse    int64 // bytes; 0: the Client's limit
}

// Collection says how a list query value is written.
type Collection int

// The collection formats of //feign:options collection=.
const (
	Exploded Collection = iota // tag=a&tag=b
	CSV                        // tag=a,b
	SSV                        // tag=a%20b
	Pipes                      // tag=a%7Cb
)

// Separator returns the escaped separator of a joined collection.
func (c Collection) Separator() string {
	return [...]string{"", ",", "%20", "%7C"}[c]
}

// RawSeparator returns the separator before escaping.
func (c Collection) RawSeparator() string {
	return [...]string{"", ",", " ", "|"}[c]
}

// MapKind is the shape of a queryMap or headerMap parameter.
type MapKind int

// The map shapes.
const (
	MapValues  MapKind = iota // map[string][]string: url.Values, http.Header
	MapStrings                // map[string]string
	MapStruct                 // a struct (or pointer to one) with query tags
)

// MapParam is the parameter of //feign:queryMap or //feign:headerMap.
type MapParam struct {
	Param   *Param
	Kind    MapKind
	Pointer bool          // MapStruct: the parameter is a pointer; nil adds nothing
	Fields  []StructField // MapStruct: the tagged fields, in declaration order
}

// StructField is one query field of a MapStruct: Param is a stand-in whose Name is the
// selector expression ("filter.State") and whose Value says how it is written.
type StructField struct {
	Query     string // the escaped query name
	Param     *Param
	OmitEmpty bool
	// NonZero is the comparison that says an omitempty value is set: `!= ""`, "!= 0", or
	// "" for a bool, which is its own test.
	NonZero string
}

// BodyEscape says how a body template value is escaped.
type BodyEscape int

// The escapes of a body template value, by Content-Type and place.
const (
	EscapeNone       BodyEscape = iota // text/plain: as is
	EscapeJSONString                   // inside a JSON string
	EscapeJSONNumber                   // a JSON number or bool, outside a string
	EscapeForm                         // a form value: percent-encoded
)

// BodyPiece is a literal or a value of a //feign:body template.
type BodyPiece struct {
	Literal string
	Param   *Param
	Escape  BodyEscape
}

// RawKind says how a body that is sent as it is reaches the runtime.
type RawKind int

// The raw bodies.
const (
	RawNone   RawKind = iota // encoded by the Encoder, or not a raw body
	RawBytes                 // call.BodyBytes: a []byte, or a named type over one
	RawString                // call.BodyString: a string, or a named type over one
)

// FormField is a form field or multipart part made of a parameter.
type FormField struct {
	Name  string // the parameter's declared name
	Param *Param
	File  bool // a []byte multipart part, sent as a file
}

// Param is one parameter of a Method.
type Param struct {
	Name     string // the name in generated code: the declared one unless it clashes
	Declared string // the name as declared; "" or "_" when it has none
	Type     types.Type
	Pos      token.Position // of the declaration
	Value    *Value         // how it is written into a template; nil when it is in none
	// Texts names the []string holding a list's formatted elements in generated code:
	// the parameter itself for a list of plain strings, else a local.
	Texts string
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
	// ElemNilable says the elements of a List are pointers or interfaces: a nil element
	// has no text and fails the call.
	ElemNilable bool
}

// Piece is a literal or a parameter's value in a path, query value or header value.
type Piece struct {
	Literal string // when Param is nil; escaped for the URL in paths and queries, raw in headers
	Param   *Param
	Segment bool // in a path: the value makes up a whole segment, so empty is an error
	// Reserved says the value comes from {+var}: in a path it keeps its '/'.
	Reserved bool
}

// QueryPair is one name=value pair of the query.
type QueryPair struct {
	Name     string // escaped
	HasValue bool
	Value    []Piece
	// Collection says how a list value is written: a pair per element, or joined.
	Collection Collection
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

// The result shapes a method may declare.
const (
	ResultNone     ResultKind = iota // error
	ResultDecode                     // (T, error): T decoded by the Decoder
	ResultBytes                      // ([]byte, error): the raw body
	ResultText                       // (string, error): the raw body
	ResultResponse                   // (*http.Response, error): any status, caller closes
	ResultStream                     // (io.ReadCloser, error): a 2xx body, caller closes
	ResultTyped                      // (runtime.Response[T], error): Elem decoded, with the status and header
	ResultSeq                        // iter.Seq2[T, error]: a stream or pages (see Method.Stream, Method.Paginate); Elem is T
)

// Result is the shape and type of a Method's non-error result.
type Result struct {
	Kind ResultKind
	Type types.Type // nil for ResultNone
	Elem types.Type // ResultTyped: the T of runtime.Response[T]
}
