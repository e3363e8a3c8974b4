package powerbi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"
	"unicode"
	"unicode/utf8"
)

// Config configures a [Service].
type Config struct {
	// Store keeps the records. Required.
	Store Store
	// Sealer encrypts the secrets. Required; RotateKeys also needs it to be
	// a [Rewrapper].
	Sealer Sealer
	// Validator checks settings live before they are saved. Required: a
	// host that wants no live checks must say so with a Validator of its
	// own.
	Validator Validator
	// Now returns the current time. If nil, time.Now is used.
	Now func() time.Time
	// Logger receives one record per change. If nil, nothing is logged.
	Logger *slog.Logger
}

// Service is the entry point of the library: it checks who may act, runs the
// static and live checks, seals the secrets and keeps the audit trail.
//
// Every method but Credentials and RotateKeys takes the caller from the
// context (see [NewContext]) and lets only an owner or admin of the same
// organization through: with no principal it fails with Unauthenticated,
// with any other principal with Forbidden. A Service is safe for concurrent
// use.
type Service struct {
	store     Store
	sealer    Sealer
	validator Validator
	now       func() time.Time
	log       *slog.Logger
}

// NewService returns a Service. It panics if a required field of cfg is nil.
func NewService(cfg Config) *Service {
	if cfg.Store == nil || cfg.Sealer == nil || cfg.Validator == nil {
		panic("powerbi: NewService needs a Store, a Sealer and a Validator")
	}
	s := &Service{store: cfg.Store, sealer: cfg.Sealer, validator: cfg.Validator,
		now: cfg.Now, log: cfg.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// clock returns the time to record: UTC, to the microsecond, which every
// store keeps, so that what a write returns equals what a later read gives.
func (s *Service) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// Expected versions with a special meaning, for the version argument of
// Save, Update and Delete.
const (
	// AnyVersion skips the version check: the write applies to whatever
	// version is stored.
	AnyVersion int64 = 0
	// NoVersion requires that no settings are stored: Save then only
	// creates, and fails with Conflict if settings exist.
	NoVersion int64 = -1
)

// Get returns the masked settings of orgID. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) Get(ctx context.Context, orgID string) (*View, error) {
	if _, err := authorize(ctx, orgID); err != nil {
		return nil, err
	}
	rec, err := s.store.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return viewOf(rec), nil
}

// Save creates or replaces all the settings of orgID. The settings are
// normalized, checked against the static rules, then validated live, and
// stored only if both pass. If version is not AnyVersion, the stored version
// must equal it. Save reports whether it created the record. Errors:
// Unauthenticated, Forbidden, Invalid, Conflict, Rejected, Unavailable.
func (s *Service) Save(ctx context.Context, orgID string, set Settings, version int64) (*View, bool, error) {
	p, err := authorize(ctx, orgID)
	if err != nil {
		return nil, false, err
	}
	set = set.Normalize()
	if err := set.Validate(); err != nil {
		return nil, false, err
	}

	// Read the current record for its version and to know what changed.
	old, oldSet, err := s.load(ctx, orgID)
	if err != nil && ErrorCode(err) != NotFound {
		return nil, false, err
	}
	if err := checkVersion(old, version); err != nil {
		return nil, false, err
	}

	report, err := s.validate(ctx, set)
	if err != nil {
		return nil, false, err
	}

	rec, ev, err := s.next(ctx, p, orgID, old, set, report)
	if err != nil {
		return nil, false, err
	}
	ev.Fields = Changed(oldSet, set)
	if err := s.store.Put(ctx, rec, ev); err != nil {
		return nil, false, err
	}
	s.log.InfoContext(ctx, "powerbi settings saved", "org", orgID, "version", rec.Version,
		"actor", p.UserID, "action", string(ev.Action), "fields", ev.Fields)
	return viewOf(rec), old == nil, nil
}

// Update puts the non-nil fields of patch over the stored settings of orgID
// and saves the result under the same checks as Save. A secret left nil
// keeps its stored value, unless the identity it belongs to changes; see
// [Patch.Merge]. Errors: Unauthenticated, Forbidden, NotFound,
// Invalid, Conflict, Rejected, Unavailable.
func (s *Service) Update(ctx context.Context, orgID string, patch Patch, version int64) (*View, error) {
	p, err := authorize(ctx, orgID)
	if err != nil {
		return nil, err
	}
	old, oldSet, err := s.load(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(old, version); err != nil {
		return nil, err
	}
	set, err := patch.Merge(oldSet)
	if err != nil {
		return nil, err
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}

	report, err := s.validate(ctx, set)
	if err != nil {
		return nil, err
	}

	rec, ev, err := s.next(ctx, p, orgID, old, set, report)
	if err != nil {
		return nil, err
	}
	ev.Action = ActionUpdated
	ev.Fields = Changed(oldSet, set)
	if err := s.store.Put(ctx, rec, ev); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "powerbi settings updated", "org", orgID, "version", rec.Version,
		"actor", p.UserID, "fields", ev.Fields)
	return viewOf(rec), nil
}

// Test validates patch put over the stored settings of orgID (or over empty
// settings if there are none), as [Patch.Merge] puts it, and saves
// nothing. A report that failed is a result, not an error. Errors:
// Unauthenticated, Forbidden, Invalid.
func (s *Service) Test(ctx context.Context, orgID string, patch Patch) (*Report, error) {
	if _, err := authorize(ctx, orgID); err != nil {
		return nil, err
	}
	_, base, err := s.load(ctx, orgID)
	if err != nil && ErrorCode(err) != NotFound {
		return nil, err
	}
	set, err := patch.Merge(base)
	if err != nil {
		return nil, err
	}
	if err := set.Validate(); err != nil {
		return nil, err
	}
	report := s.validator.Validate(ctx, set)
	report.finish(s.clock())
	s.log.InfoContext(ctx, "powerbi settings tested", "org", orgID, "status", string(report.Status))
	return &report, nil
}

// Delete removes the settings of orgID; the audit trail stays. If version is
// not AnyVersion, the stored version must equal it. Errors: Unauthenticated,
// Forbidden, NotFound, Conflict.
func (s *Service) Delete(ctx context.Context, orgID string, version int64) error {
	p, err := authorize(ctx, orgID)
	if err != nil {
		return err
	}
	rec, err := s.store.Get(ctx, orgID)
	if err != nil {
		return err
	}
	if err := checkVersion(rec, version); err != nil {
		return err
	}
	ev := Event{OrgID: orgID, Version: rec.Version, Action: ActionDeleted,
		Actor: p.UserID, At: s.clock(), Fields: []string{}}
	if err := s.store.Delete(ctx, orgID, rec.Version, ev); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "powerbi settings deleted", "org", orgID, "actor", p.UserID)
	return nil
}

// History returns up to limit audit events of orgID, newest first; zero or
// less means all. Errors: Unauthenticated, Forbidden.
func (s *Service) History(ctx context.Context, orgID string, limit int) ([]Event, error) {
	if _, err := authorize(ctx, orgID); err != nil {
		return nil, err
	}
	return s.store.History(ctx, orgID, limit)
}

// Credentials returns the unmasked settings of orgID for the host's own
// server-side calls to Power BI. It checks no principal: never expose its
// result to a client. Errors: NotFound, Internal (the secrets did not open).
func (s *Service) Credentials(ctx context.Context, orgID string) (*Integration, error) {
	rec, set, err := s.load(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return &Integration{OrgID: rec.OrgID, Settings: set, Version: rec.Version,
		CreatedAt: rec.CreatedAt, CreatedBy: rec.CreatedBy, UpdatedAt: rec.UpdatedAt,
		UpdatedBy: rec.UpdatedBy, Validation: rec.Validation}, nil
}

// authorize returns the principal of ctx if it may manage orgID.
func authorize(ctx context.Context, orgID string) (Principal, error) {
	if !ValidOrgID(orgID) {
		return Principal{}, Errorf(Invalid, "organization id is invalid")
	}
	p, ok := FromContext(ctx)
	if !ok || p.UserID == "" {
		return Principal{}, Errorf(Unauthenticated, "no authenticated principal")
	}
	if !p.CanManage(orgID) {
		return Principal{}, Errorf(Forbidden,
			"only an owner or admin of the organization may do this")
	}
	return p, nil
}

// ValidOrgID reports whether id can name an organization: 1 to 128 bytes of
// UTF-8 without white space or control characters. Stores may rely on it.
func ValidOrgID(id string) bool {
	if id == "" || len(id) > 128 || !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// checkVersion fails with Conflict unless cur (nil when nothing is stored)
// is at the version want expects.
func checkVersion(cur *Record, want int64) error {
	switch {
	case want == AnyVersion:
		return nil
	case want == NoVersion && cur != nil:
		return Errorf(Conflict, "settings already exist; reload them before replacing")
	case want == NoVersion:
		return nil
	}
	if cur == nil || cur.Version != want {
		return Errorf(Conflict, "settings were changed by someone else; reload and try again")
	}
	return nil
}

// validate runs the live checks and turns anything but a pass into an error.
func (s *Service) validate(ctx context.Context, set Settings) (*Report, error) {
	report := s.validator.Validate(ctx, set)
	report.finish(s.clock())
	switch report.Status {
	case StatusPassed:
		return &report, nil
	case StatusFailed:
		return nil, &Error{Code: Rejected, Message: "the credentials were rejected",
			Fields: failedFields(report.Checks), Report: &report}
	default:
		return nil, &Error{Code: Unavailable, Message: "the credentials could not be checked",
			Report: &report}
	}
}

func failedFields(checks []Check) []FieldError {
	var out []FieldError
	for _, c := range checks {
		if c.Status == StatusFailed && c.Field != "" {
			out = append(out, FieldError{Field: c.Field, Code: c.Code, Message: c.Message})
		}
	}
	return out
}

// next builds the record that follows old (nil when there is none) and the
// event that records the write.
func (s *Service) next(ctx context.Context, p Principal, orgID string, old *Record,
	set Settings, report *Report) (*Record, Event, error) {
	sealed, err := s.seal(ctx, orgID, set)
	if err != nil {
		return nil, Event{}, err
	}
	now := s.clock()
	rec := &Record{OrgID: orgID, Version: 1, TenantID: set.TenantID, ClientID: set.ClientID,
		Scope: set.Scope, WorkspaceID: set.WorkspaceID, Username: set.Username, Sealed: sealed,
		Validation: report, CreatedAt: now, CreatedBy: p.UserID,
		UpdatedAt: now, UpdatedBy: p.UserID}
	ev := Event{OrgID: orgID, Version: 1, Action: ActionCreated, Actor: p.UserID, At: now}
	if old != nil {
		rec.Version = old.Version + 1
		rec.CreatedAt, rec.CreatedBy = old.CreatedAt, old.CreatedBy
		ev.Version, ev.Action = rec.Version, ActionReplaced
	}
	return rec, ev, nil
}

// sealedSecrets is the plaintext inside a record's sealed blob. Its fields
// are plain strings on purpose: Secret would marshal as [REDACTED].
type sealedSecrets struct {
	ClientSecret string `json:"clientSecret"`
	Password     string `json:"password"`
}

// associatedData binds a sealed blob to its organization and record kind.
func associatedData(orgID string) []byte {
	return []byte("pbiconnect/powerbi-settings/v1\x00" + orgID)
}

func (s *Service) seal(ctx context.Context, orgID string, set Settings) ([]byte, error) {
	plain, err := json.Marshal(sealedSecrets{set.ClientSecret.Reveal(), set.Password.Reveal()})
	if err != nil {
		return nil, &Error{Code: Internal, Message: "encode secrets", Err: err}
	}
	defer clear(plain)
	blob, err := s.sealer.Seal(ctx, plain, associatedData(orgID))
	if err != nil {
		return nil, &Error{Code: Internal, Message: "seal secrets", Err: err}
	}
	return blob, nil
}

// load returns the record of orgID with its secrets opened. With no record
// it returns an error with code NotFound and empty settings.
func (s *Service) load(ctx context.Context, orgID string) (*Record, Settings, error) {
	rec, err := s.store.Get(ctx, orgID)
	if err != nil {
		return nil, Settings{}, err
	}
	plain, err := s.sealer.Open(ctx, rec.Sealed, associatedData(orgID))
	if err != nil {
		return nil, Settings{}, &Error{Code: Internal, Message: "open secrets", Err: err}
	}
	defer clear(plain)
	var sec sealedSecrets
	if err := json.Unmarshal(plain, &sec); err != nil {
		return nil, Settings{}, &Error{Code: Internal,
			Message: fmt.Sprintf("decode secrets of %q", orgID)}
	}
	return rec, Settings{TenantID: rec.TenantID, ClientID: rec.ClientID,
		ClientSecret: NewSecret(sec.ClientSecret), Scope: rec.Scope, WorkspaceID: rec.WorkspaceID,
		Username: rec.Username, Password: NewSecret(sec.Password)}, nil
}
