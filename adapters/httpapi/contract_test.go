package httpapi_test

import (
	"bytes"
	"flag"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
)

// docURL names the OpenAPI document inside the schema compiler.
const docURL = "https://pbiconnect.test/openapi.json"

// contract checks real responses against the OpenAPI document: the status
// must be documented for the operation, every required header present and
// valid, and the body valid against the schema of its media type.
type contract struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	paths    map[string]*regexp.Regexp

	mu      sync.Mutex
	schemas map[string]*jsonschema.Schema
	seen    map[string]bool // "METHOD template status" answered in tests
}

var oas = loadContract()

func loadContract() *contract {
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(httpapi.OpenAPI()))
	if err != nil {
		panic("openapi.json: " + err.Error())
	}
	c := &contract{doc: raw.(map[string]any), compiler: jsonschema.NewCompiler(),
		paths: map[string]*regexp.Regexp{}, schemas: map[string]*jsonschema.Schema{},
		seen: map[string]bool{}}
	c.compiler.DefaultDraft(jsonschema.Draft2020)
	c.compiler.AssertFormat()
	if err := c.compiler.AddResource(docURL, raw); err != nil {
		panic("openapi.json: " + err.Error())
	}
	for tpl := range c.doc["paths"].(map[string]any) {
		re := regexp.MustCompile(`\\\{[^/]+\\\}`).ReplaceAllString(regexp.QuoteMeta(tpl), `[^/]+`)
		c.paths[tpl] = regexp.MustCompile("^" + re + "$")
	}
	return c
}

// TestMain runs the tests, then, for a full run, fails if a documented
// response was never produced by any test.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		if missing := oas.unseen(); len(missing) > 0 {
			fmt.Println("documented responses no test produced:\n  " + strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// checkContract validates one response to r.
func checkContract(t *testing.T, r *http.Request, w *httptest.ResponseRecorder) {
	t.Helper()
	tpl := oas.template(r.URL.Path)
	if tpl == "" {
		require.Equal(t, http.StatusNotFound, w.Code, "undocumented path %s", r.URL.Path)
		oas.checkResponse(t, "/components/responses/NotFound", w, true)
		return
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	op, ok := oas.lookup("/paths/" + escape(tpl) + "/" + strings.ToLower(method)).(map[string]any)
	if !ok {
		require.Equal(t, http.StatusMethodNotAllowed, w.Code, "%s %s is undocumented", r.Method, tpl)
		oas.checkResponse(t, "/components/responses/MethodNotAllowed", w, true)
		return
	}
	status := strconv.Itoa(w.Code)
	resp, ok := op["responses"].(map[string]any)[status].(map[string]any)
	require.True(t, ok, "%s %s answered %s, which is undocumented: %s", r.Method, tpl, status,
		w.Body.String())
	ptr := "/paths/" + escape(tpl) + "/" + strings.ToLower(method) + "/responses/" + status
	if ref, ok := resp["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
	}
	oas.checkResponse(t, ptr, w, r.Method != http.MethodHead)
	oas.mu.Lock()
	oas.seen[method+" "+tpl+" "+status] = true
	oas.mu.Unlock()
}

// checkResponse validates headers and body against the response object at
// the JSON pointer ptr.
func (c *contract) checkResponse(t *testing.T, ptr string, w *httptest.ResponseRecorder,
	body bool) {
	t.Helper()
	resp := c.lookup(ptr).(map[string]any)
	headers, _ := resp["headers"].(map[string]any)
	for name, h := range headers {
		hptr := ptr + "/headers/" + escape(name)
		if ref, ok := h.(map[string]any)["$ref"].(string); ok {
			hptr = strings.TrimPrefix(ref, "#")
		}
		value := w.Header().Get(name)
		if required, _ := c.lookup(hptr).(map[string]any)["required"].(bool); !required && value == "" {
			continue
		}
		require.NotEmpty(t, value, "header %s is missing", name)
		assert.NoError(t, c.schema(hptr+"/schema").Validate(value), "header %s: %q", name, value)
	}
	content, _ := resp["content"].(map[string]any)
	if content == nil {
		assert.Empty(t, w.Body.String(), "a response without content has a body")
		return
	}
	mt, _, err := mime.ParseMediaType(w.Header().Get("Content-Type"))
	require.NoError(t, err)
	require.Contains(t, content, mt, "undocumented media type")
	if !body {
		return
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err, "body is not JSON")
	assert.NoError(t, c.schema(ptr+"/content/"+escape(mt)+"/schema").Validate(inst))
}

// template returns the documented path template that matches path.
func (c *contract) template(path string) string {
	for tpl, re := range c.paths {
		if re.MatchString(path) {
			return tpl
		}
	}
	return ""
}

// lookup returns the value at a JSON pointer into the document, or nil.
func (c *contract) lookup(ptr string) any {
	var v any = c.doc
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		v = m[tok]
	}
	return v
}

// schema compiles the schema at a JSON pointer, once.
func (c *contract) schema(ptr string) *jsonschema.Schema {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[ptr]; ok {
		return s
	}
	s := c.compiler.MustCompile(docURL + "#" + ptr)
	c.schemas[ptr] = s
	return s
}

// unseen lists the documented responses that no test produced.
func (c *contract) unseen() []string {
	var out []string
	for tpl, item := range c.doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			opm, ok := op.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			for status := range opm["responses"].(map[string]any) {
				key := strings.ToUpper(method) + " " + tpl + " " + status
				if !c.seen[key] {
					out = append(out, key)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// escape escapes a JSON pointer token.
func escape(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}
