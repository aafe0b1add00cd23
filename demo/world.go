package demo

import (
	"math/rand/v2"
	"slices"

	"github.com/postvern/postvern/domain"
)

// Seed salts keep the random streams of the dataset's parts apart, so that
// the organizations do not draw the same numbers as the correspondence.
const (
	worldSalt          uint64 = 0x9e3779b97f4a7c15
	setupIDSalt        uint64 = 0xbf58476d1ce4e5b9
	correspondenceSalt uint64 = 0x94d049bb133111eb
	correspondenceIDs  uint64 = 0x2545f4914f6cdd1d
)

// Indexes of the organizations and persons that the personas are built on.
// Organizations 0 to 2 are the public test organizations, and persons 0 to 3
// the public test persons.
const (
	// generalManagerOrg gets confidential mail but no delegation of it, so its
	// mail stays awaiting access.
	generalManagerOrg = 0
	// employeeOrg delegates both mail packages to employeePerson.
	employeeOrg = 1
	// selfGrantOrg has a general manager who delegates the confidential mail
	// package to themselves.
	selfGrantOrg = 2

	generalManagerPerson = 0
	employeePerson       = 1
	selfGrantPerson      = 2
	analystPerson        = 3
)

// roleAssignment is one key role of one person in an organization.
type roleAssignment struct {
	person domain.PersonID
	role   domain.KeyRole
}

// organization is a recipient organization as planned, before any command
// runs.
type organization struct {
	number domain.OrganizationNumber
	roles  []roleAssignment
	// admin is the main administrator who makes the organization's grants:
	// its first key role holder. It is empty when no one holds a key role.
	admin  domain.PersonID
	grants []domain.Grant
	// contactPoints is nil for an organization without any.
	contactPoints *domain.SetContactPoints
}

// readers returns the persons who may read correspondence on resource r sent
// to the organization, by the rule of domain.CanRead. Key roles read ordinary
// mail only. Confidential mail needs a delegation of the resource or of the
// confidential mail package.
func (o *organization) readers(r *resourceSpec) []domain.PersonID {
	var persons []domain.PersonID
	add := func(p domain.PersonID) {
		if !slices.Contains(persons, p) {
			persons = append(persons, p)
		}
	}

	for _, g := range o.grants {
		switch {
		case g.ResourceID == r.id:
			add(g.Person)
		case r.confidential && g.AccessPackage == domain.PackageConfidentialMail:
			add(g.Person)
		case !r.confidential && g.AccessPackage == domain.PackageOrdinaryMail:
			add(g.Person)
		}
	}
	if r.confidential {
		return persons
	}
	for _, ra := range o.roles {
		if ra.role.HasOrdinaryMailByDefault() {
			add(ra.person)
		}
	}
	return persons
}

// holdsRole reports whether person holds any key role in the organization.
func (o *organization) holdsRole(person domain.PersonID) bool {
	return slices.ContainsFunc(o.roles, func(ra roleAssignment) bool { return ra.person == person })
}

// world is the planned dataset: persons, organizations with their roles,
// contact points and grants. Correspondence is not part of it, because each
// item is generated from its index when it is sent.
type world struct {
	persons       []domain.PersonID
	organizations []*organization
	// withKeyRole holds the indexes of the organizations that have a key role
	// holder, the only ones that may receive confidential mail.
	withKeyRole []int
	// employees are the persons who are no organization's first key role
	// holder. Grants go to them.
	employees []domain.PersonID
}

// planWorld generates persons and organizations from cfg's seed. The same
// config always gives the same world.
func planWorld(cfg Config) *world {
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), worldSalt))
	w := &world{}

	w.persons = planPersons(rng, cfg.Persons)
	numbers := planOrganizationNumbers(rng, cfg.Organizations)

	// Every organization's first key role holder is a different person.
	// The persona persons are placed by hand, and the rest come in random
	// order from the persons after the public test persons.
	others := slices.Clone(w.persons[len(publicTestPersons):])
	rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	primaries := make([]domain.PersonID, len(numbers))
	primaries[generalManagerOrg] = w.persons[generalManagerPerson]
	primaries[selfGrantOrg] = w.persons[selfGrantPerson]
	next := 0
	isPrimary := map[domain.PersonID]bool{}
	for i := range primaries {
		if primaries[i] == "" {
			primaries[i] = others[next]
			next++
		}
		isPrimary[primaries[i]] = true
	}
	for _, p := range w.persons {
		if !isPrimary[p] {
			w.employees = append(w.employees, p)
		}
	}

	for i, number := range numbers {
		org := &organization{number: number}
		w.planRoles(rng, org, i, primaries[i])
		w.planGrants(rng, org, i)
		planContactPoints(rng, org, i)
		w.organizations = append(w.organizations, org)
		if len(org.roles) > 0 {
			w.withKeyRole = append(w.withKeyRole, i)
		}
	}
	return w
}

// planPersons returns count distinct synthetic persons, the public test
// persons first.
func planPersons(rng *rand.Rand, count int) []domain.PersonID {
	persons := slices.Clone(publicTestPersons)
	seen := map[domain.PersonID]bool{}
	for _, p := range persons {
		seen[p] = true
	}
	for len(persons) < count {
		p := randomSyntheticPersonID(rng)
		if !seen[p] {
			seen[p] = true
			persons = append(persons, p)
		}
	}
	return persons
}

// planOrganizationNumbers returns count distinct organization numbers, the
// public test organizations first. None is an agency's or the register's.
func planOrganizationNumbers(rng *rand.Rand, count int) []domain.OrganizationNumber {
	taken := map[domain.OrganizationNumber]bool{registerOrganization: true}
	for _, a := range agencies {
		taken[a.number] = true
	}
	numbers := slices.Clone(publicTestOrganizations)
	for _, n := range numbers {
		taken[n] = true
	}
	for len(numbers) < count {
		n := randomOrganizationNumber(rng)
		if !taken[n] {
			taken[n] = true
			numbers = append(numbers, n)
		}
	}
	return numbers
}

// planRoles gives org the key roles of a legal form drawn at random. About 2%
// of organizations have no key role holder and 10% are sole proprietorships
// (INNH). 5% have rarer forms, such as partnerships or a bankrupt estate. The
// rest are limited companies with a general manager (DAGL) and often a chair
// of the board (LEDE). The public test organizations are always limited
// companies.
func (w *world) planRoles(rng *rand.Rand, org *organization, index int, primary domain.PersonID) {
	form := rng.Float64()
	if index < len(publicTestOrganizations) {
		form = 1
	}

	switch {
	case form < 0.02:
		return
	case form < 0.12:
		org.roles = append(org.roles, roleAssignment{primary, domain.RoleSoleProprietor})
	case form < 0.17:
		w.planRareForm(rng, org, primary)
	default:
		org.roles = append(org.roles, roleAssignment{primary, domain.RoleGeneralManager})
		if rng.Float64() < 0.7 {
			// In small companies the general manager often chairs the board too.
			chair := primary
			if rng.Float64() < 0.75 {
				chair = w.otherPerson(rng, primary)
			}
			if chair != "" {
				org.roles = append(org.roles, roleAssignment{chair, domain.RoleChairOfTheBoard})
			}
		}
	}
	org.admin = org.roles[0].person
}

// planRareForm gives org the roles of one of the rarer legal forms.
func (w *world) planRareForm(rng *rand.Rand, org *organization, primary domain.PersonID) {
	second := func(role domain.KeyRole) {
		if p := w.otherPerson(rng, primary); p != "" {
			org.roles = append(org.roles, roleAssignment{p, role})
		}
	}

	switch rng.IntN(6) {
	case 0: // general partnership (ANS)
		org.roles = append(org.roles, roleAssignment{primary, domain.RolePartnerUnlimited})
		second(domain.RolePartnerUnlimited)
	case 1: // partnership with shared liability (DA)
		org.roles = append(org.roles, roleAssignment{primary, domain.RolePartnerShared})
		second(domain.RolePartnerShared)
	case 2: // limited partnership (KS)
		org.roles = append(org.roles, roleAssignment{primary, domain.RoleGeneralManager})
		second(domain.RoleGeneralPartner)
	case 3: // jointly owned ship (partsrederi)
		org.roles = append(org.roles, roleAssignment{primary, domain.RoleManagingShipowner})
	case 4: // bankrupt estate
		org.roles = append(org.roles, roleAssignment{primary, domain.RoleEstateAdministrator})
	default: // Norwegian branch of a foreign entity (NUF)
		// REPR gives no ordinary mail by default, so in half of these no one
		// reads ordinary mail without a delegation.
		org.roles = append(org.roles, roleAssignment{primary, domain.RoleNorwegianRepresenter})
		if rng.IntN(2) == 0 {
			second(domain.RoleGeneralManager)
		}
	}
}

// otherPerson returns a random person other than except, who may hold roles
// in other organizations, or "" when there is none. The persona persons are
// never drawn, so that the employee persona holds no key role.
func (w *world) otherPerson(rng *rand.Rand, except domain.PersonID) domain.PersonID {
	candidates := w.persons[len(publicTestPersons):]
	for range 10 {
		p := candidates[rng.IntN(len(candidates))]
		if p != except {
			return p
		}
	}
	return ""
}

// employee returns a random person without a key role in org, or "" when ten
// draws found none.
func (w *world) employee(rng *rand.Rand, org *organization) domain.PersonID {
	for range 10 {
		p := w.employees[rng.IntN(len(w.employees))]
		if !org.holdsRole(p) {
			return p
		}
	}
	return ""
}

// planGrants decides the delegations that org's main administrator makes.
// Most organizations delegate nothing, so most confidential mail stays
// awaiting access. The persona organizations get fixed grants.
func (w *world) planGrants(rng *rand.Rand, org *organization, index int) {
	if org.admin == "" {
		return
	}
	grant := func(g domain.Grant) {
		if g.Person != "" && !slices.Contains(org.grants, g) {
			org.grants = append(org.grants, g)
		}
	}
	ordinary := func(p domain.PersonID) { grant(domain.Grant{Person: p, AccessPackage: domain.PackageOrdinaryMail}) }
	confidential := func(p domain.PersonID) { grant(domain.Grant{Person: p, AccessPackage: domain.PackageConfidentialMail}) }
	resource := func(p domain.PersonID, r *resourceSpec) { grant(domain.Grant{Person: p, ResourceID: r.id}) }

	switch index {
	case generalManagerOrg:
		ordinary(w.employee(rng, org))
		return
	case employeeOrg:
		ordinary(w.persons[employeePerson])
		confidential(w.persons[employeePerson])
		return
	case selfGrantOrg:
		confidential(org.admin)
		resource(w.employee(rng, org), resourceByID("politiet-bekymringsmelding"))
		return
	}

	if rng.Float64() < 0.25 {
		for range 1 + rng.IntN(3) {
			ordinary(w.employee(rng, org))
		}
	}
	if rng.Float64() < 0.06 {
		confidential(w.employee(rng, org))
	}
	if rng.Float64() < 0.04 {
		resource(w.employee(rng, org), pickResource(rng, confidentialResources))
	}
	if rng.Float64() < 0.04 {
		// An accountant, say, who reads one kind of ordinary mail only.
		resource(w.employee(rng, org), pickResource(rng, ordinaryResources))
	}
	if rng.Float64() < 0.03 {
		confidential(org.admin)
	}
}

// planContactPoints gives about 90% of organizations, and every public test
// organization, an email address and often a mobile number.
func planContactPoints(rng *rand.Rand, org *organization, index int) {
	if index >= len(publicTestOrganizations) && rng.Float64() < 0.1 {
		return
	}
	cmd := &domain.SetContactPoints{
		Organization:   string(org.number),
		EmailAddresses: []string{"post@" + string(org.number) + ".example.no"},
	}
	if rng.Float64() < 0.3 {
		cmd.EmailAddresses = append(cmd.EmailAddresses, "regnskap@"+string(org.number)+".example.no")
	}
	mobiles := 0
	switch r := rng.Float64(); {
	case r < 0.15:
		mobiles = 2
	case r < 0.85:
		mobiles = 1
	}
	for range mobiles {
		cmd.MobileNumbers = append(cmd.MobileNumbers, randomMobileNumber(rng))
	}
	org.contactPoints = cmd
}
