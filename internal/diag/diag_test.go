package diag_test

import (
	"errors"
	"go/token"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/internal/diag"
)

// at is a position in file.
func at(file string, line, col int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col}
}

func TestSortOrdersByFileLineColumnThenMessage(t *testing.T) {
	var l diag.List
	l.Addf(at("b.go", 1, 1), "in b")
	l.Addf(at("a.go", 10, 1), "line 10")
	l.Addf(at("a.go", 2, 5), "column 5")
	l.Addf(at("a.go", 2, 3), "second")
	l.Addf(at("a.go", 2, 3), "first")
	l.Addf(at("a.go", 2, 3), "first") // an exact duplicate
	l.Addf(at("a.go", 10, 1), "line %d again", 10)

	got := l.Sort()
	assert.Equal(t, diag.List{
		{at("a.go", 2, 3), "first"},
		{at("a.go", 2, 3), "second"},
		{at("a.go", 2, 5), "column 5"},
		{at("a.go", 10, 1), "line 10"},
		{at("a.go", 10, 1), "line 10 again"},
		{at("b.go", 1, 1), "in b"},
	}, got, "lines compare as numbers, and the duplicate is gone")
}

func TestSortKeepsTheSameMessageAtTwoPlaces(t *testing.T) {
	l := diag.List{{at("a.go", 3, 1), "m"}, {at("a.go", 1, 1), "m"}}
	assert.Equal(t, diag.List{{at("a.go", 1, 1), "m"}, {at("a.go", 3, 1), "m"}}, l.Sort())
}

func TestSortOfNothing(t *testing.T) {
	var l diag.List
	assert.Empty(t, l.Sort())
	assert.Empty(t, l.Format("/src"))
}

func TestFormatWritesPathsRelativeToDir(t *testing.T) {
	dir := filepath.FromSlash("/src/p")
	l := diag.List{
		{at(filepath.Join(dir, "api.go"), 12, 2), "inside"},
		{at(filepath.Join(dir, "sub", "more.go"), 3, 4), "below"},
		{at(filepath.FromSlash("/src/q/other.go"), 5, 6), "beside"},
		{at("rel.go", 7, 8), "already relative"},
	}
	want := "api.go:12:2: inside\n" +
		filepath.Join("sub", "more.go") + ":3:4: below\n" +
		filepath.FromSlash("/src/q/other.go") + ":5:6: beside\n" +
		"rel.go:7:8: already relative\n"
	assert.Equal(t, want, l.Format(dir))
}

func TestPosition(t *testing.T) {
	dir := filepath.FromSlash("/src/p")
	api := filepath.Join(dir, "api.go")
	tests := []struct {
		name string
		pos  token.Position
		dir  string
		want string
	}{
		{"file, line and column", at(api, 12, 2), "", api + ":12:2"},
		{"relative to dir", at(api, 12, 2), dir, "api.go:12:2"},
		{"no column", at(api, 12, 0), dir, "api.go:12"},
		{"no line", at(api, 0, 0), dir, "api.go"},
		{"no line but a column", at(api, 0, 5), dir, "api.go"},
		{"a file outside dir stays absolute", at(api, 1, 1), filepath.FromSlash("/src/q"), api + ":1:1"},
		{"a sibling directory sharing a prefix is outside", at(filepath.FromSlash("/src/pp/a.go"), 1, 1), dir, filepath.FromSlash("/src/pp/a.go") + ":1:1"},
		{"no file", token.Position{}, dir, "-"},
		{"no file, with a line", at("", 3, 4), dir, "-"},
		{"a package: its directory", diag.PackagePos(dir), filepath.Dir(dir), "p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, diag.Position(tt.pos, tt.dir))
		})
	}
}

func TestListIsAnError(t *testing.T) {
	l := diag.List{{at("a.go", 1, 2), "first"}, {at("b.go", 3, 4), "second"}}
	var err error = l
	assert.Equal(t, "a.go:1:2: first\nb.go:3:4: second", err.Error())

	var target diag.List
	assert.True(t, errors.As(err, &target))
	assert.Len(t, target, 2)
}
