package powerbi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

const plain = "s3cr3t-Value~with.odd_chars"

func TestSecretNeverPrintsItsValue(t *testing.T) {
	s := powerbi.NewSecret(plain)
	set := powerbi.Settings{ClientSecret: s, Password: s}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10s", "%-8v", "%T"} {
		t.Run(verb, func(t *testing.T) {
			for _, v := range []any{s, &s, set, &set} {
				got := fmt.Sprintf(verb, v)
				assert.NotContains(t, got, plain)
				assert.NotContains(t, got, fmt.Sprintf("%x", plain))
			}
		})
	}
	assert.Equal(t, "[REDACTED]", s.String())
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%q", s))
}

func TestSecretJSONShowsMask(t *testing.T) {
	b, err := json.Marshal(powerbi.Settings{ClientSecret: powerbi.NewSecret(plain)})
	require.NoError(t, err)
	assert.NotContains(t, string(b), plain)
	assert.Contains(t, string(b), `"clientSecret":"[REDACTED]"`)
	assert.Contains(t, string(b), `"password":""`, "an empty secret is told apart from a set one")
}

func TestSecretJSONReadsValue(t *testing.T) {
	var p powerbi.Patch
	require.NoError(t, json.Unmarshal([]byte(`{"clientSecret":"abc","password":null}`), &p))
	require.NotNil(t, p.ClientSecret)
	assert.Equal(t, "abc", p.ClientSecret.Reveal())
	assert.Nil(t, p.Password, "null means keep")

	var s powerbi.Secret
	err := json.Unmarshal([]byte(`12`), &s)
	require.Error(t, err)
}

func TestSecretSlogShowsMask(t *testing.T) {
	s := powerbi.NewSecret(plain)
	for name, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(newHandler(&buf))
			log.Info("saving", "secret", s, "settings", powerbi.Settings{Password: s},
				slog.Any("ptr", &s), slog.Group("g", "inner", s))
			assert.NotContains(t, buf.String(), plain)
			assert.Contains(t, buf.String(), "[REDACTED]")
		})
	}
}

func TestSecretInErrorsShowsMask(t *testing.T) {
	s := powerbi.NewSecret(plain)
	err := fmt.Errorf("outer: %w", fmt.Errorf("login with %v failed: %w", s, errors.New("denied")))
	assert.NotContains(t, err.Error(), plain)
	assert.NotContains(t, fmt.Sprintf("%+v", err), plain)
}

func TestSecretZeroAndEqual(t *testing.T) {
	var zero powerbi.Secret
	assert.True(t, zero.IsZero())
	assert.Equal(t, "", zero.String())
	assert.False(t, powerbi.NewSecret("x").IsZero())
	assert.True(t, powerbi.NewSecret("x").Equal(powerbi.NewSecret("x")))
	assert.False(t, powerbi.NewSecret("x").Equal(powerbi.NewSecret("y")))
	assert.Equal(t, " keep spaces ", powerbi.NewSecret(" keep spaces ").Reveal())
}
