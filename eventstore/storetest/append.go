package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/eventstore"
)

func testAppend(t *testing.T, open Opener) {
	t.Run("events read back with every field", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		id := uuid.New()
		placed := eventstore.EventData{
			ID:       id,
			Type:     "OrderPlaced",
			Data:     []byte(`{"order":"o-1","lines":[1,2]}`),
			Metadata: []byte(`{"causation":"c-1"}`),
		}
		shipped := event("OrderShipped", `{"order":"o-1"}`)

		result := mustAppend(t, s, "order-1", eventstore.NoStream(), placed, shipped)

		if result.NextRevision != 1 || result.Position != 2 {
			t.Errorf("AppendResult = %+v, want NextRevision 1 and Position 2", result)
		}
		got := mustReadStream(t, s, "order-1")
		if len(got) != 2 {
			t.Fatalf("ReadStream returned %d events, want 2", len(got))
		}
		want := []eventstore.RecordedEvent{
			{ID: id, Stream: "order-1", Type: "OrderPlaced", Data: placed.Data, Metadata: placed.Metadata, Revision: 0, Position: 1, RecordedAt: got[0].RecordedAt},
			{ID: got[1].ID, Stream: "order-1", Type: "OrderShipped", Data: shipped.Data, Revision: 1, Position: 2, RecordedAt: got[1].RecordedAt},
		}
		checkEvents(t, "ReadStream", got, want)
		if got[1].ID == uuid.Nil {
			t.Error("event appended with a zero ID was stored with a zero ID, want a random one")
		}
		for i, e := range got {
			if e.RecordedAt.IsZero() {
				t.Errorf("event %d: RecordedAt is zero", i)
			}
			if e.RecordedAt.Location() != time.UTC {
				t.Errorf("event %d: RecordedAt location is %s, want UTC", i, e.RecordedAt.Location())
			}
		}
		checkEvents(t, "ReadAll", mustReadAll(t, s), got)
	})

	t.Run("revisions per stream and positions across streams", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		streams := []string{"a", "b", "a", "c", "b", "a"}
		wantRevisions := []uint64{0, 0, 1, 0, 1, 2}

		for i, stream := range streams {
			result := mustAppend(t, s, stream, eventstore.Any(), numbered("Counted", i))
			if result.Position != uint64(i+1) {
				t.Errorf("append %d to %s: Position = %d, want %d", i, stream, result.Position, i+1)
			}
			if result.NextRevision != wantRevisions[i] {
				t.Errorf("append %d to %s: NextRevision = %d, want %d", i, stream, result.NextRevision, wantRevisions[i])
			}
		}

		all := mustReadAll(t, s)
		checkPositions(t, "ReadAll", all, 1)
		for i, e := range all {
			if i < len(streams) && (e.Stream != streams[i] || e.Revision != wantRevisions[i]) {
				t.Errorf("ReadAll event %d is %s@%d, want %s@%d", i, e.Stream, e.Revision, streams[i], wantRevisions[i])
			}
		}
		for _, stream := range []string{"a", "b", "c"} {
			checkRevisions(t, "ReadStream "+stream, mustReadStream(t, s, stream))
		}
	})

	t.Run("multi-event append gets consecutive revisions", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "other", eventstore.NoStream(), numbered("Other", 0))

		result := mustAppend(t, s, "batch", eventstore.NoStream(), numbered("Step", 0), numbered("Step", 1), numbered("Step", 2))

		if result.NextRevision != 2 || result.Position != 4 {
			t.Errorf("AppendResult = %+v, want NextRevision 2 and Position 4", result)
		}
		got := mustReadStream(t, s, "batch")
		checkRevisions(t, "ReadStream", got)
		checkPositions(t, "ReadStream", got, 2)
	})

	t.Run("multi-event append with one invalid event writes none", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "other", eventstore.NoStream(), numbered("Other", 0))
		before := mustReadAll(t, s)

		_, err := s.Append(testContext(t), "batch", eventstore.Any(), numbered("Step", 0), event("Step", `{"broken"`), numbered("Step", 2))

		if !errors.Is(err, eventstore.ErrInvalidEvent) {
			t.Errorf("Append error = %v, want ErrInvalidEvent", err)
		}
		checkStreamNotFound(t, s, "batch")
		checkEvents(t, "ReadAll after rejected append", mustReadAll(t, s), before)
	})

	t.Run("zero IDs become unique random IDs", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		events := make([]eventstore.EventData, 100)
		for i := range events {
			events[i] = numbered("Counted", i)
		}

		mustAppend(t, s, "ids", eventstore.NoStream(), events...)

		seen := make(map[uuid.UUID]bool)
		for _, e := range mustReadStream(t, s, "ids") {
			if e.ID == uuid.Nil {
				t.Errorf("revision %d has a zero ID", e.Revision)
			}
			if seen[e.ID] {
				t.Errorf("revision %d repeats ID %s", e.Revision, e.ID)
			}
			seen[e.ID] = true
		}
	})
}

func testExpectedRevision(t *testing.T, open Opener) {
	tests := []struct {
		name     string
		existing int // events in the stream before the append
		expected eventstore.ExpectedRevision
		wantErr  bool
	}{
		{"any on missing stream succeeds", 0, eventstore.Any(), false},
		{"any on existing stream succeeds", 2, eventstore.Any(), false},
		{"no stream on missing stream succeeds", 0, eventstore.NoStream(), false},
		{"no stream on existing stream fails", 2, eventstore.NoStream(), true},
		{"stream exists on existing stream succeeds", 2, eventstore.StreamExists(), false},
		{"stream exists on missing stream fails", 0, eventstore.StreamExists(), true},
		{"exact last revision succeeds", 2, eventstore.Exact(1), false},
		{"exact older revision fails", 2, eventstore.Exact(0), true},
		{"exact future revision fails", 2, eventstore.Exact(2), true},
		{"exact 0 on missing stream fails", 0, eventstore.Exact(0), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			mustAppend(t, s, "other", eventstore.NoStream(), numbered("Other", 0))
			for i := range tt.existing {
				mustAppend(t, s, "target", eventstore.Any(), numbered("Existing", i))
			}
			before := mustReadAll(t, s)

			result, err := s.Append(testContext(t), "target", tt.expected, numbered("New", 0))

			if tt.wantErr {
				if !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
					t.Fatalf("Append(%s) error = %v, want ErrWrongExpectedVersion", tt.expected, err)
				}
				checkEvents(t, "ReadAll after rejected append", mustReadAll(t, s), before)
				return
			}
			if err != nil {
				t.Fatalf("Append(%s) failed: %v", tt.expected, err)
			}
			want := eventstore.AppendResult{NextRevision: uint64(tt.existing), Position: uint64(len(before) + 1)}
			if result != want {
				t.Errorf("AppendResult = %+v, want %+v", result, want)
			}
			stream := mustReadStream(t, s, "target")
			checkRevisions(t, "ReadStream", stream)
			if len(stream) != tt.existing+1 {
				t.Errorf("stream has %d events after append, want %d", len(stream), tt.existing+1)
			}
		})
	}
}

func testInvalidEvent(t *testing.T, open Opener) {
	tests := []struct {
		name   string
		stream string
		events []eventstore.EventData
	}{
		{"empty stream name", "", []eventstore.EventData{numbered("Valid", 0)}},
		{"empty type", "target", []eventstore.EventData{event("", `{}`)}},
		{"data not JSON", "target", []eventstore.EventData{event("Broken", `{"a":`)}},
		{"data empty", "target", []eventstore.EventData{{Type: "Empty"}}},
		{"metadata not JSON", "target", []eventstore.EventData{{Type: "Valid", Data: []byte(`{}`), Metadata: []byte(`not json`)}}},
		{"no events", "target", nil},
		{"second of two events invalid", "target", []eventstore.EventData{numbered("Valid", 0), event("", `{}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is rejected", func(t *testing.T) {
			t.Parallel()
			s := open(t)
			mustAppend(t, s, "other", eventstore.NoStream(), numbered("Other", 0))
			before := mustReadAll(t, s)

			_, err := s.Append(testContext(t), tt.stream, eventstore.Any(), tt.events...)

			if !errors.Is(err, eventstore.ErrInvalidEvent) {
				t.Errorf("Append error = %v, want ErrInvalidEvent", err)
			}
			checkEvents(t, "ReadAll after rejected append", mustReadAll(t, s), before)
			if tt.stream != "" {
				checkStreamNotFound(t, s, tt.stream)
			}
		})
	}
}
