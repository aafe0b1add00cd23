package eventstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Sentinel errors returned by every backend. Callers test them with errors.Is.
var (
	// ErrWrongExpectedVersion reports that a stream's revision did not match
	// the expected revision of an append, so nothing was written.
	ErrWrongExpectedVersion = errors.New("wrong expected version")
	// ErrStreamNotFound reports a read of a stream that has no events.
	ErrStreamNotFound = errors.New("stream not found")
	// ErrUnavailable reports that the store cannot be reached or is closed.
	// The operation may succeed when retried later.
	ErrUnavailable = errors.New("event store unavailable")
	// ErrInvalidEvent reports an event that cannot be stored, such as one
	// without a type name or with data that is not JSON.
	ErrInvalidEvent = errors.New("invalid event")
)

// Store is an append-only log of events grouped in streams. Its shape follows
// EventStoreDB so that a distributed backend fits behind the same interface.
//
// Implementations are safe for concurrent use.
type Store interface {
	// Append writes events to the end of stream atomically: all of them or
	// none. It returns ErrWrongExpectedVersion when the stream's state does not
	// match expected, and ErrInvalidEvent when events is empty or one of them
	// cannot be stored. When Append returns without error the events are
	// durable and visible to ReadAll and subscriptions.
	Append(ctx context.Context, stream string, expected ExpectedRevision, events ...EventData) (AppendResult, error)

	// ReadStream returns up to max events of stream, starting at revision
	// from, in revision order. It returns ErrStreamNotFound when the stream
	// has no events. A max of zero or less means no limit.
	ReadStream(ctx context.Context, stream string, from uint64, max int) ([]RecordedEvent, error)

	// ReadAll returns up to max events of all streams whose global position
	// is greater than after, in position order. An after of 0 starts at the
	// first event. A max of zero or less means no limit.
	ReadAll(ctx context.Context, after uint64, max int) ([]RecordedEvent, error)

	// LastPosition returns the global position of the last event, 0 when
	// the log is empty. A reader that has applied this position has seen
	// every event acknowledged before the call.
	LastPosition(ctx context.Context) (uint64, error)

	// SubscribeAll calls handle for every event whose global position is
	// greater than after, in position order: first the stored events, then
	// new ones as they are appended. It returns when ctx ends (with ctx's
	// error), when handle returns an error (wrapped), or when the store fails.
	SubscribeAll(ctx context.Context, after uint64, handle func(RecordedEvent) error) error

	// Close releases the store. Operations after Close return ErrUnavailable.
	Close() error
}

// EventData is an event to append.
type EventData struct {
	// ID identifies the event. A zero ID gets a random one on append.
	ID uuid.UUID
	// Type is the stored type name, which must never change once written.
	Type string
	// Data is the event body as JSON.
	Data []byte
	// Metadata is JSON describing the cause of the event, or nil.
	Metadata []byte
}

// RecordedEvent is an event as the store returns it.
type RecordedEvent struct {
	ID       uuid.UUID
	Stream   string
	Type     string
	Data     []byte
	Metadata []byte
	// Revision is the event's 0-based index within its stream.
	Revision uint64
	// Position is the event's 1-based index in the global log.
	Position uint64
	// RecordedAt is the store's clock when the event was appended, in UTC.
	RecordedAt time.Time
}

// AppendResult describes a successful append.
type AppendResult struct {
	// NextRevision is the stream revision of the last event appended.
	NextRevision uint64
	// Position is the global position of the last event appended.
	Position uint64
}

type expectation uint8

const (
	expectAny expectation = iota
	expectNoStream
	expectStreamExists
	expectExact
)

// ExpectedRevision is the state a stream must be in for an append to succeed.
// Build one with Any, NoStream, StreamExists or Exact.
type ExpectedRevision struct {
	kind     expectation
	revision uint64
}

// Any accepts the append whatever the stream's state.
func Any() ExpectedRevision { return ExpectedRevision{kind: expectAny} }

// NoStream accepts the append only when the stream has no events.
func NoStream() ExpectedRevision { return ExpectedRevision{kind: expectNoStream} }

// StreamExists accepts the append only when the stream has at least one event.
func StreamExists() ExpectedRevision { return ExpectedRevision{kind: expectStreamExists} }

// Exact accepts the append only when the stream's last event has revision rev.
func Exact(rev uint64) ExpectedRevision { return ExpectedRevision{kind: expectExact, revision: rev} }

// Check reports whether a stream whose last revision is last (valid only when
// exists is true) satisfies e. It returns an error wrapping
// ErrWrongExpectedVersion when it does not.
func (e ExpectedRevision) Check(stream string, exists bool, last uint64) error {
	ok := false
	switch e.kind {
	case expectAny:
		ok = true
	case expectNoStream:
		ok = !exists
	case expectStreamExists:
		ok = exists
	case expectExact:
		ok = exists && last == e.revision
	}
	if ok {
		return nil
	}

	actual := "no stream"
	if exists {
		actual = fmt.Sprintf("revision %d", last)
	}
	return fmt.Errorf("append %s: expected %s, stream is at %s: %w", stream, e, actual, ErrWrongExpectedVersion)
}

// String returns the expectation in words, for error messages.
func (e ExpectedRevision) String() string {
	if e.kind == expectExact {
		return fmt.Sprintf("revision %d", e.revision)
	}
	return e.Kind()
}

// IsExact returns the revision and true when e expects an exact revision.
func (e ExpectedRevision) IsExact() (uint64, bool) {
	return e.revision, e.kind == expectExact
}

// Kind returns the expectation's name: "any", "no stream", "stream exists" or
// "exact". Backends use it to translate to their own protocol.
func (e ExpectedRevision) Kind() string {
	switch e.kind {
	case expectNoStream:
		return "no stream"
	case expectStreamExists:
		return "stream exists"
	case expectExact:
		return "exact"
	default:
		return "any"
	}
}
