package load

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/gofeign/feign/internal/diag"
)

// placed gives every problem of l that has no position one naming p: its directory
// ("no Go files in …"), or, for a pattern that matched no directory at all, the
// pattern itself ("pattern ./x: … directory not found"), so that every line feigngen
// prints starts with where the problem is. A message of several lines (the go
// command's "to add it:" hints) is joined into one for the same reason.
func placed(p *packages.Package, l diag.List) diag.List {
	for i := range l {
		if strings.Contains(l[i].Msg, "\n") {
			lines := strings.Split(l[i].Msg, "\n")
			for j := range lines {
				lines[j] = strings.TrimSpace(lines[j])
			}
			l[i].Msg = strings.Join(lines, " ")
		}
		if l[i].Pos.Filename != "" {
			continue
		}
		if p.Dir != "" {
			l[i].Pos = diag.PackagePos(p.Dir)
		} else {
			l[i].Pos = token.Position{Filename: "pattern " + p.ID}
		}
	}
	return l
}
