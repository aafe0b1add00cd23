package domain_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/postvern/postvern/domain"
)

func TestParseOrganizationNumber(t *testing.T) {
	valid := []struct {
		name, input string
		want        domain.OrganizationNumber
	}{
		{"test organization 310057223", "310057223", "310057223"},
		{"test organization 313006425", "313006425", "313006425"},
		{"test organization 313734501", "313734501", "313734501"},
		{"service owner 991825827", "991825827", "991825827"},
		{"organization 974760673", "974760673", "974760673"},
		{"check digit zero", "311111116", "311111116"},
		{"URN form", "urn:altinn:organization:identifier-no:313333337", "313333337"},
		{"surrounding spaces", " 312222221\n", "312222221"},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseOrganizationNumber(tt.input)
			if err != nil {
				t.Fatalf("ParseOrganizationNumber(%q) failed: %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParseOrganizationNumber(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}

	invalid := []struct {
		name, input string
		// wantReason is a fragment of the error message that identifies the
		// rule that rejected the input.
		wantReason string
	}{
		{"check digit wrong", "310057224", "check digit"},
		{"check digit wrong in URN form", "urn:altinn:organization:identifier-no:310057222", "check digit"},
		{"check digit would be 10", "310000060", "check digit"},
		{"check digit would be 10 with last digit 1", "310000061", "check digit"},
		{"8 digits", "31005722", "9 digits"},
		{"10 digits", "3100572233", "9 digits"},
		{"letters", "31005722A", "9 digits"},
		{"empty", "", "9 digits"},
		{"person URN prefix", "urn:altinn:person:identifier-no:310057223", "9 digits"},
		{"URN without number", "urn:altinn:organization:identifier-no:", "9 digits"},
		{"spaces inside", "310 057 223", "9 digits"},
		{"non-ASCII digits", "３１００５７２２３", "9 digits"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseOrganizationNumber(tt.input)
			if !errors.Is(err, domain.ErrInvalidIdentifier) {
				t.Fatalf("ParseOrganizationNumber(%q) = %q, %v; want an error wrapping ErrInvalidIdentifier", tt.input, got, err)
			}
			if !strings.Contains(err.Error(), tt.wantReason) {
				t.Errorf("ParseOrganizationNumber(%q) error = %q, want it to mention %q", tt.input, err, tt.wantReason)
			}
		})
	}
}

func TestParsePersonID(t *testing.T) {
	valid := []struct {
		name, input string
		want        domain.PersonID
	}{
		{"synthetic person 08844397713", "08844397713", "08844397713"},
		{"synthetic person 13838599936", "13838599936", "13838599936"},
		{"synthetic person 29886896598", "29886896598", "29886896598"},
		{"synthetic person 15864799741", "15864799741", "15864799741"},
		{"D-number", "41024377006", "41024377006"},
		{"synthetic D-number", "41844377051", "41844377051"},
		{"February 29", "29024377057", "29024377057"},
		{"URN form", "urn:altinn:person:identifier-no:08844397713", "08844397713"},
		{"surrounding spaces", "\t13838599936 ", "13838599936"},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParsePersonID(tt.input)
			if err != nil {
				t.Fatalf("ParsePersonID(%q) failed: %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParsePersonID(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}

	// The invalid dates below carry correct check digits, so only the date
	// rule can reject them.
	invalid := []struct {
		name, input, wantReason string
	}{
		{"first check digit wrong", "08844397723", "first check digit"},
		{"second check digit wrong", "08844397714", "second check digit"},
		{"first check digit would be 10", "08844370200", "first check digit"},
		{"day 32", "32844377281", "valid date"},
		{"day 00", "00844377029", "valid date"},
		{"month 13", "01134377050", "valid date"},
		{"month 13 with the H-number offset", "01534377033", "valid date"},
		{"month 13 with the synthetic offset", "01934377016", "valid date"},
		{"month 00", "01004377032", "valid date"},
		{"February 30", "30024377187", "valid date"},
		{"10 digits", "0884439771", "11 digits"},
		{"12 digits", "088443977130", "11 digits"},
		{"letters", "0884439771X", "11 digits"},
		{"organization URN prefix", "urn:altinn:organization:identifier-no:08844397713", "11 digits"},
		{"spaced birth date and individual number", "088443 97713", "11 digits"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParsePersonID(tt.input)
			if !errors.Is(err, domain.ErrInvalidIdentifier) {
				t.Fatalf("ParsePersonID(%q) = %q, %v; want an error wrapping ErrInvalidIdentifier", tt.input, got, err)
			}
			if !strings.Contains(err.Error(), tt.wantReason) {
				t.Errorf("ParsePersonID(%q) error = %q, want it to mention %q", tt.input, err, tt.wantReason)
			}
		})
	}
}

func TestParseParty(t *testing.T) {
	valid := []struct {
		name, input string
		want        domain.Party
	}{
		{"organization URN", "urn:altinn:organization:identifier-no:310057223", domain.OrganizationParty("310057223")},
		{"bare organization number", "313006425", domain.OrganizationParty("313006425")},
		{"person URN", "urn:altinn:person:identifier-no:08844397713", domain.PersonParty("08844397713")},
		{"bare national identity number", "13838599936", domain.PersonParty("13838599936")},
		{"bare number with spaces", "  991825827  ", domain.OrganizationParty("991825827")},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseParty(tt.input)
			if err != nil {
				t.Fatalf("ParseParty(%q) failed: %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParseParty(%q) = %+v, want %+v", tt.input, got, tt.want)
			}
			if got.IsOrganization() != (tt.want.Organization != "") {
				t.Errorf("ParseParty(%q).IsOrganization() = %v", tt.input, got.IsOrganization())
			}
		})
	}

	invalid := []struct{ name, input string }{
		{"empty", ""},
		{"10 digits", "3100572230"},
		{"organization number with wrong check digit", "310057224"},
		{"national identity number with wrong check digit", "08844397714"},
		{"person number in organization URN", "urn:altinn:organization:identifier-no:08844397713"},
		{"organization number in person URN", "urn:altinn:person:identifier-no:310057223"},
		{"unknown URN kind", "urn:altinn:party:id:310057223"},
		{"text", "Oslo kommune"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseParty(tt.input)
			if !errors.Is(err, domain.ErrInvalidIdentifier) {
				t.Fatalf("ParseParty(%q) = %+v, %v; want an error wrapping ErrInvalidIdentifier", tt.input, got, err)
			}
		})
	}
}

func TestPartyURN(t *testing.T) {
	tests := []struct {
		party domain.Party
		want  string
	}{
		{domain.OrganizationParty(recipientOrg), "urn:altinn:organization:identifier-no:310057223"},
		{domain.PersonParty(manager), "urn:altinn:person:identifier-no:08844397713"},
	}
	for _, tt := range tests {
		if got := tt.party.URN(); got != tt.want {
			t.Errorf("URN() = %q, want %q", got, tt.want)
		}
		if got := tt.party.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestContainsPersonID(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"bare number", "08844397713", true},
		{"embedded in text", "Sak om 08844397713, se vedlegg", true},
		{"at the start of text", "13838599936 har søkt", true},
		{"at the end of text", "gjelder fnr.29886896598", true},
		{"between letters", "ab15864799741cd", true},
		{"D-number", "innkalling 41024377006", true},
		{"second of two numbers", "sak 12345678901 og 08844397713", true},
		{"after non-ASCII text", "Ærede Øystein Å 08844397713", true},
		{"12-digit run containing a valid number", "088443977135", false},
		{"12-digit run with a valid number at its end", "108844397713", false},
		{"11 digits with bad check digits", "08844397714", false},
		{"11 digits with an invalid date", "32844377281", false},
		{"organization number", "Brev til 310057223", false},
		{"case number", "Saksnummer 2026/123456", false},
		{"no digits", "Bekymringsmelding", false},
		{"empty", "", false},
		{"space after the birth date", "088443 97713", true},
		{"dots between groups", "Fnr. 088.443.977.13", true},
		{"hyphen after the birth date", "088443-97713", true},
		{"grouped number after another number", "sak 12 088443 97713", true},
		{"two spaces do not join groups", "088443  97713", false},
		{"phone number groups", "tlf 22 33 44 55", false},
		{"groups of 12 digits", "0884 4397 7135", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.ContainsPersonID(tt.text); got != tt.want {
				t.Errorf("ContainsPersonID(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	if _, err := domain.ParseOrganizationField("owner", "310057224"); !isValidationError(err, "owner") {
		t.Errorf("ParseOrganizationField with a bad check digit: error = %v, want a ValidationError on owner", err)
	}
	if org, err := domain.ParseOrganizationField("owner", "310057223"); err != nil || org != recipientOrg {
		t.Errorf("ParseOrganizationField(310057223) = %q, %v; want %q", org, err, recipientOrg)
	}
	if _, err := domain.ParsePartyField("recipients[2]", "123"); !isValidationError(err, "recipients[2]") {
		t.Errorf("ParsePartyField with 3 digits: error = %v, want a ValidationError on recipients[2]", err)
	}
}

// isValidationError reports whether err is a *domain.ValidationError on field.
func isValidationError(err error, field string) bool {
	var v *domain.ValidationError
	return errors.As(err, &v) && v.Field == field
}

func FuzzParseParty(f *testing.F) {
	seeds := []string{
		"310057223", "991825827", "08844397713", "41024377006",
		"urn:altinn:organization:identifier-no:313006425",
		"urn:altinn:person:identifier-no:13838599936",
		"urn:altinn:person:identifier-no:310057223",
		" 310057223 ", "", "31005722A", "32844377281",
	}
	for _, s := range seeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, s string) {
		p, err := domain.ParseParty(s)
		if err != nil {
			if !errors.Is(err, domain.ErrInvalidIdentifier) {
				t.Fatalf("ParseParty(%q) error = %v, want one wrapping ErrInvalidIdentifier", s, err)
			}
			return
		}

		if (p.Organization == "") == (p.Person == "") {
			t.Fatalf("ParseParty(%q) = %+v, want exactly one of Organization and Person set", s, p)
		}
		again, err := domain.ParseParty(p.URN())
		if err != nil {
			t.Fatalf("ParseParty(%q) accepted, but its URN %q is rejected: %v", s, p.URN(), err)
		}
		if again != p {
			t.Fatalf("ParseParty(%q) = %+v, but its URN parses to %+v", s, p, again)
		}
	})
}

func FuzzContainsPersonID(f *testing.F) {
	seeds := []string{
		"08844397713", "Sak 08844397713", "088443977135", "08844397714",
		"a1b2c3", "", "Ærede 13838599936!", "310057223",
	}
	for _, s := range seeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, text string) {
		found := domain.ContainsPersonID(text)

		// Letters around the text end no digit run and start none, so they
		// cannot change the result.
		if padded := domain.ContainsPersonID("x" + text + "x"); padded != found {
			t.Fatalf("ContainsPersonID(%q) = %v, but with letters around it = %v", text, found, padded)
		}
		if found && len(text) < 11 {
			t.Fatalf("ContainsPersonID(%q) = true for text shorter than 11 bytes", text)
		}
	})
}

func TestCompleteIdentifiers(t *testing.T) {
	if org, ok := domain.CompleteOrganizationNumber("31005722"); !ok || org != "310057223" {
		t.Errorf("CompleteOrganizationNumber(31005722) = %q, %v, want 310057223", org, ok)
	}
	if person, ok := domain.CompletePersonID("088443977"); !ok || person != "08844397713" {
		t.Errorf("CompletePersonID(088443977) = %q, %v, want 08844397713", person, ok)
	}
	for _, bad := range []string{"", "3100572", "3100572x", "310057223"} {
		if _, ok := domain.CompleteOrganizationNumber(bad); ok {
			t.Errorf("CompleteOrganizationNumber(%q) succeeded", bad)
		}
	}
	if _, ok := domain.CompletePersonID("329013977"); ok {
		t.Error("CompletePersonID accepted day 32")
	}

	// Every completed number must parse, and about one prefix in eleven has
	// no valid check digit.
	rejected := 0
	for i := range 11000 {
		org, ok := domain.CompleteOrganizationNumber(fmt.Sprintf("3%07d", i*97))
		if !ok {
			rejected++
			continue
		}
		if _, err := domain.ParseOrganizationNumber(string(org)); err != nil {
			t.Fatalf("completed %s does not parse: %v", org, err)
		}
	}
	if rejected < 500 || rejected > 1500 {
		t.Errorf("%d of 11000 prefixes had no check digit, expected about 1000", rejected)
	}
}
