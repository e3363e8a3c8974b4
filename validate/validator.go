package validate

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// DefaultTimeout bounds one whole validation when Config.Timeout is zero.
const DefaultTimeout = 20 * time.Second

// The names of the checks in a report, in report order.
const (
	CheckClientCredentials = "entra.client_credentials"
	CheckMasterUser        = "entra.master_user"
	CheckWorkspace         = "powerbi.workspace"
	CheckDatabricks        = "databricks.workspace"
	CheckSettings          = "settings"
)

// Config configures a [Validator]. The zero Config validates against the
// public cloud with the default HTTP client and timeout, logs nothing and
// skips Databricks.
type Config struct {
	// Cloud names the endpoints. The zero Cloud means PublicCloud().
	Cloud Cloud
	// HTTPClient sends every request. If nil, a client over
	// http.DefaultTransport's settings (system roots, proxy from the
	// environment) with bounded dial, handshake and header waits is used.
	// The validator uses a shallow copy that never follows redirects.
	HTTPClient *http.Client
	// Timeout bounds one whole validation. Zero means DefaultTimeout.
	Timeout time.Duration
	// Logger receives one debug record per check, without secrets. If nil,
	// nothing is logged.
	Logger *slog.Logger
	// Databricks, if not nil, adds a login check against an Azure
	// Databricks workspace with the app's credentials.
	Databricks *DatabricksConfig
}

// Validator checks settings live against Entra ID, Power BI and optionally
// Databricks. It implements [powerbi.Validator] and is safe for concurrent
// use. Create one with [New] and keep it: it owns the metadata cache.
type Validator struct {
	cloud      Cloud
	http       *doer
	timeout    time.Duration
	log        *slog.Logger
	databricks *DatabricksConfig
}

var _ powerbi.Validator = (*Validator)(nil)

// New returns a Validator for cfg. It panics if cfg.Databricks names no
// https workspace URL, which is a programming error.
func New(cfg Config) *Validator {
	v := &Validator{cloud: cfg.Cloud.orDefault(), timeout: cfg.Timeout, log: cfg.Logger}
	if v.timeout <= 0 {
		v.timeout = DefaultTimeout
	}
	if v.log == nil {
		v.log = slog.New(slog.DiscardHandler)
	}
	c := cfg.HTTPClient
	if c == nil {
		c = defaultHTTPClient()
	}
	v.http = newDoer(c)
	if cfg.Databricks != nil {
		d := *cfg.Databricks
		if err := d.check(); err != nil {
			panic("validate: " + err.Error())
		}
		v.databricks = &d
	}
	return v
}

// Validate normalizes s, checks it against the static rules and, only if
// they pass, runs the live checks concurrently under one deadline. The
// report holds, in this order: the client credentials check, the master
// user check, the workspace check and, if configured, the Databricks check.
// Settings that break a static rule give one failed "settings" check per
// field and send no request.
func (v *Validator) Validate(ctx context.Context, s powerbi.Settings) powerbi.Report {
	start := time.Now()
	s = s.Normalize()
	if err := s.Validate(); err != nil {
		return report(start, staticChecks(err))
	}
	ctx, cancel := context.WithTimeout(ctx, v.timeout)
	defer cancel()

	checks := make([]powerbi.Check, 3, 4)
	if v.databricks != nil {
		checks = checks[:4]
	}
	var wg sync.WaitGroup
	wg.Go(func() { checks[1] = v.MasterUser(ctx, s) })
	wg.Go(func() {
		var token powerbi.Secret
		checks[0], token = v.ClientCredentials(ctx, s)
		var inner sync.WaitGroup
		inner.Go(func() {
			checks[2] = v.afterApp(ctx, checks[0], CheckWorkspace, "workspaceId",
				func() powerbi.Check { return v.Workspace(ctx, s, token) })
		})
		if v.databricks != nil {
			inner.Go(func() {
				checks[3] = v.afterApp(ctx, checks[0], CheckDatabricks, "",
					func() powerbi.Check { return v.Databricks(ctx, s) })
			})
		}
		inner.Wait()
	})
	wg.Wait()
	return report(start, checks)
}

// afterApp runs a check that needs the app to sign in, or skips it.
func (v *Validator) afterApp(ctx context.Context, app powerbi.Check, name, field string,
	run func() powerbi.Check) powerbi.Check {
	if app.Status != powerbi.StatusPassed {
		return powerbi.Check{Name: name, Field: field, Status: powerbi.StatusSkipped,
			Message: "Skipped because the app could not sign in."}
	}
	return run()
}

func report(start time.Time, checks []powerbi.Check) powerbi.Report {
	return powerbi.Report{Status: powerbi.Summarize(checks), CheckedAt: start.UTC(), Checks: checks}
}

// staticChecks turns a static rule failure into failed checks.
func staticChecks(err error) []powerbi.Check {
	var perr *powerbi.Error
	if !errors.As(err, &perr) || len(perr.Fields) == 0 {
		return []powerbi.Check{{Name: CheckSettings, Status: powerbi.StatusFailed,
			Code: "invalid", Message: "The settings are not valid."}}
	}
	out := make([]powerbi.Check, 0, len(perr.Fields))
	for _, f := range perr.Fields {
		out = append(out, powerbi.Check{Name: CheckSettings, Field: f.Field,
			Status: powerbi.StatusFailed, Code: f.Code, Message: f.Message,
			Hint: "Correct this field; nothing was sent to Microsoft."})
	}
	return out
}

// logCheck writes one debug record for a finished check.
func (v *Validator) logCheck(ctx context.Context, c powerbi.Check, err error) {
	attrs := []any{"check", c.Name, "status", string(c.Status), "code", c.Code,
		"duration", c.Duration}
	var re *RemoteError
	if errors.As(err, &re) {
		attrs = append(attrs, "remote", re.Error())
	}
	v.log.DebugContext(ctx, "validate check", attrs...)
}
