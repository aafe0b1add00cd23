package domain_test

import (
	"errors"
	"testing"

	"github.com/postvern/postvern/domain"
)

func TestCanRead(t *testing.T) {
	confidential := confidentialResource()
	secondConfidential := secondConfidentialResource()
	ordinary := ordinaryResource()
	narrow := narrowResource()

	// widened is the confidential resource after its policy gained the
	// ordinary package. Mail already sent on it stays confidential.
	widened := confidentialResource()
	widened.AccessPackages = append(widened.AccessPackages, domain.PackageOrdinaryMail)
	sentConfidential := domain.ReadTarget{Recipient: domain.OrganizationParty(recipientOrg), IsConfidential: true, Resource: widened}

	toOrg := func(resource domain.Resource) domain.ReadTarget {
		return domain.ReadTarget{
			Recipient:      domain.OrganizationParty(recipientOrg),
			IsConfidential: resource.Confidential(),
			Resource:       resource,
		}
	}
	toPerson := func(person domain.PersonID, resource domain.Resource) domain.ReadTarget {
		return domain.ReadTarget{
			Recipient:      domain.PersonParty(person),
			IsConfidential: resource.Confidential(),
			Resource:       resource,
		}
	}
	resourceGrant := func(person domain.PersonID, resource domain.Resource) domain.Grant {
		return domain.Grant{Person: person, ResourceID: resource.ID}
	}
	packageGrant := func(person domain.PersonID, accessPackage string) domain.Grant {
		return domain.Grant{Person: person, AccessPackage: accessPackage}
	}

	tests := []struct {
		name   string
		person domain.PersonID
		access domain.Access
		target domain.ReadTarget
		// wantBasis is the expected ReadReason.Basis, or empty when CanRead
		// must deny.
		wantBasis  string
		wantDetail string
	}{
		{
			name:   "general manager without delegation cannot read confidential",
			person: manager,
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}},
			target: toOrg(confidential),
		},
		{
			name:   "holder of every key role cannot read confidential",
			person: manager,
			access: domain.Access{Roles: []domain.KeyRole{
				domain.RoleGeneralManager, domain.RoleChairOfTheBoard, domain.RoleSoleProprietor,
				domain.RoleManagingShipowner, domain.RolePartnerUnlimited, domain.RolePartnerShared,
				domain.RoleGeneralPartner, domain.RoleEstateAdministrator, domain.RoleNorwegianRepresenter,
			}},
			target: toOrg(confidential),
		},
		{
			name:   "general manager cannot read confidential mail after its policy gains the ordinary package",
			person: manager,
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}},
			target: sentConfidential,
		},
		{
			name:   "ordinary package grant cannot read confidential mail after its policy gains the ordinary package",
			person: employee,
			access: domain.Access{Grants: []domain.Grant{packageGrant(employee, domain.PackageOrdinaryMail)}},
			target: sentConfidential,
		},
		{
			name:   "main administrator with self-delegated resource reads confidential",
			person: manager,
			access: domain.Access{
				Roles:  []domain.KeyRole{domain.RoleGeneralManager},
				Grants: []domain.Grant{resourceGrant(manager, confidential)},
			},
			target:     toOrg(confidential),
			wantBasis:  "resource-delegation",
			wantDetail: confidential.ID,
		},
		{
			name:       "employee with resource delegation reads confidential",
			person:     employee,
			access:     domain.Access{Grants: []domain.Grant{resourceGrant(employee, confidential)}},
			target:     toOrg(confidential),
			wantBasis:  "resource-delegation",
			wantDetail: confidential.ID,
		},
		{
			name:       "confidential package grant reads every confidential resource",
			person:     employee,
			access:     domain.Access{Grants: []domain.Grant{packageGrant(employee, domain.PackageConfidentialMail)}},
			target:     toOrg(confidential),
			wantBasis:  "package-delegation",
			wantDetail: domain.PackageConfidentialMail,
		},
		{
			name:       "confidential package grant reads a second confidential resource",
			person:     employee,
			access:     domain.Access{Grants: []domain.Grant{packageGrant(employee, domain.PackageConfidentialMail)}},
			target:     toOrg(secondConfidential),
			wantBasis:  "package-delegation",
			wantDetail: domain.PackageConfidentialMail,
		},
		{
			name:   "ordinary package grant does not read confidential",
			person: employee,
			access: domain.Access{Grants: []domain.Grant{packageGrant(employee, domain.PackageOrdinaryMail)}},
			target: toOrg(confidential),
		},
		{
			name:   "grant of another resource does not read",
			person: employee,
			access: domain.Access{Grants: []domain.Grant{resourceGrant(employee, secondConfidential)}},
			target: toOrg(confidential),
		},
		{
			name:   "grant held by someone else gives nothing",
			person: employee,
			access: domain.Access{Grants: []domain.Grant{
				resourceGrant(outsider, confidential),
				packageGrant(outsider, domain.PackageConfidentialMail),
			}},
			target: toOrg(confidential),
		},
		{
			name:   "REPR key role gets no ordinary mail by default",
			person: manager,
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleNorwegianRepresenter}},
			target: toOrg(ordinary),
		},
		{
			name:   "REPR key role with ordinary package grant reads ordinary mail",
			person: manager,
			access: domain.Access{
				Roles:  []domain.KeyRole{domain.RoleNorwegianRepresenter},
				Grants: []domain.Grant{packageGrant(manager, domain.PackageOrdinaryMail)},
			},
			target:     toOrg(ordinary),
			wantBasis:  "package-delegation",
			wantDetail: domain.PackageOrdinaryMail,
		},
		{
			name:       "DAGL reads ordinary mail without a grant",
			person:     manager,
			access:     domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}},
			target:     toOrg(ordinary),
			wantBasis:  "key-role",
			wantDetail: string(domain.RoleGeneralManager),
		},
		{
			name:   "key role cannot read ordinary mail when the resource policy lacks the ordinary package",
			person: manager,
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}},
			target: toOrg(narrow),
		},
		{
			name:       "package grant in the resource policy reads ordinary mail",
			person:     employee,
			access:     domain.Access{Grants: []domain.Grant{packageGrant(employee, otherPackage)}},
			target:     toOrg(narrow),
			wantBasis:  "package-delegation",
			wantDetail: otherPackage,
		},
		{
			name:   "package grant outside the resource policy does not read ordinary mail",
			person: employee,
			access: domain.Access{Grants: []domain.Grant{packageGrant(employee, otherPackage)}},
			target: toOrg(ordinary),
		},
		{
			name:   "confidential package grant does not read ordinary mail",
			person: employee,
			access: domain.Access{Grants: []domain.Grant{packageGrant(employee, domain.PackageConfidentialMail)}},
			target: toOrg(ordinary),
		},
		{
			name:       "ordinary package grant reads ordinary mail without a key role",
			person:     employee,
			access:     domain.Access{Grants: []domain.Grant{packageGrant(employee, domain.PackageOrdinaryMail)}},
			target:     toOrg(ordinary),
			wantBasis:  "package-delegation",
			wantDetail: domain.PackageOrdinaryMail,
		},
		{
			name:       "resource delegation reads ordinary mail",
			person:     employee,
			access:     domain.Access{Grants: []domain.Grant{resourceGrant(employee, narrow)}},
			target:     toOrg(narrow),
			wantBasis:  "resource-delegation",
			wantDetail: narrow.ID,
		},
		{
			name:   "person without roles or grants reads nothing",
			person: outsider,
			target: toOrg(ordinary),
		},
		{
			name:       "person recipient reads own mail",
			person:     citizen,
			target:     toPerson(citizen, ordinary),
			wantBasis:  "recipient",
			wantDetail: citizen.URN(),
		},
		{
			name:       "person recipient reads own confidential mail",
			person:     citizen,
			target:     toPerson(citizen, confidential),
			wantBasis:  "recipient",
			wantDetail: citizen.URN(),
		},
		{
			name:   "another person cannot read a person's mail",
			person: outsider,
			target: toPerson(citizen, ordinary),
		},
		{
			name:   "key role and grants do not read a person's mail",
			person: manager,
			access: domain.Access{
				Roles:  []domain.KeyRole{domain.RoleGeneralManager},
				Grants: []domain.Grant{resourceGrant(manager, ordinary), packageGrant(manager, domain.PackageOrdinaryMail)},
			},
			target: toPerson(citizen, ordinary),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.CanRead(tt.person, tt.access, tt.target)

			if want := tt.wantBasis != ""; got.Allowed != want {
				t.Fatalf("CanRead Allowed = %v, want %v (reason %+v)", got.Allowed, want, got)
			}
			if got.Basis != tt.wantBasis {
				t.Errorf("CanRead Basis = %q, want %q", got.Basis, tt.wantBasis)
			}
			if got.Detail != tt.wantDetail {
				t.Errorf("CanRead Detail = %q, want %q", got.Detail, tt.wantDetail)
			}
		})
	}
}

// TestCanReadOrdinaryByKeyRole checks each key role on its own, so that a
// change to one role's default shows up by name.
func TestCanReadOrdinaryByKeyRole(t *testing.T) {
	target := domain.ReadTarget{Recipient: domain.OrganizationParty(recipientOrg), Resource: ordinaryResource()}
	for _, code := range domain.KeyRoleCodes() {
		role := domain.KeyRole(code)
		t.Run(code, func(t *testing.T) {
			got := domain.CanRead(manager, domain.Access{Roles: []domain.KeyRole{role}}, target)

			want := role != domain.RoleNorwegianRepresenter
			if got.Allowed != want {
				t.Errorf("CanRead by %s Allowed = %v, want %v", code, got.Allowed, want)
			}
		})
	}
}

func TestAuthorizeSend(t *testing.T) {
	resource := confidentialResource()
	senderToken := domain.Caller{Organization: senderOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}

	tests := []struct {
		name     string
		caller   domain.Caller
		sender   domain.OrganizationNumber
		resource domain.Resource
		wantErr  bool
	}{
		{
			name:     "owner with write scope may send",
			caller:   senderToken,
			sender:   senderOrg,
			resource: resource,
		},
		{
			name:     "token for another organization",
			caller:   domain.Caller{Organization: recipientOrg, Scopes: senderToken.Scopes},
			sender:   senderOrg,
			resource: resource,
			wantErr:  true,
		},
		{
			name:     "missing write scope",
			caller:   domain.Caller{Organization: senderOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}},
			sender:   senderOrg,
			resource: resource,
			wantErr:  true,
		},
		{
			name:     "sender not the resource owner",
			caller:   domain.Caller{Organization: secondOrg, Scopes: senderToken.Scopes},
			sender:   secondOrg,
			resource: resource,
			wantErr:  true,
		},
		{
			name:     "person token cannot send",
			caller:   domain.Caller{Person: manager, Scopes: senderToken.Scopes},
			sender:   senderOrg,
			resource: resource,
			wantErr:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.AuthorizeSend(tt.caller, tt.sender, tt.resource)

			if !tt.wantErr {
				if err != nil {
					t.Fatalf("AuthorizeSend failed: %v", err)
				}
				return
			}
			if !errors.Is(err, domain.ErrForbidden) {
				t.Fatalf("AuthorizeSend error = %v, want one wrapping ErrForbidden", err)
			}
		})
	}
}

func TestAuthorizeAdministration(t *testing.T) {
	readScope := []domain.Scope{domain.ScopeCorrespondenceRead}

	tests := []struct {
		name    string
		caller  domain.Caller
		roles   []domain.KeyRole
		wantErr bool
	}{
		{
			name:   "general manager is main administrator",
			caller: domain.Caller{Person: manager, Scopes: readScope},
			roles:  []domain.KeyRole{domain.RoleGeneralManager},
		},
		{
			name:   "REPR holder is main administrator",
			caller: domain.Caller{Person: manager, Scopes: readScope},
			roles:  []domain.KeyRole{domain.RoleNorwegianRepresenter},
		},
		{
			name:    "person without key role is not",
			caller:  domain.Caller{Person: employee, Scopes: readScope},
			wantErr: true,
		},
		{
			name:    "key role holder without read scope",
			caller:  domain.Caller{Person: manager, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}},
			roles:   []domain.KeyRole{domain.RoleGeneralManager},
			wantErr: true,
		},
		{
			name:    "organization token",
			caller:  domain.Caller{Organization: recipientOrg, Scopes: readScope},
			roles:   []domain.KeyRole{domain.RoleGeneralManager},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.AuthorizeAdministration(tt.caller, recipientOrg, tt.roles)

			if !tt.wantErr {
				if err != nil {
					t.Fatalf("AuthorizeAdministration failed: %v", err)
				}
				return
			}
			if !errors.Is(err, domain.ErrForbidden) {
				t.Fatalf("AuthorizeAdministration error = %v, want one wrapping ErrForbidden", err)
			}
		})
	}
}

func TestCanActFor(t *testing.T) {
	org := domain.OrganizationParty(recipientOrg)

	tests := []struct {
		name   string
		person domain.PersonID
		party  domain.Party
		access domain.Access
		want   bool
	}{
		{name: "own person party", person: citizen, party: domain.PersonParty(citizen), want: true},
		{name: "another person's party", person: outsider, party: domain.PersonParty(citizen)},
		{
			name:   "another person's party despite a key role",
			person: manager,
			party:  domain.PersonParty(citizen),
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}},
		},
		{
			name:   "organization with a key role",
			person: manager,
			party:  org,
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleGeneralManager}},
			want:   true,
		},
		{
			name:   "organization with REPR only",
			person: manager,
			party:  org,
			access: domain.Access{Roles: []domain.KeyRole{domain.RoleNorwegianRepresenter}},
			want:   true,
		},
		{
			name:   "organization with a grant",
			person: employee,
			party:  org,
			access: domain.Access{Grants: []domain.Grant{{Person: employee, AccessPackage: domain.PackageConfidentialMail}}},
			want:   true,
		},
		{name: "organization without roles or grants", person: outsider, party: org},
		{
			name:   "organization with someone else's grant",
			person: outsider,
			party:  org,
			access: domain.Access{Grants: []domain.Grant{{Person: employee, ResourceID: confidentialResource().ID}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.CanActFor(tt.person, tt.party, tt.access); got != tt.want {
				t.Errorf("CanActFor(%s, %s) = %v, want %v", tt.person, tt.party, got, tt.want)
			}
		})
	}
}

func TestAuthorizePersonRead(t *testing.T) {
	readScope := []domain.Scope{domain.ScopeCorrespondenceRead}

	person, err := domain.AuthorizePersonRead(domain.Caller{Person: citizen, Scopes: readScope})
	if err != nil {
		t.Fatalf("AuthorizePersonRead with a person token failed: %v", err)
	}
	if person != citizen {
		t.Errorf("AuthorizePersonRead returned %s, want %s", person, citizen)
	}

	if _, err := domain.AuthorizePersonRead(domain.Caller{Organization: recipientOrg, Scopes: readScope}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("AuthorizePersonRead with an organization token: error = %v, want ErrForbidden", err)
	}
	if _, err := domain.AuthorizePersonRead(domain.Caller{Person: citizen}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("AuthorizePersonRead without the read scope: error = %v, want ErrForbidden", err)
	}
}
