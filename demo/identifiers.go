package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/postvern/postvern/domain"
)

// Identifiers from Altinn's public test suites. They are always part of the
// dataset, so that people who know them from Altinn find them here.
var (
	publicTestOrganizations = []domain.OrganizationNumber{"310057223", "313006425", "313734501"}
	publicTestPersons       = []domain.PersonID{"08844397713", "13838599936", "29886896598", "15864799741"}
)

// randomOrganizationNumber returns a valid organization number that starts
// with 3, like the public test organizations.
func randomOrganizationNumber(rng *rand.Rand) domain.OrganizationNumber {
	for {
		if org, ok := domain.CompleteOrganizationNumber(fmt.Sprintf("3%07d", rng.IntN(10_000_000))); ok {
			return org
		}
	}
}

// randomSyntheticPersonID returns a valid national identity number of a
// synthetic test person: 80 added to the month, born between 1945 and 2006.
// The individual number follows the century rule: 000-499 for births in the
// 1900s and 500-999 for births from 2000.
func randomSyntheticPersonID(rng *rand.Rand) domain.PersonID {
	for {
		year := 1945 + rng.IntN(62)
		month := 1 + rng.IntN(12)
		lastDay := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		day := 1 + rng.IntN(lastDay)
		individual := rng.IntN(500)
		if year >= 2000 {
			individual += 500
		}

		first9 := fmt.Sprintf("%02d%02d%02d%03d", day, month+80, year%100, individual)
		if id, ok := domain.CompletePersonID(first9); ok {
			return id
		}
	}
}

// randomMobileNumber returns an 8-digit Norwegian mobile number, which starts
// with 4 or 9.
func randomMobileNumber(rng *rand.Rand) string {
	first := 4
	if rng.IntN(2) == 1 {
		first = 9
	}
	return fmt.Sprintf("%d%07d", first, rng.IntN(10_000_000))
}
