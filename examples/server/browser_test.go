package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browser starts a headless Chromium for the test, or skips the test when
// there is none, unless CI is set.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is not on PATH, and CI is set: install it (apt-get install chromium)")
		}
		t.Skip("chromium is not on PATH; install it (apt-get install chromium) to run the browser test")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1100),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	return bctx
}

// TestSettingsPageInBrowser saves an empty form and sees the static rules
// next to their fields, fills the page, is told next to the Client Secret
// field that a wrong secret was rejected, fixes it, tests without saving,
// saves, reloads and finds both secrets shown as configured and absent from
// the page source.
func TestSettingsPageInBrowser(t *testing.T) {
	ctx := browser(t)
	srv := startDemoServer(t)
	good := srv.demo.creds.Settings
	wrong := "wrong-" + randomHex(12)

	type C = chromedp.CSS
	field := func(id, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SendKeys(C("#"+id), value)
	}
	clear := func(id string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			js := `(document.getElementById('` + id + `').value = '') === ''`
			_, err := chromedp.Evaluate[bool](js)(ctx, t)
			return err
		})
	}
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.url+"?token="+srv.token(powerbi.RoleOwner)),
		chromedp.WaitVisible(C("#tenantId")),
		chromedp.Click(C("#save")),
		chromedp.WaitVisible(C("#tenantId-error")),
	), "save an empty form")
	assert.Contains(t, browse(t, ctx, chromedp.Text(C("#tenantId-error"))), "Tenant ID is required")
	assert.Contains(t, browse(t, ctx, chromedp.Text(C("#password-error"))), "Password is required")

	require.NoError(t, chromedp.Do(ctx,
		field("tenantId", good.TenantID),
		field("clientId", good.ClientID),
		field("clientSecret", wrong),
		field("workspaceId", good.WorkspaceID),
		field("username", good.Username),
		field("password", good.Password.Reveal()),
		chromedp.Click(C("#save")),
		chromedp.WaitVisible(C("#clientSecret-error")),
	), "save with a wrong secret")
	secretError := browse(t, ctx, chromedp.Text(C("#clientSecret-error")))
	assert.Contains(t, strings.ToLower(secretError), "secret", "error next to Client Secret")
	assert.NotContains(t, secretError, wrong)
	snap(t, ctx, "settings-rejected.png")

	require.NoError(t, chromedp.Do(ctx,
		clear("clientSecret"),
		field("clientSecret", good.ClientSecret.Reveal()),
		chromedp.Click(C("#test")),
		chromedp.WaitVisible(C("#validation-status.ok")),
	), "test the fixed secret without saving")
	assert.Contains(t, browse(t, ctx, chromedp.Text(C("#validation-when"))), "not saved")
	assert.Equal(t, "Not configured", browse(t, ctx, chromedp.Text(C("#state"))), "test saves nothing")
	assert.Empty(t, browse(t, ctx, chromedp.Text(C("#clientSecret-error"))), "error cleared")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(C("#save")),
		chromedp.WaitVisible(C("#state.ok")),
	), "save with the right secret")
	assert.Equal(t, "Version 1", browse(t, ctx, chromedp.Text(C("#state"))))

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(C(`[data-field="clientSecret"] .configured`)),
		chromedp.WaitVisible(C(`#history li`)),
	), "reload")
	for _, name := range []string{"clientSecret", "password"} {
		shown := browse(t, ctx, chromedp.Evaluate[bool](
			`!document.querySelector('[data-field="`+name+`"] .configured').hidden`))
		assert.True(t, shown, "%s shown as configured", name)
	}
	assert.Equal(t, 1, historyLen(t, ctx), "one change in the history")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(C(`[data-field="password"] .replace`)),
		chromedp.WaitVisible(C("#password")),
		field("password", good.Password.Reveal()),
		chromedp.Click(C("#save")),
		chromedp.WaitVisible(`//span[@id="state"][.="Version 2"]`),
	), "replace the password")
	assert.Equal(t, 2, historyLen(t, ctx), "the update is in the history")
	assert.Empty(t, browse(t, ctx, chromedp.Value(C("#password"))), "typed password cleared")
	html := browse(t, ctx, chromedp.OuterHTML(C("html")))
	for name, secret := range map[string]string{"client secret": good.ClientSecret.Reveal(),
		"password": good.Password.Reveal(), "wrong secret": wrong} {
		assert.False(t, strings.Contains(html, secret), "%s in the page source", name)
	}
	snap(t, ctx, "settings-saved.png")
}

func historyLen(t *testing.T, ctx context.Context) int {
	t.Helper()
	return browse(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#history li').length`))
}

// browse runs one browser action and returns its value.
func browse[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

// snap saves a screenshot of the whole page under screenshotDir.
func snap(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := browse(t, ctx, chromedp.FullScreenshot(100))
	path := filepath.Join(screenshotDir(t), name)
	require.NoError(t, os.WriteFile(path, png, 0o600))
	t.Logf("screenshot: %s", path)
}

// screenshotDir is where the browser test leaves its screenshot:
// PBICONNECT_SCREENSHOT_DIR if set, else a temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("PBICONNECT_SCREENSHOT_DIR"); d != "" {
		return d
	}
	return t.TempDir()
}
