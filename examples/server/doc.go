// Command server is the reference server of pbiconnect: the settings page
// of the Power BI integration at /, the HTTP API of package
// adapters/httpapi under /v1/, SQLite storage and a local keyring.
//
// Try it offline, with a simulated Entra ID and Power BI:
//
//	go run ./examples/server -demo
//
// and open the URL it prints. It also prints a token per role (owner, admin,
// member) and demo credentials that pass the live checks.
//
// # Flags
//
// Every flag can also be set by an environment variable; a flag on the
// command line wins.
//
//	flag             variable                    default
//	-addr            PBICONNECT_ADDR             localhost:8080
//	-store           PBICONNECT_STORE            sqlite:pbiconnect.db
//	-keyring         PBICONNECT_KEYRING          pbiconnect.keyring
//	-principals      PBICONNECT_PRINCIPALS       none
//	-authority-host  PBICONNECT_AUTHORITY_HOST   https://login.microsoftonline.com
//	-powerbi-api     PBICONNECT_POWERBI_API      https://api.powerbi.com
//	-demo            PBICONNECT_DEMO             false
//
// -store names where settings live: sqlite:PATH, file:DIR, memory: (lost
// on exit), postgres://... or mysql://...
//
// -keyring is the file of key-encryption keys. When it is missing, the
// server creates it with one new key and mode 0600. Back it up: without it
// the stored secrets cannot be opened.
//
// -principals is a JSON file listing who may call the server, an array of
// {"token", "user", "org", "role"} with role owner, admin or member.
// Requests carry "Authorization: Bearer TOKEN"; the settings page takes the
// token from a sign-in field or from ?token= in its address. Only owners
// and admins of an organization may see or change its settings.
//
// -authority-host and -powerbi-api point live validation at another cloud,
// such as https://login.microsoftonline.us with
// https://api.high.powerbigov.us. Outbound TLS trusts the system roots, so
// SSL_CERT_FILE and SSL_CERT_DIR work as in any Go program.
//
// -demo starts the fake cloud of package validate/validatetest inside the
// server, points validation at it and adds demo principals of organization
// "demo". Nothing leaves the machine. Unless -store and -keyring are given,
// a demo keeps its data in pbiconnect-demo.db and pbiconnect-demo.keyring,
// apart from the real data: in demo mode nothing is checked against the
// real Entra ID. Settings saved by an earlier demo run stay valid, since
// the server teaches each new fake cloud the credentials it finds stored.
//
// # Key rotation
//
//	go run ./examples/server rotate-keys [flags]
//
// adds a new primary key to the keyring and re-wraps the data key of every
// stored record under it, printing one line per record. The secrets are not
// decrypted. It may run while the server runs, which still opens every
// record; restart the server afterwards so that it seals new writes under
// the new key too.
//
// # Logs
//
// The server logs to standard error with log/slog, one line per event and
// per request (method, route, status, duration, org and request ID), and a
// startup line that says where data and keys live. No line carries a
// token, a client secret or a password. Demo tokens and demo credentials go
// to standard output. SIGINT or SIGTERM stops the server after in-flight
// requests finish, waiting at most 15 seconds.
package main
