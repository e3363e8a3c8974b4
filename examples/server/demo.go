package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// demoOrg is the organization the demo principals belong to.
const demoOrg = "demo"

// demo is the offline world of -demo: a fake Entra ID and Power BI on
// loopback TLS, settings it accepts and a token per role.
type demo struct {
	fake   *validatetest.Server
	creds  validatetest.DemoCredentials
	tokens []principalEntry
}

// startDemo starts the fake cloud and adds an owner, an admin and a member
// of demoOrg, with fresh random tokens, to auth.
func startDemo(auth *principals) (*demo, error) {
	d := &demo{fake: validatetest.NewServer()}
	d.creds = d.fake.AddDemo()
	for _, role := range []powerbi.Role{powerbi.RoleOwner, powerbi.RoleAdmin, powerbi.RoleMember} {
		e := principalEntry{Token: "demo-" + string(role) + "-" + randomHex(16),
			User: string(role) + "@" + demoOrg, Org: demoOrg, Role: string(role)}
		if err := auth.add(e); err != nil {
			d.Close()
			return nil, fmt.Errorf("demo principal %s: %w", e.User, err)
		}
		d.tokens = append(d.tokens, e)
	}
	return d, nil
}

// Close stops the fake cloud.
func (d *demo) Close() { d.fake.Close() }

// token returns the demo token of role.
func (d *demo) token(role powerbi.Role) string {
	for _, e := range d.tokens {
		if e.Role == string(role) {
			return e.Token
		}
	}
	return ""
}

// Print tells a person how to use the demo. These credentials are fake and
// work only against the fake cloud of this process, so printing them is the
// point; real credentials are never printed.
func (d *demo) Print(w io.Writer, pageURL string) {
	s := d.creds.Settings
	fmt.Fprintf(w, "\nDemo mode: Entra ID and Power BI are simulated at %s; nothing leaves "+
		"this machine.\n\n", d.fake.URL())
	fmt.Fprintf(w, "Open the settings page as the owner of organization %q:\n\n  %s?token=%s\n\n",
		demoOrg, pageURL, d.token(powerbi.RoleOwner))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Tokens (Authorization: Bearer TOKEN):")
	for _, e := range d.tokens {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.Role, e.User, e.Token)
	}
	fmt.Fprintln(tw, "\nDemo credentials that pass:")
	for _, row := range [][2]string{
		{"Tenant ID", s.TenantID}, {"Client ID", s.ClientID},
		{"Client Secret", s.ClientSecret.Reveal()}, {"Scope", s.Scope},
		{"Workspace ID", s.WorkspaceID}, {"Username", s.Username},
		{"Password", s.Password.Reveal()},
	} {
		fmt.Fprintf(tw, "  %s\t%s\n", row[0], row[1])
	}
	fmt.Fprintf(tw, "\nTo see a rejection, paste the secret's ID %s as the client secret, or use\n"+
		"workspace %s, which is not shared with the app.\n\n", d.creds.SecretID, d.creds.OtherWorkspaceID)
	tw.Flush()
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
