package validate

import (
	"fmt"
	"net/url"
	"strings"
)

// Cloud names the endpoints of one Microsoft cloud: where Entra ID issues
// tokens and where the Power BI REST API answers. Use [PublicCloud],
// [USGovernment] or [China], or [CustomCloud] for a test server or a proxy.
//
// The zero Cloud means [PublicCloud]. A Cloud is a plain value: copy it
// freely; each call of the functions that return one gives a fresh copy, so
// no caller can change another's endpoints.
type Cloud struct {
	// AuthorityHost is the base URL of Entra ID, such as
	// https://login.microsoftonline.com: https, a host and no path. The
	// tenant is appended to it. MSAL runs instance discovery only for
	// Microsoft's own hosts.
	AuthorityHost string
	// PowerBIAPI is the base URL of the Power BI REST API, such as
	// https://api.powerbi.com.
	PowerBIAPI string
	// PowerBIScope is the scope of a token the Power BI REST API accepts.
	// The workspace check always uses a token for it: when the settings ask
	// for another scope, the app signs in a second time for this one.
	PowerBIScope string
	// DatabricksScope is the scope of a token Azure Databricks accepts: the
	// Azure Databricks first-party application with /.default.
	DatabricksScope string
}

// databricksApp is the application ID of Azure Databricks in Entra ID.
const databricksApp = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default"

// PublicCloud returns the endpoints of the global Azure cloud.
func PublicCloud() Cloud {
	return Cloud{
		AuthorityHost:   "https://login.microsoftonline.com",
		PowerBIAPI:      "https://api.powerbi.com",
		PowerBIScope:    "https://analysis.windows.net/powerbi/api/.default",
		DatabricksScope: databricksApp,
	}
}

// USGovernment returns the endpoints of Azure Government with Power BI for
// GCC High. GCC (moderate) tenants sign in through the public cloud; give
// them a Cloud of your own with PowerBIAPI https://api.powerbigov.us.
func USGovernment() Cloud {
	return Cloud{
		AuthorityHost:   "https://login.microsoftonline.us",
		PowerBIAPI:      "https://api.high.powerbigov.us",
		PowerBIScope:    "https://high.analysis.usgovcloudapi.net/powerbi/api/.default",
		DatabricksScope: databricksApp,
	}
}

// China returns the endpoints of Azure operated by 21Vianet.
func China() Cloud {
	return Cloud{
		AuthorityHost:   "https://login.chinacloudapi.cn",
		PowerBIAPI:      "https://api.powerbi.cn",
		PowerBIScope:    "https://analysis.chinacloudapi.cn/powerbi/api/.default",
		DatabricksScope: databricksApp,
	}
}

// CustomCloud returns a Cloud whose Entra ID and Power BI both answer at
// baseURL, such as a test server or a proxy: Entra ID at baseURL and Power
// BI at baseURL/powerbi. The scopes are those of the public cloud.
func CustomCloud(baseURL string) Cloud {
	c := PublicCloud()
	base := strings.TrimRight(baseURL, "/")
	c.AuthorityHost = base
	c.PowerBIAPI = base + "/powerbi"
	return c
}

// orDefault returns c, or PublicCloud if c is the zero Cloud.
func (c Cloud) orDefault() Cloud {
	if c == (Cloud{}) {
		return PublicCloud()
	}
	return c
}

// microsoftHosts are the Entra ID hosts that MSAL may ask about instance
// discovery. Every other host gets instance discovery off, so MSAL never
// calls out to login.microsoftonline.com on behalf of a test server.
var microsoftHosts = map[string]bool{
	"login.microsoftonline.com":        true,
	"login.microsoft.com":              true,
	"login.windows.net":                true,
	"sts.windows.net":                  true,
	"login.microsoftonline.us":         true,
	"login.usgovcloudapi.net":          true,
	"login-us.microsoftonline.com":     true,
	"login.chinacloudapi.cn":           true,
	"login.partner.microsoftonline.cn": true,
}

// instanceDiscovery reports whether MSAL may run instance discovery for c.
func (c Cloud) instanceDiscovery() bool {
	u, err := url.Parse(c.AuthorityHost)
	return err == nil && microsoftHosts[strings.ToLower(u.Host)]
}

// authority returns the authority URL of tenant. It fails unless the result
// keeps c's host and has tenant as its only path segment: a second guard,
// behind the static rules, against a tenant that tries to change where the
// credentials go.
func (c Cloud) authority(tenant string) (string, error) {
	base, err := url.Parse(c.AuthorityHost)
	if err != nil || base.Scheme != "https" || base.Host == "" ||
		strings.Trim(base.Path, "/") != "" {
		return "", fmt.Errorf("authority host must be an https URL without a path")
	}
	if tenant == "" || strings.ContainsAny(tenant, "/\\?#%@: ") ||
		multiTenant[strings.ToLower(tenant)] {
		return "", fmt.Errorf("tenant is not a single directory")
	}
	full := url.URL{Scheme: base.Scheme, Host: base.Host, Path: "/" + tenant}
	out := full.String()
	back, err := url.Parse(out)
	if err != nil || back.Host != base.Host || back.Path != "/"+tenant {
		return "", fmt.Errorf("tenant changes the authority URL")
	}
	return out, nil
}

// multiTenant names authorities that are not one directory.
var multiTenant = map[string]bool{"common": true, "organizations": true, "consumers": true}
