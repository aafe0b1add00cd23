package projections_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/boltstore"
	"github.com/postvern/postvern/projections"
)

const (
	orgX       = domain.OrganizationNumber("310057223")
	orgZ       = domain.OrganizationNumber("313006425")
	owner      = domain.OrganizationNumber("991825827")
	manager    = domain.PersonID("08844397713")
	employee   = domain.PersonID("13838599936")
	managerZ   = domain.PersonID("29886896598")
	ordinary   = "politiet-informasjon"
	secretRes  = "politiet-bekymringsmelding"
	pageLength = 7
)

var start = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// fixture feeds events straight into a projection, as the subscription
// would, with a clock the test controls.
type fixture struct {
	t        testing.TB
	p        *projections.Projection
	position uint64
	now      time.Time
}

func newFixture(t testing.TB) *fixture {
	f := &fixture{t: t, now: start.Add(24 * time.Hour)}
	f.p = projections.New(nil, projections.Options{Now: func() time.Time { return f.now }})
	f.apply(&domain.ResourceRegistered{Resource: domain.Resource{ID: ordinary, Owner: owner, Name: domain.LocalizedText{NB: "Informasjon"}, AccessPackages: []string{domain.PackageOrdinaryMail}}})
	f.apply(&domain.ResourceRegistered{Resource: domain.Resource{ID: secretRes, Owner: owner, Name: domain.LocalizedText{NB: "Bekymringsmelding"}, AccessPackages: []string{domain.PackageConfidentialMail}}})
	f.apply(&domain.KeyRoleAssigned{Organization: orgX, Person: manager, Role: domain.RoleGeneralManager})
	f.apply(&domain.KeyRoleAssigned{Organization: orgZ, Person: managerZ, Role: domain.RoleGeneralManager})
	return f
}

func (f *fixture) apply(e domain.Event) {
	f.t.Helper()
	eventType, data, err := domain.EncodeEvent(e)
	if err != nil {
		f.t.Fatal(err)
	}
	f.position++
	r := eventstore.RecordedEvent{ID: uuid.New(), Stream: "test", Type: eventType, Data: data, Position: f.position, RecordedAt: f.now}
	if err := f.p.Apply(r); err != nil {
		f.t.Fatalf("apply %s: %v", eventType, err)
	}
}

// send applies a correspondence to recipient, published at publish.
func (f *fixture) send(resource string, recipient domain.Party, publish time.Time) uuid.UUID {
	c := domain.Correspondence{
		ID: uuid.New(), ResourceID: resource, Sender: owner, Recipient: recipient,
		Content: domain.Content{Language: "nb", MessageTitle: "Tittel", MessageBody: "Innhold"},
		SentAt:  publish, PublishTime: publish,
		IsConfidential: resource == secretRes,
	}
	f.apply(&domain.CorrespondenceSent{Correspondence: c})
	return c.ID
}

func reader(person domain.PersonID) domain.Caller {
	return domain.Caller{Person: person, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
}

func (f *fixture) inbox(person domain.PersonID, q projections.InboxQuery) projections.InboxPage {
	f.t.Helper()
	page, err := f.p.Inbox(reader(person), q)
	if err != nil {
		f.t.Fatalf("inbox of %s: %v", person, err)
	}
	return page
}

func ids(page projections.InboxPage) []uuid.UUID {
	out := make([]uuid.UUID, 0, len(page.Items))
	for _, item := range page.Items {
		out = append(out, item.Correspondence.ID)
	}
	return out
}

func TestPagingStableWhenTimesTie(t *testing.T) {
	f := newFixture(t)
	sent := map[uuid.UUID]bool{}
	for range 30 {
		sent[f.send(ordinary, domain.OrganizationParty(orgX), start)] = true
	}

	var seen []uuid.UUID
	after := ""
	for {
		page := f.inbox(manager, projections.InboxQuery{First: pageLength, After: after})
		if page.TotalCount != 30 {
			t.Fatalf("totalCount = %d, want 30", page.TotalCount)
		}
		seen = append(seen, ids(page)...)
		if !page.HasNextPage {
			break
		}
		after = page.EndCursor
	}

	if len(seen) != 30 {
		t.Fatalf("paged through %d items, want 30", len(seen))
	}
	for i, id := range seen {
		if !sent[id] {
			t.Fatalf("item %d (%s) was never sent or appears twice", i, id)
		}
		delete(sent, id)
		if i > 0 && bytesCompare(seen[i-1], id) <= 0 {
			t.Fatalf("items %d and %d are not in descending id order", i-1, i)
		}
	}
}

func bytesCompare(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func TestGrantAndRevokeChangeOnlyThatPerson(t *testing.T) {
	f := newFixture(t)
	secret := f.send(secretRes, domain.OrganizationParty(orgX), start)
	f.send(ordinary, domain.OrganizationParty(orgX), start.Add(time.Minute))

	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 1 {
		t.Fatalf("manager sees %d before any grant, want only the ordinary mail", got)
	}
	grant := domain.Grant{Person: employee, AccessPackage: domain.PackageConfidentialMail}
	f.apply(&domain.AccessGranted{Organization: orgX, Grant: grant, GrantedBy: manager})

	page := f.inbox(employee, projections.InboxQuery{})
	if page.TotalCount != 1 || ids(page)[0] != secret {
		t.Fatalf("employee with the confidential package sees %v, want only the confidential mail", ids(page))
	}
	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 1 {
		t.Fatalf("manager sees %d after the employee's grant, want 1", got)
	}

	f.apply(&domain.AccessRevoked{Organization: orgX, Grant: grant, RevokedBy: manager})
	if got := f.inbox(employee, projections.InboxQuery{}).TotalCount; got != 0 {
		t.Fatalf("employee sees %d after the revoke, want 0", got)
	}
	if _, err := f.p.Correspondence(context.Background(), reader(employee), secret); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Correspondence after the revoke = %v, want ErrNotFound", err)
	}
}

func TestRoleRemovalHidesOrdinaryMail(t *testing.T) {
	f := newFixture(t)
	f.send(ordinary, domain.OrganizationParty(orgX), start)

	f.apply(&domain.KeyRoleRemoved{Organization: orgX, Person: manager, Role: domain.RoleGeneralManager})

	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 0 {
		t.Fatalf("former general manager sees %d, want 0", got)
	}
	if parties := f.p.Parties(reader(manager)); len(parties) != 1 {
		t.Fatalf("former general manager acts for %d parties, want only themselves", len(parties))
	}
}

func TestFuturePublishTimeHiddenUntilDue(t *testing.T) {
	f := newFixture(t)
	later := f.now.Add(time.Hour)
	id := f.send(ordinary, domain.OrganizationParty(orgX), later)

	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 0 {
		t.Fatalf("inbox counts %d before the publish time, want 0", got)
	}
	if _, err := f.p.Correspondence(context.Background(), reader(manager), id); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Correspondence before the publish time = %v, want ErrNotFound", err)
	}

	f.now = later
	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 1 {
		t.Fatalf("inbox counts %d at the publish time, want 1", got)
	}
}

func TestPolicyChangeRecomputesInboxes(t *testing.T) {
	f := newFixture(t)
	f.send(ordinary, domain.OrganizationParty(orgX), start)

	f.apply(&domain.ResourceUpdated{Resource: domain.Resource{ID: ordinary, Owner: owner, Name: domain.LocalizedText{NB: "Informasjon"}, AccessPackages: []string{"urn:altinn:accesspackage:annen-pakke"}}})

	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 0 {
		t.Fatalf("general manager sees %d after the ordinary package left the policy, want 0", got)
	}
}

func TestPersonMailOnlyForThatPerson(t *testing.T) {
	f := newFixture(t)
	id := f.send(ordinary, domain.PersonParty(employee), start)

	if got := ids(f.inbox(employee, projections.InboxQuery{})); len(got) != 1 || got[0] != id {
		t.Fatalf("recipient sees %v, want the mail", got)
	}
	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 0 {
		t.Fatalf("another person sees %d, want 0", got)
	}
}

func TestFiltersAndPartiesNarrowCount(t *testing.T) {
	f := newFixture(t)
	f.apply(&domain.AccessGranted{Organization: orgZ, Grant: domain.Grant{Person: manager, AccessPackage: domain.PackageOrdinaryMail}, GrantedBy: managerZ})
	f.send(ordinary, domain.OrganizationParty(orgX), start)
	f.send(ordinary, domain.OrganizationParty(orgZ), start.Add(time.Minute))
	f.send(ordinary, domain.PersonParty(manager), start.Add(2*time.Minute))

	tests := []struct {
		name string
		q    projections.InboxQuery
		want int
	}{
		{"every party", projections.InboxQuery{}, 3},
		{"one organization", projections.InboxQuery{Parties: []domain.Party{domain.OrganizationParty(orgZ)}}, 1},
		{"own person party", projections.InboxQuery{Parties: []domain.Party{domain.PersonParty(manager)}}, 1},
		{"unopened", projections.InboxQuery{Filter: projections.InboxFilter{Opened: new(false)}}, 3},
		{"opened", projections.InboxQuery{Filter: projections.InboxFilter{Opened: new(true)}}, 0},
		{"other resource", projections.InboxQuery{Filter: projections.InboxFilter{ResourceIDs: []string{secretRes}}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.inbox(manager, tc.q).TotalCount; got != tc.want {
				t.Fatalf("totalCount = %d, want %d", got, tc.want)
			}
		})
	}

	_, err := f.p.Inbox(reader(manager), projections.InboxQuery{Parties: []domain.Party{domain.OrganizationParty("313734501")}})
	if !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("inbox of a party the person cannot act for = %v, want ErrForbidden", err)
	}
}

func TestReplayAndUnknownEvents(t *testing.T) {
	f := newFixture(t)
	f.send(ordinary, domain.OrganizationParty(orgX), start)
	before := f.p.Position()

	// An event at an old position is a replay and changes nothing.
	data, _ := json.Marshal(domain.CorrespondenceSent{Correspondence: domain.Correspondence{ID: uuid.New(), ResourceID: ordinary, Sender: owner, Recipient: domain.OrganizationParty(orgX), PublishTime: start}})
	if err := f.p.Apply(eventstore.RecordedEvent{Type: domain.TypeCorrespondenceSent, Data: data, Position: before}); err != nil {
		t.Fatal(err)
	}
	if got := f.inbox(manager, projections.InboxQuery{}).TotalCount; got != 1 {
		t.Fatalf("replayed event changed the inbox to %d", got)
	}

	if err := f.p.Apply(eventstore.RecordedEvent{Type: "postvern.future.thing-happened.v1", Data: []byte(`{}`), Position: before + 1}); err != nil {
		t.Fatalf("unknown event type: %v", err)
	}
	if stats := f.p.Stats(); stats.Skipped != 1 || stats.Position != before+1 {
		t.Fatalf("stats = %+v, want one skipped event at position %d", stats, before+1)
	}

	if err := f.p.Apply(eventstore.RecordedEvent{Type: domain.TypeCorrespondenceSent, Data: []byte(`{not json`), Position: before + 2}); err == nil {
		t.Fatal("corrupt event of a known type applied without error")
	}
}

func TestRunCatchesUpThenFollows(t *testing.T) {
	store, err := boltstore.Open(filepath.Join(t.TempDir(), "events.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	appendEvent := func(stream string, e domain.Event) uint64 {
		eventType, data, err := domain.EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		result, err := store.Append(ctx, stream, eventstore.Any(), eventstore.EventData{Type: eventType, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		return result.Position
	}
	appendEvent("organization-"+string(orgX), &domain.KeyRoleAssigned{Organization: orgX, Person: manager, Role: domain.RoleGeneralManager})
	appendEvent("resource-"+ordinary, &domain.ResourceRegistered{Resource: domain.Resource{ID: ordinary, Owner: owner, Name: domain.LocalizedText{NB: "Informasjon"}, AccessPackages: []string{domain.PackageOrdinaryMail}}})

	p := projections.New(store, projections.Options{})
	done := make(chan error, 1)
	runCtx, stop := context.WithCancel(ctx)
	go func() { done <- p.Run(runCtx) }()

	id := uuid.New()
	position := appendEvent("correspondence-"+id.String(), &domain.CorrespondenceSent{Correspondence: domain.Correspondence{
		ID: id, ResourceID: ordinary, Sender: owner, Recipient: domain.OrganizationParty(orgX), PublishTime: start,
		Content: domain.Content{Language: "nb", MessageTitle: "Tittel", MessageBody: "Brødtekst"},
	}})
	if err := p.WaitFor(ctx, position); err != nil {
		t.Fatal(err)
	}
	appendEvent("correspondence-"+id.String(), &domain.CorrespondenceOpened{CorrespondenceID: id, Person: manager, OpenedAt: start})
	if err := p.WaitFor(ctx, position+1); err != nil {
		t.Fatal(err)
	}

	item, err := p.Correspondence(ctx, reader(manager), id)
	if err != nil {
		t.Fatal(err)
	}
	if item.Correspondence.Content.MessageBody != "Brødtekst" || item.OpenedAt == nil {
		t.Fatalf("opened correspondence = %+v, want the body from the store", item)
	}

	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
}

// FuzzInboxCursor passes arbitrary cursors to an inbox query: each must page
// from a valid position or fail with a ValidationError on "after".
func FuzzInboxCursor(f *testing.F) {
	fx := newFixture(f)
	for range 5 {
		fx.send(ordinary, domain.OrganizationParty(orgX), start)
	}
	page, err := fx.p.Inbox(reader(manager), projections.InboxQuery{First: 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(page.EndCursor)
	f.Add("")
	f.Add("not-a-cursor")
	f.Add("MTIzOm5vdC1hLXV1aWQ")

	f.Fuzz(func(t *testing.T, after string) {
		_, err := fx.p.Inbox(reader(manager), projections.InboxQuery{First: 3, After: after})
		if err == nil {
			return
		}
		var validation *domain.ValidationError
		if !errors.As(err, &validation) || validation.Field != "after" {
			t.Fatalf("Inbox(after=%q) = %v, want nil or a ValidationError on after", after, err)
		}
	})
}
