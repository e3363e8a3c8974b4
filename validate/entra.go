package validate

import (
	"context"
	"fmt"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// noRegion switches off MSAL's regional endpoints even when the
// MSAL_FORCE_REGION environment variable asks for them, so every request
// goes to the configured authority host.
const noRegion = "DisableMsalForceRegion"

// ClientCredentials signs the app in with its client secret for s.Scope
// through a fresh MSAL confidential client, so no cached token can hide a
// revoked secret. It returns the check and, when it passed, the access
// token for the Workspace check. s must be normalized and pass the static
// rules. Safe for concurrent use.
func (v *Validator) ClientCredentials(ctx context.Context, s powerbi.Settings) (powerbi.Check, powerbi.Secret) {
	start := time.Now()
	token, err := v.AppToken(ctx, s, s.Scope)
	c := entraCheck(CheckClientCredentials, err)
	c.Duration = time.Since(start)
	if c.Status == powerbi.StatusPassed {
		c.Message = "The app signed in with its client secret."
	}
	v.logCheck(ctx, c, err)
	return c, token
}

// MasterUser signs the master user in with username and password for
// s.Scope through a fresh MSAL public client. This is the resource owner
// password flow: Microsoft has deprecated it and it cannot answer a
// multi-factor prompt, which the check's hint says when Entra ID demands
// one. s must be normalized and pass the static rules. Safe for concurrent
// use.
func (v *Validator) MasterUser(ctx context.Context, s powerbi.Settings) powerbi.Check {
	start := time.Now()
	_, err := v.UserToken(ctx, s)
	c := entraCheck(CheckMasterUser, err)
	c.Duration = time.Since(start)
	if c.Status == powerbi.StatusPassed {
		c.Message = "The master user signed in."
	}
	v.logCheck(ctx, c, err)
	return c
}

// BUG(pbiconnect): A master user whose domain Entra ID does not know gets a
// user realm of account type Unknown, which MSAL refuses before any token
// request; the master user check then reports unavailable rather than a
// failed username.

// AppToken returns an access token for scope, signing in as the app of s
// with its client secret through a fresh MSAL confidential client. Errors
// are a *RemoteError for an answer of Entra ID, with any echoed secret
// replaced by [REDACTED]; an error wrapping context.DeadlineExceeded or
// context.Canceled when ctx ended first; or one wrapping the network error
// when there was no answer. No error holds MSAL's request, its form or
// Entra ID's raw answer.
func (v *Validator) AppToken(ctx context.Context, s powerbi.Settings, scope string) (powerbi.Secret, error) {
	authority, err := v.cloud.authority(s.TenantID)
	if err != nil {
		return powerbi.Secret{}, fmt.Errorf("%w: %v", errAuthority, err)
	}
	cred, err := confidential.NewCredFromSecret(s.ClientSecret.Reveal())
	if err != nil {
		return powerbi.Secret{}, errEmptySecret
	}
	client, err := confidential.New(authority, s.ClientID, cred,
		confidential.WithHTTPClient(v.http),
		confidential.WithInstanceDiscovery(v.cloud.instanceDiscovery()),
		confidential.WithAzureRegion(noRegion))
	if err != nil {
		return powerbi.Secret{}, errAuthority
	}
	res, err := client.AcquireTokenByCredential(ctx, []string{scope})
	if err != nil {
		return powerbi.Secret{}, entraFailure(err, s.ClientSecret.Reveal(), s.Password.Reveal())
	}
	return powerbi.NewSecret(res.AccessToken), nil
}

// UserToken returns an access token for s.Scope, signing in as the master
// user of s through a fresh MSAL public client with the app's client ID.
// Errors are those of AppToken.
func (v *Validator) UserToken(ctx context.Context, s powerbi.Settings) (powerbi.Secret, error) {
	authority, err := v.cloud.authority(s.TenantID)
	if err != nil {
		return powerbi.Secret{}, fmt.Errorf("%w: %v", errAuthority, err)
	}
	client, err := public.New(s.ClientID,
		public.WithAuthority(authority),
		public.WithHTTPClient(v.http),
		public.WithInstanceDiscovery(v.cloud.instanceDiscovery()))
	if err != nil {
		return powerbi.Secret{}, errAuthority
	}
	//lint:ignore SA1019 the master user flow needs the password grant; see the package doc.
	res, err := client.AcquireTokenByUsernamePassword(ctx, []string{s.Scope},
		s.Username, s.Password.Reveal())
	if err != nil {
		return powerbi.Secret{}, entraFailure(err, s.Password.Reveal(), s.ClientSecret.Reveal())
	}
	return powerbi.NewSecret(res.AccessToken), nil
}
