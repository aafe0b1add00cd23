package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/boltstore"
)

// Identifiers used below. All pass their check digits, and the persons are
// synthetic test persons from Altinn's public test suites.
const (
	registerOrg  domain.OrganizationNumber = "974760673" // sends key roles and contact points
	senderOrg    domain.OrganizationNumber = "991825827"
	recipientOrg domain.OrganizationNumber = "310057223"
	noRolesOrg   domain.OrganizationNumber = "313734501"

	manager  domain.PersonID = "08844397713" // general manager of recipientOrg
	employee domain.PersonID = "13838599936"
)

const confidentialResourceID = "barnevern-bekymringsmelding"

// now is the service's fixed clock.
var now = time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

var (
	registerCaller = domain.Caller{Organization: registerOrg, Scopes: []domain.Scope{domain.ScopeRegisterWrite}}
	senderCaller   = domain.Caller{Organization: senderOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}
	managerCaller  = domain.Caller{Person: manager, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
)

// newService opens a bbolt store in a temporary folder and returns a service
// on it with a fixed clock. It registers a confidential resource owned by
// senderOrg and makes manager general manager of recipientOrg.
func newService(t *testing.T) (*commands.Service, *boltstore.Store) {
	t.Helper()
	store, err := boltstore.Open(filepath.Join(t.TempDir(), "events.db"), boltstore.Options{})
	if err != nil {
		t.Fatalf("open the event store: %v", err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("close the event store: %v", err)
		}
	})
	svc := commands.New(store, commands.Options{Now: func() time.Time { return now }})

	ctx := context.Background()
	_, _, err = svc.RegisterResource(ctx, registerCaller, domain.RegisterResource{
		ID:             confidentialResourceID,
		Owner:          string(senderOrg),
		Name:           domain.LocalizedText{NB: "Bekymringsmelding til barnevernet"},
		AccessPackages: []string{domain.PackageConfidentialMail},
	})
	if err != nil {
		t.Fatalf("RegisterResource failed: %v", err)
	}
	_, err = svc.AssignRole(ctx, registerCaller, domain.RoleChange{Organization: string(recipientOrg), Person: string(manager), Role: "DAGL"})
	if err != nil {
		t.Fatalf("AssignRole failed: %v", err)
	}
	return svc, store
}

// confidentialSend returns a valid confidential send to recipientOrg.
func confidentialSend() domain.SendCorrespondence {
	return domain.SendCorrespondence{
		ResourceID:       confidentialResourceID,
		Sender:           string(senderOrg),
		SendersReference: "bv-2026-0042",
		Content:          domain.Content{Language: "nb", MessageTitle: "Sak 2026/42", MessageBody: "Innkalling til samtale."},
		Recipients:       []string{recipientOrg.URN()},
		IsConfidential:   true,
		Notification: &domain.NotificationInput{
			NotificationTemplate: domain.TemplateGenericAltinnMessage,
			NotificationChannel:  domain.ChannelEmail,
		},
	}
}

// testPersons returns n distinct valid national identity numbers of
// synthetic persons born in January 1990.
func testPersons(t *testing.T, n int) []domain.PersonID {
	t.Helper()
	var persons []domain.PersonID
	for day := 1; day <= 31 && len(persons) < n; day++ {
		prefix := fmt.Sprintf("%02d8190%03d", day, 400+day)
		for check := range 100 {
			person, err := domain.ParsePersonID(fmt.Sprintf("%s%02d", prefix, check))
			if err == nil {
				persons = append(persons, person)
				break
			}
		}
	}
	if len(persons) < n {
		t.Fatalf("found only %d valid test persons, want %d", len(persons), n)
	}
	return persons
}

// readStream returns the decoded events of stream, failing t on any error.
func readStream(t *testing.T, store eventstore.Store, stream string) ([]domain.Event, []eventstore.RecordedEvent) {
	t.Helper()
	recorded, err := store.ReadStream(context.Background(), stream, 0, 0)
	if err != nil {
		t.Fatalf("read %s: %v", stream, err)
	}
	events := make([]domain.Event, 0, len(recorded))
	for _, r := range recorded {
		e, err := domain.DecodeEvent(r.Type, r.Data)
		if err != nil {
			t.Fatalf("decode %s at revision %d: %v", stream, r.Revision, err)
		}
		events = append(events, e)
	}
	return events, recorded
}

func lastPosition(t *testing.T, store eventstore.Store) uint64 {
	t.Helper()
	position, err := store.LastPosition(context.Background())
	if err != nil {
		t.Fatalf("LastPosition failed: %v", err)
	}
	return position
}

func TestGrantAccessConcurrent(t *testing.T) {
	svc, store := newService(t)
	ctx := context.Background()
	persons := testPersons(t, 20)

	errs := make([]error, len(persons))
	var wg sync.WaitGroup
	for i, person := range persons {
		wg.Go(func() {
			_, _, errs[i] = svc.GrantAccess(ctx, managerCaller, domain.AccessChange{
				Organization:  string(recipientOrg),
				To:            string(person),
				AccessPackage: domain.PackageConfidentialMail,
			})
		})
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("GrantAccess to %s failed: %v", persons[i], err)
		}
	}

	events, _ := readStream(t, store, domain.OrganizationStream(recipientOrg))
	granted := map[domain.PersonID]int{}
	for _, e := range events {
		if g, ok := e.(*domain.AccessGranted); ok {
			granted[g.Person]++
		}
	}
	total := 0
	for person, count := range granted {
		total += count
		if count != 1 {
			t.Errorf("%s was granted %d times, want once", person, count)
		}
	}
	if total != len(persons) {
		t.Errorf("organization stream holds %d AccessGranted events, want %d", total, len(persons))
	}
	for _, person := range persons {
		if granted[person] == 0 {
			t.Errorf("no AccessGranted for %s", person)
		}
	}
}

func TestOpenCorrespondenceConcurrent(t *testing.T) {
	svc, store := newService(t)
	ctx := context.Background()

	sent, _, err := svc.SendCorrespondence(ctx, senderCaller, confidentialSend())
	if err != nil {
		t.Fatalf("SendCorrespondence failed: %v", err)
	}
	id := sent[0].ID
	_, _, err = svc.GrantAccess(ctx, managerCaller, domain.AccessChange{Organization: string(recipientOrg), To: string(manager), ResourceID: confidentialResourceID})
	if err != nil {
		t.Fatalf("GrantAccess to the manager themselves failed: %v", err)
	}

	const openers = 20
	errs := make([]error, openers)
	opened := make([]domain.Correspondence, openers)
	var wg sync.WaitGroup
	for i := range openers {
		wg.Go(func() {
			opened[i], _, errs[i] = svc.OpenCorrespondence(ctx, managerCaller, id)
		})
	}
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d failed: %v", i+1, err)
			continue
		}
		if opened[i].ID != id {
			t.Errorf("open %d returned correspondence %s, want %s", i+1, opened[i].ID, id)
		}
	}

	events, _ := readStream(t, store, domain.CorrespondenceStream(id))
	var opens []*domain.CorrespondenceOpened
	for _, e := range events {
		if o, ok := e.(*domain.CorrespondenceOpened); ok {
			opens = append(opens, o)
		}
	}
	if len(opens) != 1 {
		t.Fatalf("correspondence stream holds %d CorrespondenceOpened events, want 1", len(opens))
	}
	if opens[0].Person != manager || !opens[0].OpenedAt.Equal(now) {
		t.Errorf("CorrespondenceOpened = %+v, want %s at %s", opens[0], manager, now)
	}
}

func TestOpenCorrespondenceWithoutAccess(t *testing.T) {
	svc, store := newService(t)
	ctx := context.Background()

	sent, _, err := svc.SendCorrespondence(ctx, senderCaller, confidentialSend())
	if err != nil {
		t.Fatalf("SendCorrespondence failed: %v", err)
	}
	before := lastPosition(t, store)

	// The general manager holds a key role but no delegation.
	_, _, err = svc.OpenCorrespondence(ctx, managerCaller, sent[0].ID)
	if !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("OpenCorrespondence error = %v, want ErrNotFound", err)
	}
	_, _, missingErr := svc.OpenCorrespondence(ctx, managerCaller, uuid.New())
	if !errors.Is(missingErr, domain.ErrNotFound) {
		t.Fatalf("OpenCorrespondence of a missing correspondence: error = %v, want ErrNotFound", missingErr)
	}
	if err.Error() != missingErr.Error() {
		t.Errorf("unreadable correspondence error %q differs from a missing one's %q", err, missingErr)
	}
	if after := lastPosition(t, store); after != before {
		t.Errorf("LastPosition moved from %d to %d, want nothing appended", before, after)
	}
}

func TestSendCorrespondenceRejectedAppendsNothing(t *testing.T) {
	tests := []struct {
		name   string
		change func(*domain.SendCorrespondence)
	}{
		{"empty title", func(cmd *domain.SendCorrespondence) { cmd.Content.MessageTitle = "" }},
		{"second recipient without key role holder", func(cmd *domain.SendCorrespondence) {
			cmd.Recipients = []string{recipientOrg.URN(), noRolesOrg.URN()}
		}},
		{"confidential without notification", func(cmd *domain.SendCorrespondence) { cmd.Notification = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store := newService(t)
			before := lastPosition(t, store)
			cmd := confidentialSend()
			tt.change(&cmd)

			sent, _, err := svc.SendCorrespondence(context.Background(), senderCaller, cmd)

			var v *domain.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("SendCorrespondence error = %v, want a *domain.ValidationError", err)
			}
			if sent != nil {
				t.Errorf("SendCorrespondence returned %d correspondences with its error", len(sent))
			}
			if after := lastPosition(t, store); after != before {
				t.Errorf("LastPosition moved from %d to %d, want nothing appended", before, after)
			}
		})
	}

	t.Run("sender not owning the resource", func(t *testing.T) {
		svc, store := newService(t)
		before := lastPosition(t, store)
		other := domain.Caller{Organization: recipientOrg, Scopes: senderCaller.Scopes}
		cmd := confidentialSend()
		cmd.Sender = string(recipientOrg)

		_, _, err := svc.SendCorrespondence(context.Background(), other, cmd)
		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("SendCorrespondence error = %v, want ErrForbidden", err)
		}
		if after := lastPosition(t, store); after != before {
			t.Errorf("LastPosition moved from %d to %d, want nothing appended", before, after)
		}
	})
}

func TestSendCorrespondenceIdempotent(t *testing.T) {
	svc, store := newService(t)
	ctx := context.Background()
	cmd := confidentialSend()
	cmd.IdempotentKey = "bv-2026-0042"

	first, firstPosition, err := svc.SendCorrespondence(ctx, senderCaller, cmd)
	if err != nil {
		t.Fatalf("first SendCorrespondence failed: %v", err)
	}
	afterFirst := lastPosition(t, store)

	retry, retryPosition, err := svc.SendCorrespondence(ctx, senderCaller, cmd)
	if err != nil {
		t.Fatalf("retried SendCorrespondence failed: %v", err)
	}
	if len(first) != 1 || len(retry) != 1 {
		t.Fatalf("SendCorrespondence returned %d and %d correspondences, want 1 each", len(first), len(retry))
	}
	if retry[0].ID != first[0].ID {
		t.Errorf("retry returned correspondence %s, want the first send's %s", retry[0].ID, first[0].ID)
	}
	if retryPosition != firstPosition {
		t.Errorf("retry returned position %d, want the first send's %d", retryPosition, firstPosition)
	}
	if after := lastPosition(t, store); after != afterFirst {
		t.Errorf("LastPosition moved from %d to %d on retry, want nothing appended", afterFirst, after)
	}

	all, err := store.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatalf("ReadAll failed: %v", err)
	}
	sentEvents := 0
	for _, r := range all {
		if r.Type == domain.TypeCorrespondenceSent {
			sentEvents++
		}
	}
	if sentEvents != 1 {
		t.Errorf("log holds %d CorrespondenceSent events, want 1", sentEvents)
	}

	changed := cmd
	changed.Content.MessageBody = "Nytt innhold."
	_, _, err = svc.SendCorrespondence(ctx, senderCaller, changed)
	if !errors.Is(err, domain.ErrConflict) {
		t.Errorf("SendCorrespondence with the same key and other content: error = %v, want one wrapping domain.ErrConflict", err)
	}
	if after := lastPosition(t, store); after != afterFirst {
		t.Errorf("LastPosition moved from %d to %d on conflict, want nothing appended", afterFirst, after)
	}
}

func TestAppendedMetadata(t *testing.T) {
	svc, store := newService(t)
	ctx := commands.WithCorrelationID(context.Background(), "req-7f3a")

	_, _, err := svc.GrantAccess(ctx, managerCaller, domain.AccessChange{Organization: string(recipientOrg), To: string(employee), AccessPackage: domain.PackageConfidentialMail})
	if err != nil {
		t.Fatalf("GrantAccess failed: %v", err)
	}
	sent, _, err := svc.SendCorrespondence(ctx, senderCaller, confidentialSend())
	if err != nil {
		t.Fatalf("SendCorrespondence failed: %v", err)
	}

	tests := []struct {
		stream      string
		wantCause   string
		wantCommand string
	}{
		{domain.OrganizationStream(recipientOrg), manager.URN(), "GrantAccess"},
		{domain.CorrespondenceStream(sent[0].ID), senderOrg.URN(), "SendCorrespondence"},
	}
	for _, tt := range tests {
		t.Run(tt.wantCommand, func(t *testing.T) {
			_, recorded := readStream(t, store, tt.stream)
			checked := 0
			for _, r := range recorded {
				var metadata domain.Metadata
				if err := json.Unmarshal(r.Metadata, &metadata); err != nil {
					t.Fatalf("%s metadata %q: %v", r.Type, r.Metadata, err)
				}
				if metadata.Command != tt.wantCommand {
					continue // appended by the setup in newService
				}
				checked++

				if metadata.CausedBy != tt.wantCause {
					t.Errorf("%s causedBy = %q, want %q", r.Type, metadata.CausedBy, tt.wantCause)
				}
				if metadata.CorrelationID != "req-7f3a" {
					t.Errorf("%s correlationId = %q, want %q", r.Type, metadata.CorrelationID, "req-7f3a")
				}
			}
			if checked == 0 {
				t.Errorf("%s has no event appended by %s", tt.stream, tt.wantCommand)
			}
		})
	}

	t.Run("no correlation id without WithCorrelationID", func(t *testing.T) {
		// The first event of the organization stream is the key role that
		// newService assigned without a correlation id.
		metadata := firstMetadata(t, store, domain.OrganizationStream(recipientOrg))
		if metadata.CorrelationID != "" {
			t.Errorf("setup event correlationId = %q, want empty", metadata.CorrelationID)
		}
		if metadata.CausedBy != registerOrg.URN() {
			t.Errorf("setup event causedBy = %q, want the register caller %q", metadata.CausedBy, registerOrg.URN())
		}
	})
}

// firstMetadata returns the metadata of the first event of stream.
func firstMetadata(t *testing.T, store eventstore.Store, stream string) domain.Metadata {
	t.Helper()
	_, recorded := readStream(t, store, stream)
	if len(recorded) == 0 {
		t.Fatalf("%s is empty", stream)
	}
	var metadata domain.Metadata
	if err := json.Unmarshal(recorded[0].Metadata, &metadata); err != nil {
		t.Fatalf("%s metadata %q: %v", recorded[0].Type, recorded[0].Metadata, err)
	}
	return metadata
}
