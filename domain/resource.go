package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Access packages that matter for correspondence.
const (
	// PackageOrdinaryMail gives read to ordinary mail. Key roles other than
	// REPR have it without a delegation.
	PackageOrdinaryMail = "urn:altinn:accesspackage:ordinaer-post-til-virksomheten"
	// PackageConfidentialMail gives read to confidential mail. No one holds it
	// until a main administrator delegates it.
	PackageConfidentialMail = "urn:altinn:accesspackage:post-til-virksomheten-med-taushetsbelagt-innhold"
	// AccessPackageURNPrefix is the prefix of every access package URN.
	AccessPackageURNPrefix = "urn:altinn:accesspackage:"
)

// Resource is a service in the resource registry, on which service owners
// send correspondence.
type Resource struct {
	ID    string        `json:"id"`
	Owner Organization  `json:"owner"`
	Name  LocalizedText `json:"name"`
	// AccessPackages are the packages whose holders may read correspondence
	// sent on the resource.
	AccessPackages []string `json:"accessPackages"`
}

// Organization is an organization number as stored in events.
type Organization = OrganizationNumber

// LocalizedText is a text in Norwegian bokmål, nynorsk and English.
type LocalizedText struct {
	NB string `json:"nb"`
	NN string `json:"nn,omitempty"`
	EN string `json:"en,omitempty"`
}

// In returns the text in language ("nb", "nn" or "en"), falling back to
// bokmål when that language is missing.
func (t LocalizedText) In(language string) string {
	switch {
	case language == "nn" && t.NN != "":
		return t.NN
	case language == "en" && t.EN != "":
		return t.EN
	default:
		return t.NB
	}
}

// Confidential reports whether the resource's policy grants read through the
// confidential mail package and not through the ordinary one.
func (r Resource) Confidential() bool {
	return slices.Contains(r.AccessPackages, PackageConfidentialMail) &&
		!slices.Contains(r.AccessPackages, PackageOrdinaryMail)
}

// GivesRead reports whether the access package gives read on the resource.
func (r Resource) GivesRead(accessPackage string) bool {
	return slices.Contains(r.AccessPackages, accessPackage)
}

// ValidateResourceID checks that id looks like a resource registry id:
// 1 to 100 lowercase letters, digits, hyphens or underscores.
func ValidateResourceID(field, id string) error {
	if id == "" {
		return invalid(field, "is required: give the resource registry id, such as politiet-bekymringsmelding")
	}
	if len(id) > 100 {
		return invalid(field, "is %d characters long; the maximum is 100", len(id))
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return invalid(field, "%q contains %q; use only lowercase letters a-z, digits, hyphens and underscores", id, c)
		}
	}
	return nil
}

// ValidateAccessPackage checks that p is an access package URN.
func ValidateAccessPackage(field, p string) error {
	name, ok := strings.CutPrefix(p, AccessPackageURNPrefix)
	if !ok || name == "" {
		return invalid(field, "%q is not an access package: expected %s<name>, such as %s", p, AccessPackageURNPrefix, PackageOrdinaryMail)
	}
	if strings.ContainsAny(name, " :\t\n") {
		return invalid(field, "%q is not an access package: the name after %s must not contain spaces or colons", p, AccessPackageURNPrefix)
	}
	return nil
}

// RegisterResource is the command to register a resource or change one.
type RegisterResource struct {
	ID             string
	Owner          string
	Name           LocalizedText
	AccessPackages []string
}

// ResourceState is a resource stream folded: the resource and whether it
// exists.
type ResourceState struct {
	Exists   bool
	Resource Resource
}

// Apply folds one event of the resource stream into the state.
func (s *ResourceState) Apply(e Event) {
	switch ev := e.(type) {
	case *ResourceRegistered:
		s.Exists = true
		s.Resource = ev.Resource
	case *ResourceUpdated:
		s.Resource = ev.Resource
	}
}

// DecideRegisterResource validates cmd and returns the event to append: none
// when the resource is already registered exactly so.
func DecideRegisterResource(caller Caller, state ResourceState, cmd RegisterResource) ([]Event, error) {
	if err := AuthorizeRegisterWrite(caller); err != nil {
		return nil, err
	}
	resource, err := validateResource(cmd)
	if err != nil {
		return nil, err
	}

	if !state.Exists {
		return []Event{&ResourceRegistered{Resource: resource}}, nil
	}
	if state.Resource.Owner != resource.Owner {
		return nil, invalid("owner", "resource %s is owned by %s and its owner cannot change; register a new resource id instead", resource.ID, state.Resource.Owner.URN())
	}
	if sameResource(state.Resource, resource) {
		return nil, nil
	}
	return []Event{&ResourceUpdated{Resource: resource}}, nil
}

func validateResource(cmd RegisterResource) (Resource, error) {
	if err := ValidateResourceID("id", cmd.ID); err != nil {
		return Resource{}, err
	}
	owner, err := ParseOrganizationNumber(cmd.Owner)
	if err != nil {
		return Resource{}, invalid("owner", "%v", trimKind(err))
	}
	if strings.TrimSpace(cmd.Name.NB) == "" {
		return Resource{}, invalid("name.nb", "is required: give the resource's name in Norwegian bokmål")
	}
	names := []struct{ field, text string }{{"name.nb", cmd.Name.NB}, {"name.nn", cmd.Name.NN}, {"name.en", cmd.Name.EN}}
	for _, n := range names {
		if length := len([]rune(n.text)); length > 255 {
			return Resource{}, invalid(n.field, "is %d characters long; the maximum is 255", length)
		}
	}
	if len(cmd.AccessPackages) == 0 {
		return Resource{}, invalid("accessPackages", "is empty: list the access packages that give read, such as %s", PackageOrdinaryMail)
	}

	packages := make([]string, 0, len(cmd.AccessPackages))
	for i, p := range cmd.AccessPackages {
		field := fmt.Sprintf("accessPackages[%d]", i)
		if err := ValidateAccessPackage(field, p); err != nil {
			return Resource{}, err
		}
		if slices.Contains(packages, p) {
			return Resource{}, invalid(field, "%q is listed twice", p)
		}
		packages = append(packages, p)
	}
	slices.Sort(packages)

	return Resource{ID: cmd.ID, Owner: owner, Name: cmd.Name, AccessPackages: packages}, nil
}

func sameResource(a, b Resource) bool {
	return a.ID == b.ID && a.Owner == b.Owner && a.Name == b.Name && slices.Equal(a.AccessPackages, b.AccessPackages)
}

// trimKind returns the message of an identifier error without the sentinel
// suffix, for use inside a validation message.
func trimKind(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+ErrInvalidIdentifier.Error())
}
