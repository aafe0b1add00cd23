package commands

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// SendCorrespondence sends a correspondence to each recipient and returns one
// correspondence per recipient. With an idempotent key, a retry of the same
// send returns the correspondence stored the first time, and a send that
// reuses the key with other content fails with domain.ErrConflict.
//
// Every rule is checked before the first append, so a rejected send writes
// nothing.
//
// NOTE: the recipients' streams are appended one by one, so a store failure
// halfway leaves the earlier recipients' correspondence stored. A retry with
// an idempotent key per recipient completes such a send.
func (s *Service) SendCorrespondence(ctx context.Context, caller domain.Caller, cmd domain.SendCorrespondence) ([]domain.Correspondence, uint64, error) {
	if err := domain.AuthorizeSender(caller); err != nil {
		return nil, 0, err
	}
	if err := domain.ValidateResourceID("resourceId", cmd.ResourceID); err != nil {
		return nil, 0, err
	}
	if id, ok := domain.ResendID(caller, cmd); ok {
		c, position, found, err := s.resend(ctx, caller, cmd, id)
		if found || err != nil {
			return []domain.Correspondence{c}, position, err
		}
	}

	sc, err := s.sendContext(ctx, cmd)
	if err != nil {
		return nil, 0, err
	}

	sent, err := domain.DecideSend(caller, cmd, sc)
	if err != nil {
		return nil, 0, err
	}

	result := make([]domain.Correspondence, 0, len(sent))
	var last uint64
	for _, one := range sent {
		c, position, err := s.appendSent(ctx, caller, cmd, one)
		if err != nil {
			return nil, 0, err
		}
		result = append(result, c)
		last = max(last, position)
	}
	return result, last, nil
}

// sendContext loads what a send decision needs: the resource and, for
// confidential mail, whether each recipient organization has a key role
// holder.
func (s *Service) sendContext(ctx context.Context, cmd domain.SendCorrespondence) (domain.SendContext, error) {
	sc := domain.SendContext{Now: s.now(), NewID: s.newID, KeyRoleHolders: map[domain.OrganizationNumber]bool{}}

	_, resource, err := s.loadResource(ctx, cmd.ResourceID)
	if err != nil {
		return sc, err
	}
	if resource.Exists {
		sc.Resource = &resource.Resource
	}

	// Only confidential mail needs the recipients' organizations, and a list
	// over the limit is rejected by DecideSend before anyone reads them.
	if sc.Resource == nil || !sc.Resource.Confidential() || len(cmd.Recipients) > domain.MaxRecipients {
		return sc, nil
	}
	for _, raw := range cmd.Recipients {
		party, err := domain.ParseParty(raw)
		if err != nil || !party.IsOrganization() {
			continue // DecideSend reports the malformed recipient.
		}
		_, org, err := s.loadOrganization(ctx, party.Organization)
		if err != nil {
			return sc, err
		}
		sc.KeyRoleHolders[party.Organization] = org.HasKeyRoleHolder()
	}
	return sc, nil
}

// appendSent creates the correspondence's stream. When the stream exists, the
// send is a retry with the same idempotent key, and the stored
// correspondence decides between returning it and a conflict.
func (s *Service) appendSent(ctx context.Context, caller domain.Caller, cmd domain.SendCorrespondence, one domain.SentCorrespondence) (domain.Correspondence, uint64, error) {
	st := stream{name: domain.CorrespondenceStream(one.Correspondence.ID)}
	position, err := s.append(ctx, caller, "SendCorrespondence", st, eventstore.NoStream(), one.Events)
	if err == nil {
		return one.Correspondence, position, nil
	}
	if !errors.Is(err, eventstore.ErrWrongExpectedVersion) || cmd.IdempotentKey == "" {
		return domain.Correspondence{}, 0, err
	}

	c, position, found, err := s.resend(ctx, caller, cmd, one.Correspondence.ID)
	if err == nil && !found {
		err = fmt.Errorf("correspondence %s: stream exists without a sent event", one.Correspondence.ID)
	}
	return c, position, err
}

// resend looks up the correspondence that an idempotent send derived. found
// is false when there is none yet.
func (s *Service) resend(ctx context.Context, caller domain.Caller, cmd domain.SendCorrespondence, id uuid.UUID) (c domain.Correspondence, position uint64, found bool, err error) {
	existing, state, err := s.loadCorrespondence(ctx, id)
	if err != nil || !state.Exists {
		return domain.Correspondence{}, 0, false, err
	}
	if err := domain.CheckResend(caller, state.Correspondence, cmd); err != nil {
		return domain.Correspondence{}, 0, true, err
	}
	return state.Correspondence, existing.position, true, nil
}

// OpenCorrespondence records that the caller opened the correspondence and
// returns it. A person's repeated or concurrent opens record one opening.
// A correspondence the caller may not read is domain.ErrNotFound, exactly as
// one that does not exist.
func (s *Service) OpenCorrespondence(ctx context.Context, caller domain.Caller, id uuid.UUID) (domain.Correspondence, uint64, error) {
	// The caller is checked before anything is read, so that an existing id
	// and a missing one give a caller without the right the same error.
	if _, err := domain.AuthorizePersonRead(caller); err != nil {
		return domain.Correspondence{}, 0, err
	}

	var opened domain.Correspondence
	position, err := s.retry(ctx, "OpenCorrespondence", func() (uint64, error) {
		st, state, err := s.loadCorrespondence(ctx, id)
		if err != nil {
			return 0, err
		}
		if !state.Exists {
			return 0, domain.ErrCorrespondenceNotFound
		}

		access, resource, err := s.readerAccess(ctx, caller.Person, state.Correspondence)
		if err != nil {
			return 0, err
		}
		events, err := domain.DecideOpen(caller, state, access, resource, s.now())
		if err != nil {
			return 0, err
		}

		// NOTE: the append checks only the correspondence stream's revision,
		// so a revocation that lands between the read of the organization
		// and this append still lets the opening be recorded. The body is not
		// returned then, since the projection's read check comes after.

		opened = state.Correspondence
		return s.append(ctx, caller, "OpenCorrespondence", st, st.expected(), events)
	})
	return opened, position, err
}

// readerAccess loads what the read rule needs about person and c: the
// person's access in the recipient organization and c's resource.
func (s *Service) readerAccess(ctx context.Context, person domain.PersonID, c domain.Correspondence) (domain.Access, domain.Resource, error) {
	_, resource, err := s.loadResource(ctx, c.ResourceID)
	if err != nil {
		return domain.Access{}, domain.Resource{}, err
	}
	if !c.Recipient.IsOrganization() {
		return domain.Access{}, resource.Resource, nil
	}

	_, org, err := s.loadOrganization(ctx, c.Recipient.Organization)
	if err != nil {
		return domain.Access{}, domain.Resource{}, err
	}
	return org.AccessOf(person), resource.Resource, nil
}

// loadCorrespondence reads a correspondence stream and folds it.
func (s *Service) loadCorrespondence(ctx context.Context, id uuid.UUID) (stream, domain.CorrespondenceState, error) {
	st, err := s.load(ctx, domain.CorrespondenceStream(id))
	if err != nil {
		return stream{}, domain.CorrespondenceState{}, err
	}
	var state domain.CorrespondenceState
	for _, e := range st.events {
		state.Apply(e)
	}
	return st, state, nil
}
