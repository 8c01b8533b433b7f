package cli_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// scenarioArgs returns the flags a scenario is generated with: the words of its file
// named args (-server, say), if any.
func scenarioArgs(t *testing.T, dir string) []string {
	t.Helper()
	args, err := os.ReadFile(filepath.Join(dir, "args"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	return strings.Fields(string(args))
}
