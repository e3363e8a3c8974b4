package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example with each store; its output names the workspace
// and shows the secret and token only as [REDACTED].
func TestRun(t *testing.T) {
	tests := []struct{ name, db string }{
		{name: "memory store works"},
		{name: "sqlite store works", db: filepath.Join(t.TempDir(), "embed.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var out bytes.Buffer
			require.NoError(t, run(ctx, tt.db, &out))
			assert.Contains(t, out.String(), "an admin of acme saved the Power BI settings")
			assert.Contains(t, out.String(), "token [REDACTED], secret [REDACTED]")
			assert.Contains(t, out.String(),
				`workspace "Sales dashboards" is reachable (settings version 1)`)
		})
	}
}
