package validate

import (
	"regexp"
	"strconv"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// entraCode says what one AADSTS code means for the form: which field is
// wrong, whether the check failed or merely could not tell, and how an
// admin fixes it.
type entraCode struct {
	field   string
	status  powerbi.Status
	message string
	hint    string
}

// Hints shared by several codes.
const (
	hintTenant = "Use the Directory (tenant) ID from the Overview page of Microsoft Entra ID, " +
		"or a verified domain of that directory, and make sure it belongs to this cloud."
	hintMFA = "The master user signs in with a password only (the resource owner password " +
		"flow, which Microsoft has deprecated), and that flow cannot answer a multi-factor " +
		"prompt. Exclude this account from MFA and Conditional Access policies, or use a " +
		"service principal instead of a master user."
	hintThrottled = "Entra ID is busy or throttling this tenant. Wait a minute and try again."
)

// aadsts maps Entra ID error codes to fields. It is the one place that
// knows what a code means; the table in the package documentation mirrors
// it. Codes missing here fail with Entra ID's own message.
var aadsts = map[int]entraCode{
	// The tenant.
	90002: {"tenantId", powerbi.StatusFailed,
		"Entra ID has no tenant with this ID or domain.", hintTenant},
	900023: {"tenantId", powerbi.StatusFailed,
		"The tenant is neither a GUID nor a domain Entra ID knows.", hintTenant},
	90013: {"tenantId", powerbi.StatusFailed, "The tenant value is not valid.", hintTenant},
	50128: {"tenantId", powerbi.StatusFailed, "The tenant domain is not valid.", hintTenant},
	50059: {"tenantId", powerbi.StatusFailed, "Entra ID could not find the tenant.", hintTenant},

	// The application.
	700016: {"clientId", powerbi.StatusFailed, "The application was not found in the tenant.",
		"Use the Application (client) ID from the app registration's Overview page, and " +
			"check that the app is registered in (or consented to by) this tenant."},
	7000112: {"clientId", powerbi.StatusFailed, "The application is disabled in the tenant.",
		"Enable the app's enterprise application (Properties > Enabled for users to sign in)."},
	7000218: {"clientId", powerbi.StatusFailed, "The app does not allow sign-in with a password.",
		"In the app registration, under Authentication, set Allow public client flows to Yes."},

	// The client secret.
	7000215: {"clientSecret", powerbi.StatusFailed, "The client secret is not valid.",
		"Paste the secret's Value, not its Secret ID. The value is shown only once, right " +
			"after you create the secret under Certificates & secrets; if it is lost, create " +
			"a new one."},
	7000222: {"clientSecret", powerbi.StatusFailed, "The client secret has expired.",
		"Create a new client secret under Certificates & secrets and paste its Value."},

	// The scope.
	70011: {"scope", powerbi.StatusFailed, "The scope is not valid.",
		"Use the resource followed by /.default, such as " + powerbi.DefaultScope + "."},
	1002012: {"scope", powerbi.StatusFailed, "The scope does not end in /.default.",
		"Append /.default to the resource, such as " + powerbi.DefaultScope + "."},
	500011: {"scope", powerbi.StatusFailed, "The tenant has no resource with this scope.",
		"Check the resource in the scope. For Power BI use " + powerbi.DefaultScope +
			"; Power BI must be in use in the tenant."},
	650057: {"scope", powerbi.StatusFailed, "The app has no permission for this resource.",
		"Add the resource's API permissions to the app registration and grant admin consent."},

	// The master user.
	50126: {"password", powerbi.StatusFailed, "The username or password is not correct.",
		"Check the master user's password by signing in to app.powerbi.com with it."},
	50034: {"username", powerbi.StatusFailed, "The user does not exist in the tenant.",
		"Use the master user's user principal name (name@domain) from Entra ID > Users."},
	50020: {"username", powerbi.StatusFailed, "The user is not a member of the tenant.",
		"Use an account of this tenant as master user, not a guest."},
	50055: {"password", powerbi.StatusFailed, "The master user's password has expired.",
		"Sign in once as the master user to set a new password, then enter it here."},
	50144: {"password", powerbi.StatusFailed,
		"The master user's on-premises Active Directory password has expired.",
		"Change the password in Active Directory (or at sign-in, if password writeback is " +
			"on), wait for it to sync to Entra ID, then enter it here."},
	50053: {"username", powerbi.StatusFailed, "The master user's account is locked.",
		"Wait for the lockout to end or ask an admin to unlock the account, then check " +
			"the password."},
	50057: {"username", powerbi.StatusFailed, "The master user's account is disabled.",
		"Enable the account in Entra ID > Users > Properties (Account enabled)."},
	50076: {"username", powerbi.StatusFailed,
		"The master user must use multi-factor authentication.", hintMFA},
	50079: {"username", powerbi.StatusFailed,
		"The master user must register for multi-factor authentication.", hintMFA},
	50158: {"username", powerbi.StatusFailed,
		"The master user must answer an external security challenge.", hintMFA},
	53003: {"username", powerbi.StatusFailed,
		"A Conditional Access policy blocked the sign-in.", hintMFA},
	65001: {"clientId", powerbi.StatusFailed, "Nobody has consented to the app's permissions.",
		"An admin grants consent in the app registration under API permissions > " +
			"Grant admin consent."},

	// Throttling and outages say nothing about the credentials.
	50196: {"", powerbi.StatusUnavailable, "Entra ID stopped a request loop.", hintThrottled},
	90055: {"", powerbi.StatusUnavailable, "Entra ID is throttling the tenant.", hintThrottled},
	90033: {"", powerbi.StatusUnavailable, "Entra ID is temporarily unavailable.", hintThrottled},
	7000114: {"", powerbi.StatusUnavailable,
		"Entra ID is throttling the application.", hintThrottled},
}

// aadstsText finds an AADSTS code in free text.
var aadstsText = regexp.MustCompile(`AADSTS(\d{4,9})`)

// entraCodeOf returns the first code of codes that the table knows, else
// the first code; with no codes, the first AADSTSnnnn in description; and 0
// when neither has one.
func entraCodeOf(codes []int, description string) int {
	for _, c := range codes {
		if _, ok := aadsts[c]; ok {
			return c
		}
	}
	if len(codes) > 0 {
		return codes[0]
	}
	m := aadstsText.FindStringSubmatch(description)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
