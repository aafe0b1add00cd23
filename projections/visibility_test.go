package projections_test

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/projections"
)

// outsider holds nothing in orgX. The persons in the fixture are the test
// persons 08844397713, 13838599936 and 29886896598.
const outsider = domain.PersonID("15864799741")

// visibleTo reports whether the inbox page shows id to person. It also runs
// the count, the confidential filter, the party filter and the
// single-correspondence query, and fails t when one of them disagrees,
// because each disagreement is a hint about hidden mail.
func (f *fixture) visibleTo(person domain.PersonID, id uuid.UUID) bool {
	f.t.Helper()
	page := f.inbox(person, projections.InboxQuery{First: projections.MaxPageSize})
	inPage := slices.Contains(ids(page), id)
	if page.TotalCount != len(page.Items) {
		f.t.Errorf("%s: totalCount %d but %d items on a page that holds them all", person, page.TotalCount, len(page.Items))
	}

	confidential := f.inbox(person, projections.InboxQuery{First: projections.MaxPageSize, Filter: projections.InboxFilter{IsConfidential: new(true)}})
	if slices.Contains(ids(confidential), id) != inPage {
		f.t.Errorf("%s: the confidential filter disagrees with the unfiltered inbox about %s", person, id)
	}

	_, err := f.p.Correspondence(context.Background(), reader(person), id)
	byID := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		f.t.Errorf("%s: Correspondence(%s) = %v, want nil or ErrNotFound", person, id, err)
	}
	if byID != inPage {
		f.t.Errorf("%s: Correspondence(%s) found=%v but inbox has it=%v", person, id, byID, inPage)
	}

	party := []domain.Party{domain.OrganizationParty(orgX)}
	filtered, err := f.p.Inbox(reader(person), projections.InboxQuery{Parties: party, First: projections.MaxPageSize})
	switch {
	case errors.Is(err, domain.ErrForbidden):
		if inPage {
			f.t.Errorf("%s: sees %s but may not filter on its organization", person, id)
		}
	case err != nil:
		f.t.Errorf("%s: inbox filtered on %s: %v", person, orgX, err)
	case slices.Contains(ids(filtered), id) != inPage:
		f.t.Errorf("%s: the party filter disagrees with the unfiltered inbox about %s", person, id)
	}
	return inPage
}

func packageGrant(person domain.PersonID, accessPackage string) domain.Grant {
	return domain.Grant{Person: person, AccessPackage: accessPackage}
}

func resourceGrant(person domain.PersonID, resource string) domain.Grant {
	return domain.Grant{Person: person, ResourceID: resource}
}

func TestEventOrderingsKeepConfidentialHidden(t *testing.T) {
	confidentialPackage := packageGrant(employee, domain.PackageConfidentialMail)
	ordinaryPackage := packageGrant(employee, domain.PackageOrdinaryMail)
	secretResource := resourceGrant(employee, secretRes)
	managerSelfGrant := packageGrant(manager, domain.PackageConfidentialMail)

	granted := func(g domain.Grant) domain.Event {
		return &domain.AccessGranted{Organization: orgX, Grant: g, GrantedBy: manager}
	}
	revoked := func(g domain.Grant) domain.Event {
		return &domain.AccessRevoked{Organization: orgX, Grant: g, RevokedBy: manager}
	}
	roleRemoved := &domain.KeyRoleRemoved{Organization: orgX, Person: manager, Role: domain.RoleGeneralManager}
	roleAssigned := &domain.KeyRoleAssigned{Organization: orgX, Person: manager, Role: domain.RoleGeneralManager}

	tests := []struct {
		name    string
		person  domain.PersonID
		events  []domain.Event
		visible bool
	}{
		{"general manager without a grant", manager, nil, false},
		{"role removed then assigned again", manager, []domain.Event{roleRemoved, roleAssigned}, false},
		{"second key role", manager, []domain.Event{&domain.KeyRoleAssigned{Organization: orgX, Person: manager, Role: domain.RoleChairOfTheBoard}}, false},
		{"grant, revoke, grant", employee, []domain.Event{granted(confidentialPackage), revoked(confidentialPackage), granted(confidentialPackage)}, true},
		{"grant, revoke, grant, revoke", employee, []domain.Event{granted(confidentialPackage), revoked(confidentialPackage), granted(confidentialPackage), revoked(confidentialPackage)}, false},
		{"duplicate grants then one revoke", employee, []domain.Event{granted(confidentialPackage), granted(confidentialPackage), revoked(confidentialPackage)}, false},
		{"resource grant revoked while package grant remains", employee, []domain.Event{granted(secretResource), granted(confidentialPackage), revoked(secretResource)}, true},
		{"package grant revoked while resource grant remains", employee, []domain.Event{granted(secretResource), granted(confidentialPackage), revoked(confidentialPackage)}, true},
		{"both grants revoked", employee, []domain.Event{granted(secretResource), granted(confidentialPackage), revoked(confidentialPackage), revoked(secretResource)}, false},
		{"ordinary package gives nothing", employee, []domain.Event{granted(ordinaryPackage)}, false},
		{"grant to another resource gives nothing", employee, []domain.Event{granted(resourceGrant(employee, ordinary))}, false},
		{"grant in another organization gives nothing", managerZ, []domain.Event{&domain.AccessGranted{Organization: orgZ, Grant: packageGrant(managerZ, domain.PackageConfidentialMail), GrantedBy: managerZ}}, false},
		{"grant to another person gives nothing", outsider, []domain.Event{granted(confidentialPackage)}, false},
		{"key role holder and grantee loses the grant", manager, []domain.Event{granted(managerSelfGrant), revoked(managerSelfGrant)}, false},
		{"key role holder and grantee loses the role", manager, []domain.Event{granted(managerSelfGrant), roleRemoved}, true},
		{"grantee loses role and grant", manager, []domain.Event{granted(managerSelfGrant), roleRemoved, revoked(managerSelfGrant)}, false},
		{"policy gains the ordinary package", manager, []domain.Event{&domain.ResourceUpdated{Resource: domain.Resource{ID: secretRes, Owner: owner, Name: domain.LocalizedText{NB: "Bekymringsmelding"}, AccessPackages: []string{domain.PackageConfidentialMail, domain.PackageOrdinaryMail}}}}, false},
		{"policy loses every package, grantee keeps resource grant", employee, []domain.Event{granted(secretResource), &domain.ResourceUpdated{Resource: domain.Resource{ID: secretRes, Owner: owner, Name: domain.LocalizedText{NB: "Bekymringsmelding"}, AccessPackages: []string{"urn:altinn:accesspackage:annen-pakke"}}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Run("mail before the events", func(t *testing.T) {
				f := newFixture(t)
				secret := f.send(secretRes, domain.OrganizationParty(orgX), start)
				for _, e := range tc.events {
					f.apply(e)
				}
				if got := f.visibleTo(tc.person, secret); got != tc.visible {
					t.Errorf("visible = %v, want %v", got, tc.visible)
				}
			})
			t.Run("mail after the events", func(t *testing.T) {
				f := newFixture(t)
				for _, e := range tc.events {
					f.apply(e)
				}
				secret := f.send(secretRes, domain.OrganizationParty(orgX), start)
				if got := f.visibleTo(tc.person, secret); got != tc.visible {
					t.Errorf("visible = %v, want %v", got, tc.visible)
				}
			})
		})
	}
}

func TestPersonMailAcrossOrganizations(t *testing.T) {
	f := newFixture(t)
	f.apply(&domain.AccessGranted{Organization: orgX, Grant: packageGrant(employee, domain.PackageConfidentialMail), GrantedBy: manager})
	toManager := f.send(secretRes, domain.PersonParty(manager), start)

	if f.visibleTo(employee, toManager) {
		t.Error("a holder of the confidential package sees mail addressed to another person")
	}
	if page := f.inbox(manager, projections.InboxQuery{}); !slices.Contains(ids(page), toManager) {
		t.Error("the addressed person does not see their mail")
	}
}

// cursorAt builds the cursor the projection would give an item published at
// publish with id.
func cursorAt(publish time.Time, id uuid.UUID) string {
	raw := strconv.FormatInt(publish.UnixNano(), 10) + ":" + id.String()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func TestCraftedCursorRevealsNothing(t *testing.T) {
	f := newFixture(t)
	var hidden, shown []uuid.UUID
	for i := range 6 {
		at := start.Add(time.Duration(i) * time.Minute)
		hidden = append(hidden, f.send(secretRes, domain.OrganizationParty(orgX), at))
		shown = append(shown, f.send(ordinary, domain.OrganizationParty(orgX), at))
	}
	future := f.send(ordinary, domain.OrganizationParty(orgX), f.now.Add(time.Hour))

	var cursors []string
	for i, id := range hidden {
		at := start.Add(time.Duration(i) * time.Minute)
		cursors = append(cursors, cursorAt(at, id), cursorAt(at.Add(time.Nanosecond), id))
	}
	cursors = append(cursors,
		cursorAt(f.now.Add(24*time.Hour), uuid.Max),
		cursorAt(time.Unix(0, 1<<62), uuid.Max),
		cursorAt(time.Unix(0, -1<<62), uuid.Nil),
	)

	for _, after := range cursors {
		page := f.inbox(manager, projections.InboxQuery{First: projections.MaxPageSize, After: after})
		if page.TotalCount != len(shown) {
			t.Errorf("after %s: totalCount %d, want %d", after, page.TotalCount, len(shown))
		}
		for _, id := range ids(page) {
			if slices.Contains(hidden, id) || id == future {
				t.Errorf("after %s: page shows %s, which the general manager may not see yet", after, id)
			}
		}
	}
}

func TestStatusReadFollowsReader(t *testing.T) {
	f := newFixture(t)
	f.apply(&domain.AccessGranted{Organization: orgX, Grant: packageGrant(employee, domain.PackageConfidentialMail), GrantedBy: manager})
	secret := f.send(secretRes, domain.OrganizationParty(orgX), start)
	f.apply(&domain.CorrespondenceOpened{CorrespondenceID: secret, Person: employee, OpenedAt: start.Add(time.Minute)})
	f.apply(&domain.AccessRevoked{Organization: orgX, Grant: packageGrant(employee, domain.PackageConfidentialMail), RevokedBy: manager})

	// The general manager grants the package to themselves later, and has
	// never opened the correspondence.
	f.apply(&domain.AccessGranted{Organization: orgX, Grant: packageGrant(manager, domain.PackageConfidentialMail), GrantedBy: manager})

	unopened := f.inbox(manager, projections.InboxQuery{Filter: projections.InboxFilter{Opened: new(false)}})
	if len(unopened.Items) != 1 {
		t.Fatalf("unopened filter returns %d items, want the confidential one", len(unopened.Items))
	}
	item := unopened.Items[0]
	if item.OpenedAt != nil {
		t.Errorf("openedAt = %v for a reader who never opened it", item.OpenedAt)
	}
	if item.Status == "Read" {
		t.Errorf("status = Read for a reader who never opened it, in the unopened filter: it tells the new reader that someone else read the confidential mail")
	}
}

func TestConcurrentApplyAndQueries(t *testing.T) {
	f := newFixture(t)
	secret := f.send(secretRes, domain.OrganizationParty(orgX), start)
	f.send(ordinary, domain.OrganizationParty(orgX), start)
	grant := packageGrant(employee, domain.PackageConfidentialMail)

	ctx, cancel := context.WithCancel(context.Background())
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for ctx.Err() == nil {
				page, err := f.p.Inbox(reader(employee), projections.InboxQuery{})
				if err != nil {
					t.Errorf("inbox: %v", err)
					return
				}
				if page.TotalCount != len(page.Items) {
					t.Errorf("totalCount %d with %d items", page.TotalCount, len(page.Items))
				}
				for _, id := range ids(page) {
					if id != secret {
						t.Errorf("employee sees %s, which no grant covers", id)
					}
				}
				if _, err := f.p.Correspondence(ctx, reader(employee), secret); err != nil && !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("correspondence: %v", err)
				}
				f.p.AwaitingAccess(domain.Caller{Person: manager, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}, orgX)
				f.p.Parties(reader(employee))
			}
		})
	}

	// fixture.apply is not safe for concurrent use, so only this goroutine
	// applies events.
	for i := range 400 {
		var e domain.Event = &domain.AccessGranted{Organization: orgX, Grant: grant, GrantedBy: manager}
		if i%2 == 1 {
			e = &domain.AccessRevoked{Organization: orgX, Grant: grant, RevokedBy: manager}
		}
		f.apply(e)
	}
	cancel()
	readers.Wait()

	if f.visibleTo(employee, secret) {
		t.Error("employee sees the confidential mail after the last revoke")
	}
}

func TestWaitForWakesOnApply(t *testing.T) {
	f := newFixture(t)
	target := f.p.Position() + 2

	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- f.p.WaitFor(ctx, target)
	}()

	f.send(ordinary, domain.OrganizationParty(orgX), start)
	select {
	case err := <-done:
		t.Fatalf("WaitFor returned %v one event before its position", err)
	case <-time.After(20 * time.Millisecond):
	}
	f.send(ordinary, domain.OrganizationParty(orgX), start)
	if err := <-done; err != nil {
		t.Fatalf("WaitFor = %v, want nil once the position is applied", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := f.p.WaitFor(ctx, target+1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitFor past the head = %v, want DeadlineExceeded", err)
	}
}

func TestAdminViewsNeedKeyRole(t *testing.T) {
	f := newFixture(t)
	f.send(secretRes, domain.OrganizationParty(orgX), start)
	f.apply(&domain.AccessGranted{Organization: orgX, Grant: packageGrant(employee, domain.PackageOrdinaryMail), GrantedBy: manager})

	callers := []struct {
		name   string
		caller domain.Caller
	}{
		{"grantee without a key role", reader(employee)},
		{"main administrator of another organization", reader(managerZ)},
		{"organization token", domain.Caller{Organization: orgX, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}},
		{"general manager without the read scope", domain.Caller{Person: manager, Scopes: []domain.Scope{domain.ScopeEventsRead}}},
	}
	for _, tc := range callers {
		t.Run(tc.name, func(t *testing.T) {
			if items, err := f.p.AwaitingAccess(tc.caller, orgX); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("AwaitingAccess = %d items, %v; want ErrForbidden", len(items), err)
			}
			if grants, err := f.p.AccessGrants(tc.caller, orgX); !errors.Is(err, domain.ErrForbidden) {
				t.Errorf("AccessGrants = %d grants, %v; want ErrForbidden", len(grants), err)
			}
		})
	}

	f.apply(&domain.KeyRoleRemoved{Organization: orgX, Person: manager, Role: domain.RoleGeneralManager})
	if _, err := f.p.AwaitingAccess(reader(manager), orgX); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("former general manager: AwaitingAccess = %v, want ErrForbidden", err)
	}
}
