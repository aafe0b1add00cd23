package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/postvern/postvern/eventstore"
)

// testTimeout bounds each subtest, so a lost wakeup or a deadlock fails the
// test with a message instead of hanging until go test's own timeout.
const testTimeout = time.Minute

// Opener returns a new, empty store and closes it when t ends.
type Opener func(t *testing.T) eventstore.Store

// Reopener closes s and returns a new store on the same data, which must be
// closed when t ends. Closing a store twice must be harmless.
type Reopener func(t *testing.T, s eventstore.Store) eventstore.Store

// Run runs the contract suite against the backend that open creates. The
// subtests run in parallel, each on its own store. A nil reopen skips the
// persistence subtests, for backends whose data does not outlive a store
// value.
func Run(t *testing.T, open Opener, reopen Reopener) {
	t.Helper()

	t.Run("append", func(t *testing.T) { testAppend(t, open) })
	t.Run("expected revision", func(t *testing.T) { testExpectedRevision(t, open) })
	t.Run("invalid event", func(t *testing.T) { testInvalidEvent(t, open) })
	t.Run("read stream", func(t *testing.T) { testReadStream(t, open) })
	t.Run("read all", func(t *testing.T) { testReadAll(t, open) })
	t.Run("last position", func(t *testing.T) { testLastPosition(t, open) })
	t.Run("concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("subscribe all", func(t *testing.T) { testSubscribeAll(t, open) })
	t.Run("lifecycle", func(t *testing.T) { testLifecycle(t, open, reopen) })
}

// testContext returns a context that ends when t ends or after testTimeout.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// event returns an event of type typ whose data is the JSON text data.
func event(typ, data string) eventstore.EventData {
	return eventstore.EventData{Type: typ, Data: []byte(data)}
}

// numbered returns an event whose data carries n, so tests can tell events
// apart.
func numbered(typ string, n int) eventstore.EventData {
	return event(typ, fmt.Sprintf(`{"n":%d}`, n))
}

func mustAppend(t *testing.T, s eventstore.Store, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) eventstore.AppendResult {
	t.Helper()
	result, err := s.Append(testContext(t), stream, expected, events...)
	if err != nil {
		t.Fatalf("Append(%s, %s) failed: %v", stream, expected, err)
	}
	return result
}

func mustReadAll(t *testing.T, s eventstore.Store) []eventstore.RecordedEvent {
	t.Helper()
	events, err := s.ReadAll(testContext(t), 0, 0)
	if err != nil {
		t.Fatalf("ReadAll(0, 0) failed: %v", err)
	}
	return events
}

func mustReadStream(t *testing.T, s eventstore.Store, stream string) []eventstore.RecordedEvent {
	t.Helper()
	events, err := s.ReadStream(testContext(t), stream, 0, 0)
	if err != nil {
		t.Fatalf("ReadStream(%s, 0, 0) failed: %v", stream, err)
	}
	return events
}

// checkStreamNotFound fails t unless ReadStream reports that stream has no
// events.
func checkStreamNotFound(t *testing.T, s eventstore.Store, stream string) {
	t.Helper()
	events, err := s.ReadStream(testContext(t), stream, 0, 0)
	if !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Errorf("ReadStream(%s) = %d events, error %v, want ErrStreamNotFound", stream, len(events), err)
	}
}

// checkEvents fails t for every event of got that differs from want in any
// field, and when their lengths differ.
func checkEvents(t *testing.T, label string, got, want []eventstore.RecordedEvent) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d events, want %d", label, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if diff := eventDiff(got[i], want[i]); diff != "" {
			t.Errorf("%s: event %d: %s", label, i, diff)
		}
	}
}

// eventDiff describes the first field in which got differs from want, or
// returns "" when they are equal. Nil and empty metadata are equal.
func eventDiff(got, want eventstore.RecordedEvent) string {
	switch {
	case got.ID != want.ID:
		return fmt.Sprintf("ID = %s, want %s", got.ID, want.ID)
	case got.Stream != want.Stream:
		return fmt.Sprintf("Stream = %q, want %q", got.Stream, want.Stream)
	case got.Type != want.Type:
		return fmt.Sprintf("Type = %q, want %q", got.Type, want.Type)
	case !bytes.Equal(got.Data, want.Data):
		return fmt.Sprintf("Data = %s, want %s", got.Data, want.Data)
	case !bytes.Equal(got.Metadata, want.Metadata):
		return fmt.Sprintf("Metadata = %s, want %s", got.Metadata, want.Metadata)
	case got.Revision != want.Revision:
		return fmt.Sprintf("Revision = %d, want %d", got.Revision, want.Revision)
	case got.Position != want.Position:
		return fmt.Sprintf("Position = %d, want %d", got.Position, want.Position)
	case !got.RecordedAt.Equal(want.RecordedAt):
		return fmt.Sprintf("RecordedAt = %s, want %s", got.RecordedAt, want.RecordedAt)
	}
	return ""
}

// checkPositions fails t unless events have the positions first, first+1, and
// so on, which rules out gaps, duplicates and reordering.
func checkPositions(t *testing.T, label string, events []eventstore.RecordedEvent, first uint64) {
	t.Helper()
	for i, e := range events {
		if want := first + uint64(i); e.Position != want {
			t.Errorf("%s: event %d has position %d, want %d", label, i, e.Position, want)
			return
		}
	}
}

// checkRevisions fails t unless events have the revisions 0, 1, and so on.
func checkRevisions(t *testing.T, label string, events []eventstore.RecordedEvent) {
	t.Helper()
	for i, e := range events {
		if e.Revision != uint64(i) {
			t.Errorf("%s: event %d has revision %d, want %d", label, i, e.Revision, i)
			return
		}
	}
}
