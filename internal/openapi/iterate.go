package openapi

import (
	"cmp"
	"go/types"

	"github.com/gofeign/feign/internal/model"
)

// streamMedia are the media types of the formats of //feign:stream.
var streamMedia = map[string]string{
	"sse":     "text/event-stream",
	"jsonl":   "application/x-ndjson",
	"jsonseq": "application/json-seq",
}

// seqContent describes the body of a method returning iter.Seq2: a page of a
// paginated method is a JSON document of its page type; a stream is a string of its
// media type, since OpenAPI 3.1 has no schema for the items of a stream, so the item
// type is named in the description.
func (d *builder) seqContent(m *model.Method, accept string) (string, obj) {
	if p := m.Paginate; p != nil {
		return cmp.Or(accept, "application/json"), obj{"schema": d.schemas.use(p.Page)}
	}
	media := streamMedia[m.Stream.Format]
	if accept != "" {
		media = accept
	}
	schema := obj{"type": "string", "contentMediaType": media}
	if rawItem(m.Stream.Data) {
		return media, obj{"schema": schema}
	}
	schema["description"] = "A stream; each event, line or record holds one item of the schema in x-item."
	return media, obj{"schema": schema, "x-item": d.schemas.use(m.Stream.Data)}
}

// rawItem reports whether the items of a stream are taken as they are: []byte or
// string, which the Decoder never sees.
func rawItem(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Basic:
		return u.Kind() == types.String
	case *types.Slice:
		b, ok := types.Unalias(u.Elem()).(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}
