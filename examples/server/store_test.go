package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpenStore(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, spec, where string
	}{
		{name: "memory opens", spec: "memory:", where: "memory"},
		{name: "file directory opens", spec: "file:" + filepath.Join(dir, "files"), where: "directory"},
		{name: "sqlite file opens", spec: "sqlite:" + filepath.Join(dir, "db.sqlite"), where: "SQLite"},
		{name: "sqlite with slashes opens", spec: "sqlite://" + filepath.Join(dir, "b.db"),
			where: "b.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := openStore(context.Background(), tt.spec, slog.New(slog.DiscardHandler))
			require.NoError(t, err)
			defer s.Close()
			assert.Contains(t, s.where, tt.where)
		})
	}
}

func TestOpenStoreRejects(t *testing.T) {
	tests := []struct{ name, spec string }{
		{name: "unknown scheme fails", spec: "redis://localhost"},
		{name: "no scheme fails", spec: "pbiconnect.db"},
		{name: "memory with a path fails", spec: "memory:x"},
		{name: "file without a directory fails", spec: "file:"},
		{name: "sqlite without a path fails", spec: "sqlite:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openStore(context.Background(), tt.spec, slog.New(slog.DiscardHandler))
			assert.Error(t, err)
		})
	}
	t.Run("password of a database URL is not shown", func(t *testing.T) {
		_, err := openStore(context.Background(), "mongodb://u:hunter2-secret@db/x",
			slog.New(slog.DiscardHandler))
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "hunter2-secret")
	})
}
