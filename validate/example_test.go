package validate_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

func ExampleValidator_Validate() {
	// A fake Entra ID and Power BI on loopback; in production use
	// validate.New(validate.Config{}) for the public cloud.
	srv := validatetest.NewServer()
	defer srv.Close()
	demo := srv.AddDemo()
	v := validate.New(validate.Config{Cloud: srv.Cloud(), HTTPClient: srv.Client()})

	settings := demo.Settings
	settings.Password = powerbi.NewSecret("not the password")
	rep := v.Validate(context.Background(), settings)

	fmt.Println(rep.Status)
	for _, c := range rep.Checks {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%s %s %s %s", c.Name, c.Status, c.Field, c.Code)))
	}
	// Output:
	// failed
	// entra.client_credentials passed
	// entra.master_user failed password AADSTS50126
	// powerbi.workspace passed workspaceId
}

func ExampleCustomCloud() {
	c := validate.CustomCloud("https://entra-proxy.internal:8443/")
	fmt.Println(c.AuthorityHost)
	fmt.Println(c.PowerBIAPI)
	// Output:
	// https://entra-proxy.internal:8443
	// https://entra-proxy.internal:8443/powerbi
}
