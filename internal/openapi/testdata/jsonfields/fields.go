// Package jsonfields declares structs whose JSON fields are easy to get wrong: the
// schemas of the OpenAPI document must name exactly the fields encoding/json writes.
package jsonfields

import "time"

// Base is embedded without a tag: its fields are promoted.
type Base struct {
	ID   int `json:"id"`
	Name string
}

// Other is embedded beside Base: its Name, as deep as Base's and as untagged, cancels
// both out.
type Other struct {
	Name  string
	Extra bool `json:"extra"`
}

// Tagged wins over an untagged field of its name at the same depth.
type Tagged struct {
	Label string `json:"label"`
}

// Untagged loses to Tagged.
type Untagged struct {
	Label string `json:"label,omitempty"`
	Deep  Deeper
}

// Deeper is a field, not embedded: kept as an object.
type Deeper struct {
	Value float32 `json:"value"`
}

type inner struct {
	Hidden string `json:"hidden"`
}

// Named is embedded with a tag: one field, not promoted.
type Named struct {
	X int `json:"x"`
}

// Shadow is embedded two levels down: its Own loses to the shallower Own.
type Shadow struct {
	Own string `json:"own"`
}

// Middle embeds Shadow.
type Middle struct {
	Shadow
	Depth2 string `json:"depth2"`
}

// Text marshals as a string.
type Text struct{ v string }

// MarshalText writes v.
func (t Text) MarshalText() ([]byte, error) { return []byte(t.v), nil }

// All holds every case.
type All struct {
	Base
	*Other
	Tagged
	Untagged
	inner
	Middle
	Named   `json:"named"`
	Own     string            `json:"own,omitempty"`
	Skip    string            `json:"-"`
	Dash    string            `json:"-,"`
	Count   int64             `json:"count,string"`
	Flag    bool              `json:"flag,string,omitempty"`
	When    time.Time         `json:"when"`
	Maybe   *time.Time        `json:"maybe"`
	Data    []byte            `json:"data"`
	Map     map[int]string    `json:"map,omitempty"`
	Texts   map[Text][]string `json:"texts"`
	Name2   Text              `json:"name2"`
	Zero    Deeper            `json:"zero,omitzero"`
	Bad     string            `json:"bad name!"`
	private int
}
