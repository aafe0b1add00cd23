package domain

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Grant is one delegation in an organization: a single resource or an access
// package, to a person. Exactly one of ResourceID and AccessPackage is set.
type Grant struct {
	Person        PersonID `json:"person"`
	ResourceID    string   `json:"resourceId,omitempty"`
	AccessPackage string   `json:"accessPackage,omitempty"`
}

// GrantRecord is a grant with who gave it and when.
type GrantRecord struct {
	Grant
	GrantedBy PersonID
	GrantedAt time.Time
}

// OrganizationState is an organization stream folded: key roles, grants and
// contact points.
type OrganizationState struct {
	Organization   OrganizationNumber
	Roles          map[PersonID][]KeyRole
	Grants         map[Grant]GrantRecord
	EmailAddresses []string
	MobileNumbers  []string
}

// NewOrganizationState returns the empty state of org's stream.
func NewOrganizationState(org OrganizationNumber) *OrganizationState {
	return &OrganizationState{Organization: org, Roles: map[PersonID][]KeyRole{}, Grants: map[Grant]GrantRecord{}}
}

// Apply folds one event of the organization stream into the state.
func (s *OrganizationState) Apply(e Event, at time.Time) {
	switch ev := e.(type) {
	case *KeyRoleAssigned:
		if !slices.Contains(s.Roles[ev.Person], ev.Role) {
			s.Roles[ev.Person] = append(s.Roles[ev.Person], ev.Role)
		}
	case *KeyRoleRemoved:
		roles := slices.DeleteFunc(slices.Clone(s.Roles[ev.Person]), func(r KeyRole) bool { return r == ev.Role })
		if len(roles) == 0 {
			delete(s.Roles, ev.Person)
		} else {
			s.Roles[ev.Person] = roles
		}
	case *AccessGranted:
		s.Grants[ev.Grant] = GrantRecord{Grant: ev.Grant, GrantedBy: ev.GrantedBy, GrantedAt: at}
	case *AccessRevoked:
		delete(s.Grants, ev.Grant)
	case *ContactPointsSet:
		s.EmailAddresses = ev.EmailAddresses
		s.MobileNumbers = ev.MobileNumbers
	}
}

// HasKeyRoleHolder reports whether anyone holds a key role in the
// organization, so that someone could be given access to its mail.
func (s *OrganizationState) HasKeyRoleHolder() bool { return len(s.Roles) > 0 }

// AccessOf returns the key roles and grants person holds in the organization.
func (s *OrganizationState) AccessOf(person PersonID) Access {
	access := Access{Roles: s.Roles[person]}
	for g := range s.Grants {
		if g.Person == person {
			access.Grants = append(access.Grants, g)
		}
	}
	return access
}

// RoleChange is the command to assign or remove a key role.
type RoleChange struct {
	Organization string
	Person       string
	Role         string
}

// ParseRoleChange validates cmd's fields.
func ParseRoleChange(cmd RoleChange) (OrganizationNumber, PersonID, KeyRole, error) {
	org, err := ParseOrganizationNumber(cmd.Organization)
	if err != nil {
		return "", "", "", invalid("organization", "%s", trimKind(err))
	}
	person, err := ParsePersonID(cmd.Person)
	if err != nil {
		return "", "", "", invalid("person", "%s", trimKind(err))
	}
	role, err := ParseKeyRole(cmd.Role)
	if err != nil {
		return "", "", "", invalid("role", "%v", err)
	}
	return org, person, role, nil
}

// DecideAssignRole returns the event that assigns the role, or none when the
// person already holds it.
func DecideAssignRole(caller Caller, state *OrganizationState, person PersonID, role KeyRole) ([]Event, error) {
	if err := AuthorizeRegisterWrite(caller); err != nil {
		return nil, err
	}
	if slices.Contains(state.Roles[person], role) {
		return nil, nil
	}
	return []Event{&KeyRoleAssigned{Organization: state.Organization, Person: person, Role: role}}, nil
}

// DecideRemoveRole returns the event that removes the role. Removing a role
// the person does not hold is NOT_FOUND.
func DecideRemoveRole(caller Caller, state *OrganizationState, person PersonID, role KeyRole) ([]Event, error) {
	if err := AuthorizeRegisterWrite(caller); err != nil {
		return nil, err
	}
	if !slices.Contains(state.Roles[person], role) {
		return nil, notFound("%s holds no role %s in %s", person.URN(), role, state.Organization.URN())
	}
	return []Event{&KeyRoleRemoved{Organization: state.Organization, Person: person, Role: role}}, nil
}

// AccessChange is the command to grant or revoke access. Exactly one of
// ResourceID and AccessPackage must be set.
type AccessChange struct {
	Organization  string
	To            string
	ResourceID    string
	AccessPackage string
}

// ParseAccessChange validates cmd's fields and returns the organization and
// the grant.
func ParseAccessChange(cmd AccessChange) (OrganizationNumber, Grant, error) {
	org, err := ParseOrganizationNumber(cmd.Organization)
	if err != nil {
		return "", Grant{}, invalid("organization", "%s", trimKind(err))
	}
	person, err := ParsePersonID(cmd.To)
	if err != nil {
		return "", Grant{}, invalid("to", "%s", trimKind(err))
	}

	switch {
	case cmd.ResourceID != "" && cmd.AccessPackage != "":
		return "", Grant{}, invalid("accessPackage", "give either resourceId or accessPackage, not both")
	case cmd.ResourceID == "" && cmd.AccessPackage == "":
		return "", Grant{}, invalid("resourceId", "is required unless accessPackage is given: name the resource or the access package to delegate")
	case cmd.ResourceID != "":
		if err := ValidateResourceID("resourceId", cmd.ResourceID); err != nil {
			return "", Grant{}, err
		}
	default:
		if err := ValidateAccessPackage("accessPackage", cmd.AccessPackage); err != nil {
			return "", Grant{}, err
		}
	}
	return org, Grant{Person: person, ResourceID: cmd.ResourceID, AccessPackage: cmd.AccessPackage}, nil
}

// DecideGrantAccess returns the event that grants g, or none when it is
// already granted. Only a main administrator of the organization may grant,
// to anyone, themselves included.
//
// targetKnown reports whether the grant's resource is registered, or whether
// a registered resource's policy lists the grant's access package. The two
// mail packages are always known.
func DecideGrantAccess(caller Caller, state *OrganizationState, g Grant, targetKnown bool) ([]Event, error) {
	if err := AuthorizeAdministration(caller, state.Organization, state.Roles[caller.Person]); err != nil {
		return nil, err
	}
	if g.ResourceID != "" && !targetKnown {
		return nil, invalid("resourceId", "resource %s is not registered; check the id in the resource registry", g.ResourceID)
	}
	mailPackage := g.AccessPackage == PackageOrdinaryMail || g.AccessPackage == PackageConfidentialMail
	if g.AccessPackage != "" && !targetKnown && !mailPackage {
		return nil, invalid("accessPackage", "%s gives read on no registered resource, so the grant would give nothing; use %s or %s, or a package a resource lists", g.AccessPackage, PackageOrdinaryMail, PackageConfidentialMail)
	}
	if _, ok := state.Grants[g]; ok {
		return nil, nil
	}
	return []Event{&AccessGranted{Organization: state.Organization, Grant: g, GrantedBy: caller.Person}}, nil
}

// DecideRevokeAccess returns the event that revokes g. Revoking a grant that
// does not exist is NOT_FOUND.
func DecideRevokeAccess(caller Caller, state *OrganizationState, g Grant) ([]Event, error) {
	if err := AuthorizeAdministration(caller, state.Organization, state.Roles[caller.Person]); err != nil {
		return nil, err
	}
	if _, ok := state.Grants[g]; !ok {
		return nil, notFound("%s has no such grant in %s", g.Person.URN(), state.Organization.URN())
	}
	return []Event{&AccessRevoked{Organization: state.Organization, Grant: g, RevokedBy: caller.Person}}, nil
}

// SetContactPoints is the command to replace an organization's contact
// points for notifications.
type SetContactPoints struct {
	Organization   string
	EmailAddresses []string
	MobileNumbers  []string
}

// DecideSetContactPoints validates cmd and returns the event that replaces
// the contact points, or none when they are unchanged.
func DecideSetContactPoints(caller Caller, state *OrganizationState, cmd SetContactPoints) ([]Event, error) {
	if err := AuthorizeRegisterWrite(caller); err != nil {
		return nil, err
	}

	emails := make([]string, 0, len(cmd.EmailAddresses))
	for i, raw := range cmd.EmailAddresses {
		addr, err := mail.ParseAddress(strings.TrimSpace(raw))
		if err != nil || addr.Name != "" || !strings.Contains(addr.Address[strings.LastIndex(addr.Address, "@")+1:], ".") {
			return nil, invalid(fmt.Sprintf("emailAddresses[%d]", i), "%q is not an email address such as post@example.no", raw)
		}
		if !slices.Contains(emails, strings.ToLower(addr.Address)) {
			emails = append(emails, strings.ToLower(addr.Address))
		}
	}
	mobiles := make([]string, 0, len(cmd.MobileNumbers))
	for i, raw := range cmd.MobileNumbers {
		number, ok := normalizeMobileNumber(raw)
		if !ok {
			return nil, invalid(fmt.Sprintf("mobileNumbers[%d]", i), "%q is not a mobile number: give 8 digits starting with 4 or 9, or an international number starting with +", raw)
		}
		if !slices.Contains(mobiles, number) {
			mobiles = append(mobiles, number)
		}
	}

	if slices.Equal(emails, state.EmailAddresses) && slices.Equal(mobiles, state.MobileNumbers) {
		return nil, nil
	}
	return []Event{&ContactPointsSet{Organization: state.Organization, EmailAddresses: emails, MobileNumbers: mobiles}}, nil
}

// normalizeMobileNumber returns a Norwegian mobile number as +47 followed by
// 8 digits, or an international number as + followed by 8 to 15 digits.
func normalizeMobileNumber(raw string) (string, bool) {
	s := strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(raw))
	if strings.HasPrefix(s, "0047") {
		s = "+" + s[2:]
	}
	if len(s) == 8 && allDigits(s) && (s[0] == '4' || s[0] == '9') {
		return "+47" + s, true
	}
	if !strings.HasPrefix(s, "+") || !allDigits(s[1:]) || len(s) < 9 || len(s) > 16 {
		return "", false
	}
	if strings.HasPrefix(s, "+47") && (len(s) != 11 || (s[3] != '4' && s[3] != '9')) {
		return "", false
	}
	return s, true
}
