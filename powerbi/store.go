package powerbi

import (
	"context"
	"time"
)

// Record is what a [Store] keeps for one organization: the plain,
// non-secret fields and the secrets sealed by a [Sealer]. A store never sees
// a secret in plain text.
type Record struct {
	// OrgID is the organization; see [ValidOrgID].
	OrgID string
	// Version is 1 for a new record and grows by one with every write.
	Version int64
	// TenantID, ClientID, Scope, WorkspaceID and Username are the
	// non-secret settings, normalized.
	TenantID    string
	ClientID    string
	Scope       string
	WorkspaceID string
	Username    string
	// Sealed holds the client secret and password, sealed with associated
	// data that binds them to OrgID.
	Sealed []byte
	// Validation is the result of the last live validation, if any.
	Validation *Report
	// CreatedAt and CreatedBy record the first write (time in UTC, user
	// ID); UpdatedAt and UpdatedBy, the latest.
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
}

// Action names what an audit [Event] records.
type Action string

// The audited actions.
const (
	ActionCreated  Action = "created"
	ActionReplaced Action = "replaced"
	ActionUpdated  Action = "updated"
	ActionDeleted  Action = "deleted"
	ActionRekeyed  Action = "rekeyed"
)

// Event is one entry of an organization's audit trail. It names the fields
// that changed and never holds a value.
type Event struct {
	// OrgID is the organization whose settings changed.
	OrgID string `json:"orgId"`
	// Version is the record version the action produced; for a deletion,
	// the version that was deleted.
	Version int64 `json:"version"`
	// Action is what happened.
	Action Action `json:"action"`
	// Actor is the user ID of the principal, or the operator named to
	// RotateKeys.
	Actor string `json:"actor"`
	// At is when it happened, in UTC.
	At time.Time `json:"at"`
	// Fields are the JSON names of the fields that changed.
	Fields []string `json:"fields"`
}

// Store keeps sealed records and their audit trail. Implementations must be
// safe for concurrent use, write each record change and its event
// atomically, keep times to at least the microsecond, and return *Error
// values with the codes named below. A store may refuse with Invalid an
// event that names another organization or version than its record, and
// may answer any call for an organization ID that [ValidOrgID] rejects with
// Invalid, or as for an organization that has nothing stored.
type Store interface {
	// Get returns the record of orgID, or an error with code NotFound.
	Get(ctx context.Context, orgID string) (*Record, error)

	// Put writes rec together with ev. When rec.Version is 1 it creates the
	// record and fails with Conflict if one exists. Otherwise it replaces
	// the stored record only if that has version rec.Version-1, and fails
	// with Conflict if the version differs or NotFound if there is none.
	Put(ctx context.Context, rec *Record, ev Event) error

	// Delete removes the record of orgID if its version is version, writing
	// ev in the same step. It fails with NotFound or Conflict. The history
	// of orgID is kept.
	Delete(ctx context.Context, orgID string, version int64, ev Event) error

	// History returns up to limit events of orgID, newest first. A limit
	// of zero or less means all. An organization without events has an
	// empty history, not an error.
	History(ctx context.Context, orgID string, limit int) ([]Event, error)

	// List returns up to limit records whose OrgID sorts after the given
	// one, in ascending byte order of OrgID, for paging through every
	// record. A limit of zero or less means all.
	List(ctx context.Context, after string, limit int) ([]*Record, error)
}

// CheckWrite reports, with an *Error of code Invalid, a write that no
// Service makes: an organization ID that [ValidOrgID] rejects, a version
// below 1, or an event about another organization or version than the
// record it goes with. Stores call it before a Put or Delete.
func CheckWrite(orgID string, version int64, ev Event) error {
	switch {
	case !ValidOrgID(orgID):
		return Errorf(Invalid, "organization id is invalid")
	case version < 1:
		return Errorf(Invalid, "version %d is below 1", version)
	case ev.OrgID != orgID || ev.Version != version:
		return Errorf(Invalid, "event does not match the record it records")
	}
	return nil
}

// Sealer encrypts and decrypts the secrets of a record. The associated data
// is authenticated but not encrypted: a blob opens only with the same
// associated data it was sealed with. Implementations must be safe for
// concurrent use.
type Sealer interface {
	// Seal encrypts plaintext and returns a self-contained blob.
	Seal(ctx context.Context, plaintext, associatedData []byte) ([]byte, error)
	// Open authenticates and decrypts a blob made by Seal with the same
	// associated data, and fails rather than return other plaintext.
	Open(ctx context.Context, blob, associatedData []byte) ([]byte, error)
}

// Rewrapper is a [Sealer] that can re-encrypt a blob's data key under its
// current key-encryption key without touching the data.
type Rewrapper interface {
	// Rewrap returns blob with its data key wrapped by the current key, or
	// blob itself, unchanged, if it already is.
	Rewrap(ctx context.Context, blob []byte) ([]byte, error)
}
