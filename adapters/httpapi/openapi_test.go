package httpapi_test

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
)

// TestOpenAPIDocumentIsValid loads the embedded document with an
// independent OpenAPI implementation and checks it.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(httpapi.OpenAPI())
	require.NoError(t, err)
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	require.NoError(t, doc.Validate(loader.Context))
}

// TestOpenAPISchemasReject makes sure the schemas the contract check relies
// on are strict enough to catch a wrong answer.
func TestOpenAPISchemasReject(t *testing.T) {
	tests := []struct {
		name, schema, instance string
	}{
		{"view with a secret is rejected", "View", `{"orgId":"a","tenantId":"t","clientId":"c",
			"scope":"s","workspaceId":"w","username":"u","clientSecretSet":true,"passwordSet":true,
			"version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z",
			"updatedBy":"x","clientSecret":"leak"}`},
		{"view without a version is rejected", "View", `{"orgId":"a","tenantId":"t",
			"clientId":"c","scope":"s","workspaceId":"w","username":"u","clientSecretSet":true,
			"passwordSet":true,"createdAt":"2026-01-01T00:00:00Z",
			"updatedAt":"2026-01-01T00:00:00Z","updatedBy":"x"}`},
		{"problem without errors is rejected", "Problem", `{"type":"urn:pbiconnect:problem:x",
			"title":"t","status":400,"detail":"d","code":"x"}`},
		{"problem of a foreign type is rejected", "Problem", `{"type":"about:blank",
			"title":"t","status":400,"detail":"d","code":"x","errors":[]}`},
		{"report with an unknown status is rejected", "Report", `{"status":"ok",
			"checkedAt":"2026-01-01T00:00:00Z","checks":[]}`},
		{"event with a bad time is rejected", "Event", `{"orgId":"a","version":1,
			"action":"created","actor":"x","at":"yesterday","fields":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.instance))
			require.NoError(t, err)
			assert.Error(t, oas.schema("/components/schemas/"+tt.schema).Validate(inst))
		})
	}
}
