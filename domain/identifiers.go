package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// URN prefixes that Altinn uses for parties.
const (
	OrganizationURNPrefix = "urn:altinn:organization:identifier-no:"
	PersonURNPrefix       = "urn:altinn:person:identifier-no:"
)

// ErrInvalidIdentifier reports an organization number or national identity
// number that is malformed or fails its check digits.
var ErrInvalidIdentifier = errors.New("invalid identifier")

// OrganizationNumber is a 9-digit Norwegian organization number whose last
// digit is a mod-11 check digit.
type OrganizationNumber string

// PersonID is an 11-digit Norwegian national identity number (fødselsnummer),
// a D-number, or a synthetic test person's number.
type PersonID string

// ParseOrganizationNumber accepts a bare 9-digit number or an organization
// URN and checks the mod-11 check digit.
func ParseOrganizationNumber(s string) (OrganizationNumber, error) {
	digits := strings.TrimPrefix(strings.TrimSpace(s), OrganizationURNPrefix)
	if len(digits) != 9 || !allDigits(digits) {
		return "", fmt.Errorf("%q is not an organization number: expected 9 digits or %sNNNNNNNNN: %w", s, OrganizationURNPrefix, ErrInvalidIdentifier)
	}

	check, ok := mod11(digits[:8], []int{3, 2, 7, 6, 5, 4, 3, 2})
	if !ok || check != int(digits[8]-'0') {
		return "", fmt.Errorf("%q is not an organization number: the check digit is wrong: %w", s, ErrInvalidIdentifier)
	}
	return OrganizationNumber(digits), nil
}

// CompleteOrganizationNumber appends the check digit to the first eight
// digits of an organization number. It returns false when no check digit
// makes them valid, as happens for about one in eleven prefixes.
func CompleteOrganizationNumber(first8 string) (OrganizationNumber, bool) {
	if len(first8) != 8 || !allDigits(first8) {
		return "", false
	}
	check, ok := mod11(first8, []int{3, 2, 7, 6, 5, 4, 3, 2})
	if !ok {
		return "", false
	}
	return OrganizationNumber(first8 + string(rune('0'+check))), true
}

// URN returns the organization's Altinn URN.
func (o OrganizationNumber) URN() string { return OrganizationURNPrefix + string(o) }

// ParsePersonID accepts a bare 11-digit number or a person URN and checks the
// birth date and both mod-11 check digits. D-numbers (4 added to the first
// digit) and synthetic test persons (80 added to the month) are accepted.
func ParsePersonID(s string) (PersonID, error) {
	digits := strings.TrimPrefix(strings.TrimSpace(s), PersonURNPrefix)
	if len(digits) != 11 || !allDigits(digits) {
		return "", fmt.Errorf("%q is not a national identity number: expected 11 digits or %sNNNNNNNNNNN: %w", s, PersonURNPrefix, ErrInvalidIdentifier)
	}
	if !validBirthDate(digits[:4]) {
		return "", fmt.Errorf("%q is not a national identity number: the first six digits are not a valid date: %w", s, ErrInvalidIdentifier)
	}

	first, ok := mod11(digits[:9], []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	if !ok || first != int(digits[9]-'0') {
		return "", fmt.Errorf("%q is not a national identity number: the first check digit is wrong: %w", s, ErrInvalidIdentifier)
	}
	second, ok := mod11(digits[:10], []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if !ok || second != int(digits[10]-'0') {
		return "", fmt.Errorf("%q is not a national identity number: the second check digit is wrong: %w", s, ErrInvalidIdentifier)
	}
	return PersonID(digits), nil
}

// CompletePersonID appends both check digits to the first nine digits of a
// national identity number (birth date and individual number). It returns
// false when no check digits make them valid.
func CompletePersonID(first9 string) (PersonID, bool) {
	if len(first9) != 9 || !allDigits(first9) {
		return "", false
	}
	first, ok := mod11(first9, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	if !ok {
		return "", false
	}
	withFirst := first9 + string(rune('0'+first))
	second, ok := mod11(withFirst, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if !ok {
		return "", false
	}
	id := PersonID(withFirst + string(rune('0'+second)))
	if _, err := ParsePersonID(string(id)); err != nil {
		return "", false
	}
	return id, true
}

// URN returns the person's Altinn URN.
func (p PersonID) URN() string { return PersonURNPrefix + string(p) }

// Party is an organization or a person that can receive correspondence.
// Exactly one of the fields is set.
type Party struct {
	Organization OrganizationNumber
	Person       PersonID
}

// OrganizationParty returns the party for org.
func OrganizationParty(org OrganizationNumber) Party { return Party{Organization: org} }

// PersonParty returns the party for person.
func PersonParty(person PersonID) Party { return Party{Person: person} }

// ParseParty accepts an organization or person URN, or a bare number: 9 digits
// for an organization, 11 for a person.
func ParseParty(s string) (Party, error) {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, OrganizationURNPrefix) || len(t) == 9:
		org, err := ParseOrganizationNumber(t)
		return Party{Organization: org}, err
	case strings.HasPrefix(t, PersonURNPrefix) || len(t) == 11:
		person, err := ParsePersonID(t)
		return Party{Person: person}, err
	default:
		return Party{}, fmt.Errorf("%q is not a party: expected an organization number (9 digits), a national identity number (11 digits) or an Altinn URN: %w", s, ErrInvalidIdentifier)
	}
}

// IsOrganization reports whether the party is an organization.
func (p Party) IsOrganization() bool { return p.Organization != "" }

// URN returns the party's Altinn URN.
func (p Party) URN() string {
	if p.IsOrganization() {
		return p.Organization.URN()
	}
	return p.Person.URN()
}

// String returns the party's URN.
func (p Party) String() string { return p.URN() }

// mod11 returns the check digit for digits with weights, and false when the
// remainder gives 10, which no valid number has.
func mod11(digits string, weights []int) (int, bool) {
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	check := 11 - sum%11
	switch check {
	case 11:
		return 0, true
	case 10:
		return 0, false
	default:
		return check, true
	}
}

// validBirthDate checks DDMM, undoing the D-number (+4 on the first digit),
// synthetic test person (+80 on the month) and H-number (+40 on the month)
// offsets. February 29 is accepted since the century is not checked here.
func validBirthDate(ddmm string) bool {
	day := int(ddmm[0]-'0')*10 + int(ddmm[1]-'0')
	month := int(ddmm[2]-'0')*10 + int(ddmm[3]-'0')
	if day > 40 {
		day -= 40
	}
	switch {
	case month > 80:
		month -= 80
	case month > 40:
		month -= 40
	}
	if month < 1 || month > 12 || day < 1 {
		return false
	}

	// Year 2000 is a leap year, so every day that exists in some year passes.
	last := time.Date(2000, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return day <= last
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ContainsPersonID reports whether text contains a valid national identity
// number: 11 digits in a row, or digit groups joined by single spaces, dots
// or hyphens that make 11 digits, such as "088443 97713". Titles and
// notification texts use it to keep personal data out of notifications.
func ContainsPersonID(text string) bool {
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}

		// Collect one run of digit groups starting at i, and check every
		// stretch of whole groups in it that adds up to 11 digits.
		var groups []string
		j := i
		for {
			k := j
			for k < len(text) && isDigit(text[k]) {
				k++
			}
			groups = append(groups, text[j:k])
			if k+1 < len(text) && isGroupSeparator(text[k]) && isDigit(text[k+1]) {
				j = k + 1
				continue
			}
			j = k
			break
		}
		if groupsContainPersonID(groups) {
			return true
		}
		i = j
	}
	return false
}

func groupsContainPersonID(groups []string) bool {
	for first := range groups {
		digits := ""
		for _, g := range groups[first:] {
			digits += g
			if len(digits) > 11 {
				break
			}
			if len(digits) == 11 {
				if _, err := ParsePersonID(digits); err == nil {
					return true
				}
			}
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isGroupSeparator(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// ParseOrganizationField parses s as an organization number and reports a
// failure as a validation error on field.
func ParseOrganizationField(field, s string) (OrganizationNumber, error) {
	org, err := ParseOrganizationNumber(s)
	if err != nil {
		return "", invalid(field, "%s", trimKind(err))
	}
	return org, nil
}

// ParsePartyField parses s as a party and reports a failure as a validation
// error on field.
func ParsePartyField(field, s string) (Party, error) {
	p, err := ParseParty(s)
	if err != nil {
		return Party{}, invalid(field, "%s", trimKind(err))
	}
	return p, nil
}
