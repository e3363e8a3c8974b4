// Package filestore keeps Power BI settings records in a directory. It
// implements [powerbi.Store] for single-node deployments without a
// database.
//
// # Layout
//
// [Open] creates the directory with mode 0700 if needed and refuses one
// that the group or others may write to. Inside it:
//
//	lock              the lock file that serializes writers across processes
//	orgs/<name>.rec   an organization's record, as JSON
//	orgs/<name>.log   its audit history, one JSON event per line, oldest first
//
// <name> is the organization ID in lower-case base32 (extended hex
// alphabet), so an ID is never taken as a path: "../x", "a/b", "CON" and
// "Org" versus "org" all get names of their own. The orgs directory has
// mode 0700 and every file is created with mode 0600. A record file holds
// the plain fields of [powerbi.Record], the sealed blob in base64 and a
// format number; the secrets never reach the disk in plain text, because
// the store never sees them.
//
// # Crash safety
//
// A write appends its event to the history and syncs it, then commits by
// replacing the record file atomically (temporary file, sync, rename, sync
// of the directory) or by removing it. A process killed at any point leaves
// either the old or the new record; an event whose record never followed
// is skipped by readers and cut off by the next writer. Temporary files of
// unfinished writes are removed by the next Open.
//
// # Locking
//
// Within a process a [Store] lets reads run in parallel and writes one at a
// time. Between processes it takes a shared or exclusive lock on the lock
// file (flock on Unix, LockFileEx on Windows), so several processes may
// open the same directory without losing an update. Waiting for another
// process to release the lock respects the context.
//
// # Errors
//
// A record or history file that is truncated, not valid JSON, or names
// another organization makes every call that reads it fail with code
// Internal; the store never guesses and never overwrites such a file.
package filestore

// BUG(pbiconnect): History reads an organization's whole history file, and
// history files are never compacted, so an organization changed very many
// times makes History slower and costs memory in proportion.

// BUG(pbiconnect): The readers of one process share one shared lock on the
// lock file, released only when none is left, so a steady stream of reads
// in one process can keep a writer in another process waiting until its
// context ends.

// BUG(pbiconnect): The store is tested on Linux only. On Windows a
// directory cannot be synced, so a rename may not survive a power cut.
