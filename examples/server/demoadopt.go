package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// adopt teaches this run's fake cloud the settings that an earlier demo run
// saved for demoOrg, if any, so that they validate again after a restart.
// Every run starts a fresh fake cloud; without this, the database kept from
// the last run would hold a tenant, app and user the new fake has never
// heard of. Only settings that passed validation when they were saved are
// ever stored, so adopting them changes nothing about what is accepted.
func (d *demo) adopt(ctx context.Context, svc *powerbi.Service) (bool, error) {
	in, err := svc.Credentials(ctx, demoOrg)
	if powerbi.ErrorCode(err) == powerbi.NotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the demo organization's settings: %w", err)
	}
	s := in.Settings
	_, domain, _ := strings.Cut(s.Username, "@")
	t := validatetest.Tenant{Domains: []string{strings.ToLower(domain)}}
	if isGUID(s.TenantID) {
		t.ID = s.TenantID
	} else {
		t.Domains = append(t.Domains, s.TenantID)
	}
	tenant := d.fake.AddTenant(t)
	client := d.fake.AddApp(validatetest.App{TenantID: tenant, ClientID: s.ClientID,
		Secrets:      []validatetest.AppSecret{{Value: s.ClientSecret.Reveal()}},
		PublicClient: true, DatabricksUser: true})
	d.fake.AddUser(validatetest.User{TenantID: tenant, UPN: s.Username, Password: s.Password.Reveal()})
	d.fake.AddWorkspace(validatetest.Workspace{ID: s.WorkspaceID, Name: "Saved workspace",
		Members: []string{client, s.Username}})
	return true, nil
}

// isGUID reports whether s has the 8-4-4-4-12 shape of a GUID; the static
// rules already checked that it is either that or a domain.
func isGUID(s string) bool {
	return len(s) == 36 && strings.Count(s, "-") == 4 && !strings.Contains(s, ".")
}
