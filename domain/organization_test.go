package domain_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/postvern/postvern/domain"
)

// registerCaller is the register's token, which may change key roles and
// contact points.
func registerCaller() domain.Caller {
	return domain.Caller{Organization: senderOrg, Scopes: []domain.Scope{domain.ScopeRegisterWrite}}
}

// orgWithManager returns recipientOrg's state with manager as its general
// manager and nothing granted.
func orgWithManager() *domain.OrganizationState {
	state := domain.NewOrganizationState(recipientOrg)
	state.Apply(&domain.KeyRoleAssigned{Organization: recipientOrg, Person: manager, Role: domain.RoleGeneralManager}, sendNow)
	return state
}

func TestDecideGrantAccess(t *testing.T) {
	resourceGrant := domain.Grant{Person: employee, ResourceID: confidentialResource().ID}
	packageGrant := domain.Grant{Person: employee, AccessPackage: domain.PackageConfidentialMail}

	tests := []struct {
		name           string
		state          func() *domain.OrganizationState
		caller         domain.Caller
		grant          domain.Grant
		resourceExists bool
		// wantEvent expects an AccessGranted. Otherwise wantErr is the
		// expected sentinel error, or wantField the field of the expected
		// ValidationError, and no case expects both.
		wantEvent bool
		wantErr   error
		wantField string
	}{
		{
			name:           "main administrator grants a resource",
			state:          orgWithManager,
			caller:         readerCaller(manager),
			grant:          resourceGrant,
			resourceExists: true,
			wantEvent:      true,
		},
		{
			name:      "unknown access package is rejected",
			state:     orgWithManager,
			caller:    readerCaller(manager),
			grant:     domain.Grant{Person: employee, AccessPackage: "urn:altinn:accesspackage:finnes-ikke"},
			wantField: "accessPackage",
		},
		{
			name:           "package listed by a registered resource is accepted",
			state:          orgWithManager,
			caller:         readerCaller(manager),
			grant:          domain.Grant{Person: employee, AccessPackage: "urn:altinn:accesspackage:skatt-naering"},
			resourceExists: true,
			wantEvent:      true,
		},
		{
			name:      "main administrator grants the confidential package",
			state:     orgWithManager,
			caller:    readerCaller(manager),
			grant:     packageGrant,
			wantEvent: true,
		},
		{
			name:           "main administrator grants a resource to themselves",
			state:          orgWithManager,
			caller:         readerCaller(manager),
			grant:          domain.Grant{Person: manager, ResourceID: confidentialResource().ID},
			resourceExists: true,
			wantEvent:      true,
		},
		{
			name:   "REPR holder grants as main administrator",
			caller: readerCaller(outsider),
			state: func() *domain.OrganizationState {
				state := orgWithManager()
				state.Apply(&domain.KeyRoleAssigned{Organization: recipientOrg, Person: outsider, Role: domain.RoleNorwegianRepresenter}, sendNow)
				return state
			},
			grant:     packageGrant,
			wantEvent: true,
		},
		{
			name:   "duplicate grant appends nothing",
			caller: readerCaller(manager),
			state: func() *domain.OrganizationState {
				state := orgWithManager()
				state.Apply(&domain.AccessGranted{Organization: recipientOrg, Grant: packageGrant, GrantedBy: manager}, sendNow)
				return state
			},
			grant: packageGrant,
		},
		{
			name:    "person without key role cannot grant",
			state:   orgWithManager,
			caller:  readerCaller(employee),
			grant:   packageGrant,
			wantErr: domain.ErrForbidden,
		},
		{
			name:   "person with a grant but no key role cannot grant",
			caller: readerCaller(employee),
			state: func() *domain.OrganizationState {
				state := orgWithManager()
				state.Apply(&domain.AccessGranted{Organization: recipientOrg, Grant: packageGrant, GrantedBy: manager}, sendNow)
				return state
			},
			grant:   domain.Grant{Person: employee, AccessPackage: domain.PackageOrdinaryMail},
			wantErr: domain.ErrForbidden,
		},
		{
			name:   "key role holder in another organization cannot grant",
			caller: readerCaller(manager),
			state: func() *domain.OrganizationState {
				state := domain.NewOrganizationState(secondOrg)
				state.Apply(&domain.KeyRoleAssigned{Organization: secondOrg, Person: outsider, Role: domain.RoleGeneralManager}, sendNow)
				return state
			},
			grant:   packageGrant,
			wantErr: domain.ErrForbidden,
		},
		{
			name:   "former general manager cannot grant",
			caller: readerCaller(manager),
			state: func() *domain.OrganizationState {
				state := orgWithManager()
				state.Apply(&domain.KeyRoleRemoved{Organization: recipientOrg, Person: manager, Role: domain.RoleGeneralManager}, sendNow)
				return state
			},
			grant:   packageGrant,
			wantErr: domain.ErrForbidden,
		},
		{
			name:    "organization token cannot grant",
			state:   orgWithManager,
			caller:  domain.Caller{Organization: recipientOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}},
			grant:   packageGrant,
			wantErr: domain.ErrForbidden,
		},
		{
			name:      "resource grant of an unregistered resource",
			state:     orgWithManager,
			caller:    readerCaller(manager),
			grant:     resourceGrant,
			wantField: "resourceId",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := tt.state()
			events, err := domain.DecideGrantAccess(tt.caller, state, tt.grant, tt.resourceExists)

			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("DecideGrantAccess error = %v, want %v", err, tt.wantErr)
				}
			case tt.wantField != "":
				if !isValidationError(err, tt.wantField) {
					t.Fatalf("DecideGrantAccess error = %v, want a ValidationError on %s", err, tt.wantField)
				}
			case err != nil:
				t.Fatalf("DecideGrantAccess failed: %v", err)
			}

			var want []domain.Event
			if tt.wantEvent {
				want = []domain.Event{&domain.AccessGranted{Organization: state.Organization, Grant: tt.grant, GrantedBy: tt.caller.Person}}
			}
			if !reflect.DeepEqual(events, want) {
				t.Errorf("DecideGrantAccess = %+v, want %+v", events, want)
			}
		})
	}
}

func TestDecideRevokeAccess(t *testing.T) {
	grant := domain.Grant{Person: employee, ResourceID: confidentialResource().ID}
	withGrant := func() *domain.OrganizationState {
		state := orgWithManager()
		state.Apply(&domain.AccessGranted{Organization: recipientOrg, Grant: grant, GrantedBy: manager}, sendNow)
		return state
	}

	t.Run("main administrator revokes a grant", func(t *testing.T) {
		events, err := domain.DecideRevokeAccess(readerCaller(manager), withGrant(), grant)
		if err != nil {
			t.Fatalf("DecideRevokeAccess failed: %v", err)
		}

		want := []domain.Event{&domain.AccessRevoked{Organization: recipientOrg, Grant: grant, RevokedBy: manager}}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("DecideRevokeAccess = %+v, want %+v", events, want)
		}
	})

	t.Run("revoke of a missing grant", func(t *testing.T) {
		_, err := domain.DecideRevokeAccess(readerCaller(manager), orgWithManager(), grant)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("DecideRevokeAccess error = %v, want ErrNotFound", err)
		}
	})

	t.Run("revoke of the same grant for another person", func(t *testing.T) {
		other := domain.Grant{Person: outsider, ResourceID: grant.ResourceID}
		_, err := domain.DecideRevokeAccess(readerCaller(manager), withGrant(), other)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("DecideRevokeAccess error = %v, want ErrNotFound", err)
		}
	})

	t.Run("grantee cannot revoke", func(t *testing.T) {
		_, err := domain.DecideRevokeAccess(readerCaller(employee), withGrant(), grant)
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("DecideRevokeAccess error = %v, want ErrForbidden", err)
		}
	})
}

func TestOrganizationStateGrants(t *testing.T) {
	grant := domain.Grant{Person: employee, AccessPackage: domain.PackageConfidentialMail}
	grantedAt := sendNow.Add(time.Minute)

	state := orgWithManager()
	state.Apply(&domain.AccessGranted{Organization: recipientOrg, Grant: grant, GrantedBy: manager}, grantedAt)

	record, ok := state.Grants[grant]
	if !ok {
		t.Fatal("the grant is missing after AccessGranted")
	}
	if record.GrantedBy != manager || !record.GrantedAt.Equal(grantedAt) {
		t.Errorf("grant record = %+v, want granted by %s at %s", record, manager, grantedAt)
	}
	if access := state.AccessOf(employee); !slices.Equal(access.Grants, []domain.Grant{grant}) {
		t.Errorf("AccessOf(employee).Grants = %v, want %v", access.Grants, []domain.Grant{grant})
	}
	if access := state.AccessOf(outsider); len(access.Grants) != 0 || len(access.Roles) != 0 {
		t.Errorf("AccessOf(outsider) = %+v, want nothing", access)
	}

	state.Apply(&domain.AccessRevoked{Organization: recipientOrg, Grant: grant, RevokedBy: manager}, grantedAt.Add(time.Hour))
	if access := state.AccessOf(employee); len(access.Grants) != 0 {
		t.Errorf("AccessOf(employee).Grants = %v after the revocation, want none", access.Grants)
	}
}

func TestParseAccessChange(t *testing.T) {
	valid := domain.AccessChange{Organization: recipientOrg.URN(), To: string(employee), AccessPackage: domain.PackageConfidentialMail}

	org, grant, err := domain.ParseAccessChange(valid)
	if err != nil {
		t.Fatalf("ParseAccessChange failed: %v", err)
	}
	if org != recipientOrg {
		t.Errorf("organization = %s, want %s", org, recipientOrg)
	}
	if want := (domain.Grant{Person: employee, AccessPackage: domain.PackageConfidentialMail}); grant != want {
		t.Errorf("grant = %+v, want %+v", grant, want)
	}

	tests := []struct {
		name      string
		change    func(*domain.AccessChange)
		wantField string
	}{
		{"both resourceId and accessPackage", func(c *domain.AccessChange) { c.ResourceID = confidentialResource().ID }, "accessPackage"},
		{"neither resourceId nor accessPackage", func(c *domain.AccessChange) { c.AccessPackage = "" }, "resourceId"},
		{"malformed resourceId", func(c *domain.AccessChange) {
			c.AccessPackage = ""
			c.ResourceID = "Barnevern"
		}, "resourceId"},
		{"access package without URN prefix", func(c *domain.AccessChange) { c.AccessPackage = "taushetsbelagt-post" }, "accessPackage"},
		{"malformed organization", func(c *domain.AccessChange) { c.Organization = "310057224" }, "organization"},
		{"malformed person", func(c *domain.AccessChange) { c.To = "08844397714" }, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := valid
			tt.change(&cmd)

			if _, _, err := domain.ParseAccessChange(cmd); !isValidationError(err, tt.wantField) {
				t.Errorf("ParseAccessChange error = %v, want a ValidationError on %s", err, tt.wantField)
			}
		})
	}
}

func TestDecideAssignRole(t *testing.T) {
	t.Run("new role", func(t *testing.T) {
		events, err := domain.DecideAssignRole(registerCaller(), orgWithManager(), employee, domain.RoleChairOfTheBoard)
		if err != nil {
			t.Fatalf("DecideAssignRole failed: %v", err)
		}

		want := []domain.Event{&domain.KeyRoleAssigned{Organization: recipientOrg, Person: employee, Role: domain.RoleChairOfTheBoard}}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("DecideAssignRole = %+v, want %+v", events, want)
		}
	})

	t.Run("role already held appends nothing", func(t *testing.T) {
		events, err := domain.DecideAssignRole(registerCaller(), orgWithManager(), manager, domain.RoleGeneralManager)
		if err != nil {
			t.Fatalf("DecideAssignRole failed: %v", err)
		}
		if len(events) != 0 {
			t.Errorf("DecideAssignRole = %+v, want no events", events)
		}
	})

	t.Run("main administrator without register scope", func(t *testing.T) {
		_, err := domain.DecideAssignRole(readerCaller(manager), orgWithManager(), employee, domain.RoleChairOfTheBoard)
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("DecideAssignRole error = %v, want ErrForbidden", err)
		}
	})
}

func TestDecideRemoveRole(t *testing.T) {
	t.Run("held role", func(t *testing.T) {
		events, err := domain.DecideRemoveRole(registerCaller(), orgWithManager(), manager, domain.RoleGeneralManager)
		if err != nil {
			t.Fatalf("DecideRemoveRole failed: %v", err)
		}

		want := []domain.Event{&domain.KeyRoleRemoved{Organization: recipientOrg, Person: manager, Role: domain.RoleGeneralManager}}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("DecideRemoveRole = %+v, want %+v", events, want)
		}
	})

	t.Run("role not held", func(t *testing.T) {
		_, err := domain.DecideRemoveRole(registerCaller(), orgWithManager(), manager, domain.RoleChairOfTheBoard)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("DecideRemoveRole error = %v, want ErrNotFound", err)
		}
	})

	t.Run("without register scope", func(t *testing.T) {
		_, err := domain.DecideRemoveRole(readerCaller(manager), orgWithManager(), manager, domain.RoleGeneralManager)
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("DecideRemoveRole error = %v, want ErrForbidden", err)
		}
	})
}

func TestOrganizationStateRoles(t *testing.T) {
	state := orgWithManager()
	state.Apply(&domain.KeyRoleAssigned{Organization: recipientOrg, Person: manager, Role: domain.RoleChairOfTheBoard}, sendNow)
	state.Apply(&domain.KeyRoleAssigned{Organization: recipientOrg, Person: manager, Role: domain.RoleChairOfTheBoard}, sendNow)

	want := []domain.KeyRole{domain.RoleGeneralManager, domain.RoleChairOfTheBoard}
	if got := state.AccessOf(manager).Roles; !slices.Equal(got, want) {
		t.Errorf("roles = %v, want %v with the repeated assignment counted once", got, want)
	}

	state.Apply(&domain.KeyRoleRemoved{Organization: recipientOrg, Person: manager, Role: domain.RoleGeneralManager}, sendNow)
	if got := state.AccessOf(manager).Roles; !slices.Equal(got, []domain.KeyRole{domain.RoleChairOfTheBoard}) {
		t.Errorf("roles after removing DAGL = %v, want [LEDE]", got)
	}
	if !state.HasKeyRoleHolder() {
		t.Error("HasKeyRoleHolder = false while LEDE remains")
	}

	state.Apply(&domain.KeyRoleRemoved{Organization: recipientOrg, Person: manager, Role: domain.RoleChairOfTheBoard}, sendNow)
	if state.HasKeyRoleHolder() {
		t.Error("HasKeyRoleHolder = true after the last role was removed")
	}
}

func TestParseRoleChange(t *testing.T) {
	valid := []struct {
		name, role string
		want       domain.KeyRole
	}{
		{"code", "DAGL", domain.RoleGeneralManager},
		{"lowercase code", "lede", domain.RoleChairOfTheBoard},
		{"URN", "urn:altinn:external-role:ccr:norsk-representant", domain.RoleNorwegianRepresenter},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			org, person, role, err := domain.ParseRoleChange(domain.RoleChange{Organization: string(recipientOrg), Person: manager.URN(), Role: tt.role})
			if err != nil {
				t.Fatalf("ParseRoleChange failed: %v", err)
			}
			if org != recipientOrg || person != manager || role != tt.want {
				t.Errorf("ParseRoleChange = %s, %s, %s; want %s, %s, %s", org, person, role, recipientOrg, manager, tt.want)
			}
		})
	}

	invalid := []struct {
		name      string
		cmd       domain.RoleChange
		wantField string
	}{
		{"unknown role", domain.RoleChange{Organization: string(recipientOrg), Person: string(manager), Role: "CEO"}, "role"},
		{"unknown role URN", domain.RoleChange{Organization: string(recipientOrg), Person: string(manager), Role: "urn:altinn:external-role:ccr:revisor"}, "role"},
		{"malformed person", domain.RoleChange{Organization: string(recipientOrg), Person: "0884439771", Role: "DAGL"}, "person"},
		{"malformed organization", domain.RoleChange{Organization: "31005722", Person: string(manager), Role: "DAGL"}, "organization"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, _, err := domain.ParseRoleChange(tt.cmd); !isValidationError(err, tt.wantField) {
				t.Errorf("ParseRoleChange error = %v, want a ValidationError on %s", err, tt.wantField)
			}
		})
	}
}

func TestKeyRoleURN(t *testing.T) {
	if got, want := domain.RoleGeneralManager.URN(), "urn:altinn:external-role:ccr:daglig-leder"; got != want {
		t.Errorf("DAGL URN = %q, want %q", got, want)
	}
	for _, code := range domain.KeyRoleCodes() {
		role := domain.KeyRole(code)
		parsed, err := domain.ParseKeyRole(role.URN())
		if err != nil || parsed != role {
			t.Errorf("ParseKeyRole(%q) = %q, %v; want %q", role.URN(), parsed, err, role)
		}
	}
}

func TestDecideSetContactPoints(t *testing.T) {
	t.Run("normalizes addresses and numbers", func(t *testing.T) {
		cmd := domain.SetContactPoints{
			Organization:   string(recipientOrg),
			EmailAddresses: []string{" Post@Example.NO ", "post@example.no", "leder@example.no"},
			MobileNumbers:  []string{"912 34 567", "0047 41234567", "+47 912-34-567", "+46701234567"},
		}

		events, err := domain.DecideSetContactPoints(registerCaller(), domain.NewOrganizationState(recipientOrg), cmd)
		if err != nil {
			t.Fatalf("DecideSetContactPoints failed: %v", err)
		}

		want := []domain.Event{&domain.ContactPointsSet{
			Organization:   recipientOrg,
			EmailAddresses: []string{"post@example.no", "leder@example.no"},
			MobileNumbers:  []string{"+4791234567", "+4741234567", "+46701234567"},
		}}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("DecideSetContactPoints = %+v, want %+v", events, want)
		}
	})

	t.Run("unchanged contact points append nothing", func(t *testing.T) {
		state := domain.NewOrganizationState(recipientOrg)
		state.Apply(&domain.ContactPointsSet{Organization: recipientOrg, EmailAddresses: []string{"post@example.no"}, MobileNumbers: []string{"+4791234567"}}, sendNow)
		cmd := domain.SetContactPoints{EmailAddresses: []string{"POST@example.no"}, MobileNumbers: []string{"91234567"}}

		events, err := domain.DecideSetContactPoints(registerCaller(), state, cmd)
		if err != nil {
			t.Fatalf("DecideSetContactPoints failed: %v", err)
		}
		if len(events) != 0 {
			t.Errorf("DecideSetContactPoints = %+v, want no events", events)
		}
	})

	t.Run("without register scope", func(t *testing.T) {
		_, err := domain.DecideSetContactPoints(readerCaller(manager), domain.NewOrganizationState(recipientOrg), domain.SetContactPoints{})
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("DecideSetContactPoints error = %v, want ErrForbidden", err)
		}
	})

	invalid := []struct {
		name      string
		cmd       domain.SetContactPoints
		wantField string
	}{
		{"email without @", domain.SetContactPoints{EmailAddresses: []string{"post.example.no"}}, "emailAddresses[0]"},
		{"email with a display name", domain.SetContactPoints{EmailAddresses: []string{"Kari <kari@example.no>"}}, "emailAddresses[0]"},
		{"email without a dot in the domain", domain.SetContactPoints{EmailAddresses: []string{"ok@example.no", "kari@localhost"}}, "emailAddresses[1]"},
		{"empty email", domain.SetContactPoints{EmailAddresses: []string{""}}, "emailAddresses[0]"},
		{"Norwegian number starting with 2", domain.SetContactPoints{MobileNumbers: []string{"22334455"}}, "mobileNumbers[0]"},
		{"Norwegian number with 7 digits", domain.SetContactPoints{MobileNumbers: []string{"9123456"}}, "mobileNumbers[0]"},
		{"+47 number starting with 2", domain.SetContactPoints{MobileNumbers: []string{"+4722334455"}}, "mobileNumbers[0]"},
		{"+47 number with 9 digits", domain.SetContactPoints{MobileNumbers: []string{"+47912345678"}}, "mobileNumbers[0]"},
		{"international number too short", domain.SetContactPoints{MobileNumbers: []string{"+4670123"}}, "mobileNumbers[0]"},
		{"international number too long", domain.SetContactPoints{MobileNumbers: []string{"+4670123456789012"}}, "mobileNumbers[0]"},
		{"letters", domain.SetContactPoints{MobileNumbers: []string{"91234567", "9123456a"}}, "mobileNumbers[1]"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			events, err := domain.DecideSetContactPoints(registerCaller(), domain.NewOrganizationState(recipientOrg), tt.cmd)
			if !isValidationError(err, tt.wantField) {
				t.Fatalf("DecideSetContactPoints error = %v, want a ValidationError on %s", err, tt.wantField)
			}
			if events != nil {
				t.Errorf("DecideSetContactPoints returned events %+v with its error", events)
			}
		})
	}
}
