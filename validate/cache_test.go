package validate_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

func TestValidateCachesOnlyMetadata(t *testing.T) {
	srv, v, demo := fixture(t, false)
	ctx := context.Background()
	v.Validate(ctx, demo.Settings)
	srv.ResetRequests()

	rep := v.Validate(ctx, demo.Settings)

	assert.Equal(t, powerbi.StatusPassed, rep.Status)
	assert.Zero(t, srv.Count(validatetest.EndpointOpenID, validatetest.EndpointUserRealm))
	assert.Equal(t, 2, srv.Count(validatetest.EndpointToken), "every validation asks for fresh tokens")
}

func TestValidateSeesARevokedSecret(t *testing.T) {
	srv, v, demo := fixture(t, false)
	ctx := context.Background()
	first := v.Validate(ctx, demo.Settings)

	// Rotate the app's secret: the old value no longer works.
	srv.AddApp(validatetest.App{TenantID: demo.Settings.TenantID, ClientID: demo.Settings.ClientID,
		PublicClient: true, Secrets: []validatetest.AppSecret{{Value: "the-new-secret-value"}}})
	second := v.Validate(ctx, demo.Settings)

	assert.Equal(t, powerbi.StatusPassed, first.Status)
	c := find(t, second, validate.CheckClientCredentials)
	assert.Equal(t, powerbi.StatusFailed, c.Status)
	assert.Equal(t, "clientSecret", c.Field)
}
