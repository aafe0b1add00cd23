package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/postvern/postvern/eventstore"
)

// receiveTimeout bounds the wait for events that a subscription should
// deliver.
const receiveTimeout = 20 * time.Second

// subscription is a SubscribeAll call running in its own goroutine, which
// forwards every event to events.
type subscription struct {
	events chan eventstore.RecordedEvent
	done   chan error
	cancel context.CancelFunc
}

// subscribe starts SubscribeAll after position after. The subscription is
// cancelled, and its goroutine awaited, when t ends.
func subscribe(t *testing.T, s eventstore.Store, after uint64) *subscription {
	t.Helper()
	return subscribeWithDelay(t, s, after, func() {})
}

// subscribeWithDelay is subscribe with a handler that calls delay after it
// has forwarded each event.
func subscribeWithDelay(t *testing.T, s eventstore.Store, after uint64, delay func()) *subscription {
	t.Helper()
	ctx, cancel := context.WithCancel(testContext(t))
	sub := &subscription{
		events: make(chan eventstore.RecordedEvent, 1024),
		done:   make(chan error, 1),
		cancel: cancel,
	}
	go func() {
		sub.done <- s.SubscribeAll(ctx, after, func(e eventstore.RecordedEvent) error {
			select {
			case sub.events <- e:
				delay()
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-sub.done
	})
	return sub
}

// receive returns the next n events, and fails t when the subscription ends
// or they do not arrive within receiveTimeout.
func (sub *subscription) receive(t *testing.T, n int) []eventstore.RecordedEvent {
	t.Helper()
	timeout := time.After(receiveTimeout)
	got := make([]eventstore.RecordedEvent, 0, n)
	for len(got) < n {
		select {
		case e := <-sub.events:
			got = append(got, e)
		case err := <-sub.done:
			t.Fatalf("subscription ended after %d of %d events: %v", len(got), n, err)
		case <-timeout:
			t.Fatalf("received %d of %d events within %s", len(got), n, receiveTimeout)
		}
	}
	return got
}

// wait returns the error that ended the subscription, and fails t when it does
// not end within receiveTimeout.
func (sub *subscription) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-sub.done:
		sub.done <- err // for the cleanup registered by subscribe
		return err
	case <-time.After(receiveTimeout):
		t.Fatalf("subscription still running %s after it should have stopped", receiveTimeout)
		return nil
	}
}

// appendConcurrently runs writers goroutines that each append n events to
// their own stream, and waits for them.
func appendConcurrently(t *testing.T, s eventstore.Store, prefix string, writers, n int) {
	t.Helper()
	ctx := testContext(t)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			stream := fmt.Sprintf("%s-%d", prefix, w)
			for i := range n {
				if _, err := s.Append(ctx, stream, eventstore.Any(), numbered("Live", i)); err != nil {
					t.Errorf("append %d to %s failed: %v", i, stream, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func testSubscribeAll(t *testing.T, open Opener) {
	t.Run("catch-up then live delivers each event once in order", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for i := range 20 {
			mustAppend(t, s, "history", eventstore.Any(), numbered("Stored", i))
		}
		sub := subscribe(t, s, 0)

		stored := sub.receive(t, 20)
		appendConcurrently(t, s, "live", 4, 25)
		live := sub.receive(t, 100)

		checkPositions(t, "stored events", stored, 1)
		checkPositions(t, "live events", live, 21)
		checkEvents(t, "subscription", append(stored, live...), mustReadAll(t, s))

		// A marker appended last must be the next event, so no duplicate
		// or stray event is still on its way.
		marker := mustAppend(t, s, "marker", eventstore.NoStream(), numbered("Marker", 0))
		if next := sub.receive(t, 1)[0]; next.Position != marker.Position {
			t.Errorf("event after the live ones has position %d, want the marker's %d", next.Position, marker.Position)
		}
	})

	t.Run("subscription started during appends misses nothing", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		done := make(chan struct{})
		go func() {
			defer close(done)
			appendConcurrently(t, s, "racing", 4, 50)
		}()
		sub := subscribe(t, s, 0)

		got := sub.receive(t, 200)
		<-done

		checkPositions(t, "subscription", got, 1)
		checkEvents(t, "subscription", got, mustReadAll(t, s))
		marker := mustAppend(t, s, "marker", eventstore.NoStream(), numbered("Marker", 0))
		if next := sub.receive(t, 1)[0]; next.Position != marker.Position {
			t.Errorf("event after the racing ones has position %d, want the marker's %d", next.Position, marker.Position)
		}
	})

	t.Run("each append wakes a waiting subscription", func(t *testing.T) {
		t.Parallel()
		const rounds = 300
		s := open(t)

		// The handler returns after a random pause of up to 1 ms, so the
		// appends below commit at varying points of the subscription's cycle
		// of reading and then waiting. A lost wakeup stalls a round until
		// receive times out. NOTE: a commit that lands between a read and the
		// wait is the case most likely to be lost, and this test hits that
		// short window only by chance.
		sub := subscribeWithDelay(t, s, 0, func() {
			time.Sleep(time.Duration(rand.Int64N(int64(time.Millisecond))))
		})
		for i := range rounds {
			result := mustAppend(t, s, "ping", eventstore.Any(), numbered("Ping", i))
			if got := sub.receive(t, 1)[0]; got.Position != result.Position {
				t.Fatalf("round %d: received position %d, want %d", i, got.Position, result.Position)
			}
		}
	})

	t.Run("subscription after a middle position starts at the next one", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for i := range 10 {
			mustAppend(t, s, "history", eventstore.Any(), numbered("Stored", i))
		}

		sub := subscribe(t, s, 4)
		got := sub.receive(t, 6)

		checkEvents(t, "subscription", got, mustReadAll(t, s)[4:])
	})

	t.Run("cancel ends a waiting subscription with ctx error", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "history", eventstore.NoStream(), numbered("Stored", 0))
		sub := subscribe(t, s, 0)
		sub.receive(t, 1)

		sub.cancel()
		err := sub.wait(t)

		if !errors.Is(err, context.Canceled) {
			t.Errorf("SubscribeAll error = %v, want context.Canceled", err)
		}
	})

	t.Run("cancelled ctx returns before calling handler", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustAppend(t, s, "history", eventstore.NoStream(), numbered("Stored", 0))
		ctx, cancel := context.WithCancel(testContext(t))
		cancel()

		calls := 0
		err := s.SubscribeAll(ctx, 0, func(eventstore.RecordedEvent) error {
			calls++
			return nil
		})

		if !errors.Is(err, context.Canceled) {
			t.Errorf("SubscribeAll error = %v, want context.Canceled", err)
		}
		if calls != 0 {
			t.Errorf("handler called %d times, want 0", calls)
		}
	})

	t.Run("handler error stops subscription and is wrapped", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for i := range 5 {
			mustAppend(t, s, "history", eventstore.Any(), numbered("Stored", i))
		}
		errStop := errors.New("projection failed")

		calls := 0
		err := s.SubscribeAll(testContext(t), 0, func(e eventstore.RecordedEvent) error {
			calls++
			if e.Position == 3 {
				return errStop
			}
			return nil
		})

		if !errors.Is(err, errStop) {
			t.Errorf("SubscribeAll error = %v, want it to wrap the handler's error", err)
		}
		if calls != 3 {
			t.Errorf("handler called %d times, want 3", calls)
		}
	})
}
