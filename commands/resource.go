package commands

import (
	"context"

	"github.com/postvern/postvern/domain"
)

// RegisterResource registers a resource or updates its name and access
// packages. It returns the resource as stored.
func (s *Service) RegisterResource(ctx context.Context, caller domain.Caller, cmd domain.RegisterResource) (domain.Resource, uint64, error) {
	if err := domain.ValidateResourceID("id", cmd.ID); err != nil {
		return domain.Resource{}, 0, err
	}

	var resource domain.Resource
	position, err := s.retry(ctx, "RegisterResource", func() (uint64, error) {
		st, state, err := s.loadResource(ctx, cmd.ID)
		if err != nil {
			return 0, err
		}
		events, err := domain.DecideRegisterResource(caller, state, cmd)
		if err != nil {
			return 0, err
		}

		resource = state.Resource
		for _, e := range events {
			state.Apply(e)
			resource = state.Resource
		}
		return s.append(ctx, caller, "RegisterResource", st, st.expected(), events)
	})
	return resource, position, err
}

// loadResource reads a resource stream and folds it.
func (s *Service) loadResource(ctx context.Context, id string) (stream, domain.ResourceState, error) {
	st, err := s.load(ctx, domain.ResourceStream(id))
	if err != nil {
		return stream{}, domain.ResourceState{}, err
	}
	var state domain.ResourceState
	for _, e := range st.events {
		state.Apply(e)
	}
	return st, state, nil
}
