package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// Projection is the in-memory read model. It is safe for concurrent use: one
// goroutine applies events while any number of queries read.
type Projection struct {
	store eventstore.Store
	now   func() time.Time
	log   *slog.Logger

	mu       sync.RWMutex
	position uint64
	// waiters is closed and cleared after events are applied, when a WaitFor
	// call is waiting.
	waiters chan struct{}
	skipped uint64

	resources map[string]*domain.Resource
	// resourceOrganizations lists the organizations that received mail on
	// each resource, so that a policy change revisits only them.
	resourceOrganizations map[string]map[domain.OrganizationNumber]struct{}
	organizations         map[domain.OrganizationNumber]*organization
	correspondences       map[uuid.UUID]*entry
	inboxes               map[domain.PersonID]*inbox
	// personOrganizations lists the organizations where each person holds a
	// key role or a grant.
	personOrganizations map[domain.PersonID]map[domain.OrganizationNumber]struct{}
}

// organization is one organization's state and its correspondence.
type organization struct {
	state   *domain.OrganizationState
	entries sortedEntries
}

// entry is one correspondence as the projection keeps it: everything but the
// message body, which queries load from the store when a reader needs it.
type entry struct {
	correspondence domain.Correspondence
	openedBy       map[domain.PersonID]time.Time
}

// Options configures a Projection. A nil Now uses the real clock.
type Options struct {
	Now    func() time.Time
	Logger *slog.Logger
}

// New returns an empty projection at position 0 that follows store. Queries
// read message bodies from store, since the projection keeps none in memory.
func New(store eventstore.Store, opts Options) *Projection {
	p := &Projection{
		store:                 store,
		now:                   opts.Now,
		log:                   opts.Logger,
		resources:             map[string]*domain.Resource{},
		resourceOrganizations: map[string]map[domain.OrganizationNumber]struct{}{},
		organizations:         map[domain.OrganizationNumber]*organization{},
		correspondences:       map[uuid.UUID]*entry{},
		inboxes:               map[domain.PersonID]*inbox{},
		personOrganizations:   map[domain.PersonID]map[domain.OrganizationNumber]struct{}{},
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p
}

// catchUpBatch is how many events a catch-up reads and decodes at a time.
const catchUpBatch = 2048

// Run applies every event after the projection's position, then follows the
// store live until ctx ends or the store fails.
func (p *Projection) Run(ctx context.Context) error {
	err := p.CatchUp(ctx)
	if err == nil {
		err = p.store.SubscribeAll(ctx, p.Position(), p.Apply)
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("projection stopped at position %d: %w", p.Position(), err)
	}
	return ctx.Err()
}

// CatchUp applies the events stored after the projection's position, in
// batches, and returns when it has applied the last one it found. Decoding
// JSON is most of a rebuild's work and needs no lock, so each batch is
// decoded on every CPU before it is applied in order.
func (p *Projection) CatchUp(ctx context.Context) error {
	for {
		batch, err := p.store.ReadAll(ctx, p.Position(), catchUpBatch)
		if err != nil {
			return fmt.Errorf("catch up after position %d: %w", p.Position(), err)
		}
		if len(batch) == 0 {
			return nil
		}

		decoded, err := decodeAll(batch)
		if err != nil {
			return err
		}
		p.applyDecoded(decoded)
	}
}

// decoded is a recorded event with its domain event: nil for a type the
// projection ignores, and nil with unknown set for a type this version does
// not know.
type decoded struct {
	record  eventstore.RecordedEvent
	event   domain.Event
	unknown bool
}

func decode(r eventstore.RecordedEvent) (decoded, error) {
	if ignored(r.Type) {
		return decoded{record: r}, nil
	}
	e, err := domain.DecodeEvent(r.Type, r.Data)
	if isUnknownType(err) {
		return decoded{record: r, unknown: true}, nil
	}
	if err != nil {
		return decoded{}, fmt.Errorf("apply %s at position %d: %w", r.Stream, r.Position, err)
	}
	return decoded{record: r, event: e}, nil
}

// decodeAll decodes a batch on GOMAXPROCS goroutines, keeping its order.
func decodeAll(batch []eventstore.RecordedEvent) ([]decoded, error) {
	out := make([]decoded, len(batch))
	workers := min(runtime.GOMAXPROCS(0), len(batch))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(batch); i += workers {
				d, err := decode(batch[i])
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = d
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// Position returns the global position of the last applied event.
func (p *Projection) Position() uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.position
}

// WaitFor blocks until the projection has applied position, or ctx ends.
func (p *Projection) WaitFor(ctx context.Context, position uint64) error {
	for {
		p.mu.Lock()
		if p.position >= position {
			p.mu.Unlock()
			return nil
		}
		if p.waiters == nil {
			p.waiters = make(chan struct{})
		}
		wait := p.waiters
		p.mu.Unlock()

		select {
		case <-wait:
		case <-ctx.Done():
			return fmt.Errorf("wait for projection to reach position %d: %w", position, ctx.Err())
		}
	}
}

// Apply applies one recorded event. Events must come in global order; an
// event at or before the current position is ignored, so a replay is safe.
// Events of a type this version does not know are skipped and counted.
func (p *Projection) Apply(r eventstore.RecordedEvent) error {
	d, err := decode(r)
	if err != nil {
		return err
	}
	p.applyDecoded([]decoded{d})
	return nil
}

// applyDecoded applies decoded events in order under one lock and wakes
// waiters once.
func (p *Projection) applyDecoded(events []decoded) {
	p.mu.Lock()
	defer p.mu.Unlock()

	for _, d := range events {
		if d.record.Position <= p.position {
			continue
		}
		switch {
		case d.unknown:
			p.skipped++
			p.log.Warn("projection skipped an event of unknown type", "type", d.record.Type, "position", d.record.Position)
		case d.event != nil:
			p.applyLocked(d.event, d.record)
		}
		p.position = d.record.Position
	}

	if p.waiters != nil {
		close(p.waiters)
		p.waiters = nil
	}
}

func (p *Projection) applyLocked(e domain.Event, r eventstore.RecordedEvent) {
	switch ev := e.(type) {
	case *domain.ResourceRegistered:
		p.setResource(ev.Resource)
	case *domain.ResourceUpdated:
		p.setResource(ev.Resource)
	case *domain.KeyRoleAssigned:
		p.changeAccess(ev.Organization, ev.Person, e, r.RecordedAt)
	case *domain.KeyRoleRemoved:
		p.changeAccess(ev.Organization, ev.Person, e, r.RecordedAt)
	case *domain.AccessGranted:
		p.changeAccess(ev.Organization, ev.Person, e, r.RecordedAt)
	case *domain.AccessRevoked:
		p.changeAccess(ev.Organization, ev.Person, e, r.RecordedAt)
	case *domain.ContactPointsSet:
		p.organizationFor(ev.Organization).state.Apply(e, r.RecordedAt)
	case *domain.CorrespondenceSent:
		p.addCorrespondence(ev.Correspondence)
	case *domain.CorrespondenceOpened:
		if en, ok := p.correspondences[ev.CorrespondenceID]; ok {
			if en.openedBy == nil {
				en.openedBy = map[domain.PersonID]time.Time{}
			}
			if _, seen := en.openedBy[ev.Person]; !seen {
				en.openedBy[ev.Person] = ev.OpenedAt
			}
		}
	}
}

func (p *Projection) organizationFor(org domain.OrganizationNumber) *organization {
	o, ok := p.organizations[org]
	if !ok {
		o = &organization{state: domain.NewOrganizationState(org)}
		p.organizations[org] = o
	}
	return o
}

func (p *Projection) inboxFor(person domain.PersonID) *inbox {
	in, ok := p.inboxes[person]
	if !ok {
		in = &inbox{}
		p.inboxes[person] = in
	}
	return in
}

// setResource stores a resource's new policy and recomputes the inboxes that
// depend on it.
func (p *Projection) setResource(resource domain.Resource) {
	previous, existed := p.resources[resource.ID]
	stored := resource
	p.resources[resource.ID] = &stored
	if !existed || slices.Equal(previous.AccessPackages, resource.AccessPackages) {
		return
	}

	for org := range p.resourceOrganizations[resource.ID] {
		o := p.organizations[org]
		for person := range o.people() {
			p.recomputeInbox(person, org)
		}
	}
}

// changeAccess applies a role or grant change and recomputes the person's
// view of the organization's correspondence: only that pair changes.
func (p *Projection) changeAccess(org domain.OrganizationNumber, person domain.PersonID, e domain.Event, at time.Time) {
	o := p.organizationFor(org)
	o.state.Apply(e, at)

	if o.relates(person) {
		if p.personOrganizations[person] == nil {
			p.personOrganizations[person] = map[domain.OrganizationNumber]struct{}{}
		}
		p.personOrganizations[person][org] = struct{}{}
	} else {
		delete(p.personOrganizations[person], org)
	}
	p.recomputeInbox(person, org)
}

// recomputeInbox replaces the organization's entries in the person's inbox
// with those the read rule allows now.
func (p *Projection) recomputeInbox(person domain.PersonID, org domain.OrganizationNumber) {
	o := p.organizations[org]
	access := o.state.AccessOf(person)

	visible := make(sortedEntries, 0, len(o.entries))
	for _, en := range o.entries {
		if p.canRead(person, access, en) {
			visible = append(visible, en)
		}
	}

	in := p.inboxFor(person)
	in.replaceOrganization(org, visible)
}

func (p *Projection) addCorrespondence(c domain.Correspondence) {
	if _, exists := p.correspondences[c.ID]; exists {
		return
	}
	c.Content.MessageBody = ""
	en := &entry{correspondence: c}
	p.correspondences[c.ID] = en

	if !c.Recipient.IsOrganization() {
		p.inboxFor(c.Recipient.Person).entries.insert(en)
		return
	}

	org := c.Recipient.Organization
	o := p.organizationFor(org)
	o.entries.insert(en)
	if p.resourceOrganizations[c.ResourceID] == nil {
		p.resourceOrganizations[c.ResourceID] = map[domain.OrganizationNumber]struct{}{}
	}
	p.resourceOrganizations[c.ResourceID][org] = struct{}{}

	for person := range o.people() {
		if p.canRead(person, o.state.AccessOf(person), en) {
			p.inboxFor(person).entries.insert(en)
		}
	}
}

// canRead applies the read rule to an entry with the resource's current
// policy.
func (p *Projection) canRead(person domain.PersonID, access domain.Access, en *entry) bool {
	return domain.CanRead(person, access, p.target(en)).Allowed
}

func (p *Projection) target(en *entry) domain.ReadTarget {
	c := en.correspondence
	target := domain.ReadTarget{Recipient: c.Recipient, IsConfidential: c.IsConfidential, Resource: domain.Resource{ID: c.ResourceID}}
	if r, ok := p.resources[c.ResourceID]; ok {
		target.Resource = *r
	}
	return target
}

// people returns every person who holds a key role or a grant in the
// organization.
func (o *organization) people() map[domain.PersonID]struct{} {
	people := make(map[domain.PersonID]struct{}, len(o.state.Roles))
	for person := range o.state.Roles {
		people[person] = struct{}{}
	}
	for g := range o.state.Grants {
		people[g.Person] = struct{}{}
	}
	return people
}

// relates reports whether person holds a key role or a grant in o.
func (o *organization) relates(person domain.PersonID) bool {
	if len(o.state.Roles[person]) > 0 {
		return true
	}
	for g := range o.state.Grants {
		if g.Person == person {
			return true
		}
	}
	return false
}

// ignored reports whether the projection has no use for events of a known
// type, so that a rebuild need not decode them. Notification orders are the
// largest events in the log and change no view.
func ignored(eventType string) bool {
	return eventType == domain.TypeNotificationOrdered
}

func isUnknownType(err error) bool { return errors.Is(err, domain.ErrUnknownEventType) }
