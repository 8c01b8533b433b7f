package load

import (
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/gofeign/feign/internal/diag"
)

// packageErrors returns the errors that make p unusable. The one kind it forgives is
// "undefined: NewX" for an annotated interface X of p: the package's own code may call
// the constructor feigngen is about to (re)generate, and that file is left out while
// loading.
func packageErrors(p *packages.Package, pkg *Package) diag.List {
	generated := map[string]bool{}
	for _, iface := range pkg.Interfaces {
		generated["undefined: New"+iface.Name] = true
	}
	var out diag.List
	for _, e := range p.Errors {
		if e.Kind == packages.TypeError && generated[e.Msg] {
			continue
		}
		if e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
			// The go command compiled the package for export data and failed: the type
			// checker reports the same problems, with positions, and forgives the ones
			// about names feigngen generates; the compiler's copy would not.
			continue
		}
		out = append(out, diag.Diagnostic{Pos: parsePos(e.Pos), Msg: e.Msg})
	}
	return out
}

// parsePos parses the "file:line:col" form of packages.Error.Pos.
func parsePos(s string) token.Position {
	var pos token.Position
	parts := strings.Split(s, ":")
	// The file name itself may contain ':'; line and column are the last numeric parts.
	nums := 0
	for i := len(parts) - 1; i > 0 && nums < 2; i-- {
		if _, err := strconv.Atoi(parts[i]); err != nil {
			break
		}
		nums++
	}
	pos.Filename = strings.Join(parts[:len(parts)-nums], ":")
	if nums >= 1 {
		pos.Line, _ = strconv.Atoi(parts[len(parts)-nums])
	}
	if nums == 2 {
		pos.Column, _ = strconv.Atoi(parts[len(parts)-1])
	}
	return pos
}
