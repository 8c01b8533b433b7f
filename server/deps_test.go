package server_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const serverPath = "github.com/gofeign/feign/server"

// deps returns what go list -deps reports for patterns, from the module root.
func deps(t *testing.T, patterns ...string) []string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	cmd := exec.Command("go", append([]string{"list", "-deps"}, patterns...)...)
	cmd.Dir = filepath.Join(filepath.Dir(file), "..")
	out, err := cmd.Output()
	require.NoError(t, err, "go list -deps %v", patterns)
	return strings.Fields(string(out))
}

// TestClientsNeverLinkTheServer: a program that only calls an API (the quickstart,
// whose client is generated without -server) and the runtime packages clients use
// do not depend on this package, while a package generated with -server does.
func TestClientsNeverLinkTheServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	client := deps(t, "./examples/quickstart", "./internal/e2e", "./runtime", "./codec", "./errordecoder", "./retryer")
	require.Contains(t, client, "github.com/gofeign/feign/runtime", "the list is of the client's dependencies")
	require.False(t, slices.Contains(client, serverPath), "a client-only program links %s", serverPath)

	served := deps(t, "./internal/roundtrip")
	require.Contains(t, served, serverPath, "a package generated with -server imports %s", serverPath)
}
