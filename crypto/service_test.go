package crypto_test

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
)

// mapStore is the least powerbi.Store that RotateKeys needs: records in a
// map, versions checked, events dropped.
type mapStore struct {
	mu   sync.Mutex
	recs map[string]powerbi.Record
}

func (s *mapStore) Get(_ context.Context, org string) (*powerbi.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.recs[org]
	if !ok {
		return nil, powerbi.Errorf(powerbi.NotFound, "no record")
	}
	return &rec, nil
}

func (s *mapStore) Put(_ context.Context, rec *powerbi.Record, _ powerbi.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.recs[rec.OrgID]; ok != (rec.Version > 1) || ok && old.Version != rec.Version-1 {
		return powerbi.Errorf(powerbi.Conflict, "version")
	}
	s.recs[rec.OrgID] = *rec
	return nil
}

func (s *mapStore) Delete(context.Context, string, int64, powerbi.Event) error { return nil }

func (s *mapStore) History(context.Context, string, int) ([]powerbi.Event, error) { return nil, nil }

func (s *mapStore) List(_ context.Context, after string, limit int) ([]*powerbi.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*powerbi.Record
	for _, org := range slices.Sorted(maps.Keys(s.recs)) {
		if org > after && len(out) < limit {
			rec := s.recs[org]
			out = append(out, &rec)
		}
	}
	return out, nil
}

func TestServiceRotateKeysWithEnvelope(t *testing.T) {
	kr := crypto.NewKeyring()
	store := &mapStore{recs: map[string]powerbi.Record{}}
	pass := powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
		return powerbi.Report{Checks: []powerbi.Check{{Name: "fake", Status: powerbi.StatusPassed}}}
	})
	svc := powerbi.NewService(powerbi.Config{Store: store,
		Sealer: crypto.New(kr, crypto.Config{}), Validator: pass})

	orgs := []string{"org-a", "org-b", "org-c"}
	for _, org := range orgs {
		ctx := powerbi.NewContext(context.Background(),
			powerbi.Principal{UserID: "u", OrgID: org, Role: powerbi.RoleOwner})
		_, _, err := svc.Save(ctx, org, powerbi.Settings{
			TenantID: "contoso.onmicrosoft.com", ClientID: "11111111-2222-3333-4444-555555555555",
			ClientSecret: powerbi.NewSecret("secret-" + org), WorkspaceID: "aaaaaaaa-2222-3333-4444-555555555555", Username: "bi@contoso.com",
			Password: powerbi.NewSecret("pw-" + org)}, powerbi.AnyVersion)
		require.NoError(t, err)
	}
	_, err := kr.Rotate()
	require.NoError(t, err)

	ctx := context.Background()
	n, err := svc.RotateKeys(ctx, "operator", nil)
	require.NoError(t, err)
	assert.Equal(t, len(orgs), n)
	n, err = svc.RotateKeys(ctx, "operator", nil)
	require.NoError(t, err)
	assert.Zero(t, n, "a second rotation must find every record current")

	for _, org := range orgs {
		rec, err := store.Get(ctx, org)
		require.NoError(t, err)
		id, err := crypto.KeyID(rec.Sealed)
		require.NoError(t, err)
		assert.Equal(t, "v2", id, org)
		got, err := svc.Credentials(ctx, org)
		require.NoError(t, err)
		assert.Equal(t, "secret-"+org, got.Settings.ClientSecret.Reveal())
		assert.Equal(t, "pw-"+org, got.Settings.Password.Reveal())
	}

	// A sealed blob moved to another organization's record does not open.
	a, err := store.Get(ctx, "org-a")
	require.NoError(t, err)
	b, err := store.Get(ctx, "org-b")
	require.NoError(t, err)
	b.Sealed, b.Version = a.Sealed, b.Version+1
	require.NoError(t, store.Put(ctx, b, powerbi.Event{}))
	_, err = svc.Credentials(ctx, "org-b")
	require.ErrorIs(t, err, crypto.ErrAuth)
	assert.Equal(t, powerbi.Internal, powerbi.ErrorCode(err))
}
