package httpapi

import (
	_ "embed"
	"net/http"
)

// OpenAPIPath is where the handler serves [OpenAPI], without
// authentication: the document describes the contract and holds no data.
const OpenAPIPath = "/v1/openapi.json"

// openAPI is the OpenAPI 3.1 document of the contract.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI returns a copy of the OpenAPI 3.1 document that describes the
// handler's contract, as JSON.
func OpenAPI() []byte { return append([]byte(nil), openAPI...) }

// serveOpenAPI answers GET OpenAPIPath.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
