// Package cli is feigngen's command line: flags, the four phases in order, and exit
// codes. cmd/feigngen only hands it os.Args and the real stdout and stderr, so tests
// run the whole command in-process.
package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofeign/feign/internal/diag"
	"github.com/gofeign/feign/internal/emit"
	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/model"
	"github.com/gofeign/feign/internal/openapi"
	"github.com/gofeign/feign/internal/write"
)

// Exit codes.
const (
	ExitOK    = 0 // done, or with -check: nothing is stale
	ExitError = 1 // declaration errors, or with -check: stale files
	ExitUsage = 2 // bad flags or arguments
)

const usage = `usage: feigngen [-type Name,...] [-output FILE] [-check] [-tags TAGS] [-server] [-openapi FILE] [packages]

feigngen generates a client for every interface of the packages that carries
//feign: directives, and with -server an http.Handler serving it too. Without
packages it works on the package in the current directory, as go:generate runs it.

Flags:
`

type config struct {
	types   []string
	output  string
	check   bool
	tags    []string
	server  bool
	targets []string
	openapi string
}

// Run runs feigngen with args (without the program name) in the current directory and
// returns its exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "feigngen: %v\n", err)
		return ExitUsage
	}
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "feigngen: %v\n", err)
		return ExitError
	}
	return run(cfg, dir, stdout, stderr)
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var types, tags string
	fs := flag.NewFlagSet("feigngen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&types, "type", "", "comma-separated `names` of the interfaces to generate (default: every annotated interface)")
	fs.StringVar(&cfg.output, "output", "", "write all the package's clients to `file` instead of <source>_feign.go beside each source file")
	fs.BoolVar(&cfg.check, "check", false, "write nothing; exit 1, naming the files, when generated code is stale")
	fs.StringVar(&tags, "tags", "", "comma-separated build `tags` to load the packages with")
	fs.BoolVar(&cfg.server, "server", false, "also generate NewXHandler(impl X, opts ...server.Option) http.Handler for every interface X")
	fs.StringVar(&cfg.openapi, "openapi", "", "also write an OpenAPI 3.1 document of the interfaces to `file` (.json, .yaml or .yml)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.types = splitList(types, ",")
	cfg.tags = splitList(tags, ", ")
	cfg.targets = fs.Args()
	for _, name := range cfg.types {
		if !isIdentifier(name) {
			return cfg, fmt.Errorf("-type: %q is not a Go identifier", name)
		}
	}
	if _, err := openapi.FormatFor(cfg.openapi); cfg.openapi != "" && err != nil {
		return cfg, fmt.Errorf("-openapi: %w", err)
	}
	return cfg, nil
}

func run(cfg config, dir string, stdout, stderr io.Writer) int {
	pkgs, diags, err := load.Load(load.Config{Dir: dir, Patterns: cfg.targets, Tags: cfg.tags})
	if err != nil {
		fmt.Fprintf(stderr, "feigngen: %v\n", err)
		return ExitError
	}
	if len(diags) > 0 {
		fmt.Fprint(stderr, diags.Sort().Format(dir))
		return ExitError
	}
	if cfg.output != "" && len(pkgs) != 1 {
		fmt.Fprintf(stderr, "feigngen: -output needs exactly one package, have %d\n", len(pkgs))
		return ExitUsage
	}

	// A -type name must be found in some package, not in each: with ./... it names an
	// interface of one of them.
	if missing := missingTypes(pkgs, cfg.types); len(missing) > 0 {
		if len(pkgs) == 1 {
			diags.Addf(diag.PackagePos(pkgs[0].Dir), "-type %s: no interface with //feign: directives of that name in package %s", strings.Join(missing, ","), pkgs[0].Path)
		} else {
			diags.Addf(token.Position{Filename: "pattern " + cmp.Or(strings.Join(cfg.targets, " "), ".")}, "-type %s: no interface with //feign: directives of that name in the %d packages matched", strings.Join(missing, ","), len(pkgs))
		}
		fmt.Fprint(stderr, diags.Format(dir))
		return ExitError
	}

	files := map[string][]byte{}
	var orphans []string
	var models []*model.Package
	for _, pkg := range pkgs {
		m, problems := model.Build(pkg, cfg.types)
		if len(problems) == 0 && cfg.server {
			problems = model.Serve(pkg, m)
		}
		if len(problems) > 0 {
			diags = append(diags, problems...)
			continue
		}
		models = append(models, m)
		if len(pkg.Interfaces) == 0 {
			// Asked for explicitly (as go:generate does), a package without clients is a
			// mistake; matched by a pattern such as ./..., it is just not an API package.
			if len(cfg.targets) == 0 {
				diags = append(diags, diag.Diagnostic{
					Pos: diag.PackagePos(pkg.Dir),
					Msg: fmt.Sprintf("package %s has no interface with //feign: directives", pkg.Path),
				})
			}
			continue
		}
		if cfg.output != "" {
			if problems := mergeInto(m, absolute(dir, cfg.output), dir); len(problems) > 0 {
				diags = append(diags, problems...)
				continue
			}
		}
		out, err := emit.Emit(m)
		if err != nil {
			fmt.Fprintf(stderr, "feigngen: %s: %v\n", pkg.Path, err)
			return ExitError
		}
		for path, src := range out {
			files[path] = src
		}
		guard, err := guardFiles(cfg, pkg, m)
		if err != nil {
			fmt.Fprintf(stderr, "feigngen: %v\n", err)
			return ExitError
		}
		diags = append(diags, guard...)
		if cfg.output == "" && len(cfg.types) == 0 && pkg.Dir != "" {
			// With -type or -output a run sees only part of the package's output, so it
			// cannot tell an orphan from a file another go:generate line writes.
			o, err := write.Orphans(pkg.Dir, out, cfg.tags)
			if err != nil {
				fmt.Fprintf(stderr, "feigngen: %v\n", err)
				return ExitError
			}
			orphans = append(orphans, o...)
		}
	}
	if len(diags) == 0 && cfg.openapi != "" {
		diags = addDocument(files, models, absolute(dir, cfg.openapi))
	}
	if len(diags) > 0 {
		fmt.Fprint(stderr, diags.Sort().Format(dir))
		return ExitError
	}

	if cfg.check {
		stale, err := write.Stale(files, orphans)
		if err != nil {
			fmt.Fprintf(stderr, "feigngen: %v\n", err)
			return ExitError
		}
		for _, path := range stale {
			fmt.Fprintf(stderr, "%s: stale generated code; run go generate\n", relative(dir, path))
		}
		if len(stale) > 0 {
			return ExitError
		}
		return ExitOK
	}
	if err := write.Apply(files, orphans); err != nil {
		fmt.Fprintf(stderr, "feigngen: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// guardFiles returns a diagnostic for every file m would be written to that feigngen
// must not touch: a file it did not write (a hand-written api_feign.go, an -output
// naming a file of the user's, or a source file itself), or, when -type or -output
// narrows the run, a generated file holding the client of an interface that still
// exists and that the new content would drop.
func guardFiles(cfg config, pkg *load.Package, m *model.Package) (diag.List, error) {
	sources := map[string]bool{}
	annotated := map[string]bool{}
	for _, iface := range pkg.Interfaces {
		sources[iface.File] = true
		annotated[iface.Name] = true
	}
	var diags diag.List
	for _, f := range m.Files {
		pos := diag.PackagePos(f.Output)
		foreign, err := write.Foreign([]string{f.Output})
		if err != nil {
			return nil, err
		}
		switch {
		case sources[f.Output]:
			diags.Addf(pos, "declares the interfaces of package %s; feigngen never overwrites a source file: choose another -output", pkg.Path)
			continue
		case len(foreign) > 0 && cfg.output != "":
			diags.Addf(pos, "exists and was not written by feigngen (it does not start with %q), so it is never overwritten: choose another -output, or move the file away", write.Header)
			continue
		case len(foreign) > 0:
			diags.Addf(pos, "exists and was not written by feigngen (it does not start with %q), so it is never overwritten: rename it, or write the clients elsewhere with -output", write.Header)
			continue
		}
		if len(cfg.types) == 0 && cfg.output == "" {
			continue // the run covers every interface: what it leaves out is gone
		}
		held, err := write.Clients(f.Output)
		if err != nil {
			return nil, err
		}
		kept := map[string]bool{}
		for _, c := range f.Clients {
			kept[c.Interface] = true
		}
		for _, name := range held {
			if annotated[name] && !kept[name] {
				diags.Addf(pos, "holds the client of %s, which this run leaves out: rewriting the file would delete New%s; name %s in -type too, or write the others to a file of their own with -output", name, name, name)
			}
		}
	}
	return diags, nil
}

// mergeInto puts every client of m into one file at output. The source files must share
// one build constraint, which the merged file carries: under any other (the AND of
// theirs, or the OR) it would hold clients of interfaces that do not exist, or hold
// none where some do.
func mergeInto(m *model.Package, output, dir string) diag.List {
	var diags diag.List
	merged := &model.File{Output: output}
	for i, f := range m.Files {
		if i == 0 {
			merged.Source, merged.Build, merged.BuildPos = f.Source, f.Build, f.BuildPos
		}
		if f.Build != merged.Build {
			diags.Addf(f.BuildPos, "-output %s would merge files with different build constraints: %s has %s, %s has %s; run feigngen with an -output for each, or without -output",
				relative(dir, output), relative(dir, f.Source), describeBuild(f.Build), relative(dir, merged.Source), describeBuild(merged.Build))
		}
		merged.Clients = append(merged.Clients, f.Clients...)
	}
	m.Files = []*model.File{merged}
	return diags
}

func describeBuild(expr string) string {
	if expr == "" {
		return "none"
	}
	return "//go:build " + expr
}

func missingTypes(pkgs []*load.Package, names []string) []string {
	var missing []string
	for _, name := range names {
		found := false
		for _, pkg := range pkgs {
			for _, iface := range pkg.Interfaces {
				found = found || iface.Name == name
			}
		}
		if !found {
			missing = append(missing, name)
		}
	}
	return missing
}

// splitList splits s at any of the separator characters, dropping empty fields.
func splitList(s, separators string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(separators, r) })
}

func isIdentifier(s string) bool {
	for i, r := range s {
		letter := r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r >= 0x80
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

func absolute(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

func relative(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
