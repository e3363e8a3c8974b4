package validate_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// fixture starts a fake cloud with a demo world.
func fixture(t *testing.T, databricks bool) (*validatetest.Server, *validate.Validator, validatetest.DemoCredentials) {
	t.Helper()
	srv := validatetest.NewServer()
	t.Cleanup(srv.Close)
	demo := srv.AddDemo()
	return srv, validate.New(srv.Config(databricks)), demo
}

func TestValidateDemoPasses(t *testing.T) {
	srv, v, demo := fixture(t, true)

	rep := v.Validate(context.Background(), demo.Settings)

	require.Len(t, rep.Checks, 4)
	for _, c := range rep.Checks {
		assert.Equal(t, powerbi.StatusPassed, c.Status, "%s: %s %s", c.Name, c.Code, c.Message)
	}
	assert.Equal(t, powerbi.StatusPassed, rep.Status)
	for _, r := range srv.Requests() {
		for k, vals := range r.Form {
			for _, val := range vals {
				assert.NotEqual(t, demo.Settings.ClientSecret.Reveal(), val, k)
				assert.NotEqual(t, demo.Settings.Password.Reveal(), val, k)
			}
		}
	}
}
