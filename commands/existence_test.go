package commands_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/domain"
)

// A correspondence sent with an idempotent key has an id that anyone can
// derive from the sender, the key and the recipient. The UUID namespace is a
// constant in the source, and a key is often a case number. These tests check
// that no caller without read access can tell such an id from an unused one.

// sendWithKey sends the confidential correspondence with key and returns its
// id, after checking that the id is the one anyone can derive.
func sendWithKey(t *testing.T, svc *commands.Service, key string) uuid.UUID {
	t.Helper()
	cmd := confidentialSend()
	cmd.IdempotentKey = key
	sent, _, err := svc.SendCorrespondence(context.Background(), senderCaller, cmd)
	if err != nil {
		t.Fatalf("SendCorrespondence failed: %v", err)
	}
	derived := domain.IdempotentCorrespondenceID(senderOrg, key, domain.OrganizationParty(recipientOrg))
	if sent[0].ID != derived {
		t.Fatalf("stored id %s differs from the derived id %s", sent[0].ID, derived)
	}
	return derived
}

func TestOpenErrorHidesExistence(t *testing.T) {
	svc, _ := newService(t)
	existing := sendWithKey(t, svc, "bv-2026-0042")
	unused := domain.IdempotentCorrespondenceID(senderOrg, "bv-2026-0043", domain.OrganizationParty(recipientOrg))

	callers := []struct {
		name   string
		caller domain.Caller
	}{
		{"organization token", domain.Caller{Organization: noRolesOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}},
		{"person token without the read scope", domain.Caller{Person: employee, Scopes: []domain.Scope{domain.ScopeEventsRead}}},
		{"person token with the read scope", domain.Caller{Person: employee, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}},
	}
	for _, tc := range callers {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errExisting := svc.OpenCorrespondence(context.Background(), tc.caller, existing)
			_, _, errUnused := svc.OpenCorrespondence(context.Background(), tc.caller, unused)
			if errExisting == nil || errUnused == nil {
				t.Fatalf("open succeeded: existing %v, unused %v", errExisting, errUnused)
			}
			if errExisting.Error() != errUnused.Error() {
				t.Errorf("existing id fails with %q, unused id with %q: the caller learns that the correspondence exists", errExisting, errUnused)
			}
			if errors.Is(errExisting, domain.ErrNotFound) != errors.Is(errUnused, domain.ErrNotFound) {
				t.Errorf("error kinds differ: existing %v, unused %v", errExisting, errUnused)
			}
		})
	}
}

func TestResendErrorHidesExistence(t *testing.T) {
	svc, store := newService(t)
	sendWithKey(t, svc, "bv-2026-0042")
	before := lastPosition(t, store)

	// Another service owner names the first sender in the request and
	// tries two keys: one that was used and one that was not.
	other := domain.Caller{Organization: noRolesOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}
	probe := func(key string) error {
		cmd := confidentialSend()
		cmd.IdempotentKey = key
		cmd.Content.MessageBody = "Gjetning."
		_, _, err := svc.SendCorrespondence(context.Background(), other, cmd)
		return err
	}
	errUsed := probe("bv-2026-0042")
	errUnused := probe("bv-2026-0043")

	if !errors.Is(errUsed, domain.ErrForbidden) || !errors.Is(errUnused, domain.ErrForbidden) {
		t.Fatalf("errors = %v and %v, want ErrForbidden for both", errUsed, errUnused)
	}
	if errUsed.Error() != errUnused.Error() {
		t.Errorf("used key fails with %q, unused key with %q: another organization learns that the send happened", errUsed, errUnused)
	}
	if after := lastPosition(t, store); after != before {
		t.Errorf("LastPosition moved from %d to %d, want nothing appended", before, after)
	}
}

func TestConcurrentIdempotentSends(t *testing.T) {
	const senders = 16

	t.Run("same content returns one correspondence", func(t *testing.T) {
		svc, store := newService(t)
		cmd := confidentialSend()
		cmd.IdempotentKey = "samme-innhold"

		ids := make([]uuid.UUID, senders)
		errs := make([]error, senders)
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				sent, _, err := svc.SendCorrespondence(context.Background(), senderCaller, cmd)
				errs[i] = err
				if err == nil {
					ids[i] = sent[0].ID
				}
			})
		}
		wg.Wait()

		for i, err := range errs {
			if err != nil {
				t.Errorf("send %d failed: %v", i, err)
			}
			if ids[i] != ids[0] {
				t.Errorf("send %d returned %s, send 0 returned %s", i, ids[i], ids[0])
			}
		}
		events, _ := readStream(t, store, domain.CorrespondenceStream(ids[0]))
		if len(events) != 2 {
			t.Errorf("stream holds %d events, want one sent event and one notification order", len(events))
		}
	})

	t.Run("different content conflicts except once", func(t *testing.T) {
		svc, store := newService(t)
		before := lastPosition(t, store)

		errs := make([]error, senders)
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				cmd := confidentialSend()
				cmd.IdempotentKey = "ulikt-innhold"
				cmd.Content.MessageBody = fmt.Sprintf("Innhold nummer %d.", i)
				_, _, errs[i] = svc.SendCorrespondence(context.Background(), senderCaller, cmd)
			})
		}
		wg.Wait()

		succeeded := 0
		for i, err := range errs {
			switch {
			case err == nil:
				succeeded++
			case !errors.Is(err, domain.ErrConflict):
				t.Errorf("send %d failed with %v, want success or ErrConflict", i, err)
			}
		}
		if succeeded != 1 {
			t.Errorf("%d sends succeeded, want exactly 1", succeeded)
		}
		if appended := lastPosition(t, store) - before; appended != 2 {
			t.Errorf("%d events appended, want 2 (one sent event and one notification order)", appended)
		}
	})
}
