package storetest

import (
	"math"
	"testing"

	"github.com/postvern/postvern/eventstore"
)

func testReadStream(t *testing.T, open Opener) {
	// setUp writes five events to "s" interleaved with events of "s-1", whose
	// name starts with "s", so a read that strays into another stream shows.
	setUp := func(t *testing.T) eventstore.Store {
		s := open(t)
		for i := range 5 {
			mustAppend(t, s, "s", eventstore.Any(), numbered("Counted", i))
			mustAppend(t, s, "s-1", eventstore.Any(), numbered("Neighbour", i))
		}
		return s
	}

	tests := []struct {
		name          string
		from          uint64
		max           int
		wantRevisions []uint64
	}{
		{"max 0 reads to the end", 0, 0, []uint64{0, 1, 2, 3, 4}},
		{"negative max reads to the end", 0, -1, []uint64{0, 1, 2, 3, 4}},
		{"from skips earlier revisions", 2, 0, []uint64{2, 3, 4}},
		{"max limits the count", 1, 2, []uint64{1, 2}},
		{"max past the end stops at the end", 4, 10, []uint64{4}},
		{"from past the end returns nothing", 5, 0, nil},
		{"from at the largest revision returns nothing", math.MaxUint64, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := setUp(t)

			got, err := s.ReadStream(testContext(t), "s", tt.from, tt.max)

			if err != nil {
				t.Fatalf("ReadStream(s, %d, %d) failed: %v", tt.from, tt.max, err)
			}
			if len(got) != len(tt.wantRevisions) {
				t.Fatalf("ReadStream(s, %d, %d) returned %d events, want %d", tt.from, tt.max, len(got), len(tt.wantRevisions))
			}
			for i, e := range got {
				if e.Stream != "s" || e.Revision != tt.wantRevisions[i] {
					t.Errorf("event %d is %s@%d, want s@%d", i, e.Stream, e.Revision, tt.wantRevisions[i])
				}
				if want := 2*tt.wantRevisions[i] + 1; e.Position != want {
					t.Errorf("event %d has position %d, want %d", i, e.Position, want)
				}
			}
		})
	}

	notFound := []struct {
		name  string
		setUp func(t *testing.T, s eventstore.Store)
	}{
		{"stream never written is not found", func(*testing.T, eventstore.Store) {}},
		{"stream named by a prefix of another is not found", func(t *testing.T, s eventstore.Store) {
			mustAppend(t, s, "target-1", eventstore.NoStream(), numbered("Other", 0))
		}},
		{"stream whose only append was rejected is not found", func(t *testing.T, s eventstore.Store) {
			if _, err := s.Append(testContext(t), "target", eventstore.StreamExists(), numbered("Rejected", 0)); err == nil {
				t.Fatal("Append with StreamExists to a missing stream succeeded")
			}
		}},
	}
	for _, tt := range notFound {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			mustAppend(t, s, "other", eventstore.NoStream(), numbered("Other", 0))
			tt.setUp(t, s)

			checkStreamNotFound(t, s, "target")
		})
	}
}

func testReadAll(t *testing.T, open Opener) {
	tests := []struct {
		name          string
		after         uint64
		max           int
		wantPositions []uint64
	}{
		{"after 0 and max 0 reads everything", 0, 0, []uint64{1, 2, 3, 4, 5, 6}},
		{"negative max reads to the end", 0, -5, []uint64{1, 2, 3, 4, 5, 6}},
		{"max limits the count", 0, 2, []uint64{1, 2}},
		{"after skips that position and earlier ones", 3, 0, []uint64{4, 5, 6}},
		{"after and max together", 3, 2, []uint64{4, 5}},
		{"after the last position returns nothing", 6, 0, nil},
		{"after far past the end returns nothing", 100, 0, nil},
		{"after the largest position returns nothing", math.MaxUint64, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			for i := range 6 {
				mustAppend(t, s, []string{"x", "y", "z"}[i%3], eventstore.Any(), numbered("Counted", i))
			}

			got, err := s.ReadAll(testContext(t), tt.after, tt.max)

			if err != nil {
				t.Fatalf("ReadAll(%d, %d) failed: %v", tt.after, tt.max, err)
			}
			if len(got) != len(tt.wantPositions) {
				t.Fatalf("ReadAll(%d, %d) returned %d events, want %d", tt.after, tt.max, len(got), len(tt.wantPositions))
			}
			for i, e := range got {
				if e.Position != tt.wantPositions[i] {
					t.Errorf("event %d has position %d, want %d", i, e.Position, tt.wantPositions[i])
				}
			}
		})
	}

	t.Run("empty store returns nothing", func(t *testing.T) {
		t.Parallel()
		s := open(t)

		got, err := s.ReadAll(testContext(t), 0, 0)

		if err != nil || len(got) != 0 {
			t.Errorf("ReadAll on an empty store = %d events, error %v, want none and no error", len(got), err)
		}
	})
}

func testLastPosition(t *testing.T, open Opener) {
	s := open(t)
	ctx := testContext(t)

	last, err := s.LastPosition(ctx)
	if err != nil {
		t.Fatalf("LastPosition on an empty store: %v", err)
	}
	if last != 0 {
		t.Fatalf("LastPosition on an empty store = %d, want 0", last)
	}

	mustAppend(t, s, "first", eventstore.NoStream(), numbered("counted", 1), numbered("counted", 2))
	result := mustAppend(t, s, "second", eventstore.Any(), numbered("counted", 3))
	last, err = s.LastPosition(ctx)
	if err != nil {
		t.Fatalf("LastPosition: %v", err)
	}
	if last != result.Position || last != 3 {
		t.Fatalf("LastPosition = %d, want 3, the position of the last append", last)
	}

	if _, err := s.Append(ctx, "second", eventstore.NoStream(), numbered("counted", 4)); err == nil {
		t.Fatal("append with a wrong expectation succeeded")
	}
	if last, _ = s.LastPosition(ctx); last != 3 {
		t.Fatalf("LastPosition after a rejected append = %d, want 3", last)
	}
}
