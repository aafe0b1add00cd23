package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"

	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// registerCaller is the register's identity for role and contact point
// commands.
var registerCaller = domain.Caller{Organization: registerOrganization, Scopes: []domain.Scope{domain.ScopeRegisterWrite}}

// newService returns a command service whose clock reads *now and whose ids
// come from rng. Every unit of work gets its own service, so that its ids and
// times depend on the seed alone and not on how the workers interleave.
func newService(store eventstore.Store, now *time.Time, rng *rand.Rand) *commands.Service {
	return commands.New(store, commands.Options{
		Now:   func() time.Time { return *now },
		NewID: newIDSource(rng),
	})
}

// registerResources registers the catalog's resources, one after another,
// and returns how many it registered.
func registerResources(ctx context.Context, store eventstore.Store, cfg Config) (int, error) {
	start := cfg.Now.AddDate(0, 0, -simulatedDays)
	svc := newService(store, &start, rand.New(rand.NewPCG(uint64(cfg.Seed)^setupIDSalt, 0)))
	for _, r := range resourceCatalog {
		if _, _, err := svc.RegisterResource(ctx, registerCaller, r.registerCommand()); err != nil {
			return 0, fmt.Errorf("register resource %s: %w", r.id, err)
		}
	}
	return len(resourceCatalog), nil
}

// setUpOrganizations assigns key roles, sets contact points and makes the
// delegations of every organization, organizations in parallel and each
// organization's commands in order. It returns the number of grants made.
func setUpOrganizations(ctx context.Context, store eventstore.Store, cfg Config, w *world) (int, error) {
	var grants atomic.Int64
	g, groupCtx := errgroup.WithContext(ctx)
	g.SetLimit(cfg.Workers)
	for i, org := range w.organizations {
		if groupCtx.Err() != nil {
			break
		}
		g.Go(func() error {
			start := cfg.Now.AddDate(0, 0, -simulatedDays)
			svc := newService(store, &start, rand.New(rand.NewPCG(uint64(cfg.Seed)^setupIDSalt, uint64(i)+1)))
			n, err := setUpOrganization(groupCtx, svc, org)
			grants.Add(int64(n))
			return err
		})
	}
	err := g.Wait()
	if err == nil && ctx.Err() != nil {
		// The caller canceled ctx, which may have stopped the loop early.
		err = fmt.Errorf("set up organizations: %w", ctx.Err())
	}
	return int(grants.Load()), err
}

// setUpOrganization runs the commands of one organization and returns the
// number of grants made. Its error prefixes name the organization and the
// role or grant, but not the person.
func setUpOrganization(ctx context.Context, svc *commands.Service, org *organization) (int, error) {
	for _, ra := range org.roles {
		cmd := domain.RoleChange{Organization: string(org.number), Person: string(ra.person), Role: string(ra.role)}
		if _, err := svc.AssignRole(ctx, registerCaller, cmd); err != nil {
			return 0, fmt.Errorf("assign key role %s in %s: %w", ra.role, org.number.URN(), err)
		}
	}

	if org.contactPoints != nil {
		if _, err := svc.SetContactPoints(ctx, registerCaller, *org.contactPoints); err != nil {
			return 0, fmt.Errorf("set contact points of %s: %w", org.number.URN(), err)
		}
	}

	admin := domain.Caller{Person: org.admin, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
	for i, grant := range org.grants {
		cmd := domain.AccessChange{Organization: string(org.number), To: string(grant.Person), ResourceID: grant.ResourceID, AccessPackage: grant.AccessPackage}
		if _, _, err := svc.GrantAccess(ctx, admin, cmd); err != nil {
			what := grant.AccessPackage
			if what == "" {
				what = "resource " + grant.ResourceID
			}
			return i, fmt.Errorf("grant %s in %s: %w", what, org.number.URN(), err)
		}
	}
	return len(org.grants), nil
}

// sendCounts counts what sendCorrespondence did.
type sendCounts struct {
	sent, confidential, opened int
}

// sendCorrespondence sends cfg.Correspondences items with cfg.Workers
// commands at a time, and opens the ones planned to be opened right after
// each send. Items are generated as the workers take them, so memory does
// not grow with the count.
func sendCorrespondence(ctx context.Context, store eventstore.Store, cfg Config, w *world) (sendCounts, error) {
	cal := newCalendar(cfg.Now, cfg.Correspondences)
	bar := newProgressBar(cfg)
	var sent, confidential, opened atomic.Int64

	g, groupCtx := errgroup.WithContext(ctx)
	g.SetLimit(cfg.Workers)
	for i := range cfg.Correspondences {
		if groupCtx.Err() != nil {
			break
		}
		g.Go(func() error {
			it := w.planItem(cfg, cal, i)
			wasOpened, err := sendItem(groupCtx, store, cfg, it)
			if err != nil {
				return err
			}
			sent.Add(1)
			if it.resource.confidential {
				confidential.Add(1)
			}
			if wasOpened {
				opened.Add(1)
			}
			if bar != nil {
				// A progress bar that cannot write is no reason to stop loading.
				_ = bar.Add(1)
			}
			return nil
		})
	}
	err := g.Wait()
	if err == nil && ctx.Err() != nil {
		// The caller canceled ctx, which may have stopped the loop early.
		err = fmt.Errorf("send correspondence: %w", ctx.Err())
	}
	if err != nil && bar != nil {
		// Exit leaves the bar where it stopped. A finished bar ends its own
		// line.
		_ = bar.Exit()
	}

	counts := sendCounts{sent: int(sent.Load()), confidential: int(confidential.Load()), opened: int(opened.Load())}
	return counts, err
}

// sendItem sends one item and opens it when it has a reader. It reports
// whether it opened it.
func sendItem(ctx context.Context, store eventstore.Store, cfg Config, it item) (bool, error) {
	now := it.sentAt
	svc := newService(store, &now, rand.New(rand.NewPCG(uint64(cfg.Seed)^correspondenceIDs, uint64(it.index))))
	sender := domain.Caller{Organization: it.resource.owner.number, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}

	sent, _, err := svc.SendCorrespondence(ctx, sender, it.cmd)
	if err != nil {
		return false, fmt.Errorf("send correspondence %d of %d on %s to %s: %w", it.index+1, cfg.Correspondences, it.resource.id, describeRecipient(it.cmd), err)
	}
	if it.reader == "" {
		return false, nil
	}

	now = it.openAt
	reader := domain.Caller{Person: it.reader, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
	if _, _, err := svc.OpenCorrespondence(ctx, reader, sent[0].ID); err != nil {
		return false, fmt.Errorf("open correspondence %d of %d (%s) on %s as a reader in %s: %w", it.index+1, cfg.Correspondences, sent[0].ID, it.resource.id, describeRecipient(it.cmd), err)
	}
	return true, nil
}

// describeRecipient names the recipient for an error message: an
// organization by its URN, a person without their national identity number.
func describeRecipient(cmd domain.SendCorrespondence) string {
	party, err := domain.ParseParty(cmd.Recipients[0])
	if err != nil || !party.IsOrganization() {
		return "a person"
	}
	return party.URN()
}

// newProgressBar returns a progress bar over the correspondence written to
// cfg.Progress, or nil when cfg.Progress is nil.
func newProgressBar(cfg Config) *progressbar.ProgressBar {
	if cfg.Progress == nil {
		return nil
	}
	return progressbar.NewOptions(cfg.Correspondences,
		progressbar.OptionSetWriter(cfg.Progress),
		progressbar.OptionSetDescription("sending correspondence"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("correspondences"),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(cfg.Progress) }),
	)
}
