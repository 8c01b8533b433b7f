package model_test

import (
	"bytes"
	"go/format"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/emit"
	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/model"
)

// iterSource declares methods returning iter.Seq2 over page types with fields of every
// shape a path may walk: pointers, named cursors, integers, embedded structs, slices of
// other types.
const iterSource = `package p

import (
	"context"
	"iter"

	"github.com/gofeign/feign/runtime"
)

type Item struct{ Name string }

type Cursor string

type Meta struct {
	Next   Cursor
	Offset *int64
	Page   uint8
	Ratio  float64
	Inner  *Meta
}

type Embedded struct{ Token string }

type Page struct {
	Embedded
	Items  []Item
	Names  []string
	Meta   *Meta
	Plain  Meta
	Cursor *string
	secret string
}

type ListAPI interface {
	List(ctx context.Context, q string) iter.Seq2[Item, error]
}

type EventsAPI interface {
	Events(ctx context.Context) iter.Seq2[runtime.SSE[Item], error]
}

type PagesAPI interface {
	Pages(ctx context.Context) iter.Seq2[runtime.Response[Page], error]
}

type PlainAPI interface {
	Plain(ctx context.Context) ([]Item, error)
}
`

var iterMethods = []string{"List", "Events", "Pages", "Plain"}

// iterSeed is the input of FuzzIterate: the method iterMethods[which] with a stream and
// a paginate directive holding these arguments ("-" for none).
type iterSeed struct {
	which            uint8
	stream, paginate string
}

var iterSeeds = []iterSeed{
	{0, "sse done=[DONE]", "-"},
	{0, "jsonl", "-"},
	{0, "-", "link"},
	{0, "-", "cursor=after next=Meta.Inner.Next items=Items page=Page"},
	{0, "-", "cursor=o next=Meta.Offset items=Items page=Page"},
	{0, "-", "cursor=t next=Token items=Items page=Page"},
	{0, "-", "cursor=c next=Cursor items=Items page=Page"},
	{1, "sse", "-"},
	{2, "-", "cursor=p next=Plain.Page"},
	{2, "-", "link"},
	{0, "-", "cursor=after next=Meta.Ratio items=Items page=Page"},
	{0, "-", "cursor=after next=secret items=Names page=Page"},
	{0, "sse", "link"},
	{3, "sse", "-"},
	{1, "jsonseq", "-"},
	{0, "websocket", "-"},
	{0, "-", "cursor= next=. items=.. page=Item"},
}

// FuzzIterate builds the model of a method annotated with fuzzed //feign:stream and
// //feign:paginate arguments. Build must never panic and must position every problem;
// a model without problems must emit code that is gofmt-clean and type-checks.
func FuzzIterate(f *testing.F) {
	fx := newFixture(f, iterSource)
	for _, s := range iterSeeds {
		f.Add(s.which, s.stream, s.paginate)
	}
	f.Fuzz(func(t *testing.T, which uint8, stream, paginate string) {
		pkg, ok := iterSeed{which, stream, paginate}.load(t, fx)
		if !ok {
			t.Skip("no source line holds these arguments")
		}
		m, diags := model.Build(pkg, nil)
		for _, d := range diags {
			if d.Pos.Filename == "" || d.Pos.Line == 0 {
				t.Fatalf("diagnostic without a position: %q", d.Msg)
			}
		}
		if len(diags) > 0 {
			return
		}
		out, err := emit.Emit(m)
		require.NoError(t, err)
		var generated [][]byte
		for path, src := range out {
			formatted, err := format.Source(src)
			if err != nil || !bytes.Equal(formatted, src) {
				t.Fatalf("%s does not parse or is not gofmt-clean: %v\n%s", path, err, src)
			}
			generated = append(generated, src)
		}
		if _, _, err := checkFiles(t, iterSource, generated...); err != nil {
			t.Fatalf("generated code does not type-check: %v\n%s", err, bytes.Join(generated, nil))
		}
	})
}

func (s iterSeed) load(tb testing.TB, fx *fixture) (*load.Package, bool) {
	directives := []load.Directive{directive("requestLine", "GET /items?q={q}", 20)}
	if int(s.which)%len(iterMethods) != 0 {
		directives[0].Args = "GET /items"
	}
	for i, d := range []struct{ name, args string }{{"stream", s.stream}, {"paginate", s.paginate}} {
		if d.args == "-" {
			continue
		}
		args, ok := directiveArgs(d.args)
		if !ok {
			return nil, false
		}
		directives = append(directives, directive(d.name, args, 21+i))
	}
	name := iterMethods[int(s.which)%len(iterMethods)]
	return fx.load(tb, name+"API", method{name: name, directives: directives}), true
}

// TestIterateSeeds checks that the seeds reach where they are meant to: the first ten
// the emitter, the rest a diagnostic.
func TestIterateSeeds(t *testing.T) {
	fx := newFixture(t, iterSource)
	for i, s := range iterSeeds {
		pkg, ok := s.load(t, fx)
		require.True(t, ok)
		_, diags := model.Build(pkg, nil)
		if i < 10 {
			assert.Empty(t, diags, "%+v", s)
		} else {
			assert.NotEmpty(t, diags, "%+v", s)
		}
	}
}
