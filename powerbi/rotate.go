package powerbi

import (
	"bytes"
	"context"
)

// rotatePage is how many records RotateKeys reads at a time.
const rotatePage = 100

// RotateKeys re-wraps the data key of every stored record under the
// sealer's current key-encryption key, so that old keys can be retired. The
// secrets themselves are not decrypted. Each re-wrapped record gets a new
// version and an audit event with action rekeyed by actor. If progress is
// not nil, it is called after each record with whether it changed.
// RotateKeys returns how many records it re-wrapped. It checks no
// principal: it is meant for operators. Errors: Internal if the sealer is
// not a [Rewrapper], or whatever the store or sealer return.
func (s *Service) RotateKeys(ctx context.Context, actor string, progress func(orgID string, rewrapped bool)) (int, error) {
	rw, ok := s.sealer.(Rewrapper)
	if !ok {
		return 0, Errorf(Internal, "sealer cannot rewrap keys")
	}
	n, after := 0, ""
	for {
		page, err := s.store.List(ctx, after, rotatePage)
		if err != nil {
			return n, err
		}
		for _, rec := range page {
			changed, err := s.rekey(ctx, rw, rec, actor)
			if err != nil {
				return n, err
			}
			if changed {
				n++
			}
			if progress != nil {
				progress(rec.OrgID, changed)
			}
		}
		if len(page) < rotatePage {
			return n, nil
		}
		after = page[len(page)-1].OrgID
	}
}

// rekey re-wraps one record, reading it again if a concurrent write wins.
func (s *Service) rekey(ctx context.Context, rw Rewrapper, rec *Record, actor string) (bool, error) {
	for attempt := 0; ; attempt++ {
		blob, err := rw.Rewrap(ctx, rec.Sealed)
		if err != nil {
			return false, &Error{Code: Internal, Message: "rewrap key of " + rec.OrgID, Err: err}
		}
		if bytes.Equal(blob, rec.Sealed) {
			return false, nil
		}
		next := *rec
		next.Sealed, next.Version = blob, rec.Version+1
		ev := Event{OrgID: rec.OrgID, Version: next.Version, Action: ActionRekeyed,
			Actor: actor, At: s.clock(), Fields: []string{}}
		err = s.store.Put(ctx, &next, ev)
		if err == nil {
			s.log.InfoContext(ctx, "powerbi key rewrapped",
				"org", rec.OrgID, "version", next.Version)
			return true, nil
		}
		if ErrorCode(err) != Conflict || attempt == 2 {
			return false, err
		}
		if rec, err = s.store.Get(ctx, rec.OrgID); err != nil {
			if ErrorCode(err) == NotFound {
				return false, nil // deleted meanwhile: nothing left to rewrap
			}
			return false, err
		}
	}
}
