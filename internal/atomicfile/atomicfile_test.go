package atomicfile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/internal/atomicfile"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state")
	require.NoError(t, os.WriteFile(path, []byte("old content that is longer"), 0o600))

	require.NoError(t, atomicfile.Write(path, []byte("new"), ".state-*"))

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state")
	require.NoError(t, os.Mkdir(path, 0o700)) // a directory cannot be renamed over
	require.NoError(t, os.WriteFile(filepath.Join(path, "x"), nil, 0o600))

	require.Error(t, atomicfile.Write(path, []byte("new"), ".state-*"))

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the temporary file was removed")
}

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "atomicfile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "settings.json")

	_ = atomicfile.Write(path, []byte(`{"v":1}`), ".settings-*")
	_ = atomicfile.Write(path, []byte(`{"v":2}`), ".settings-*")
	b, _ := os.ReadFile(path)
	fmt.Println(string(b))
	// Output: {"v":2}
}
