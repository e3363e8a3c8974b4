package powerbi_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

// A host wires a store, a sealer and a validator into a Service, saves an
// organization's settings on behalf of its admin, and later reads the real
// credentials server-side.
func ExampleService() {
	svc := powerbi.NewService(powerbi.Config{
		Store:  memstore.New(),
		Sealer: crypto.New(crypto.NewKeyring(), crypto.Config{}),
		// Production code uses validate.New; this one accepts everything.
		Validator: powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
			return powerbi.Report{Checks: []powerbi.Check{{Name: "demo", Status: powerbi.StatusPassed}}}
		}),
	})

	admin := powerbi.Principal{UserID: "ada", OrgID: "acme", Role: powerbi.RoleAdmin}
	ctx := powerbi.NewContext(context.Background(), admin)
	view, created, err := svc.Save(ctx, "acme", powerbi.Settings{
		TenantID:     "contoso.onmicrosoft.com",
		ClientID:     "0b5e9c7e-2b8a-4a53-9d9c-3f1f2a1b6c11",
		ClientSecret: powerbi.NewSecret("app-secret-value"),
		WorkspaceID:  "f089354e-8366-4e18-aea3-4cb4a3a50b48",
		Username:     "pbi.master@contoso.onmicrosoft.com",
		Password:     powerbi.NewSecret("master-password"),
	}, powerbi.AnyVersion)
	if err != nil {
		fmt.Println("error:", powerbi.ErrorCode(err))
		return
	}
	fmt.Println(created, view.Version, view.Scope, view.ClientSecretSet)

	creds, _ := svc.Credentials(context.Background(), "acme")
	fmt.Println(creds.Settings.ClientSecret, len(creds.Settings.ClientSecret.Reveal()))
	// Output:
	// true 1 https://analysis.windows.net/powerbi/api/.default true
	// [REDACTED] 16
}

func ExampleSecret() {
	s := powerbi.NewSecret("hunter2")
	fmt.Printf("%v %q %#v\n", s, s, s)
	fmt.Println(s.Reveal())
	// Output:
	// [REDACTED] "[REDACTED]" [REDACTED]
	// hunter2
}

func ExampleSettings_Validate() {
	err := powerbi.Settings{TenantID: "common"}.Normalize().Validate()
	var perr *powerbi.Error
	if errors.As(err, &perr) {
		for _, f := range perr.Fields[:2] {
			fmt.Println(f.Field, f.Code)
		}
	}
	// Output:
	// tenantId invalid_format
	// clientId required
}
