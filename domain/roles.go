package domain

import (
	"fmt"
	"sort"
	"strings"
)

// KeyRole is a role registered in the Register of Business Enterprises, by
// its four-letter code.
type KeyRole string

// The key roles. Every holder of one is main administrator of the
// organization.
const (
	RoleGeneralManager       KeyRole = "DAGL" // daglig-leder
	RoleChairOfTheBoard      KeyRole = "LEDE" // styreleder
	RoleSoleProprietor       KeyRole = "INNH" // innehaver
	RoleManagingShipowner    KeyRole = "BEST" // bestyrende-reder
	RolePartnerUnlimited     KeyRole = "DTSO" // deltaker-fullt-ansvar
	RolePartnerShared        KeyRole = "DTPR" // deltaker-delt-ansvar
	RoleGeneralPartner       KeyRole = "KOMP" // komplementar
	RoleEstateAdministrator  KeyRole = "BOBE" // bostyrer
	RoleNorwegianRepresenter KeyRole = "REPR" // norsk-representant
)

var keyRoleURNSuffix = map[KeyRole]string{
	RoleGeneralManager:       "daglig-leder",
	RoleChairOfTheBoard:      "styreleder",
	RoleSoleProprietor:       "innehaver",
	RoleManagingShipowner:    "bestyrende-reder",
	RolePartnerUnlimited:     "deltaker-fullt-ansvar",
	RolePartnerShared:        "deltaker-delt-ansvar",
	RoleGeneralPartner:       "komplementar",
	RoleEstateAdministrator:  "bostyrer",
	RoleNorwegianRepresenter: "norsk-representant",
}

// KeyRoleURNPrefix is the prefix of a key role's Altinn URN.
const KeyRoleURNPrefix = "urn:altinn:external-role:ccr:"

// ParseKeyRole accepts a role code such as "DAGL" (any case) or the role's
// Altinn URN.
func ParseKeyRole(s string) (KeyRole, error) {
	t := strings.TrimSpace(s)
	if suffix, ok := strings.CutPrefix(t, KeyRoleURNPrefix); ok {
		for role, known := range keyRoleURNSuffix {
			if known == suffix {
				return role, nil
			}
		}
	}
	role := KeyRole(strings.ToUpper(t))
	if _, ok := keyRoleURNSuffix[role]; ok {
		return role, nil
	}
	return "", fmt.Errorf("%q is not a key role: expected one of %s", s, strings.Join(KeyRoleCodes(), ", "))
}

// KeyRoleCodes returns every key role code in alphabetical order.
func KeyRoleCodes() []string {
	codes := make([]string, 0, len(keyRoleURNSuffix))
	for role := range keyRoleURNSuffix {
		codes = append(codes, string(role))
	}
	sort.Strings(codes)
	return codes
}

// URN returns the role's Altinn URN.
func (r KeyRole) URN() string { return KeyRoleURNPrefix + keyRoleURNSuffix[r] }

// HasOrdinaryMailByDefault reports whether holders of r get the ordinary mail
// access package without a delegation. Every key role does except REPR.
func (r KeyRole) HasOrdinaryMailByDefault() bool {
	return r != RoleNorwegianRepresenter
}
