package powerbi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

func TestSummarize(t *testing.T) {
	const (
		pass = powerbi.StatusPassed
		fail = powerbi.StatusFailed
		down = powerbi.StatusUnavailable
		skip = powerbi.StatusSkipped
	)
	cases := []struct {
		name string
		in   []powerbi.Status
		want powerbi.Status
	}{
		{"no checks are skipped", nil, skip},
		{"only skipped checks are skipped", []powerbi.Status{skip, skip}, skip},
		{"passes with skips pass", []powerbi.Status{pass, skip}, pass},
		{"a failure wins", []powerbi.Status{pass, down, fail}, fail},
		{"unavailable beats passed", []powerbi.Status{pass, down}, down},
		{"unknown status fails closed", []powerbi.Status{pass, "maybe"}, down},
		{"empty status fails closed", []powerbi.Status{pass, ""}, down},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var checks []powerbi.Check
			for _, st := range tc.in {
				checks = append(checks, powerbi.Check{Name: "c", Status: st})
			}
			assert.Equal(t, tc.want, powerbi.Summarize(checks))
		})
	}
}
