package projections

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// Paging limits for inbox queries.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	// MaxFilterValues bounds each list argument of an inbox query, which is
	// matched against every entry of the inbox.
	MaxFilterValues = 100
)

// Item is a correspondence as one reader sees it.
type Item struct {
	// Correspondence is the stored correspondence. Its message body is set
	// only when the reader has opened it.
	Correspondence domain.Correspondence
	// Status is Altinn's status name as this reader sees it: ReadyForPublish,
	// Published, or Read once the reader has opened it.
	Status string
	// OpenedAt is when the reader first opened it, nil when never.
	OpenedAt *time.Time
	// Cursor is the opaque position of the item in the reader's inbox.
	Cursor string
}

// InboxFilter narrows an inbox query. Empty fields match everything.
type InboxFilter struct {
	ResourceIDs     []string
	Senders         []domain.OrganizationNumber
	Opened          *bool
	IsConfidential  *bool
	PublishedAfter  *time.Time
	PublishedBefore *time.Time
}

func (f InboxFilter) empty() bool {
	return len(f.ResourceIDs) == 0 && len(f.Senders) == 0 && f.Opened == nil && f.IsConfidential == nil &&
		f.PublishedAfter == nil && f.PublishedBefore == nil
}

// InboxQuery selects a page of a person's inbox.
type InboxQuery struct {
	// Parties limits the inbox to these parties; empty means every party the
	// person acts for.
	Parties []domain.Party
	Filter  InboxFilter
	// First is the page size: 0 means DefaultPageSize.
	First int
	// After is the cursor of the last item of the previous page.
	After string
}

// InboxPage is one page of an inbox, newest first.
type InboxPage struct {
	Items []Item
	// TotalCount counts every item that matches the query, on all pages.
	TotalCount  int
	HasNextPage bool
	EndCursor   string
}

// Inbox returns a page of the correspondence the caller may read, newest
// first. Correspondence not yet published is left out.
func (p *Projection) Inbox(caller domain.Caller, q InboxQuery) (InboxPage, error) {
	person, err := domain.AuthorizePersonRead(caller)
	if err != nil {
		return InboxPage{}, err
	}
	first, err := pageSize(q.First)
	if err != nil {
		return InboxPage{}, err
	}
	for _, list := range []struct {
		field string
		size  int
	}{{"party", len(q.Parties)}, {"filter.resourceIds", len(q.Filter.ResourceIDs)}, {"filter.senders", len(q.Filter.Senders)}} {
		if list.size > MaxFilterValues {
			return InboxPage{}, &domain.ValidationError{Field: list.field, Message: fmt.Sprintf("has %d values; the maximum is %d", list.size, MaxFilterValues)}
		}
	}
	var after *cursor
	if q.After != "" {
		c, err := decodeCursor(q.After)
		if err != nil {
			return InboxPage{}, err
		}
		after = &c
	}

	p.mu.RLock()
	defer p.mu.RUnlock()

	for i, party := range q.Parties {
		if !domain.CanActFor(person, party, p.accessLocked(person, party)) {
			return InboxPage{}, &domain.Rejection{Kind: domain.ErrForbidden, Message: fmt.Sprintf("party[%d]: you cannot act for %s; query me.parties for the parties you can act for", i, party.URN())}
		}
	}

	in := p.inboxes[person]
	if in == nil {
		return InboxPage{}, nil
	}
	entries := in.entries
	now := p.now()

	// Entries publish in ascending order, so those not yet published form
	// the tail; visible is the index just past the newest published one.
	visible := sort.Search(len(entries), func(i int) bool { return entries[i].correspondence.PublishTime.After(now) })
	start := visible
	if after != nil {
		start = min(visible, entries.search(after.publish, after.id[:]))
	}

	match := p.matcher(person, q)
	unfiltered := q.Filter.empty() && len(q.Parties) == 0
	page := InboxPage{}
	for i := start - 1; i >= 0; i-- {
		en := entries[i]
		if !match(en) {
			continue
		}
		if len(page.Items) == first {
			page.HasNextPage = true
			break
		}
		page.Items = append(page.Items, p.itemLocked(person, en, now))
	}
	if len(page.Items) > 0 {
		page.EndCursor = page.Items[len(page.Items)-1].Cursor
	}

	// Counting walks the same list the page came from, so a correspondence
	// the person cannot read is never counted.
	if unfiltered {
		page.TotalCount = visible
		return page, nil
	}
	for _, en := range entries[:visible] {
		if match(en) {
			page.TotalCount++
		}
	}
	return page, nil
}

// matcher returns the predicate for q's parties and filter.
func (p *Projection) matcher(person domain.PersonID, q InboxQuery) func(*entry) bool {
	f := q.Filter
	return func(en *entry) bool {
		c := en.correspondence
		if len(q.Parties) > 0 && !slices.Contains(q.Parties, c.Recipient) {
			return false
		}
		if len(f.ResourceIDs) > 0 && !slices.Contains(f.ResourceIDs, c.ResourceID) {
			return false
		}
		if len(f.Senders) > 0 && !slices.Contains(f.Senders, c.Sender) {
			return false
		}
		if f.IsConfidential != nil && *f.IsConfidential != c.IsConfidential {
			return false
		}
		if f.Opened != nil {
			_, opened := en.openedBy[person]
			if opened != *f.Opened {
				return false
			}
		}
		if f.PublishedAfter != nil && !c.PublishTime.After(*f.PublishedAfter) {
			return false
		}
		if f.PublishedBefore != nil && !c.PublishTime.Before(*f.PublishedBefore) {
			return false
		}
		return true
	}
}

func (p *Projection) itemLocked(person domain.PersonID, en *entry, now time.Time) Item {
	item := Item{Correspondence: en.correspondence, Status: "Published", Cursor: encodeCursor(en)}
	if !en.correspondence.Published(now) {
		item.Status = "ReadyForPublish"
	}
	// Status is the reader's own: another reader's opening must not tell a
	// newly granted person that someone read the correspondence before them.
	if at, ok := en.openedBy[person]; ok {
		item.OpenedAt = &at
		item.Status = "Read"
	}
	return item
}

// accessLocked returns the person's access in the party's organization.
func (p *Projection) accessLocked(person domain.PersonID, party domain.Party) domain.Access {
	if !party.IsOrganization() {
		return domain.Access{}
	}
	o, ok := p.organizations[party.Organization]
	if !ok {
		return domain.Access{}
	}
	return o.state.AccessOf(person)
}

// Correspondence returns the correspondence with id as the caller sees it.
// It returns domain.ErrCorrespondenceNotFound both when it does not exist and
// when the caller may not read it, so that the two are indistinguishable. The
// message body is included once the caller has opened it.
func (p *Projection) Correspondence(ctx context.Context, caller domain.Caller, id uuid.UUID) (Item, error) {
	person, err := domain.AuthorizePersonRead(caller)
	if err != nil {
		return Item{}, err
	}

	item, ok := p.readable(person, id)
	if !ok {
		return Item{}, domain.ErrCorrespondenceNotFound
	}
	if item.OpenedAt == nil {
		return item, nil
	}

	body, err := p.loadBody(ctx, id)
	if err != nil {
		return Item{}, err
	}
	item.Correspondence.Content.MessageBody = body
	return item, nil
}

func (p *Projection) readable(person domain.PersonID, id uuid.UUID) (Item, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()

	en, ok := p.correspondences[id]
	now := p.now()
	if !ok || !en.correspondence.Published(now) {
		return Item{}, false
	}
	access := p.accessLocked(person, en.correspondence.Recipient)
	if !p.canRead(person, access, en) {
		return Item{}, false
	}
	return p.itemLocked(person, en, now), true
}

// loadBody reads the message body from the correspondence's first event.
func (p *Projection) loadBody(ctx context.Context, id uuid.UUID) (string, error) {
	events, err := p.store.ReadStream(ctx, domain.CorrespondenceStream(id), 0, 1)
	if err != nil {
		return "", fmt.Errorf("read body of %s: %w", id, err)
	}
	if len(events) == 0 {
		return "", fmt.Errorf("read body of %s: %w", id, eventstore.ErrStreamNotFound)
	}
	e, err := domain.DecodeEvent(events[0].Type, events[0].Data)
	if err != nil {
		return "", fmt.Errorf("read body of %s: %w", id, err)
	}
	sent, ok := e.(*domain.CorrespondenceSent)
	if !ok {
		return "", fmt.Errorf("read body of %s: first event is %s, expected %s", id, events[0].Type, domain.TypeCorrespondenceSent)
	}
	return sent.Correspondence.Content.MessageBody, nil
}

// PartyView is a party the person may act for, with what they hold there.
type PartyView struct {
	Party               domain.Party
	Roles               []domain.KeyRole
	IsMainAdministrator bool
	HasKeyRole          bool
}

// Parties returns the parties the caller may act for. For a person that is
// themselves first, then each organization where they hold a key role or a
// grant, by number. An organization acts for itself alone.
func (p *Projection) Parties(caller domain.Caller) []PartyView {
	if caller.Person == "" {
		return []PartyView{{Party: domain.OrganizationParty(caller.Organization)}}
	}
	person := caller.Person

	p.mu.RLock()
	defer p.mu.RUnlock()

	views := []PartyView{{Party: domain.PersonParty(person)}}
	orgs := make([]domain.OrganizationNumber, 0, len(p.personOrganizations[person]))
	for org := range p.personOrganizations[person] {
		orgs = append(orgs, org)
	}
	slices.Sort(orgs)
	for _, org := range orgs {
		roles := slices.Clone(p.organizations[org].state.Roles[person])
		slices.Sort(roles)
		views = append(views, PartyView{
			Party:               domain.OrganizationParty(org),
			Roles:               roles,
			IsMainAdministrator: domain.IsMainAdministrator(roles),
			HasKeyRole:          len(roles) > 0,
		})
	}
	return views
}

// AwaitingItem is confidential correspondence that no person in the recipient
// organization can read yet. It carries what the notification already
// disclosed and never the body.
type AwaitingItem struct {
	CorrespondenceID uuid.UUID
	Sender           domain.OrganizationNumber
	MessageSender    string
	MessageTitle     string
	Resource         domain.Resource
	ReceivedAt       time.Time
}

// AwaitingAccess lists, newest first, the organization's published
// confidential correspondence that no person in it may read. Only a main
// administrator of the organization may ask.
func (p *Projection) AwaitingAccess(caller domain.Caller, org domain.OrganizationNumber) ([]AwaitingItem, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()

	o, err := p.administeredLocked(caller, org)
	if err != nil {
		return nil, err
	}

	now := p.now()
	people := o.people()
	accessByPerson := make(map[domain.PersonID]domain.Access, len(people))
	for person := range people {
		accessByPerson[person] = o.state.AccessOf(person)
	}

	items := []AwaitingItem{}
	for i := len(o.entries) - 1; i >= 0; i-- {
		en := o.entries[i]
		c := en.correspondence
		if !c.IsConfidential || !c.Published(now) || p.anyoneCanRead(accessByPerson, en) {
			continue
		}
		target := p.target(en)
		items = append(items, AwaitingItem{
			CorrespondenceID: c.ID,
			Sender:           c.Sender,
			MessageSender:    c.MessageSender,
			MessageTitle:     c.Content.MessageTitle,
			Resource:         target.Resource,
			ReceivedAt:       c.PublishTime,
		})
	}
	return items, nil
}

// administeredLocked returns the organization when the caller is one of its
// main administrators.
func (p *Projection) administeredLocked(caller domain.Caller, org domain.OrganizationNumber) (*organization, error) {
	o, ok := p.organizations[org]
	var roles []domain.KeyRole
	if ok {
		roles = o.state.Roles[caller.Person]
	}
	if err := domain.AuthorizeAdministration(caller, org, roles); err != nil {
		return nil, err
	}
	return o, nil
}

func (p *Projection) anyoneCanRead(accessByPerson map[domain.PersonID]domain.Access, en *entry) bool {
	for person, access := range accessByPerson {
		if p.canRead(person, access, en) {
			return true
		}
	}
	return false
}

// AccessGrants lists the organization's grants, ordered by person, then
// resource or package. Only a main administrator of the organization may ask.
func (p *Projection) AccessGrants(caller domain.Caller, org domain.OrganizationNumber) ([]domain.GrantRecord, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()

	o, err := p.administeredLocked(caller, org)
	if err != nil {
		return nil, err
	}

	grants := make([]domain.GrantRecord, 0, len(o.state.Grants))
	for _, g := range o.state.Grants {
		grants = append(grants, g)
	}
	slices.SortFunc(grants, func(a, b domain.GrantRecord) int {
		return strings.Compare(string(a.Person)+a.ResourceID+"\x00"+a.AccessPackage, string(b.Person)+b.ResourceID+"\x00"+b.AccessPackage)
	})
	return grants, nil
}

// Resource returns a registered resource.
func (p *Projection) Resource(id string) (domain.Resource, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, ok := p.resources[id]
	if !ok {
		return domain.Resource{}, false
	}
	return *r, true
}

// Stats are the projection's sizes, for metrics and benchmarks.
type Stats struct {
	Position        uint64
	Correspondences int
	Organizations   int
	Inboxes         int
	Skipped         uint64
}

// Stats returns the projection's current sizes.
func (p *Projection) Stats() Stats {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return Stats{Position: p.position, Correspondences: len(p.correspondences), Organizations: len(p.organizations), Inboxes: len(p.inboxes), Skipped: p.skipped}
}

func pageSize(first int) (int, error) {
	switch {
	case first == 0:
		return DefaultPageSize, nil
	case first < 0 || first > MaxPageSize:
		return 0, &domain.ValidationError{Field: "first", Message: fmt.Sprintf("is %d; give a page size from 1 to %d", first, MaxPageSize)}
	default:
		return first, nil
	}
}

// cursor is a decoded inbox cursor: the key of the last item seen.
type cursor struct {
	publish time.Time
	id      uuid.UUID
}

func encodeCursor(en *entry) string {
	c := en.correspondence
	raw := strconv.FormatInt(c.PublishTime.UnixNano(), 10) + ":" + c.ID.String()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (cursor, error) {
	invalid := &domain.ValidationError{Field: "after", Message: "is not a cursor from this inbox; pass the endCursor of the previous page"}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, invalid
	}
	nanos, id, ok := strings.Cut(string(raw), ":")
	if !ok {
		return cursor{}, invalid
	}
	n, err := strconv.ParseInt(nanos, 10, 64)
	if err != nil {
		return cursor{}, invalid
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return cursor{}, invalid
	}
	return cursor{publish: time.Unix(0, n).UTC(), id: u}, nil
}

// ContactPoints returns the organization's notification addresses.
func (p *Projection) ContactPoints(org domain.OrganizationNumber) (emails, mobiles []string) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.organizations[org]
	if !ok {
		return []string{}, []string{}
	}
	return append([]string{}, o.state.EmailAddresses...), append([]string{}, o.state.MobileNumbers...)
}

// Grant returns the stored record of a grant in org.
func (p *Projection) Grant(org domain.OrganizationNumber, g domain.Grant) (domain.GrantRecord, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	o, ok := p.organizations[org]
	if !ok {
		return domain.GrantRecord{}, false
	}
	record, ok := o.state.Grants[g]
	return record, ok
}

// People returns every person with an inbox, for benchmarks and tools that
// sample readers.
func (p *Projection) People() []domain.PersonID {
	p.mu.RLock()
	defer p.mu.RUnlock()
	people := make([]domain.PersonID, 0, len(p.inboxes))
	for person := range p.inboxes {
		people = append(people, person)
	}
	return people
}

// AccessPackageKnown reports whether a registered resource's policy lists
// accessPackage.
func (p *Projection) AccessPackageKnown(accessPackage string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, r := range p.resources {
		if r.GivesRead(accessPackage) {
			return true
		}
	}
	return false
}
