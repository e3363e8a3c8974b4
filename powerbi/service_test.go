package powerbi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

const org = "acme"

var (
	owner    = powerbi.Principal{UserID: "olga", OrgID: org, Role: powerbi.RoleOwner}
	admin    = powerbi.Principal{UserID: "adam", OrgID: org, Role: powerbi.RoleAdmin}
	member   = powerbi.Principal{UserID: "mia", OrgID: org, Role: powerbi.RoleMember}
	stranger = powerbi.Principal{UserID: "sam", OrgID: "globex", Role: powerbi.RoleAdmin}
)

type fixture struct {
	svc   *powerbi.Service
	store *memstore.Store
	val   *fakeValidator
	logs  *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: memstore.New(), val: newFakeValidator(powerbi.StatusPassed), logs: &bytes.Buffer{}}
	f.svc = powerbi.NewService(powerbi.Config{
		Store:     f.store,
		Sealer:    newTestSealer(),
		Validator: f.val,
		Now:       func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) },
		Logger:    slog.New(slog.NewJSONHandler(f.logs, nil)),
	})
	return f
}

func as(p powerbi.Principal) context.Context {
	return powerbi.NewContext(context.Background(), p)
}

// save stores valid settings as the owner and returns the view.
func (f *fixture) save(t *testing.T) *powerbi.View {
	t.Helper()
	v, _, err := f.svc.Save(as(owner), org, validSettings(), powerbi.AnyVersion)
	require.NoError(t, err)
	return v
}

func TestServiceAuthorization(t *testing.T) {
	calls := map[string]func(context.Context, *powerbi.Service) error{
		"get": func(ctx context.Context, s *powerbi.Service) error { _, err := s.Get(ctx, org); return err },
		"save": func(ctx context.Context, s *powerbi.Service) error {
			_, _, err := s.Save(ctx, org, validSettings(), powerbi.AnyVersion)
			return err
		},
		"update": func(ctx context.Context, s *powerbi.Service) error {
			_, err := s.Update(ctx, org, powerbi.Patch{}, powerbi.AnyVersion)
			return err
		},
		"test": func(ctx context.Context, s *powerbi.Service) error {
			_, err := s.Test(ctx, org, powerbi.Patch{})
			return err
		},
		"delete":  func(ctx context.Context, s *powerbi.Service) error { return s.Delete(ctx, org, powerbi.AnyVersion) },
		"history": func(ctx context.Context, s *powerbi.Service) error { _, err := s.History(ctx, org, 0); return err },
	}
	callers := []struct {
		name string
		ctx  context.Context
		want powerbi.Code
	}{
		{"anonymous is unauthenticated", context.Background(), powerbi.Unauthenticated},
		{"principal without user is unauthenticated", as(powerbi.Principal{OrgID: org, Role: powerbi.RoleOwner}), powerbi.Unauthenticated},
		{"member is forbidden", as(member), powerbi.Forbidden},
		{"admin of another org is forbidden", as(stranger), powerbi.Forbidden},
		{"unknown role is forbidden", as(powerbi.Principal{UserID: "x", OrgID: org, Role: "superuser"}), powerbi.Forbidden},
		{"admin passes", as(admin), ""},
		{"owner passes", as(owner), ""},
	}
	for name, call := range calls {
		for _, c := range callers {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				f := newFixture(t)
				f.save(t)
				err := call(c.ctx, f.svc)
				assert.Equal(t, c.want, powerbi.ErrorCode(err), "err: %v", err)
			})
		}
	}
}

func TestSaveCreatesThenReplaces(t *testing.T) {
	f := newFixture(t)

	v, created, err := f.svc.Save(as(admin), org, validSettings(), powerbi.AnyVersion)
	require.NoError(t, err)
	assert.True(t, created)
	assert.Equal(t, int64(1), v.Version)
	assert.True(t, v.ClientSecretSet)
	assert.True(t, v.PasswordSet)
	assert.Equal(t, "adam", v.UpdatedBy)
	require.NotNil(t, v.Validation)
	assert.Equal(t, powerbi.StatusPassed, v.Validation.Status)

	s := validSettings()
	s.WorkspaceID = "11111111-2222-3333-4444-555555555555"
	v, created, err = f.svc.Save(as(owner), org, s, 1)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, int64(2), v.Version)
	assert.Equal(t, "olga", v.UpdatedBy)

	events, err := f.svc.History(as(owner), org, 0)
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.Equal(t, powerbi.ActionReplaced, events[0].Action)
	assert.Equal(t, []string{"workspaceId"}, events[0].Fields)
	assert.Equal(t, powerbi.ActionCreated, events[1].Action)
	assert.Len(t, events[1].Fields, 7)
}

func TestSaveStoresNothingUnlessBothChecksPass(t *testing.T) {
	cases := []struct {
		name     string
		settings func() powerbi.Settings
		live     powerbi.Status
		want     powerbi.Code
		liveRuns bool
	}{
		{"static rule broken", func() powerbi.Settings { s := validSettings(); s.TenantID = "common"; return s },
			powerbi.StatusPassed, powerbi.Invalid, false},
		{"live check failed", validSettings, powerbi.StatusFailed, powerbi.Rejected, true},
		{"cloud unreachable", validSettings, powerbi.StatusUnavailable, powerbi.Unavailable, true},
		{"every check skipped", validSettings, powerbi.StatusSkipped, powerbi.Unavailable, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.save(t)
			before, err := f.svc.Credentials(context.Background(), org)
			require.NoError(t, err)
			f.val.set(tc.live)
			calls := f.val.calls.Load()

			s := tc.settings()
			s.Password = powerbi.NewSecret("a different password")
			_, _, err = f.svc.Save(as(owner), org, s, powerbi.AnyVersion)

			assert.Equal(t, tc.want, powerbi.ErrorCode(err), "err: %v", err)
			assert.Equal(t, tc.liveRuns, f.val.calls.Load() > calls)
			after, err := f.svc.Credentials(context.Background(), org)
			require.NoError(t, err)
			assert.Equal(t, before.Version, after.Version, "nothing saved")
			assert.Equal(t, before.Settings.Password.Reveal(), after.Settings.Password.Reveal())
		})
	}
}

func TestRejectedSaveCarriesReportAndField(t *testing.T) {
	f := newFixture(t)
	f.val.set(powerbi.StatusFailed)
	_, _, err := f.svc.Save(as(owner), org, validSettings(), powerbi.AnyVersion)
	var perr *powerbi.Error
	require.ErrorAs(t, err, &perr)
	require.NotNil(t, perr.Report)
	assert.Equal(t, powerbi.StatusFailed, perr.Report.Status)
	require.Len(t, perr.Fields, 1)
	assert.Equal(t, "clientSecret", perr.Fields[0].Field)
}

func TestWritesAreConditionalOnVersion(t *testing.T) {
	f := newFixture(t)
	f.save(t)

	_, _, err := f.svc.Save(as(owner), org, validSettings(), 7)
	assert.Equal(t, powerbi.Conflict, powerbi.ErrorCode(err), "save with a stale version")
	_, err = f.svc.Update(as(owner), org, powerbi.Patch{}, 2)
	assert.Equal(t, powerbi.Conflict, powerbi.ErrorCode(err), "update with a stale version")
	assert.Equal(t, powerbi.Conflict, powerbi.ErrorCode(f.svc.Delete(as(owner), org, 3)), "delete with a stale version")
	_, _, err = f.svc.Save(as(owner), "other", validSettings(), 1)
	assert.Equal(t, powerbi.Forbidden, powerbi.ErrorCode(err))

	v, err := f.svc.Update(as(owner), org, powerbi.Patch{}, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v.Version)
}

func TestUpdateKeepsOmittedSecrets(t *testing.T) {
	f := newFixture(t)
	f.save(t)
	ws := "11111111-2222-3333-4444-555555555555"

	v, err := f.svc.Update(as(admin), org, powerbi.Patch{WorkspaceID: &ws}, powerbi.AnyVersion)
	require.NoError(t, err)
	assert.Equal(t, ws, v.WorkspaceID)

	got, err := f.svc.Credentials(context.Background(), org)
	require.NoError(t, err)
	want := validSettings()
	assert.Equal(t, want.ClientSecret.Reveal(), got.Settings.ClientSecret.Reveal())
	assert.Equal(t, want.Password.Reveal(), got.Settings.Password.Reveal())
	assert.Equal(t, ws, got.Settings.WorkspaceID)

	events, err := f.svc.History(as(admin), org, 1)
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, powerbi.ActionUpdated, events[0].Action)
	assert.Equal(t, []string{"workspaceId"}, events[0].Fields)
}

func TestStoredSecretsStayWithTheirIdentity(t *testing.T) {
	str := func(s string) *string { return &s }
	sec := func(s string) *powerbi.Secret { v := powerbi.NewSecret(s); return &v }
	cases := []struct {
		name  string
		patch powerbi.Patch
		want  []string // fields named required; none means accepted
	}{
		{"new username without password", powerbi.Patch{Username: str("x@evil.example")}, []string{"password"}},
		{"new username with password", powerbi.Patch{Username: str("x@evil.example"), Password: sec("p")}, nil},
		{"username in other case keeps password", powerbi.Patch{Username: str("PBI.Master@contoso.onmicrosoft.com")}, nil},
		{"username equal only under unicode folding needs password",
			powerbi.Patch{Username: str("pbi.maſter@contoso.onmicrosoft.com")}, []string{"password"}},
		{"new client id without secret", powerbi.Patch{ClientID: str("11111111-2222-3333-4444-555555555555")},
			[]string{"clientSecret"}},
		{"new tenant without secrets", powerbi.Patch{TenantID: str("fabrikam.com")}, []string{"clientSecret", "password"}},
		{"new tenant with both secrets", powerbi.Patch{TenantID: str("fabrikam.com"), ClientSecret: sec("s"),
			Password: sec("p")}, nil},
		{"new scope keeps secrets", powerbi.Patch{Scope: str("api://0b5e9c7e-2b8a-4a53-9d9c-3f1f2a1b6c11/.default")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.save(t)
			calls := f.val.calls.Load()

			_, testErr := f.svc.Test(as(owner), org, tc.patch)
			_, updateErr := f.svc.Update(as(owner), org, tc.patch, powerbi.AnyVersion)

			for _, err := range []error{testErr, updateErr} {
				if tc.want == nil {
					require.NoError(t, err)
					continue
				}
				var perr *powerbi.Error
				require.ErrorAs(t, err, &perr)
				var fields []string
				for _, fe := range perr.Fields {
					fields = append(fields, fe.Field)
					assert.Equal(t, "required", fe.Code)
				}
				assert.Equal(t, tc.want, fields)
			}
			if tc.want != nil {
				assert.Equal(t, calls, f.val.calls.Load(), "no live check ran with a stored secret")
			}
		})
	}
}

func TestUpdateReplacesSecret(t *testing.T) {
	f := newFixture(t)
	f.save(t)
	sec := powerbi.NewSecret("rotated-secret")

	_, err := f.svc.Update(as(admin), org, powerbi.Patch{ClientSecret: &sec}, powerbi.AnyVersion)
	require.NoError(t, err)
	got, err := f.svc.Credentials(context.Background(), org)
	require.NoError(t, err)
	assert.Equal(t, "rotated-secret", got.Settings.ClientSecret.Reveal())
}

func TestUpdateAndDeleteOfMissingSettings(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Update(as(owner), org, powerbi.Patch{}, powerbi.AnyVersion)
	assert.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err))
	assert.Equal(t, powerbi.NotFound, powerbi.ErrorCode(f.svc.Delete(as(owner), org, powerbi.AnyVersion)))
	_, err = f.svc.Get(as(owner), org)
	assert.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err))
}

func TestTestSavesNothing(t *testing.T) {
	f := newFixture(t)
	f.save(t)
	f.val.set(powerbi.StatusFailed)
	ws := "11111111-2222-3333-4444-555555555555"

	report, err := f.svc.Test(as(owner), org, powerbi.Patch{WorkspaceID: &ws})
	require.NoError(t, err, "a failed report is a result")
	assert.Equal(t, powerbi.StatusFailed, report.Status)

	v, err := f.svc.Get(as(owner), org)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v.Version)
	assert.NotEqual(t, ws, v.WorkspaceID)
}

func TestTestWithoutStoredSettingsNeedsAllFields(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Test(as(owner), org, powerbi.Patch{})
	assert.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err))
}

func TestDeleteKeepsHistory(t *testing.T) {
	f := newFixture(t)
	f.save(t)
	require.NoError(t, f.svc.Delete(as(owner), org, 1))

	_, err := f.svc.Get(as(owner), org)
	assert.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err))
	events, err := f.svc.History(as(owner), org, 0)
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.Equal(t, powerbi.ActionDeleted, events[0].Action)

	v, created, err := f.svc.Save(as(owner), org, validSettings(), powerbi.AnyVersion)
	require.NoError(t, err)
	assert.True(t, created, "saving after a delete creates anew")
	assert.Equal(t, int64(1), v.Version)
}

func TestSecretsBoundToOrganization(t *testing.T) {
	f := newFixture(t)
	f.save(t)
	rec, err := f.store.Get(context.Background(), org)
	require.NoError(t, err)

	// Plant acme's sealed blob under another organization.
	rec.OrgID, rec.Version = "globex", 1
	require.NoError(t, f.store.Put(context.Background(), rec, powerbi.Event{OrgID: "globex", Version: 1}))

	_, err = f.svc.Credentials(context.Background(), "globex")
	assert.Equal(t, powerbi.Internal, powerbi.ErrorCode(err))
}

func TestNoSecretLeavesTheService(t *testing.T) {
	f := newFixture(t)
	s := validSettings()
	v, _, err := f.svc.Save(as(owner), org, s, powerbi.AnyVersion)
	require.NoError(t, err)
	f.val.set(powerbi.StatusFailed)
	_, _, rejected := f.svc.Save(as(owner), org, s, powerbi.AnyVersion)
	events, err := f.svc.History(as(owner), org, 0)
	require.NoError(t, err)
	rec, err := f.store.Get(context.Background(), org)
	require.NoError(t, err)

	out, err := json.Marshal([]any{v, events, rejected.Error(), rec})
	require.NoError(t, err)
	for _, secret := range []string{s.ClientSecret.Reveal(), s.Password.Reveal()} {
		assert.NotContains(t, string(out), secret)
		assert.NotContains(t, f.logs.String(), secret)
		assert.NotContains(t, string(rec.Sealed), secret)
	}
	assert.NotEmpty(t, f.logs.String(), "the service logged its writes")
}

func TestSaveReturnsWhatGetReads(t *testing.T) {
	f := newFixture(t)
	f.svc = powerbi.NewService(powerbi.Config{Store: f.store, Sealer: newTestSealer(), Validator: f.val,
		Now: func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 123456789, time.FixedZone("x", 3600)) }})
	saved := f.save(t)
	got, err := f.svc.Get(as(owner), org)
	require.NoError(t, err)
	assert.Equal(t, saved, got)
	assert.Equal(t, time.UTC, got.UpdatedAt.Location())
	assert.Equal(t, 123456000, got.UpdatedAt.Nanosecond())
}

func TestSaveWithNoVersionOnlyCreates(t *testing.T) {
	f := newFixture(t)
	_, created, err := f.svc.Save(as(owner), org, validSettings(), powerbi.NoVersion)
	require.NoError(t, err)
	assert.True(t, created)

	_, _, err = f.svc.Save(as(owner), org, validSettings(), powerbi.NoVersion)
	assert.Equal(t, powerbi.Conflict, powerbi.ErrorCode(err))
	v, err := f.svc.Get(as(owner), org)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v.Version)
}
