package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/boltstore"
)

var fullSize = flag.Bool("demo.full", false, "also run TestLoadDefaultSize, which loads the default-size dataset and logs the time it took")

// testNow is a fixed end of the simulated year, a Monday at noon UTC.
var testNow = time.Date(2025, time.June, 16, 12, 0, 0, 0, time.UTC)

func openStore(t testing.TB) *boltstore.Store {
	t.Helper()
	store, err := boltstore.Open(filepath.Join(t.TempDir(), "events.db"), boltstore.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return store
}

func readAll(t *testing.T, store eventstore.Store) ([]eventstore.RecordedEvent, []domain.Event) {
	t.Helper()
	recorded, err := store.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatalf("read all: %v", err)
	}
	events := make([]domain.Event, len(recorded))
	for i, r := range recorded {
		e, err := domain.DecodeEvent(r.Type, r.Data)
		if err != nil {
			t.Fatalf("decode event at position %d: %v", r.Position, err)
		}
		events[i] = e
	}
	return recorded, events
}

// dataset is a small loaded dataset and its decoded event log.
type dataset struct {
	cfg      Config
	result   Result
	recorded []eventstore.RecordedEvent
	events   []domain.Event
	sent     []domain.Correspondence
	opened   []*domain.CorrespondenceOpened
	orgs     map[domain.OrganizationNumber]*domain.OrganizationState
}

func loadSmall(t *testing.T) dataset {
	t.Helper()
	store := openStore(t)
	cfg := Config{Organizations: 40, Persons: 150, Correspondences: 400, Seed: 7, Workers: 8, Now: testNow}
	result, err := Load(context.Background(), store, cfg)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}

	d := dataset{cfg: cfg, result: result, orgs: map[domain.OrganizationNumber]*domain.OrganizationState{}}
	d.recorded, d.events = readAll(t, store)
	for i, e := range d.events {
		switch ev := e.(type) {
		case *domain.CorrespondenceSent:
			d.sent = append(d.sent, ev.Correspondence)
		case *domain.CorrespondenceOpened:
			d.opened = append(d.opened, ev)
		case *domain.KeyRoleAssigned:
			d.org(ev.Organization).Apply(e, d.recorded[i].RecordedAt)
		case *domain.AccessGranted:
			d.org(ev.Organization).Apply(e, d.recorded[i].RecordedAt)
		case *domain.ContactPointsSet:
			d.org(ev.Organization).Apply(e, d.recorded[i].RecordedAt)
		}
	}
	return d
}

func (d dataset) org(number domain.OrganizationNumber) *domain.OrganizationState {
	if d.orgs[number] == nil {
		d.orgs[number] = domain.NewOrganizationState(number)
	}
	return d.orgs[number]
}

// readable reports whether anyone in the recipient organization may read c
// under the organization's final roles and grants.
func (d dataset) readable(c domain.Correspondence, resource domain.Resource) bool {
	state := d.org(c.Recipient.Organization)
	target := domain.ReadTarget{Recipient: c.Recipient, IsConfidential: c.IsConfidential, Resource: resource}
	var persons []domain.PersonID
	for p := range state.Roles {
		persons = append(persons, p)
	}
	for g := range state.Grants {
		persons = append(persons, g.Person)
	}
	for _, p := range persons {
		if domain.CanRead(p, state.AccessOf(p), target).Allowed {
			return true
		}
	}
	return false
}

func resources(events []domain.Event) map[string]domain.Resource {
	out := map[string]domain.Resource{}
	for _, e := range events {
		if ev, ok := e.(*domain.ResourceRegistered); ok {
			out[ev.Resource.ID] = ev.Resource
		}
	}
	return out
}

func countType(recorded []eventstore.RecordedEvent, eventType string) int {
	n := 0
	for _, r := range recorded {
		if r.Type == eventType {
			n++
		}
	}
	return n
}

func TestLoadSmallDataset(t *testing.T) {
	d := loadSmall(t)

	t.Run("counts match the config", func(t *testing.T) {
		if d.result.Organizations != d.cfg.Organizations {
			t.Errorf("Organizations = %d, want %d", d.result.Organizations, d.cfg.Organizations)
		}
		if d.result.Persons != d.cfg.Persons {
			t.Errorf("Persons = %d, want %d", d.result.Persons, d.cfg.Persons)
		}
		if d.result.Correspondences != d.cfg.Correspondences {
			t.Errorf("Correspondences = %d, want %d", d.result.Correspondences, d.cfg.Correspondences)
		}
		if len(d.sent) != d.cfg.Correspondences {
			t.Errorf("log holds %d sent correspondences, want %d", len(d.sent), d.cfg.Correspondences)
		}
		if d.result.Resources != len(resourceCatalog) {
			t.Errorf("Resources = %d, want %d", d.result.Resources, len(resourceCatalog))
		}
		if got := countType(d.recorded, domain.TypeResourceRegistered); got != d.result.Resources {
			t.Errorf("log holds %d registered resources, Result says %d", got, d.result.Resources)
		}
		if got := countType(d.recorded, domain.TypeAccessGranted); got != d.result.Grants {
			t.Errorf("log holds %d grants, Result says %d", got, d.result.Grants)
		}
		if got := len(d.opened); got != d.result.Opened {
			t.Errorf("log holds %d openings, Result says %d", got, d.result.Opened)
		}
		if d.result.Opened == 0 {
			t.Error("Opened = 0, want some correspondence opened")
		}
		if d.result.Elapsed <= 0 {
			t.Errorf("Elapsed = %v, want a positive duration", d.result.Elapsed)
		}
	})

	t.Run("confidential share", func(t *testing.T) {
		confidential := 0
		for _, c := range d.sent {
			if c.IsConfidential {
				confidential++
			}
		}
		if confidential != d.result.Confidential {
			t.Errorf("log holds %d confidential correspondences, Result says %d", confidential, d.result.Confidential)
		}
		share := float64(confidential) / float64(len(d.sent))
		if share < 0.05 || share > 0.25 {
			t.Errorf("confidential share = %.3f, want between 0.05 and 0.25", share)
		}
	})

	t.Run("every identifier parses", func(t *testing.T) {
		checkOrg := func(what string, o domain.OrganizationNumber) {
			if _, err := domain.ParseOrganizationNumber(string(o)); err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
		checkPerson := func(what string, p domain.PersonID) {
			if _, err := domain.ParsePersonID(string(p)); err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
		for _, e := range d.events {
			switch ev := e.(type) {
			case *domain.ResourceRegistered:
				checkOrg("resource owner", ev.Resource.Owner)
			case *domain.KeyRoleAssigned:
				checkOrg("key role organization", ev.Organization)
				checkPerson("key role holder", ev.Person)
			case *domain.AccessGranted:
				checkOrg("grant organization", ev.Organization)
				checkPerson("grantee", ev.Person)
				checkPerson("grantor", ev.GrantedBy)
			case *domain.ContactPointsSet:
				checkOrg("contact point organization", ev.Organization)
			case *domain.CorrespondenceSent:
				checkOrg("sender", ev.Correspondence.Sender)
				if ev.Correspondence.Recipient.IsOrganization() {
					checkOrg("recipient", ev.Correspondence.Recipient.Organization)
				} else {
					checkPerson("recipient", ev.Correspondence.Recipient.Person)
				}
			case *domain.CorrespondenceOpened:
				checkPerson("reader", ev.Person)
			}
		}
	})

	t.Run("public test identifiers are included", func(t *testing.T) {
		for _, o := range publicTestOrganizations {
			if d.orgs[o] == nil || !d.orgs[o].HasKeyRoleHolder() {
				t.Errorf("public test organization %s has no key role holder in the log", o)
			}
		}
		persons := map[domain.PersonID]bool{}
		for _, e := range d.events {
			switch ev := e.(type) {
			case *domain.KeyRoleAssigned:
				persons[ev.Person] = true
			case *domain.AccessGranted:
				persons[ev.Person] = true
			}
		}
		for _, p := range publicTestPersons[:analystPerson] {
			if !persons[p] {
				t.Errorf("public test person %s holds no role or grant", p)
			}
		}
	})

	t.Run("texts carry no national identity number", func(t *testing.T) {
		for _, c := range d.sent {
			if domain.ContainsPersonID(c.Content.MessageTitle) {
				t.Errorf("correspondence %s: title %q contains a national identity number", c.ID, c.Content.MessageTitle)
			}
			if domain.ContainsPersonID(c.Content.MessageSummary) {
				t.Errorf("correspondence %s: summary %q contains a national identity number", c.ID, c.Content.MessageSummary)
			}
			if domain.ContainsPersonID(c.Content.MessageBody) {
				t.Errorf("correspondence %s: body contains a national identity number", c.ID)
			}
		}
	})

	t.Run("content has realistic length", func(t *testing.T) {
		for _, c := range d.sent {
			n := utf8.RuneCountInString(c.Content.MessageBody)
			if n < 250 || n > 2000 {
				t.Errorf("correspondence %s: body is %d characters, want 250 to 2000", c.ID, n)
			}
			if !strings.Contains(c.Content.MessageBody, "\n\n") {
				t.Errorf("correspondence %s: body has one paragraph, want several", c.ID)
			}
			if strings.ContainsAny(c.Content.MessageTitle+c.Content.MessageBody, "{}") {
				t.Errorf("correspondence %s: a placeholder is left in the title or body", c.ID)
			}
		}
	})

	t.Run("confidential mail awaits access", func(t *testing.T) {
		catalog := resources(d.events)
		gmOrg := publicTestOrganizations[generalManagerOrg]
		awaiting, awaitingAtGeneralManager := 0, 0
		for _, c := range d.sent {
			if !c.IsConfidential {
				continue
			}
			if !c.Recipient.IsOrganization() {
				t.Errorf("confidential correspondence %s went to a person", c.ID)
				continue
			}
			if !d.org(c.Recipient.Organization).HasKeyRoleHolder() {
				t.Errorf("confidential correspondence %s went to %s, which has no key role holder", c.ID, c.Recipient.Organization)
			}
			if !d.readable(c, catalog[c.ResourceID]) {
				awaiting++
				if c.Recipient.Organization == gmOrg {
					awaitingAtGeneralManager++
				}
			}
		}
		if awaiting == 0 {
			t.Error("no confidential correspondence awaits access, want some")
		}
		if awaitingAtGeneralManager == 0 {
			t.Errorf("no confidential correspondence awaits access in %s, the general manager persona's organization", gmOrg)
		}
	})

	t.Run("confidential mail has a notification", func(t *testing.T) {
		ordered := map[string]domain.NotificationOrder{}
		for _, e := range d.events {
			if ev, ok := e.(*domain.NotificationOrdered); ok {
				ordered[ev.Order.CorrespondenceID.String()] = ev.Order
			}
		}
		withNotification := 0
		for _, c := range d.sent {
			order, ok := ordered[c.ID.String()]
			if ok {
				withNotification++
			}
			if c.IsConfidential && (!ok || order.Template != domain.TemplateGenericAltinnMessage) {
				t.Errorf("confidential correspondence %s has no GenericAltinnMessage notification", c.ID)
			}
		}
		if withNotification == len(d.sent) {
			t.Error("every correspondence has a notification, want some ordinary ones without")
		}
	})

	t.Run("times spread over the year", func(t *testing.T) {
		earliest, latest := d.sent[0].PublishTime, d.sent[0].PublishTime
		for _, c := range d.sent {
			if c.PublishTime.After(testNow) || c.PublishTime.Before(testNow.AddDate(0, 0, -simulatedDays)) {
				t.Errorf("correspondence %s: publish time %s is outside the year before %s", c.ID, c.PublishTime, testNow)
			}
			if c.DueDateTime != nil && c.DueDateTime.Before(c.PublishTime) {
				t.Errorf("correspondence %s: due %s before publish %s", c.ID, c.DueDateTime, c.PublishTime)
			}
			if c.PublishTime.Before(earliest) {
				earliest = c.PublishTime
			}
			if c.PublishTime.After(latest) {
				latest = c.PublishTime
			}
		}
		if earliest.After(testNow.AddDate(0, 0, -330)) {
			t.Errorf("earliest publish time %s, want within the first month of the year before %s", earliest, testNow)
		}
		if latest.Before(testNow.AddDate(0, 0, -7)) {
			t.Errorf("latest publish time %s, want within the last week before %s", latest, testNow)
		}
	})

	t.Run("openings follow publishing", func(t *testing.T) {
		published := map[string]time.Time{}
		for _, c := range d.sent {
			published[c.ID.String()] = c.PublishTime
		}
		for _, o := range d.opened {
			p, ok := published[o.CorrespondenceID.String()]
			if !ok {
				t.Errorf("opening of unknown correspondence %s", o.CorrespondenceID)
				continue
			}
			if o.OpenedAt.Before(p) || o.OpenedAt.After(testNow) {
				t.Errorf("correspondence %s: opened at %s, want between publishing at %s and %s", o.CorrespondenceID, o.OpenedAt, p, testNow)
			}
		}
	})

	t.Run("some mail goes to persons", func(t *testing.T) {
		toPersons := 0
		for _, c := range d.sent {
			if !c.Recipient.IsOrganization() {
				toPersons++
			}
		}
		if toPersons == 0 {
			t.Error("no mail goes to persons, want about 5%")
		}
		if share := float64(toPersons) / float64(len(d.sent)); share > 0.15 {
			t.Errorf("share of mail to persons = %.3f, want at most 0.15", share)
		}
	})

	t.Run("personas", func(t *testing.T) {
		keys := []string{}
		for _, p := range d.result.Personas {
			keys = append(keys, p.Key)
			if p.Caller.URN() == "" {
				t.Errorf("persona %s: caller %+v has no person or organization", p.Key, p.Caller)
			}
			if !strings.Contains(p.Description, p.Caller.URN()) {
				t.Errorf("persona %s: description %q does not name the caller %s", p.Key, p.Description, p.Caller.URN())
			}
		}
		want := []string{"general-manager", "employee", "service-owner", "register", "analyst"}
		if !slices.Equal(keys, want) {
			t.Fatalf("persona keys = %v, want %v", keys, want)
		}

		gm := d.result.Personas[0].Caller
		gmState := d.org(publicTestOrganizations[generalManagerOrg])
		if !slices.Contains(gmState.Roles[gm.Person], domain.RoleGeneralManager) {
			t.Errorf("general-manager persona holds %v in %s, want DAGL", gmState.Roles[gm.Person], gmState.Organization)
		}
		if !gm.Has(domain.ScopeCorrespondenceRead) {
			t.Error("general-manager persona lacks the correspondence read scope")
		}

		employee := d.result.Personas[1].Caller
		employeeState := d.org(publicTestOrganizations[employeeOrg])
		access := employeeState.AccessOf(employee.Person)
		if len(access.Roles) != 0 {
			t.Errorf("employee persona holds key roles %v, want none", access.Roles)
		}
		if len(access.Grants) == 0 {
			t.Error("employee persona has no grant")
		}

		serviceOwner := d.result.Personas[2].Caller
		if serviceOwner.Organization != serviceOwnerOrganization {
			t.Errorf("service-owner persona is %s, want %s", serviceOwner.Organization, serviceOwnerOrganization)
		}
		if !serviceOwner.Has(domain.ScopeCorrespondenceWrite) {
			t.Errorf("service-owner persona has scopes %v, want %s", serviceOwner.Scopes, domain.ScopeCorrespondenceWrite)
		}
		register := d.result.Personas[3].Caller
		if register.Organization != registerOrganization {
			t.Errorf("register persona is %s, want %s", register.Organization, registerOrganization)
		}
		if !register.Has(domain.ScopeRegisterWrite) {
			t.Errorf("register persona has scopes %v, want %s", register.Scopes, domain.ScopeRegisterWrite)
		}
		analyst := d.result.Personas[4].Caller
		if analyst.Person == "" {
			t.Errorf("analyst persona %+v is not a person", analyst)
		}
		if !analyst.Has(domain.ScopeEventsRead) {
			t.Errorf("analyst persona has scopes %v, want %s", analyst.Scopes, domain.ScopeEventsRead)
		}
	})

	t.Run("every event comes from a command", func(t *testing.T) {
		for _, r := range d.recorded {
			if !bytes.Contains(r.Metadata, []byte(`"command"`)) {
				t.Errorf("event at position %d (%s) has metadata %s without a command", r.Position, r.Type, r.Metadata)
			}
		}
	})
}

// digest returns a hash of every stream's events, ids and metadata included,
// in stream order. It leaves out global positions and recording times, which
// depend on how workers interleave and on the wall clock.
func digest(t *testing.T, store eventstore.Store) string {
	t.Helper()
	recorded, _ := readAll(t, store)
	lines := make([]string, len(recorded))
	for i, r := range recorded {
		lines[i] = fmt.Sprintf("%s %d %s %s %x %x", r.Stream, r.Revision, r.ID, r.Type, sha256.Sum256(r.Data), sha256.Sum256(r.Metadata))
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

func TestLoadIsDeterministic(t *testing.T) {
	cfg := Config{Organizations: 25, Persons: 80, Correspondences: 150, Seed: 42, Now: testNow}
	load := func(cfg Config) string {
		store := openStore(t)
		if _, err := Load(context.Background(), store, cfg); err != nil {
			t.Fatalf("Load with seed %d and %d workers: %v", cfg.Seed, cfg.Workers, err)
		}
		return digest(t, store)
	}

	serial := cfg
	serial.Workers = 1
	parallel := cfg
	parallel.Workers = 16
	first, second := load(serial), load(parallel)
	if first != second {
		t.Errorf("same seed gave different datasets with 1 and 16 workers: %s and %s", first, second)
	}

	other := parallel
	other.Seed = 43
	if third := load(other); third == first {
		t.Error("seeds 42 and 43 gave the same dataset")
	}
}

func TestLoadRejectsInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"negative organizations", Config{Organizations: -1}, "Organizations is -1, but it must not be negative"},
		{"too few organizations", Config{Organizations: 2}, "needs at least 3"},
		{"too many organizations", Config{Organizations: MaxOrganizations + 1, Persons: MaxPersons}, "more than the maximum"},
		{"negative persons", Config{Persons: -5}, "Persons is -5, but it must not be negative"},
		{"too few persons for key roles", Config{Organizations: 100, Persons: 101}, "100 organizations need at least 102 persons"},
		{"default persons too few", Config{Organizations: 20000}, "Persons is 10000, but 20000 organizations need at least 20002 persons"},
		{"negative correspondences", Config{Correspondences: -3}, "Correspondences is -3"},
		{"negative workers", Config{Workers: -2}, "Workers is -2"},
	}
	store := openStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), store, tt.cfg)
			if !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("Load error = %v, want ErrInvalidConfig", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %q, want it to contain %q", err, tt.want)
			}
		})
	}

	t.Run("all problems reported at once", func(t *testing.T) {
		_, err := Load(context.Background(), store, Config{Correspondences: -1, Workers: -1})
		if !errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("Load error = %v, want ErrInvalidConfig", err)
		}
		if !strings.Contains(err.Error(), "Correspondences is -1") {
			t.Errorf("Load error = %q, want Correspondences named", err)
		}
		if !strings.Contains(err.Error(), "Workers is -1") {
			t.Errorf("Load error = %q, want Workers named", err)
		}
	})

	recorded, err := store.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatalf("read all: %v", err)
	}
	if len(recorded) != 0 {
		t.Errorf("invalid configs wrote %d events, want none", len(recorded))
	}
}

func TestLoadRejectsNonEmptyStore(t *testing.T) {
	store := openStore(t)
	cfg := Config{Organizations: 5, Persons: 10, Correspondences: 5, Now: testNow}
	if _, err := Load(context.Background(), store, cfg); err != nil {
		t.Fatalf("first Load: %v", err)
	}
	if _, err := Load(context.Background(), store, cfg); !errors.Is(err, ErrStoreNotEmpty) {
		t.Errorf("second Load error = %v, want ErrStoreNotEmpty", err)
	}
}

func TestLoadWritesProgress(t *testing.T) {
	store := openStore(t)
	var progress bytes.Buffer
	cfg := Config{Organizations: 5, Persons: 10, Correspondences: 30, Now: testNow, Progress: &progress}
	if _, err := Load(context.Background(), store, cfg); err != nil {
		t.Fatalf("Load: %v", err)
	}
	out := progress.String()
	if !strings.Contains(out, "sending correspondence") {
		t.Errorf("progress output %q lacks the description", out)
	}
	if !strings.Contains(out, "30/30") {
		t.Errorf("progress output %q lacks the final count 30/30", out)
	}
}

func TestLoadStopsWhenCanceled(t *testing.T) {
	store := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Load(ctx, store, Config{Organizations: 5, Persons: 10, Correspondences: 50, Now: testNow})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load error = %v, want context.Canceled", err)
	}
}

// cancelingWriter cancels a context at its first write.
type cancelingWriter struct{ cancel context.CancelFunc }

func (w cancelingWriter) Write(p []byte) (int, error) {
	w.cancel()
	return len(p), nil
}

func TestLoadStopsWhenCanceledWhileSending(t *testing.T) {
	store := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := Config{Organizations: 5, Persons: 10, Correspondences: 2000, Now: testNow, Progress: cancelingWriter{cancel}}
	result, err := Load(ctx, store, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load error = %v, want context.Canceled", err)
	}
	if result.Correspondences >= cfg.Correspondences {
		t.Errorf("Load sent %d correspondences after the cancel, want fewer than %d", result.Correspondences, cfg.Correspondences)
	}
}

func TestGeneratedIdentifiersAreValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		if o := randomOrganizationNumber(rng); !strings.HasPrefix(string(o), "3") {
			t.Fatalf("organization number %s does not start with 3", o)
		} else if _, err := domain.ParseOrganizationNumber(string(o)); err != nil {
			t.Fatal(err)
		}
		p := randomSyntheticPersonID(rng)
		if _, err := domain.ParsePersonID(string(p)); err != nil {
			t.Fatal(err)
		}
		if month := (p[2]-'0')*10 + p[3] - '0'; month < 81 || month > 92 {
			t.Fatalf("person %s has month digits %d, want 81 to 92 for a synthetic person", p, month)
		}
	}

	fixed := []string{string(registerOrganization)}
	for _, a := range agencies {
		fixed = append(fixed, string(a.number))
	}
	for _, o := range publicTestOrganizations {
		fixed = append(fixed, string(o))
	}
	for _, o := range fixed {
		if _, err := domain.ParseOrganizationNumber(o); err != nil {
			t.Error(err)
		}
	}
	for _, p := range publicTestPersons {
		if _, err := domain.ParsePersonID(string(p)); err != nil {
			t.Error(err)
		}
	}
}

func TestCatalogResources(t *testing.T) {
	confidential := 0
	for _, r := range resourceCatalog {
		if err := domain.ValidateResourceID("id", r.id); err != nil {
			t.Errorf("resource %s: %v", r.id, err)
		}
		if r.name.NB == "" || r.name.NN == "" || r.name.EN == "" {
			t.Errorf("resource %s lacks a name in nb, nn or en", r.id)
		}
		for _, language := range []string{"nb", "nn"} {
			texts := r.texts[language]
			if len(texts.titles) == 0 || len(texts.summaries) == 0 || len(texts.paragraphs) == 0 {
				t.Errorf("resource %s lacks %s titles, summaries or paragraphs", r.id, language)
			}
		}
		if r.confidential {
			confidential++
		}
	}
	if confidential == 0 || confidential == len(resourceCatalog) {
		t.Errorf("%d of %d resources are confidential, want some of each kind", confidential, len(resourceCatalog))
	}
	for _, a := range agencies {
		owned := 0
		for _, r := range resourceCatalog {
			if r.owner == a {
				owned++
			}
		}
		if owned < 2 || owned > 4 {
			t.Errorf("agency %s owns %d resources, want 2 to 4", a.name.NB, owned)
		}
	}
}

// TestLoadDefaultSize loads the default-size dataset when run with
// -demo.full, and logs how long it took.
func TestLoadDefaultSize(t *testing.T) {
	if !*fullSize {
		t.Skip("run with -demo.full to load the default-size dataset")
	}
	store := openStore(t)
	result, err := Load(context.Background(), store, Config{Progress: os.Stderr})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Logf("loaded %d organizations, %d persons, %d resources, %d grants, %d correspondences (%d confidential, %d opened) in %v: %.0f correspondences/s",
		result.Organizations, result.Persons, result.Resources, result.Grants, result.Correspondences, result.Confidential, result.Opened,
		result.Elapsed, float64(result.Correspondences)/result.Elapsed.Seconds())
}

func BenchmarkLoad(b *testing.B) {
	const correspondences = 2000
	cfg := Config{Organizations: 200, Persons: 1000, Correspondences: correspondences, Now: testNow}
	loaded := 0
	for b.Loop() {
		store, err := boltstore.Open(filepath.Join(b.TempDir(), "events.db"), boltstore.Options{})
		if err != nil {
			b.Fatalf("open store: %v", err)
		}
		if _, err := Load(context.Background(), store, cfg); err != nil {
			b.Fatalf("Load: %v", err)
		}
		if err := store.Close(); err != nil {
			b.Fatalf("close store: %v", err)
		}
		loaded += correspondences
	}
	b.ReportMetric(float64(loaded)/b.Elapsed().Seconds(), "correspondences/s")
}
