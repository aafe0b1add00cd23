package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/graph/model"
	"github.com/postvern/postvern/projections"
)

// ReadYourWritesTimeout bounds how long a mutation waits for the projection
// to apply its events before it returns.
const ReadYourWritesTimeout = 10 * time.Second

// Resolver carries the services the resolvers call. It holds no rules and no
// database handle beyond the store that history reads.
type Resolver struct {
	Commands   *commands.Service
	Projection *projections.Projection
	Store      eventstore.Store
	Logger     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (r *Resolver) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// waitFor lets a mutation's caller read its own write: it waits until the
// projection has applied position. The write is durable either way, so a
// timeout is logged and the mutation still succeeds.
func (r *Resolver) waitFor(ctx context.Context, position uint64) {
	ctx, cancel := context.WithTimeout(ctx, ReadYourWritesTimeout)
	defer cancel()
	if err := r.Projection.WaitFor(ctx, position); err != nil {
		r.Logger.WarnContext(ctx, "projection lagged behind a mutation", "position", position, "error", err)
	}
}

func (r *mutationResolver) changeRole(ctx context.Context, input model.RoleInput, change func(context.Context, domain.Caller, domain.RoleChange) (uint64, error)) (*model.RoleAssignment, error) {
	caller, err := auth.CallerFrom(ctx)
	if err != nil {
		return nil, err
	}
	cmd := domain.RoleChange{Organization: input.Organization, Person: input.Person, Role: input.Role}
	position, err := change(ctx, caller, cmd)
	if err != nil {
		return nil, err
	}
	r.waitFor(ctx, position)

	org, person, role, _ := domain.ParseRoleChange(cmd) // The command validated it.
	return &model.RoleAssignment{Organization: org.URN(), Person: person.URN(), Role: string(role)}, nil
}

func (r *Resolver) correspondence(ctx context.Context, caller domain.Caller, id uuid.UUID) (*model.Correspondence, error) {
	item, err := r.Projection.Correspondence(ctx, caller, id)
	if err != nil {
		return nil, err
	}
	return r.correspondenceNode(item), nil
}

func (r *Resolver) correspondenceNode(item projections.Item) *model.Correspondence {
	var resource *domain.Resource
	if found, ok := r.Projection.Resource(item.Correspondence.ResourceID); ok {
		resource = &found
	}
	return correspondenceModel(item, resource)
}

// callerAndOrganization returns the authenticated caller and the parsed
// organization argument of an admin query.
func callerAndOrganization(ctx context.Context, organization string) (domain.Caller, domain.OrganizationNumber, error) {
	caller, err := auth.CallerFrom(ctx)
	if err != nil {
		return domain.Caller{}, "", err
	}
	org, err := domain.ParseOrganizationField("organization", organization)
	if err != nil {
		return domain.Caller{}, "", err
	}
	return caller, org, nil
}

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

func inboxQuery(party []string, filter *model.InboxFilter, first *int64, after *string) (projections.InboxQuery, error) {
	q := projections.InboxQuery{After: optional(after)}
	if first != nil {
		if *first < 1 || *first > projections.MaxPageSize {
			return q, &domain.ValidationError{Field: "first", Message: fmt.Sprintf("is %d; give a page size from 1 to %d", *first, projections.MaxPageSize)}
		}
		q.First = int(*first)
	}
	for i, raw := range party {
		p, err := domain.ParsePartyField(fmt.Sprintf("party[%d]", i), raw)
		if err != nil {
			return q, err
		}
		q.Parties = append(q.Parties, p)
	}
	if filter == nil {
		return q, nil
	}

	q.Filter = projections.InboxFilter{
		ResourceIDs:     filter.ResourceIds,
		Opened:          filter.Opened,
		IsConfidential:  filter.IsConfidential,
		PublishedAfter:  filter.PublishedAfter,
		PublishedBefore: filter.PublishedBefore,
	}
	for _, raw := range filter.Senders {
		org, err := domain.ParseOrganizationField("filter.senders", raw)
		if err != nil {
			return q, err
		}
		q.Filter.Senders = append(q.Filter.Senders, org)
	}
	return q, nil
}
