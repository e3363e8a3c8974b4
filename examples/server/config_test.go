package main

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConfig(t *testing.T) {
	defaults := config{Addr: "localhost:8080", Store: "sqlite:pbiconnect.db",
		Keyring: "pbiconnect.keyring", AuthorityHost: "https://login.microsoftonline.com",
		PowerBIAPI: "https://api.powerbi.com"}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want func(c *config)
	}{
		{name: "no flags or variables give the defaults", want: func(*config) {}},
		{name: "variables override defaults",
			env: map[string]string{"PBICONNECT_ADDR": ":9000", "PBICONNECT_STORE": "memory:",
				"PBICONNECT_DEMO": "true", "PBICONNECT_PRINCIPALS": "p.json"},
			want: func(c *config) {
				c.Addr, c.Store, c.Demo, c.Principals = ":9000", "memory:", true, "p.json"
				c.Keyring = demoKeyring
			}},
		{name: "demo keeps its data apart from real data", args: []string{"-demo"},
			want: func(c *config) { c.Demo, c.Store, c.Keyring = true, demoStore, demoKeyring }},
		{name: "demo uses a store and keyring named explicitly",
			args: []string{"-demo", "-store", "sqlite:pbiconnect.db", "-keyring", "pbiconnect.keyring"},
			want: func(c *config) { c.Demo = true }},
		{name: "flags override variables",
			args: []string{"-addr", "127.0.0.1:1", "-demo=false", "-keyring", "k"},
			env:  map[string]string{"PBICONNECT_ADDR": ":9000", "PBICONNECT_DEMO": "1"},
			want: func(c *config) { c.Addr, c.Keyring = "127.0.0.1:1", "k" }},
		{name: "cloud endpoints are configurable",
			args: []string{"-authority-host", "https://login.microsoftonline.us",
				"-powerbi-api", "https://api.high.powerbigov.us"},
			want: func(c *config) {
				c.AuthorityHost = "https://login.microsoftonline.us"
				c.PowerBIAPI = "https://api.high.powerbigov.us"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseConfig("server", tt.args, mapEnv(tt.env), io.Discard)
			require.NoError(t, err)
			want := defaults
			tt.want(&want)
			assert.Equal(t, want, got)
		})
	}
}

func TestParseConfigRejects(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{name: "unknown flag fails", args: []string{"-nope"}},
		{name: "stray argument fails", args: []string{"serve"}},
		{name: "non-boolean demo variable fails", env: map[string]string{"PBICONNECT_DEMO": "maybe"}},
		{name: "empty store fails", args: []string{"-store", ""}},
		{name: "plain http authority fails", args: []string{"-authority-host", "http://login.example"}},
		{name: "relative power bi api fails", env: map[string]string{"PBICONNECT_POWERBI_API": "api"}},
		{name: "authority with credentials fails",
			args: []string{"-authority-host", "https://u:p@login.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("server", tt.args, mapEnv(tt.env), io.Discard)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "u:p@", "no credentials in the error")
		})
	}
	t.Run("help is not an error of the program", func(t *testing.T) {
		_, err := parseConfig("server", []string{"-h"}, mapEnv(nil), io.Discard)
		assert.ErrorIs(t, err, flag.ErrHelp)
	})
}

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
