package projections_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/boltstore"
	"github.com/postvern/postvern/projections"
)

// The benchmarks read the log of an existing data folder when
// POSTVERN_BENCH_DATA names one (load it with `postvern demo --data DIR`;
// no server may hold it open). Otherwise they build a small synthetic log of
// benchCorrespondences correspondences, appended directly, in a temporary
// folder.
const (
	benchOrganizations   = 200
	benchCorrespondences = 5000
)

var (
	benchOnce  sync.Once
	benchStore eventstore.Store
	benchErr   error
)

func openBenchStore(b *testing.B) eventstore.Store {
	b.Helper()
	benchOnce.Do(func() {
		if dir := os.Getenv("POSTVERN_BENCH_DATA"); dir != "" {
			benchStore, benchErr = boltstore.Open(filepath.Join(dir, "events.db"), boltstore.Options{})
			return
		}
		dir, err := os.MkdirTemp("", "postvern-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchStore, benchErr = buildSyntheticLog(filepath.Join(dir, "events.db"))
	})
	if benchErr != nil {
		b.Fatalf("open benchmark store: %v", benchErr)
	}
	return benchStore
}

// buildSyntheticLog appends a resource, one general manager per
// organization and benchCorrespondences correspondences, a tenth of them
// confidential.
func buildSyntheticLog(path string) (eventstore.Store, error) {
	store, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	put := func(stream string, e domain.Event) error {
		eventType, data, err := domain.EncodeEvent(e)
		if err != nil {
			return err
		}
		_, err = store.Append(ctx, stream, eventstore.Any(), eventstore.EventData{Type: eventType, Data: data})
		return err
	}

	for _, r := range []domain.Resource{
		{ID: ordinary, Owner: owner, Name: domain.LocalizedText{NB: "Informasjon"}, AccessPackages: []string{domain.PackageOrdinaryMail}},
		{ID: secretRes, Owner: owner, Name: domain.LocalizedText{NB: "Bekymringsmelding"}, AccessPackages: []string{domain.PackageConfidentialMail}},
	} {
		if err := put(domain.ResourceStream(r.ID), &domain.ResourceRegistered{Resource: r}); err != nil {
			return nil, err
		}
	}
	orgs := syntheticOrganizations(benchOrganizations)
	for i, org := range orgs {
		person := domain.PersonID(fmt.Sprintf("p%010d", i))
		if err := put(domain.OrganizationStream(org), &domain.KeyRoleAssigned{Organization: org, Person: person, Role: domain.RoleGeneralManager}); err != nil {
			return nil, err
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 64 {
		wg.Go(func() {
			for i := w; i < benchCorrespondences; i += 64 {
				resource := ordinary
				if i%10 == 0 {
					resource = secretRes
				}
				c := domain.Correspondence{
					ID: uuid.New(), ResourceID: resource, Sender: owner, Recipient: domain.OrganizationParty(orgs[i%len(orgs)]),
					Content:     domain.Content{Language: "nb", MessageTitle: fmt.Sprintf("Melding %d", i), MessageSummary: "Sammendrag", MessageBody: "Brødtekst"},
					PublishTime: start.Add(time.Duration(i) * time.Minute), IsConfidential: resource == secretRes,
				}
				if err := put(domain.CorrespondenceStream(c.ID), &domain.CorrespondenceSent{Correspondence: c}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return store, <-errs
}

// syntheticOrganizations returns n valid organization numbers.
func syntheticOrganizations(n int) []domain.OrganizationNumber {
	orgs := make([]domain.OrganizationNumber, 0, n)
	for base := 31000000; len(orgs) < n; base++ {
		for check := range 10 {
			if org, err := domain.ParseOrganizationNumber(fmt.Sprintf("%d%d", base, check)); err == nil {
				orgs = append(orgs, org)
			}
		}
	}
	return orgs
}

// rebuild applies the whole log to a new projection, as a server start does.
func rebuild(b *testing.B, store eventstore.Store) *projections.Projection {
	b.Helper()
	p := projections.New(store, projections.Options{})
	if err := p.CatchUp(context.Background()); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkRebuild measures a full projection rebuild from the log, and the
// live heap the projection holds afterwards.
func BenchmarkRebuild(b *testing.B) {
	store := openBenchStore(b)
	var p *projections.Projection
	for b.Loop() {
		p = rebuild(b, store)
	}

	stats := p.Stats()
	elapsed := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(stats.Position)/elapsed, "events/s")
	b.ReportMetric(float64(stats.Correspondences), "correspondences")

	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	b.ReportMetric(float64(mem.HeapAlloc)/(1<<20), "heap-MiB")
	runtime.KeepAlive(p)
}

// BenchmarkInboxPage measures one page of 20 from the largest inbox of a
// rebuilt projection: the first page, a page deep in the inbox, and a
// filtered page that must count every match.
func BenchmarkInboxPage(b *testing.B) {
	store := openBenchStore(b)
	p := rebuild(b, store)
	person, size := largestInbox(b, p)
	caller := reader(person)
	b.Logf("largest inbox: %d correspondences", size)

	middle, err := p.Inbox(caller, projections.InboxQuery{First: min(projections.MaxPageSize, max(1, size/2))})
	if err != nil {
		b.Fatal(err)
	}

	queries := []struct {
		name string
		q    projections.InboxQuery
	}{
		{"first", projections.InboxQuery{First: 20}},
		{"deep", projections.InboxQuery{First: 20, After: middle.EndCursor}},
		{"unopened", projections.InboxQuery{First: 20, Filter: projections.InboxFilter{Opened: new(false)}}},
	}
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Inbox(caller, tc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// largestInbox finds the person with the most readable correspondence by
// asking each general manager's inbox for its count.
func largestInbox(b *testing.B, p *projections.Projection) (domain.PersonID, int) {
	b.Helper()
	var best domain.PersonID
	most := -1
	for _, person := range p.People() {
		page, err := p.Inbox(reader(person), projections.InboxQuery{First: 1})
		if err != nil {
			b.Fatal(err)
		}
		if page.TotalCount > most {
			best, most = person, page.TotalCount
		}
	}
	return best, most
}
