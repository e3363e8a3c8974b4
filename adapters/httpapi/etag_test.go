package httpapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIfMatch checks the preconditions of every write. org-a is at version
// 1 unless the case says it is unconfigured.
func TestIfMatch(t *testing.T) {
	ifMatch := []struct {
		name, value string
		empty       bool
		ok          bool // the write goes ahead
		bad         bool // the header is malformed: 400
	}{
		{name: "current version goes ahead", value: `"1"`, ok: true},
		{name: "stale version fails", value: `"2"`},
		{name: "weak tag of the current version fails", value: `W/"1"`},
		{name: "star goes ahead", value: `*`, ok: true},
		{name: "list holding the current version goes ahead", value: `"7", "1"`, ok: true},
		{name: "list without the current version fails", value: `"7", "8"`},
		{name: "foreign tag fails", value: `"abc"`},
		{name: "unquoted tag is malformed", value: `1`, bad: true},
		{name: "star in a list is malformed", value: `*, "1"`, bad: true},
		{name: "star on an unconfigured org fails", value: `*`, empty: true},
		{name: "version on an unconfigured org fails", value: `"1"`, empty: true},
	}
	ops := []struct {
		name string
		rq   req
		ok   int
	}{
		{"put", req{method: "PUT", body: goodSettings}, 200},
		{"patch", req{method: "PATCH", body: `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`}, 200},
		{"delete", req{method: "DELETE"}, 204},
	}
	for _, op := range ops {
		for _, tt := range ifMatch {
			t.Run(op.name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t)
				if !tt.empty {
					f.seed(t)
				}
				rq := op.rq
				rq.path, rq.token = base("org-a"), "admin-a"
				rq.header = map[string]string{"If-Match": tt.value}
				w := f.do(t, rq)

				switch {
				case tt.bad:
					require.Equal(t, 400, w.Code, w.Body.String())
				case tt.ok:
					require.Equal(t, op.ok, w.Code, w.Body.String())
				default:
					require.Equal(t, 412, w.Code, w.Body.String())
					assert.Equal(t, "urn:pbiconnect:problem:precondition_failed", decode(t, w)["type"])
				}
				if !tt.ok && !tt.empty {
					assert.Len(t, f.events(t), 1, "a failed precondition changed the settings")
				}
			})
		}
	}
}

// TestIfNoneMatch checks the create-only form of PUT.
func TestIfNoneMatch(t *testing.T) {
	cases := []struct {
		name   string
		seeded bool
		header map[string]string
		want   int
	}{
		{"star on an unconfigured org creates", false, map[string]string{"If-None-Match": "*"}, 201},
		{"star on a configured org fails the precondition", true,
			map[string]string{"If-None-Match": "*"}, 412},
		{"entity tag is malformed", false, map[string]string{"If-None-Match": `"1"`}, 400},
		{"together with If-Match is malformed", true,
			map[string]string{"If-None-Match": "*", "If-Match": `"1"`}, 400},
	}
	t.Run("patch and delete refuse it", func(t *testing.T) {
		for _, rq := range []req{
			{method: "PATCH", body: `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`},
			{method: "DELETE"},
		} {
			f := newFixture(t)
			f.seed(t)
			rq.path, rq.token = base("org-a"), "admin-a"
			rq.header = map[string]string{"If-None-Match": "*"}
			w := f.do(t, rq)
			require.Equal(t, 400, w.Code, "%s: %s", rq.method, w.Body.String())
			assert.Len(t, f.events(t), 1, "%s changed the settings", rq.method)
		}
	})
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.seeded {
				f.seed(t)
			}
			w := f.do(t, req{method: "PUT", path: base("org-a"), token: "admin-a",
				body: goodSettings, header: tt.header})
			require.Equal(t, tt.want, w.Code, w.Body.String())
			if tt.seeded {
				assert.Len(t, f.events(t), 1, "existing settings were replaced")
			}
		})
	}
}
