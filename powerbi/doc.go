// Package powerbi is the core of pbiconnect: the settings an organization
// enters to connect its own Power BI, the rules they must follow, and the
// [Service] that checks, seals, stores and audits them.
//
// The package does no I/O of its own. It defines the interfaces that other
// packages implement:
//
//   - [Store] keeps [Record] values (plain fields plus sealed secrets) and
//     the audit [Event] trail: see the store/memstore, store/filestore and
//     store/sqlstore packages.
//   - [Sealer] encrypts the secrets: see the crypto package.
//   - [Validator] checks credentials live against Entra ID and Power BI: see
//     the validate package.
//
// # Secrets
//
// The client secret and the password are of type [Secret], which prints,
// logs and marshals as [REDACTED]. Only [Secret.Reveal] gives the value.
//
// # Authorization
//
// The host application authenticates its users and puts a [Principal] in
// the request context with [NewContext]. Only an owner or admin of the
// organization being changed passes.
//
// # Errors
//
// Every error the service returns carries a [Code]; use [ErrorCode] to read
// it. The HTTP adapter maps codes to status codes.
package powerbi
