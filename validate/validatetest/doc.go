// Package validatetest is a fake Microsoft Entra ID, Power BI REST API and
// Azure Databricks workspace on one loopback TLS server, for tests and
// demos that must not reach the internet.
//
// MSAL talks to it exactly as to Entra ID: it serves the OpenID
// configuration, the token endpoint (client credentials and password
// grants), the user realm and instance discovery. Power BI answers under
// /powerbi (Groups - Get Groups with a $filter on the ID) and Databricks
// under /databricks (SCIM Me). It issues tokens for Power BI, Azure
// Databricks and Microsoft Graph (which nothing on the server accepts, as
// a scope that is not Power BI's); any other resource fails with
// AADSTS500011. Tokens are opaque random strings that only the server
// accepts, for the resource they were issued for.
//
// # The world
//
// Register a [Tenant], its [App] registrations with their secrets, [User]
// accounts and [Workspace] values, or call [Server.AddDemo] for a world
// whose settings pass every check. Failures are answered with Entra ID's
// error body and code for each case: unknown tenant or app, wrong or
// expired secret, secret ID pasted for the value, bad scope, wrong
// password, users of another tenant, locked, disabled or expired accounts,
// MFA and MFA registration, external security challenges, Conditional
// Access, missing permissions or consent, apps without public client
// flows, and service principals kept out of Power BI by the tenant
// setting.
//
// # Recording and faults
//
// Every request is recorded ([Server.Requests], [Server.Count]) with
// client_secret, password and similar form values replaced by [REDACTED],
// so tests can assert what was sent, and that nothing was. Only the last
// [MaxRecorded] requests are kept, and tokens expire after the hour their
// expires_in advertises (at most 10,000 live at once), so a demo server
// that runs for days stays the same size. [Server.SetFault]
// makes one [Endpoint] slow, hang, fail with a status or answer malformed
// JSON; [EntraError] builds a fault with Entra ID's error body for codes
// the world cannot produce, such as throttling.
//
// # Using it
//
// [Server.Config] returns a validate.Config wired to the server;
// [Server.Cloud] and [Server.Client] give the pieces. The server works
// without a *testing.T, so a demo binary can run it too.
package validatetest
