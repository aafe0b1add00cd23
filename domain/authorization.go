package domain

import "slices"

// Scope is an OAuth scope carried by the caller's token.
type Scope string

// The scopes Postvern accepts.
const (
	ScopeCorrespondenceRead  Scope = "postvern:correspondence.read"
	ScopeCorrespondenceWrite Scope = "postvern:correspondence.write"
	ScopeRegisterWrite       Scope = "postvern:register.write"
	ScopeEventsRead          Scope = "postvern:events.read"
)

// Scopes returns every scope Postvern accepts.
func Scopes() []Scope {
	return []Scope{ScopeCorrespondenceRead, ScopeCorrespondenceWrite, ScopeRegisterWrite, ScopeEventsRead}
}

// Caller is the authenticated identity behind a request: a person or an
// organization, with the scopes of its token.
type Caller struct {
	Person       PersonID
	Organization OrganizationNumber
	Scopes       []Scope
}

// Has reports whether the caller's token carries scope.
func (c Caller) Has(scope Scope) bool { return slices.Contains(c.Scopes, scope) }

// URN returns the caller's party URN, for event metadata.
func (c Caller) URN() string {
	if c.Person != "" {
		return c.Person.URN()
	}
	if c.Organization != "" {
		return c.Organization.URN()
	}
	return ""
}

// This file is the one place that decides who may do what. Projections,
// command handlers and the GraphQL layer call these functions and never
// decide access themselves.

// AuthorizeRegisterWrite allows ingesting register data: resources, key roles
// and contact points.
func AuthorizeRegisterWrite(c Caller) error {
	if !c.Has(ScopeRegisterWrite) {
		return forbidden("this operation needs the scope %s", ScopeRegisterWrite)
	}
	return nil
}

// AuthorizeEventsRead allows reading the event history.
func AuthorizeEventsRead(c Caller) error {
	if !c.Has(ScopeEventsRead) {
		return forbidden("reading the event history needs the scope %s", ScopeEventsRead)
	}
	return nil
}

// AuthorizePersonRead allows a person to read their own inbox. It returns the
// person.
func AuthorizePersonRead(c Caller) (PersonID, error) {
	if c.Person == "" {
		return "", forbidden("this query needs a person token (pid); an organization token cannot read inboxes")
	}
	if !c.Has(ScopeCorrespondenceRead) {
		return "", forbidden("this query needs the scope %s", ScopeCorrespondenceRead)
	}
	return c.Person, nil
}

// AuthorizeSender allows a caller to send at all: an organization token with
// the write scope. AuthorizeSend then checks the sender and the resource.
func AuthorizeSender(c Caller) error {
	if c.Organization == "" {
		return forbidden("sending needs an organization token (consumer) with the scope %s; a person token cannot send", ScopeCorrespondenceWrite)
	}
	if !c.Has(ScopeCorrespondenceWrite) {
		return forbidden("sending needs the scope %s", ScopeCorrespondenceWrite)
	}
	return nil
}

// AuthorizeSend allows an organization to send on a resource it owns. sender
// is the organization named as sender in the request.
func AuthorizeSend(c Caller, sender OrganizationNumber, resource Resource) error {
	if err := AuthorizeSender(c); err != nil {
		return err
	}
	if sender != c.Organization {
		return forbidden("the token is for %s and cannot send as %s", c.Organization.URN(), sender.URN())
	}
	if resource.Owner != sender {
		return forbidden("%s does not own resource %s and cannot send on it", sender.URN(), resource.ID)
	}
	return nil
}

// AuthorizeAdministration allows a person to administer access in org: only
// its main administrators, who are the holders of a key role. It also gates
// the admin views of the organization.
func AuthorizeAdministration(c Caller, org OrganizationNumber, roles []KeyRole) error {
	if _, err := AuthorizePersonRead(c); err != nil {
		return err
	}
	if !IsMainAdministrator(roles) {
		return forbidden("only a main administrator of %s may do this; main administrators are the organization's key role holders", org.URN())
	}
	return nil
}

// IsMainAdministrator reports whether a person with roles in an organization
// is its main administrator: every key role holder is.
func IsMainAdministrator(roles []KeyRole) bool { return len(roles) > 0 }

// Access is what one person holds in one organization: key roles and
// delegations.
type Access struct {
	Roles  []KeyRole
	Grants []Grant
}

// ReadTarget is the part of a correspondence that the read rule depends on.
type ReadTarget struct {
	Recipient      Party
	IsConfidential bool
	// Resource is the resource the correspondence was sent on, with its
	// current access packages.
	Resource Resource
}

// ReadReason is the read rule's decision and its basis.
type ReadReason struct {
	Allowed bool
	// Basis is "recipient", "key-role", "resource-delegation" or
	// "package-delegation"; empty when not allowed.
	Basis string
	// Detail is the key role code, resource id or access package behind the
	// basis.
	Detail string
}

// CanRead is the read rule: it decides whether person, holding access in the
// recipient organization, may read target. It is the only function that
// decides visibility.
//
// A correspondence to a person is readable by that person alone. A
// confidential correspondence to an organization is readable only through a
// delegation of its resource or of the confidential mail package: key roles,
// the general manager and main administrator included, give nothing. Ordinary
// correspondence is also readable by key roles that have the ordinary mail
// package by default, when the resource's policy includes it, and through a
// delegation of any package in the policy.
func CanRead(person PersonID, access Access, target ReadTarget) ReadReason {
	if !target.Recipient.IsOrganization() {
		if target.Recipient.Person == person {
			return ReadReason{Allowed: true, Basis: "recipient", Detail: person.URN()}
		}
		return ReadReason{}
	}

	for _, g := range access.Grants {
		if g.Person != person {
			continue
		}
		if g.ResourceID != "" && g.ResourceID == target.Resource.ID {
			return ReadReason{Allowed: true, Basis: "resource-delegation", Detail: g.ResourceID}
		}
	}
	for _, g := range access.Grants {
		if g.Person != person || g.AccessPackage == "" {
			continue
		}
		if target.IsConfidential && g.AccessPackage == PackageConfidentialMail {
			return ReadReason{Allowed: true, Basis: "package-delegation", Detail: g.AccessPackage}
		}
		if !target.IsConfidential && target.Resource.GivesRead(g.AccessPackage) {
			return ReadReason{Allowed: true, Basis: "package-delegation", Detail: g.AccessPackage}
		}
	}
	if target.IsConfidential {
		return ReadReason{}
	}

	if !target.Resource.GivesRead(PackageOrdinaryMail) {
		return ReadReason{}
	}
	for _, role := range access.Roles {
		if role.HasOrdinaryMailByDefault() {
			return ReadReason{Allowed: true, Basis: "key-role", Detail: string(role)}
		}
	}
	return ReadReason{}
}

// CanActFor reports whether person may act for party: their own person party,
// or an organization where access shows a key role or a grant to person.
// Grants to anyone else count for nothing, as in CanRead.
func CanActFor(person PersonID, party Party, access Access) bool {
	if !party.IsOrganization() {
		return party.Person == person
	}
	if len(access.Roles) > 0 {
		return true
	}
	return slices.ContainsFunc(access.Grants, func(g Grant) bool { return g.Person == person })
}
