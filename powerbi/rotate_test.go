package powerbi_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

func TestRotateKeysRewrapsEveryRecord(t *testing.T) {
	ctx := context.Background()
	ring := crypto.NewKeyring()
	store := memstore.New()
	svc := powerbi.NewService(powerbi.Config{Store: store, Sealer: crypto.New(ring, crypto.Config{}),
		Validator: newFakeValidator(powerbi.StatusPassed)})

	// More organizations than one page of the rotation holds.
	const orgs = 230
	for i := range orgs {
		o := fmt.Sprintf("org-%03d", i)
		_, _, err := svc.Save(as(powerbi.Principal{UserID: "u", OrgID: o, Role: powerbi.RoleOwner}),
			o, validSettings(), powerbi.AnyVersion)
		require.NoError(t, err)
	}
	oldKey := ring.Primary()
	newKey, err := ring.Rotate()
	require.NoError(t, err)

	var seen int
	n, err := svc.RotateKeys(ctx, "operator", func(string, bool) { seen++ })
	require.NoError(t, err)
	assert.Equal(t, orgs, n)
	assert.Equal(t, orgs, seen)

	for _, o := range []string{"org-000", "org-150", "org-229"} {
		rec, err := store.Get(ctx, o)
		require.NoError(t, err)
		id, err := crypto.KeyID(rec.Sealed)
		require.NoError(t, err)
		assert.Equal(t, newKey, id, "blob moved off %s", oldKey)
		assert.Equal(t, int64(2), rec.Version)

		got, err := svc.Credentials(ctx, o)
		require.NoError(t, err, "secrets still open")
		assert.Equal(t, validSettings().Password.Reveal(), got.Settings.Password.Reveal())

		events, err := store.History(ctx, o, 1)
		require.NoError(t, err)
		assert.Equal(t, powerbi.ActionRekeyed, events[0].Action)
		assert.Equal(t, "operator", events[0].Actor)
	}

	n, err = svc.RotateKeys(ctx, "operator", nil)
	require.NoError(t, err)
	assert.Zero(t, n, "a second run finds nothing to rewrap")
}

func TestRotateKeysNeedsRewrapper(t *testing.T) {
	svc := powerbi.NewService(powerbi.Config{Store: memstore.New(), Sealer: newTestSealer(),
		Validator: newFakeValidator(powerbi.StatusPassed)})
	_, err := svc.RotateKeys(context.Background(), "operator", nil)
	assert.Equal(t, powerbi.Internal, powerbi.ErrorCode(err))
}
