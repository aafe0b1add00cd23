package projections_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/projections"
)

// An inbox query holds the projection's read lock while it walks the inbox,
// and a waiting writer blocks later readers, so one slow query stalls every
// mutation and query. The lists in a query have no size limit: a 4 MiB
// request carries about 200,000 resource ids or about 70,000 copies of the
// caller's own party.
func TestInboxListArgumentsBounded(t *testing.T) {
	f := newFixture(t)
	for i := range 5_000 {
		f.send(ordinary, domain.OrganizationParty(orgX), start.Add(time.Duration(i)*time.Second))
	}

	resourceIDs := make([]string, 100_000)
	for i := range resourceIDs {
		resourceIDs[i] = fmt.Sprintf("tjeneste-%d", i)
	}
	parties := make([]domain.Party, 50_000)
	for i := range parties {
		parties[i] = domain.PersonParty(manager)
	}

	queries := []struct {
		name string
		q    projections.InboxQuery
	}{
		{"100,000 resource ids", projections.InboxQuery{Filter: projections.InboxFilter{ResourceIDs: resourceIDs}}},
		{"50,000 copies of the own party", projections.InboxQuery{Parties: parties}},
	}
	for _, tc := range queries {
		t.Run(tc.name, func(t *testing.T) {
			began := time.Now()
			_, err := f.p.Inbox(reader(manager), tc.q)
			elapsed := time.Since(began)
			var validation *domain.ValidationError
			if errors.As(err, &validation) {
				return
			}
			t.Errorf("Inbox = %v after %v under the read lock, want a ValidationError for the list size", err, elapsed.Round(time.Millisecond))
		})
	}
}
