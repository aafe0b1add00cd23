package commands

import (
	"context"

	"github.com/postvern/postvern/domain"
)

// AssignRole records that the register gave a person a key role.
func (s *Service) AssignRole(ctx context.Context, caller domain.Caller, cmd domain.RoleChange) (uint64, error) {
	org, person, role, err := domain.ParseRoleChange(cmd)
	if err != nil {
		return 0, err
	}
	return s.changeOrganization(ctx, caller, "AssignRole", org, func(state *domain.OrganizationState) ([]domain.Event, error) {
		return domain.DecideAssignRole(caller, state, person, role)
	})
}

// RemoveRole records that the register removed a person's key role.
func (s *Service) RemoveRole(ctx context.Context, caller domain.Caller, cmd domain.RoleChange) (uint64, error) {
	org, person, role, err := domain.ParseRoleChange(cmd)
	if err != nil {
		return 0, err
	}
	return s.changeOrganization(ctx, caller, "RemoveRole", org, func(state *domain.OrganizationState) ([]domain.Event, error) {
		return domain.DecideRemoveRole(caller, state, person, role)
	})
}

// SetContactPoints replaces the organization's notification addresses.
func (s *Service) SetContactPoints(ctx context.Context, caller domain.Caller, cmd domain.SetContactPoints) (uint64, error) {
	org, err := domain.ParseOrganizationField("organization", cmd.Organization)
	if err != nil {
		return 0, err
	}
	return s.changeOrganization(ctx, caller, "SetContactPoints", org, func(state *domain.OrganizationState) ([]domain.Event, error) {
		return domain.DecideSetContactPoints(caller, state, cmd)
	})
}

// GrantAccess delegates a resource or an access package to a person. Only a
// main administrator of the organization may do it.
func (s *Service) GrantAccess(ctx context.Context, caller domain.Caller, cmd domain.AccessChange) (domain.Grant, uint64, error) {
	org, grant, err := domain.ParseAccessChange(cmd)
	if err != nil {
		return domain.Grant{}, 0, err
	}

	targetKnown := false
	if grant.ResourceID != "" {
		_, resource, err := s.loadResource(ctx, grant.ResourceID)
		if err != nil {
			return domain.Grant{}, 0, err
		}
		targetKnown = resource.Exists
	} else if s.packageKnown != nil {
		targetKnown = s.packageKnown(grant.AccessPackage)
	}

	position, err := s.changeOrganization(ctx, caller, "GrantAccess", org, func(state *domain.OrganizationState) ([]domain.Event, error) {
		return domain.DecideGrantAccess(caller, state, grant, targetKnown)
	})
	return grant, position, err
}

// RevokeAccess withdraws a delegation. Only a main administrator of the
// organization may do it.
func (s *Service) RevokeAccess(ctx context.Context, caller domain.Caller, cmd domain.AccessChange) (domain.Grant, uint64, error) {
	org, grant, err := domain.ParseAccessChange(cmd)
	if err != nil {
		return domain.Grant{}, 0, err
	}
	position, err := s.changeOrganization(ctx, caller, "RevokeAccess", org, func(state *domain.OrganizationState) ([]domain.Event, error) {
		return domain.DecideRevokeAccess(caller, state, grant)
	})
	return grant, position, err
}

// changeOrganization loads org's stream, lets decide turn it into events and
// appends them, deciding again when another writer changed the stream.
func (s *Service) changeOrganization(ctx context.Context, caller domain.Caller, command string, org domain.OrganizationNumber, decide func(*domain.OrganizationState) ([]domain.Event, error)) (uint64, error) {
	return s.retry(ctx, command, func() (uint64, error) {
		st, state, err := s.loadOrganization(ctx, org)
		if err != nil {
			return 0, err
		}
		events, err := decide(state)
		if err != nil {
			return 0, err
		}
		return s.append(ctx, caller, command, st, st.expected(), events)
	})
}

// loadOrganization reads an organization stream and folds it.
func (s *Service) loadOrganization(ctx context.Context, org domain.OrganizationNumber) (stream, *domain.OrganizationState, error) {
	st, err := s.load(ctx, domain.OrganizationStream(org))
	if err != nil {
		return stream{}, nil, err
	}
	state := domain.NewOrganizationState(org)
	for i, e := range st.events {
		state.Apply(e, st.recorded[i].RecordedAt)
	}
	return st, state, nil
}
