package validate_test

import (
	"context"
	"testing"

	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// identity are the endpoints of the fake Entra ID.
var identity = []validatetest.Endpoint{validatetest.EndpointOpenID, validatetest.EndpointToken,
	validatetest.EndpointUserRealm, validatetest.EndpointDiscovery}

// BenchmarkValidate reports identity provider requests per full validation
// (client credentials, master user, workspace, Databricks). Cold makes a
// new Validator each time, so its metadata cache is empty; warm reuses one.
func BenchmarkValidate(b *testing.B) {
	srv := validatetest.NewServer()
	defer srv.Close()
	demo := srv.AddDemo()
	ctx := context.Background()

	b.Run("cold", func(b *testing.B) {
		srv.ResetRequests()
		for b.Loop() {
			validate.New(srv.Config(true)).Validate(ctx, demo.Settings)
		}
		b.ReportMetric(float64(srv.Count(identity...))/float64(b.N), "idp-requests/op")
	})
	b.Run("warm", func(b *testing.B) {
		v := validate.New(srv.Config(true))
		v.Validate(ctx, demo.Settings)
		srv.ResetRequests()
		for b.Loop() {
			v.Validate(ctx, demo.Settings)
		}
		b.ReportMetric(float64(srv.Count(identity...))/float64(b.N), "idp-requests/op")
	})
}
