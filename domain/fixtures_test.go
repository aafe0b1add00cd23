package domain_test

import (
	"encoding/binary"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
)

// Identifiers shared by the domain tests. Every one passes its check digits:
// the organizations and persons are test identifiers from Altinn's public
// test suites, and the synthetic persons add 80 to the birth month.
const (
	senderOrg    domain.OrganizationNumber = "991825827" // a service owner
	recipientOrg domain.OrganizationNumber = "310057223"
	secondOrg    domain.OrganizationNumber = "313006425"
	noRolesOrg   domain.OrganizationNumber = "313734501" // no key role holder

	manager  domain.PersonID = "08844397713" // general manager of recipientOrg
	employee domain.PersonID = "13838599936"
	outsider domain.PersonID = "29886896598"
	citizen  domain.PersonID = "15864799741" // receives mail as a person
)

// otherPackage is an access package that is neither of the two mail packages.
const otherPackage = "urn:altinn:accesspackage:skattegrunnlag"

// confidentialResource returns a resource whose policy gives read through the
// confidential mail package only.
func confidentialResource() domain.Resource {
	return domain.Resource{
		ID:    "barnevern-bekymringsmelding",
		Owner: senderOrg,
		Name: domain.LocalizedText{
			NB: "Bekymringsmelding til barnevernet",
			NN: "Uromelding til barnevernet",
			EN: "Report of concern to child welfare",
		},
		AccessPackages: []string{domain.PackageConfidentialMail},
	}
}

// secondConfidentialResource returns another confidential resource, so tests
// can tell a grant of one resource from a grant of the other.
func secondConfidentialResource() domain.Resource {
	return domain.Resource{
		ID:             "politiet-innkalling",
		Owner:          senderOrg,
		Name:           domain.LocalizedText{NB: "Innkalling fra politiet"},
		AccessPackages: []string{domain.PackageConfidentialMail},
	}
}

// ordinaryResource returns a resource whose policy gives read through the
// ordinary mail package.
func ordinaryResource() domain.Resource {
	return domain.Resource{
		ID:             "kommune-vedtak",
		Owner:          senderOrg,
		Name:           domain.LocalizedText{NB: "Vedtak fra kommunen", EN: "Decision from the municipality"},
		AccessPackages: []string{domain.PackageOrdinaryMail},
	}
}

// narrowResource returns a non-confidential resource whose policy lacks the
// ordinary mail package, so key roles get nothing by default.
func narrowResource() domain.Resource {
	return domain.Resource{
		ID:             "skatt-grunnlag",
		Owner:          senderOrg,
		Name:           domain.LocalizedText{NB: "Skattegrunnlag"},
		AccessPackages: []string{otherPackage},
	}
}

// sequentialIDs returns a NewID function whose ids are 1, 2, 3 … in their
// last eight bytes, so that decisions are deterministic.
func sequentialIDs() func() uuid.UUID {
	var n uint64
	return func() uuid.UUID {
		n++
		var id uuid.UUID
		binary.BigEndian.PutUint64(id[8:], n)
		return id
	}
}

// sequentialID returns the n-th id of sequentialIDs.
func sequentialID(n uint64) uuid.UUID {
	var id uuid.UUID
	binary.BigEndian.PutUint64(id[8:], n)
	return id
}
