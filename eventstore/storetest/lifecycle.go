package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/postvern/postvern/eventstore"
)

func testLifecycle(t *testing.T, open Opener, reopen Reopener) {
	t.Run("cancelled ctx on Append writes nothing", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "other", eventstore.NoStream(), numbered("Other", 0))
		before := mustReadAll(t, s)
		ctx, cancel := context.WithCancel(testContext(t))
		cancel()

		_, err := s.Append(ctx, "target", eventstore.Any(), numbered("Cancelled", 0))

		if !errors.Is(err, context.Canceled) {
			t.Errorf("Append error = %v, want context.Canceled", err)
		}
		checkStreamNotFound(t, s, "target")
		checkEvents(t, "ReadAll after cancelled append", mustReadAll(t, s), before)
	})

	t.Run("operations after Close return ErrUnavailable", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "target", eventstore.NoStream(), numbered("Stored", 0))
		if err := s.Close(); err != nil {
			t.Fatalf("Close failed: %v", err)
		}
		ctx := testContext(t)

		_, appendErr := s.Append(ctx, "target", eventstore.Any(), numbered("Late", 0))
		_, readStreamErr := s.ReadStream(ctx, "target", 0, 0)
		_, readAllErr := s.ReadAll(ctx, 0, 0)
		subscribeErr := s.SubscribeAll(ctx, 0, func(eventstore.RecordedEvent) error { return nil })

		for name, err := range map[string]error{
			"Append":       appendErr,
			"ReadStream":   readStreamErr,
			"ReadAll":      readAllErr,
			"SubscribeAll": subscribeErr,
		} {
			if !errors.Is(err, eventstore.ErrUnavailable) {
				t.Errorf("%s after Close: error = %v, want ErrUnavailable", name, err)
			}
		}
	})

	if reopen == nil {
		t.Log("persistence subtests skipped: the backend has no reopen function")
		return
	}

	t.Run("reopened store keeps every event", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for i := range 9 {
			e := numbered("Stored", i)
			if i%2 == 0 {
				e.Metadata = []byte(`{"even":true}`)
			}
			mustAppend(t, s, []string{"a", "b", "c"}[i%3], eventstore.Any(), e)
		}
		mustAppend(t, s, "d", eventstore.NoStream(), numbered("Batch", 0), numbered("Batch", 1))
		before := mustReadAll(t, s)
		streams := make(map[string][]eventstore.RecordedEvent)
		for _, name := range []string{"a", "b", "c", "d"} {
			streams[name] = mustReadStream(t, s, name)
		}

		s = reopen(t, s)

		checkEvents(t, "ReadAll after reopen", mustReadAll(t, s), before)
		for name, want := range streams {
			checkEvents(t, "ReadStream "+name+" after reopen", mustReadStream(t, s, name), want)
		}
	})

	t.Run("appends after reopen continue at the next position", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "a", eventstore.NoStream(), numbered("Stored", 0), numbered("Stored", 1))
		mustAppend(t, s, "b", eventstore.NoStream(), numbered("Stored", 2))

		s = reopen(t, s)
		existing := mustAppend(t, s, "a", eventstore.Exact(1), numbered("Reopened", 0))
		fresh := mustAppend(t, s, "c", eventstore.NoStream(), numbered("Reopened", 1))

		if want := (eventstore.AppendResult{NextRevision: 2, Position: 4}); existing != want {
			t.Errorf("append to existing stream after reopen = %+v, want %+v", existing, want)
		}
		if want := (eventstore.AppendResult{NextRevision: 0, Position: 5}); fresh != want {
			t.Errorf("append to new stream after reopen = %+v, want %+v", fresh, want)
		}
		_, err := s.Append(testContext(t), "b", eventstore.NoStream(), numbered("Rejected", 0))
		if !errors.Is(err, eventstore.ErrWrongExpectedVersion) {
			t.Errorf("append with NoStream to a stream written before reopen: error = %v, want ErrWrongExpectedVersion", err)
		}
		checkPositions(t, "ReadAll after reopen", mustReadAll(t, s), 1)
	})
}
