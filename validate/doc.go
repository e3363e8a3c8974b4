// Package validate checks Power BI settings live: it signs the app and the
// master user in to Microsoft Entra ID through MSAL Go, asks the Power BI
// REST API whether the app can reach the workspace and, if configured,
// whether the app can log in to an Azure Databricks workspace. A
// [Validator] implements powerbi.Validator.
//
// # Checks
//
// [Validator.Validate] first applies the static rules of powerbi.Settings;
// settings that break one (a tenant of "common", with a path, a query or
// another host, for example) fail without a single request. Then, under
// one deadline ([Config].Timeout, 20 s by default):
//
//   - [Validator.ClientCredentials]: a fresh MSAL confidential client signs
//     in with the client secret for the scope (check entra.client_credentials).
//   - [Validator.MasterUser]: a fresh MSAL public client signs the master
//     user in with username and password (entra.master_user).
//   - [Validator.Workspace]: with the app's token, Groups - Get Groups
//     filtered on the workspace ID (powerbi.workspace). When the scope is
//     not the cloud's Power BI scope, the app first signs in again for
//     Power BI, so the workspace is always verified. Skipped when the app
//     could not sign in.
//   - [Validator.Databricks]: a token for Azure Databricks and SCIM Me on
//     the configured workspace (databricks.workspace). Skipped when the app
//     could not sign in.
//
// The first two run concurrently, and the last two concurrently after the
// first. A service that is slow, down, throttling or answering garbage
// gives unavailable, never failed; the deadline ends every request.
//
// # The master user and MFA
//
// The master user signs in with the resource owner password flow
// (MSAL's AcquireTokenByUsernamePassword). Microsoft has deprecated it, and
// it cannot answer a multi-factor prompt or satisfy most Conditional Access
// policies: such accounts fail with AADSTS50076, 50079, 50158 or 53003, and
// the check's hint says so. Federated accounts (AD FS) go through MSAL's
// WS-Trust exchange with the federation server the user realm names.
//
// # Entra ID codes
//
// Entra ID's code is read from error_codes, or failing that from the
// AADSTSnnnn text of error_description, and mapped to a field:
//
//	code      field         meaning
//	90002     tenantId      tenant not found
//	900023    tenantId      tenant neither a GUID nor a known domain
//	90013     tenantId      tenant value not valid
//	50128     tenantId      tenant domain not valid
//	50059     tenantId      no tenant could be found
//	700016    clientId      app not found in the tenant
//	7000112   clientId      app disabled
//	7000218   clientId      public client flows not allowed (master user)
//	65001     clientId      consent missing
//	7000215   clientSecret  invalid secret (often the secret ID pasted)
//	7000222   clientSecret  expired secret
//	70011     scope         invalid scope
//	1002012   scope         scope without /.default
//	500011    scope         resource not found in the tenant
//	650057    scope         app has no permission for the resource
//	50126     password      wrong username or password
//	50055     password      password expired
//	50144     password      password expired (on-premises)
//	50034     username      user not found
//	50020     username      user not a member of the tenant
//	50053     username      account locked
//	50057     username      account disabled
//	50076     username      MFA required
//	50079     username      MFA registration required
//	50158     username      external security challenge
//	53003     username      blocked by Conditional Access
//	50196     (none)        request loop: unavailable
//	90055     (none)        tenant throttled: unavailable
//	90033     (none)        Entra ID unavailable: unavailable
//	7000114   (none)        app throttled: unavailable
//
// Other codes fail with Entra ID's own message, the code and the trace ID.
// Failures of Power BI and Databricks name clientId (the app may not
// reach Power BI, or is not a user of the Databricks workspace) or
// workspaceId (not found or not shared with the app; Power BI does not tell
// the two apart). The aadsts.go file holds the table with each hint.
//
// # Clouds
//
// [PublicCloud] is the default; [USGovernment], [China] and [CustomCloud]
// (a test server or a proxy) are the others. MSAL's instance discovery is
// on only for Microsoft's own authority hosts, so a custom host is never
// reported to login.microsoftonline.com. Regional endpoints are off even if
// MSAL_FORCE_REGION is set.
//
// # Caching
//
// Every validation uses fresh MSAL clients, so a token cached for an old
// secret can never hide that it was revoked. MSAL offers no hook to share
// its endpoint metadata, so a [Validator] keeps its own bounded cache (256
// entries, one hour) of the answers that depend on no credential: the
// OpenID configuration per authority, the user realm per username and
// instance discovery. Only complete 200 answers are kept; token requests
// are never cached. One validation with Databricks sends 5 requests to
// Entra ID when the cache is cold and 3 (the tokens) when it is warm; a
// scope other than Power BI's adds one token request for the workspace
// check.
//
// # Errors and secrets
//
// Remote failures are read into a [RemoteError] (status, service code,
// description, trace or request ID). MSAL's own errors, which hold the
// token request with its form and Entra ID's raw body, never leave the
// package: [Validator.AppToken] and [Validator.UserToken] return a
// RemoteError or a plain context or network error. Every text a service
// sends back (description, code, trace, correlation and request IDs) is
// scrubbed of the settings' secrets and of the bearer token sent with the
// request before it is cut to length. Redirects are never followed.
package validate
