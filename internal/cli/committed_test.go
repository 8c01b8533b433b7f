package cli_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/cli"
)

// TestCommittedClientsAreCurrent regenerates, without writing, every generated client
// committed outside testdata/ (whose goldens TestScenarios covers): from the root of
// each module of the repository with -check ./..., as the README advises for CI, and
// from each directory holding a *_feign.go, as go:generate runs feigngen. Any
// difference fails, naming the file.
func TestCommittedClientsAreCurrent(t *testing.T) {
	root, err := filepath.Abs(repoRoot(t))
	require.NoError(t, err)
	var modules, dirs []string
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		switch {
		case name == "go.mod":
			modules = append(modules, filepath.Dir(path))
		case strings.HasSuffix(name, "_feign.go") && !seen[filepath.Dir(path)]:
			seen[filepath.Dir(path)] = true
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(modules)
	sort.Strings(dirs)
	rel := func(dir string) string {
		r, err := filepath.Rel(root, dir)
		require.NoError(t, err)
		return filepath.ToSlash(r)
	}
	var names []string
	for _, m := range modules {
		names = append(names, rel(m))
	}
	// The walk finds the modules CI checks (and any new one).
	assert.Subset(t, names, []string{".", "bench", "examples/observability"})
	require.NotEmpty(t, dirs)

	// A package generated with flags (-server) is checked with them, from its own
	// directory, and left out of its module's ./...: there, -check without the flags
	// would want its handlers gone.
	var flagged []string
	for _, dir := range dirs {
		if len(generateFlags(t, dir)) > 0 {
			flagged = append(flagged, dir)
		}
	}
	for _, m := range modules {
		t.Run("module "+rel(m), func(t *testing.T) {
			patterns := []string{"./..."}
			for _, dir := range flagged {
				if strings.HasPrefix(dir, m+string(filepath.Separator)) && !inOtherModule(dir, m, modules) {
					patterns = packagesBut(t, m, flagged)
					break
				}
			}
			code, stdout, stderr := runIn(t, m, append([]string{"-check"}, patterns...)...)
			assert.Equal(t, cli.ExitOK, code, stderr)
			assert.Empty(t, stdout)
			assert.Empty(t, stderr)
		})
	}
	for _, dir := range dirs {
		t.Run(rel(dir), func(t *testing.T) {
			code, stdout, stderr := runIn(t, dir, append([]string{"-check"}, generateFlags(t, dir)...)...)
			assert.Equal(t, cli.ExitOK, code, stderr)
			assert.Empty(t, stdout)
			assert.Empty(t, stderr)
		})
	}
}

// generateFlags returns the flags the //go:generate go tool feigngen line of the
// package in dir passes, as go generate would run it there.
func generateFlags(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		for line := range strings.Lines(string(src)) {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//go:generate go tool feigngen"); ok {
				return strings.Fields(rest)
			}
		}
	}
	return nil
}

// inOtherModule reports whether dir belongs to a module nested in m.
func inOtherModule(dir, m string, modules []string) bool {
	for _, other := range modules {
		if other != m && strings.HasPrefix(other, m+string(filepath.Separator)) && strings.HasPrefix(dir, other+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// packagesBut lists the packages of the module at m, as go list ./... does, but those
// in the directories skip.
func packagesBut(t *testing.T, m string, skip []string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.Dir}}", "./...")
	cmd.Dir = m
	out, err := cmd.Output()
	require.NoError(t, err)
	var patterns []string
	for dir := range strings.Lines(string(out)) {
		dir = strings.TrimSpace(dir)
		if !slices.Contains(skip, dir) {
			patterns = append(patterns, dir)
		}
	}
	return patterns
}
