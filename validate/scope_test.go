package validate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// graphScope is a scope that is not Power BI's.
const graphScope = "https://graph.microsoft.com/.default"

func TestWorkspaceIsCheckedWhateverTheScope(t *testing.T) {
	tests := []struct {
		name        string
		shared      bool
		powerBIFrom string // Cloud.PowerBIScope; empty keeps the server's
		want        powerbi.Status
	}{
		{"unshared workspace fails", false, "", powerbi.StatusFailed},
		{"shared workspace passes", true, "", powerbi.StatusPassed},
		{"refused Power BI token fails", true, "https://unknown.example/.default",
			powerbi.StatusFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := validatetest.NewServer()
			t.Cleanup(srv.Close)
			demo := srv.AddDemo()
			cfg := srv.Config(false)
			if tt.powerBIFrom != "" {
				cfg.Cloud.PowerBIScope = tt.powerBIFrom
			}
			demo.Settings.Scope = graphScope
			if !tt.shared {
				demo.Settings.WorkspaceID = demo.OtherWorkspaceID
			}

			rep := validate.New(cfg).Validate(context.Background(), demo.Settings)

			c := find(t, rep, validate.CheckWorkspace)
			assert.Equal(t, tt.want, c.Status, "%s %s", c.Code, c.Message)
			assert.Equal(t, "workspaceId", c.Field)
			assert.Equal(t, tt.want, rep.Status)
			assert.Equal(t, powerbi.StatusPassed, find(t, rep, validate.CheckClientCredentials).Status)
		})
	}
}

func TestWorkspaceWithOtherScopeAsksForAPowerBIToken(t *testing.T) {
	srv, v, demo := fixture(t, false)
	demo.Settings.Scope = graphScope

	v.Validate(context.Background(), demo.Settings)

	var scopes []string
	for _, r := range srv.Requests() {
		if r.Endpoint == validatetest.EndpointToken && r.Form.Get("grant_type") == "client_credentials" {
			scopes = append(scopes, strings.Fields(r.Form.Get("scope"))[0])
		}
	}
	assert.ElementsMatch(t, []string{graphScope, powerbi.DefaultScope}, scopes)
	assert.Equal(t, 1, srv.Count(validatetest.EndpointGroups))
}

func TestWorkspaceWithOtherScopeIsUnavailableWithoutAToken(t *testing.T) {
	srv, v, demo := fixture(t, false)
	s := demo.Settings.Normalize()
	s.Scope = graphScope
	srv.SetFault(validatetest.EndpointToken, validatetest.Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	c := v.Workspace(ctx, s, powerbi.NewSecret("a token for graph"))

	assert.Equal(t, powerbi.StatusUnavailable, c.Status, "%s %s", c.Code, c.Message)
	assert.Equal(t, "workspaceId", c.Field)
	assert.NotEmpty(t, c.Hint)
	assert.Zero(t, srv.Count(validatetest.EndpointGroups))
}
