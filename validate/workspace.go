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

// Power BI's answers when the tenant keeps service principals out.
var spBlocked = []string{"ServicePrincipalIsNotAllowedByTenantAdminSwitch",
	"API is not accessible for application"}

// Hints of the workspace check.
const (
	hintNotShared = "Open the workspace in Power BI, choose Manage access and add the app " +
		"(or a security group that contains it) as Member or Admin. The workspace ID is " +
		"the GUID after /groups/ in the workspace's URL."
	hintSPBlocked = "A Power BI administrator must turn on Admin portal > Tenant settings > " +
		"Developer settings > Service principals can use Fabric APIs (formerly Allow " +
		"service principals to use Power BI APIs), for the whole organization or for a " +
		"security group that contains the app."
	hintPBIRefused = "Check that the scope is the Power BI API's and that the app may use " +
		"Power BI APIs in the tenant's admin settings."
)

// groupList is the answer of Groups - Get Groups.
type groupList struct {
	Value *[]struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"value"`
}

// powerBIError is the error body of the Power BI REST API, in both its
// forms: {"error":{"code":...}} and {"Message":...}.
type powerBIError struct {
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Message string `json:"Message"`
}

// Workspace asks the Power BI REST API, with an app token for the cloud's
// Power BI scope, for the workspace s.WorkspaceID (Groups - Get Groups
// filtered on its ID) and passes if the app can see it. An empty answer
// means the workspace does not exist or is not shared with the app; Power
// BI does not tell the two apart.
//
// appToken is used when s.Scope is the cloud's Power BI scope. Otherwise
// the app signs in once more, for the Power BI scope and through a fresh
// client, since a token for another resource proves nothing about the
// workspace; if that sign-in fails, the check fails or is unavailable with
// Entra ID's reason. Safe for concurrent use.
func (v *Validator) Workspace(ctx context.Context, s powerbi.Settings, appToken powerbi.Secret) powerbi.Check {
	start := time.Now()
	c := powerbi.Check{Name: CheckWorkspace, Field: "workspaceId"}
	token, err := appToken, error(nil)
	if !strings.EqualFold(s.Scope, v.cloud.PowerBIScope) {
		token, err = v.AppToken(ctx, s, v.cloud.PowerBIScope)
	}
	if err != nil {
		c = powerBITokenCheck(err)
	} else {
		c = v.groups(ctx, c, s, token)
	}
	c.Duration = time.Since(start)
	v.logCheck(ctx, c, err)
	return c
}

// groups asks Power BI for the workspace with token.
func (v *Validator) groups(ctx context.Context, c powerbi.Check, s powerbi.Settings,
	token powerbi.Secret) powerbi.Check {
	q := url.Values{"$filter": {fmt.Sprintf("id eq '%s'", s.WorkspaceID)}}
	a, err := v.get(ctx, v.cloud.PowerBIAPI+"/v1.0/myorg/groups?"+q.Encode(), token, "RequestId")
	if err != nil {
		return unavailable(c, "Power BI could not be reached.", err)
	}
	return workspaceVerdict(c, a, s.WorkspaceID, redactorOf(s, token))
}

// powerBITokenCheck reports a failed sign-in for the Power BI scope, which
// the workspace check needs when the settings name another scope. The
// configured scope is not at fault, so a verdict on it lands on the
// workspace field.
func powerBITokenCheck(err error) powerbi.Check {
	c := entraCheck(CheckWorkspace, err)
	if c.Field == "" || c.Field == "scope" {
		c.Field = "workspaceId"
	}
	c.Message = strings.TrimSpace("The app could not get a Power BI token to check the " +
		"workspace. " + c.Message)
	return c
}

// workspaceVerdict reads Power BI's answer. red removes the credentials
// from anything Power BI said.
func workspaceVerdict(c powerbi.Check, a *answer, id string, red redactor) powerbi.Check {
	a.requestID = red.clean(a.requestID)
	withID := func(msg string) string {
		if a.requestID == "" {
			return msg
		}
		return msg + " Request ID: " + a.requestID + "."
	}
	if a.temporary() {
		c.Status, c.Code, c.Hint = powerbi.StatusUnavailable, fmt.Sprint(a.status), hintUnreachable
		c.Message = withID(fmt.Sprintf("Power BI answered with status %d.", a.status))
		return c
	}
	if a.status == http.StatusOK {
		var list groupList
		if json.Unmarshal(a.body, &list) != nil || list.Value == nil {
			c.Status, c.Hint = powerbi.StatusUnavailable, hintMalformed
			c.Message = withID("Power BI gave no usable answer.")
			return c
		}
		for _, g := range *list.Value {
			if strings.EqualFold(g.ID, id) {
				c.Status, c.Message = powerbi.StatusPassed, "The app can reach the workspace."
				return c
			}
		}
		c.Status, c.Code, c.Hint = powerbi.StatusFailed, "workspace_not_found", hintNotShared
		c.Message = withID("The workspace does not exist or is not shared with the app.")
		return c
	}
	return refused(c, a, withID, red)
}

// refused reads a 4xx answer of Power BI, with the credentials removed
// before its message is cut to length.
func refused(c powerbi.Check, a *answer, withID func(string) string, red redactor) powerbi.Check {
	var e powerBIError
	_ = json.Unmarshal(a.body, &e) // an unreadable body still carries its status
	code, msg := e.Message, e.Message
	if e.Error != nil {
		code, msg = e.Error.Code, e.Error.Message
	}
	code, msg = red.clean(code), red.clean(msg)
	c.Status, c.Code = powerbi.StatusFailed, code
	if c.Code == "" {
		c.Code = fmt.Sprint(a.status)
	}
	for _, marker := range spBlocked {
		if strings.Contains(string(a.body), marker) {
			c.Field, c.Hint = "clientId", hintSPBlocked
			c.Message = withID("The tenant's Power BI settings do not allow " +
				"this service principal.")
			return c
		}
	}
	if a.status == http.StatusNotFound {
		c.Code, c.Hint = "workspace_not_found", hintNotShared
		c.Message = withID("The workspace does not exist or is not shared with the app.")
		return c
	}
	c.Field, c.Hint = "clientId", hintPBIRefused
	if msg == "" {
		msg = fmt.Sprintf("Power BI refused the app's token with status %d.", a.status)
	}
	c.Message = withID(firstBlock(msg))
	return c
}
