package validatetest_test

import (
	"context"
	"fmt"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

func ExampleServer_AddDemo() {
	srv := validatetest.NewServer()
	defer srv.Close()
	demo := srv.AddDemo()

	// The most common mistake: the secret's ID pasted instead of its value.
	wrong := demo.Settings
	wrong.ClientSecret = powerbi.NewSecret(demo.SecretID)

	v := validate.New(srv.Config(false))
	for _, s := range []powerbi.Settings{demo.Settings, wrong} {
		rep := v.Validate(context.Background(), s)
		fmt.Println(rep.Status)
		for _, c := range rep.Checks {
			if c.Status == powerbi.StatusFailed {
				fmt.Println(" ", c.Field, c.Code)
			}
		}
	}
	fmt.Println("token requests:", srv.Count(validatetest.EndpointToken))
	// Output:
	// passed
	// failed
	//   clientSecret AADSTS7000215
	// token requests: 4
}
