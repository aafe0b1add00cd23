package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// Defaults for the zero values of Config.
const (
	DefaultOrganizations   = 2000
	DefaultPersons         = 10000
	DefaultCorrespondences = 50000
	DefaultWorkers         = 32
)

// Limits on Config. Load keeps every organization and person in memory and
// draws persons until they are distinct, so the counts stay well below the
// number of synthetic national identity numbers, an estimated nine million.
const (
	MaxOrganizations = 1_000_000
	MaxPersons       = 2_000_000
)

// ErrInvalidConfig is wrapped by every error that Load returns for a Config
// it cannot use.
var ErrInvalidConfig = errors.New("invalid demo config")

// ErrStoreNotEmpty is returned by Load for a store that already holds events.
var ErrStoreNotEmpty = errors.New("event store is not empty: load the demo dataset into a new, empty store")

// Config sets the size and randomness of the demo dataset.
type Config struct {
	// Organizations is the number of recipient organizations, at least 3.
	// Zero means DefaultOrganizations.
	Organizations int
	// Persons is the number of persons, at least Organizations + 2. Zero means
	// DefaultPersons.
	Persons int
	// Correspondences is the number of correspondences to send. Zero means
	// DefaultCorrespondences.
	Correspondences int
	// Seed selects the dataset. With the same sizes and Now, the same seed
	// gives the same events, ids and times included.
	Seed int64
	// Workers is the number of commands that run at once. A store that
	// commits concurrent appends together, as boltstore does, loads faster
	// with more workers. Zero means DefaultWorkers.
	Workers int
	// Progress receives a progress bar over the correspondence, when not nil.
	Progress io.Writer
	// Now is the end of the simulated year: correspondence is published in
	// the 365 days before it. Zero means time.Now().
	Now time.Time
}

// Persona is a ready-made identity for trying the dataset out.
type Persona struct {
	// Key names the persona: general-manager, employee, service-owner,
	// register or analyst.
	Key string
	// Description is one sentence naming the persona's person or
	// organization URN.
	Description string
	// Caller is the persona's identity with the scopes its token should
	// carry.
	Caller domain.Caller
}

// Result counts what Load wrote.
type Result struct {
	// Personas are general-manager, employee, service-owner, register and
	// analyst, in that order.
	Personas []Persona
	// Organizations is the number of recipient organizations.
	Organizations int
	Persons       int
	// Resources is the number of resources registered.
	Resources       int
	Correspondences int
	// Confidential is the number of correspondences sent on confidential
	// resources.
	Confidential int
	// Grants is the number of delegations made by main administrators.
	Grants int
	// Opened is the number of correspondences opened by a reader.
	Opened  int
	Elapsed time.Duration
}

// withDefaults returns cfg with its zero values replaced by the defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Organizations == 0 {
		cfg.Organizations = DefaultOrganizations
	}
	if cfg.Persons == 0 {
		cfg.Persons = DefaultPersons
	}
	if cfg.Correspondences == 0 {
		cfg.Correspondences = DefaultCorrespondences
	}
	if cfg.Workers == 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	cfg.Now = cfg.Now.UTC()
	return cfg
}

// validate returns every problem with cfg, after defaults, joined in one
// error. Each problem wraps ErrInvalidConfig.
func (cfg Config) validate() error {
	var problems []error
	problem := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf("%w: "+format, append([]any{ErrInvalidConfig}, args...)...))
	}

	switch {
	case cfg.Organizations < 0:
		problem("Organizations is %d, but it must not be negative: give 0 for the default of %d, or a count of at least %d", cfg.Organizations, DefaultOrganizations, len(publicTestOrganizations))
	case cfg.Organizations < len(publicTestOrganizations):
		problem("Organizations is %d, but the dataset needs at least %d, one for each public test organization", cfg.Organizations, len(publicTestOrganizations))
	case cfg.Organizations > MaxOrganizations:
		problem("Organizations is %d, more than the maximum of %d", cfg.Organizations, MaxOrganizations)
	}

	minPersons := cfg.Organizations + 2
	switch {
	case cfg.Persons < 0:
		problem("Persons is %d, but it must not be negative: give 0 for the default of %d, or a count of at least Organizations + 2", cfg.Persons, DefaultPersons)
	case cfg.Persons > MaxPersons:
		problem("Persons is %d, more than the maximum of %d", cfg.Persons, MaxPersons)
	case cfg.Organizations >= 0 && cfg.Persons < minPersons:
		problem("Persons is %d, but %d organizations need at least %d persons, because each organization's first key role holder is a different person and the employee and analyst personas are two more: raise Persons or lower Organizations", cfg.Persons, cfg.Organizations, minPersons)
	}

	if cfg.Correspondences < 0 {
		problem("Correspondences is %d, but it must not be negative: give 0 for the default of %d, or a positive count", cfg.Correspondences, DefaultCorrespondences)
	}
	if cfg.Workers < 0 {
		problem("Workers is %d, but it must not be negative: give 0 for the default of %d, or a positive count", cfg.Workers, DefaultWorkers)
	}
	return errors.Join(problems...)
}

// Load writes a synthetic dataset into store through the ordinary command
// path: it registers the resources, assigns key roles, sets contact points,
// makes delegations, sends the correspondence and opens some of it, each as
// a command of package commands. store must be empty, or Load returns
// ErrStoreNotEmpty and writes nothing.
//
// Load stops at the first failed command and returns its error, naming the
// step and the item. What was written before stays in the store.
func Load(ctx context.Context, store eventstore.Store, cfg Config) (Result, error) {
	began := time.Now()
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return Result{}, err
	}
	existing, err := store.ReadAll(ctx, 0, 1)
	if err != nil {
		return Result{}, fmt.Errorf("check that the store is empty: %w", err)
	}
	if len(existing) > 0 {
		return Result{}, ErrStoreNotEmpty
	}

	w := planWorld(cfg)
	result := Result{Organizations: len(w.organizations), Persons: len(w.persons)}

	resources, err := registerResources(ctx, store, cfg)
	if err != nil {
		return result, err
	}
	result.Resources = resources

	grants, err := setUpOrganizations(ctx, store, cfg, w)
	if err != nil {
		return result, err
	}
	result.Grants = grants

	sent, err := sendCorrespondence(ctx, store, cfg, w)
	result.Correspondences, result.Confidential, result.Opened = sent.sent, sent.confidential, sent.opened
	if err != nil {
		return result, err
	}

	result.Personas = w.personas()
	result.Elapsed = time.Since(began)
	return result, nil
}

// personas returns the personas, built on the organizations and persons that
// planWorld places for them.
func (w *world) personas() []Persona {
	read := []domain.Scope{domain.ScopeCorrespondenceRead}
	generalManager := w.persons[generalManagerPerson]
	employee := w.persons[employeePerson]
	analyst := w.persons[analystPerson]

	return []Persona{
		{
			Key:         "general-manager",
			Description: fmt.Sprintf("Person %s is general manager and main administrator of %s, which has confidential mail awaiting access.", generalManager.URN(), w.organizations[generalManagerOrg].number.URN()),
			Caller:      domain.Caller{Person: generalManager, Scopes: read},
		},
		{
			Key:         "employee",
			Description: fmt.Sprintf("Person %s is an employee of %s with the ordinary and the confidential mail packages delegated.", employee.URN(), w.organizations[employeeOrg].number.URN()),
			Caller:      domain.Caller{Person: employee, Scopes: read},
		},
		{
			Key:         "service-owner",
			Description: fmt.Sprintf("Organization %s is %s, the service owner that sends on the politiet-* resources.", serviceOwnerOrganization.URN(), police.name.NB),
			Caller:      domain.Caller{Organization: serviceOwnerOrganization, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}},
		},
		{
			Key:         "register",
			Description: fmt.Sprintf("Organization %s is Brønnøysundregistrene, the register that assigns key roles and contact points.", registerOrganization.URN()),
			Caller:      domain.Caller{Organization: registerOrganization, Scopes: []domain.Scope{domain.ScopeRegisterWrite}},
		},
		{
			Key:         "analyst",
			Description: fmt.Sprintf("Person %s is an analyst who reads the event history.", analyst.URN()),
			Caller:      domain.Caller{Person: analyst, Scopes: []domain.Scope{domain.ScopeEventsRead}},
		},
	}
}
