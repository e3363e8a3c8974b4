package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// DatabricksConfig names the Azure Databricks workspace that the app of
// every validated settings must be able to log in to.
type DatabricksConfig struct {
	// WorkspaceURL is the workspace's https URL, such as
	// https://adb-1234567890123456.7.azuredatabricks.net. Required.
	WorkspaceURL string
	// Scope is the scope of the token sent to Databricks. Empty means the
	// Cloud's DatabricksScope.
	Scope string
}

// check reports a configuration that can never work.
func (d DatabricksConfig) check() error {
	u, err := url.Parse(d.WorkspaceURL)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return fmt.Errorf("databricks workspace URL must be an https URL")
	}
	return nil
}

// Hints of the Databricks check.
const (
	hintDatabricksUser = "Add the app as a service principal of the Databricks workspace " +
		"(Settings > Identity and access > Service principals > Add, with its Application " +
		"ID) and give it the Workspace access entitlement."
)

// Databricks signs in as the app of s for the Azure Databricks resource
// and asks the workspace who that is (SCIM Me). It passes when the
// workspace knows the app. Without a DatabricksConfig it is skipped. Safe
// for concurrent use.
func (v *Validator) Databricks(ctx context.Context, s powerbi.Settings) powerbi.Check {
	start := time.Now()
	c := powerbi.Check{Name: CheckDatabricks, Status: powerbi.StatusSkipped,
		Message: "No Databricks workspace is configured."}
	if v.databricks == nil {
		return c
	}
	scope := v.databricks.Scope
	if scope == "" {
		scope = v.cloud.DatabricksScope
	}
	token, err := v.AppToken(ctx, s, scope)
	if err != nil {
		c = entraCheck(CheckDatabricks, err)
		if c.Field == "scope" {
			c.Field = "" // the scope at fault is the deployment's, not the form's
		}
	} else {
		c = v.scimMe(ctx, token, redactorOf(s, token))
	}
	c.Duration = time.Since(start)
	v.logCheck(ctx, c, err)
	return c
}

// scimMe asks the workspace for the caller's identity. red removes the
// credentials from what the workspace says.
func (v *Validator) scimMe(ctx context.Context, token powerbi.Secret, red redactor) powerbi.Check {
	c := powerbi.Check{Name: CheckDatabricks}
	base := strings.TrimRight(v.databricks.WorkspaceURL, "/")
	a, err := v.get(ctx, base+"/api/2.0/preview/scim/v2/Me", token,
		"X-Request-Id", "X-Databricks-Org-Id")
	if err != nil {
		return unavailable(c, "Databricks could not be reached.", err)
	}
	switch {
	case a.temporary():
		c.Status, c.Code, c.Hint = powerbi.StatusUnavailable, fmt.Sprint(a.status), hintUnreachable
		c.Message = fmt.Sprintf("Databricks answered with status %d.", a.status)
	case a.status == http.StatusOK:
		var me struct {
			ID       string `json:"id"`
			UserName string `json:"userName"`
		}
		if json.Unmarshal(a.body, &me) != nil || me.ID == "" && me.UserName == "" {
			c.Status, c.Hint = powerbi.StatusUnavailable, hintMalformed
			c.Message = "Databricks gave no usable answer."
			return c
		}
		c.Status = powerbi.StatusPassed
		c.Message = "The app can log in to the Databricks workspace."
	default:
		c.Status, c.Field, c.Hint = powerbi.StatusFailed, "clientId", hintDatabricksUser
		c.Code, c.Message = databricksError(a, red)
	}
	return c
}

// databricksError reads Databricks' error body, in its REST form
// {"error_code","message"} or its SCIM form {"detail","status"}, with the
// credentials removed before the message is cut to length.
func databricksError(a *answer, red redactor) (code, message string) {
	var e struct {
		ErrorCode string `json:"error_code"`
		Message   string `json:"message"`
		Detail    string `json:"detail"`
	}
	_ = json.Unmarshal(a.body, &e) // an unreadable body still carries its status
	code, message = red.clean(e.ErrorCode), red.clean(e.Message)
	if message == "" {
		message = red.clean(e.Detail)
	}
	if code == "" {
		code = fmt.Sprint(a.status)
	}
	if message == "" {
		message = fmt.Sprintf("Databricks refused the app with status %d.", a.status)
	}
	return code, firstBlock(message)
}
