// Package diag holds the positioned diagnostics every phase of feigngen reports: the
// compiler's "file:line:col: message" form, sorted, all of them at once.
package diag

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// Diagnostic is one problem found in the user's declarations.
type Diagnostic struct {
	Pos token.Position
	Msg string
}

// List is every problem of a run. Its zero value is empty and ready to use.
type List []Diagnostic

// Addf records a problem at pos.
func (l *List) Addf(pos token.Position, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by file, line and column, then message, and drops exact
// duplicates, so output never depends on the order in which checks ran.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Filename, b.Pos.Filename),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(l)
}

// Format writes one line per diagnostic, with file names relative to dir where they
// lie below it, as the compiler prints them.
func (l List) Format(dir string) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(Position(d.Pos, dir))
		b.WriteString(": ")
		b.WriteString(d.Msg)
		b.WriteByte('\n')
	}
	return b.String()
}

// Position formats pos as file:line:col with the file relative to dir when it lies
// below it.
func Position(pos token.Position, dir string) string {
	name := pos.Filename
	if dir != "" {
		if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
	}
	switch {
	case name == "":
		return "-"
	case pos.Line == 0:
		return name
	case pos.Column == 0:
		return fmt.Sprintf("%s:%d", name, pos.Line)
	}
	return fmt.Sprintf("%s:%d:%d", name, pos.Line, pos.Column)
}

// Error makes a List usable as an error.
func (l List) Error() string { return strings.TrimSuffix(l.Format(""), "\n") }

// PackagePos is the position of a problem with a whole package: its directory.
func PackagePos(dir string) token.Position { return token.Position{Filename: dir} }
