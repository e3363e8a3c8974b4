// Command embed shows a Go service that embeds pbiconnect: it builds a
// [powerbi.Service] over a store, the envelope encryption of package crypto
// and the live checks of package validate, mounts the HTTP API for its
// admins, and then reads an organization's credentials server-side to call
// Power BI with them.
//
// It runs offline against the fake cloud of package validate/validatetest:
//
//	go run ./examples/embed            # settings kept in memory
//	go run ./examples/embed -db x.db   # settings kept in SQLite
//
// The credentials it reads print as [REDACTED]: a [powerbi.Secret] shows its
// value only through Reveal, which the program calls only where it hands
// the value to Entra ID or Power BI.
package main
