package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// maxAttempts bounds how often a command is decided again after losing a
// race for a stream's revision. Only one of the writers that expected the
// same revision wins each round. The bound, helped by the random wait in
// retry, must therefore cover the writers expected on one stream at once,
// such as an administrator granting access to many people in parallel.
const maxAttempts = 16

// maxRetryDelay caps the random wait before deciding again. The cap for each
// attempt doubles from one millisecond up to this value.
const maxRetryDelay = 64 * time.Millisecond

// Service runs commands against an event store.
type Service struct {
	store        eventstore.Store
	now          func() time.Time
	newID        func() uuid.UUID
	log          *slog.Logger
	packageKnown func(string) bool
}

// Options configures a Service. Zero values give the real clock, random
// UUIDs and a discarding logger.
type Options struct {
	Now    func() time.Time
	NewID  func() uuid.UUID
	Logger *slog.Logger
	// AccessPackageKnown reports whether a registered resource's policy
	// lists an access package, so that grants of other packages, which give
	// nothing, are rejected. Nil accepts only the two mail packages.
	AccessPackageKnown func(accessPackage string) bool
}

// New returns a Service that appends to store.
func New(store eventstore.Store, opts Options) *Service {
	s := &Service{store: store, now: opts.Now, newID: opts.NewID, log: opts.Logger, packageKnown: opts.AccessPackageKnown}
	if s.now == nil {
		s.now = time.Now
	}
	if s.newID == nil {
		s.newID = uuid.New
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

type correlationKey struct{}

// WithCorrelationID returns a context whose commands record id as the
// correlation id of the events they append.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey{}, id)
}

// stream is a stream as loaded for a decision.
type stream struct {
	name     string
	exists   bool
	revision uint64
	// position is the global position of the stream's last event, which a
	// reader must wait for even when the command appends nothing.
	position uint64
	events   []domain.Event
	recorded []eventstore.RecordedEvent
}

func (s *Service) load(ctx context.Context, name string) (stream, error) {
	recorded, err := s.store.ReadStream(ctx, name, 0, 0)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return stream{name: name}, nil
	}
	if err != nil {
		return stream{}, fmt.Errorf("read %s: %w", name, err)
	}

	st := stream{name: name, exists: len(recorded) > 0, recorded: recorded}
	for _, r := range recorded {
		e, err := domain.DecodeEvent(r.Type, r.Data)
		if err != nil {
			return stream{}, fmt.Errorf("read %s at revision %d: %w", name, r.Revision, err)
		}
		st.events = append(st.events, e)
		st.revision = r.Revision
		st.position = r.Position
	}
	return st, nil
}

func (st stream) expected() eventstore.ExpectedRevision {
	if !st.exists {
		return eventstore.NoStream()
	}
	return eventstore.Exact(st.revision)
}

// append writes events to the stream with metadata naming the caller and
// command. It returns the position to wait for: the last appended event's,
// or the stream's last position when there is nothing to append.
func (s *Service) append(ctx context.Context, caller domain.Caller, command string, st stream, expected eventstore.ExpectedRevision, events []domain.Event) (uint64, error) {
	if len(events) == 0 {
		return st.position, nil
	}

	correlation, _ := ctx.Value(correlationKey{}).(string)
	metadata, err := json.Marshal(domain.Metadata{CausedBy: caller.URN(), CorrelationID: correlation, Command: command})
	if err != nil {
		return 0, fmt.Errorf("encode metadata: %w", err)
	}

	data := make([]eventstore.EventData, 0, len(events))
	for _, e := range events {
		eventType, payload, err := domain.EncodeEvent(e)
		if err != nil {
			return 0, err
		}
		data = append(data, eventstore.EventData{ID: s.newID(), Type: eventType, Data: payload, Metadata: metadata})
	}

	result, err := s.store.Append(ctx, st.name, expected, data...)
	if err != nil {
		return 0, fmt.Errorf("append %s: %w", st.name, err)
	}
	return result.Position, nil
}

// retry runs attempt until it does not fail with ErrWrongExpectedVersion, at
// most maxAttempts times. Each attempt reloads the state and decides again.
//
// Between attempts it waits a random time under a cap that doubles each time.
// Writers that lost the same race would otherwise retry together, and the
// store lets only one of them win each round, so with more concurrent writers
// on one stream than maxAttempts the last ones would give up.
func (s *Service) retry(ctx context.Context, command string, attempt func() (uint64, error)) (uint64, error) {
	var err error
	for i := range maxAttempts {
		var position uint64
		position, err = attempt()
		if !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
			return position, err
		}
		if i == maxAttempts-1 {
			break
		}
		s.log.DebugContext(ctx, "command lost a concurrency race, deciding again", "command", command, "attempt", i+1)

		delay := time.Duration(rand.Int64N(int64(min(time.Millisecond<<i, maxRetryDelay))))
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return 0, fmt.Errorf("%s: gave up after %d concurrent changes: %w", command, maxAttempts, err)
}
