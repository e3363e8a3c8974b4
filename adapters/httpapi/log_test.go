package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestLog checks the one log record of a request.
func TestRequestLog(t *testing.T) {
	tests := []struct {
		name, requestID string
		echoed          bool
	}{
		{name: "safe request id is echoed and logged", requestID: "req-42.a_b:c", echoed: true},
		{name: "missing request id is generated"},
		{name: "unsafe request id is replaced", requestID: "x\" forged=1"},
		{name: "long request id is replaced", requestID: strings.Repeat("a", 129)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.do(t, req{method: "PUT", path: base("org-a"), token: "owner-a",
				body: goodSettings, header: map[string]string{"X-Request-Id": tt.requestID}})
			require.Equal(t, 201, w.Code)
			id := w.Header().Get("X-Request-Id")
			if tt.echoed {
				assert.Equal(t, tt.requestID, id)
			} else {
				assert.NotEqual(t, tt.requestID, id)
				assert.Regexp(t, `^[A-Z2-7]{26}$`, id)
			}

			rec := lastRecord(t, f.logs.String(), "http request")
			assert.Equal(t, "PUT", rec["method"])
			assert.Equal(t, "PUT /v1/orgs/{org}/integrations/powerbi", rec["route"])
			assert.EqualValues(t, 201, rec["status"])
			assert.Equal(t, "org-a", rec["org"])
			assert.Equal(t, id, rec["requestId"])
			assert.Contains(t, rec, "duration")
			assert.Equal(t, "INFO", rec["level"])
		})
	}
}

// lastRecord returns the last JSON log record with message msg.
func lastRecord(t *testing.T, logs, msg string) map[string]any {
	t.Helper()
	var found map[string]any
	for line := range strings.Lines(logs) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		if rec["msg"] == msg {
			found = rec
		}
	}
	require.NotNil(t, found, "no %q record in %s", msg, logs)
	return found
}
