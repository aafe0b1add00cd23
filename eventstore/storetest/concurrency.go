package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/postvern/postvern/eventstore"
)

func testConcurrency(t *testing.T, open Opener) {
	t.Run("one of N exact appends wins each revision", func(t *testing.T) {
		t.Parallel()
		const writers, rounds = 8, 10
		s := open(t)
		ctx := testContext(t)
		winners := make([]int, rounds)

		for round := range rounds {
			expected := eventstore.NoStream()
			if round > 0 {
				expected = eventstore.Exact(uint64(round - 1))
			}

			// All writers wait for start, so their appends reach the store
			// together and race for the same revision.
			start := make(chan struct{})
			errs := make([]error, writers)
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					<-start
					data := fmt.Sprintf(`{"writer":%d,"round":%d}`, w, round)
					_, errs[w] = s.Append(ctx, "contested", expected, event("Raced", data))
				})
			}
			close(start)
			wg.Wait()

			winners[round] = -1
			for w, err := range errs {
				switch {
				case err == nil && winners[round] >= 0:
					t.Errorf("round %d: writers %d and %d both succeeded", round, winners[round], w)
				case err == nil:
					winners[round] = w
				case !errors.Is(err, eventstore.ErrWrongExpectedVersion):
					t.Errorf("round %d: writer %d failed with %v, want ErrWrongExpectedVersion", round, w, err)
				}
			}
			if winners[round] < 0 {
				t.Fatalf("round %d: no writer succeeded", round)
			}
		}

		stream := mustReadStream(t, s, "contested")
		if len(stream) != rounds {
			t.Fatalf("stream has %d events, want %d", len(stream), rounds)
		}
		checkRevisions(t, "ReadStream", stream)
		for round, e := range stream {
			var body struct{ Writer, Round int }
			if err := json.Unmarshal(e.Data, &body); err != nil {
				t.Fatalf("revision %d: decode data %s: %v", round, e.Data, err)
			}
			if body.Writer != winners[round] || body.Round != round {
				t.Errorf("revision %d was written by writer %d in round %d, want writer %d in round %d", round, body.Writer, body.Round, winners[round], round)
			}
		}
	})

	t.Run("appends to many streams get unique gapless positions", func(t *testing.T) {
		t.Parallel()
		const writers, appends = 8, 25
		s := open(t)
		ctx := testContext(t)

		// Each writer appends to its own stream with exact expectations and
		// to one shared stream with Any.
		positions := make(map[uint64]uuid.UUID)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				own := fmt.Sprintf("writer-%d", w)
				for i := range appends {
					expected := eventstore.NoStream()
					if i > 0 {
						expected = eventstore.Exact(uint64(i - 1))
					}
					for _, target := range []struct {
						stream   string
						expected eventstore.ExpectedRevision
					}{{own, expected}, {"shared", eventstore.Any()}} {
						e := numbered("Counted", i)
						e.ID = uuid.New()
						result, err := s.Append(ctx, target.stream, target.expected, e)
						if err != nil {
							t.Errorf("writer %d: append %d to %s failed: %v", w, i, target.stream, err)
							return
						}

						mu.Lock()
						if other, duplicate := positions[result.Position]; duplicate {
							t.Errorf("position %d returned for both %s and %s", result.Position, other, e.ID)
						}
						positions[result.Position] = e.ID
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}

		all := mustReadAll(t, s)
		total := 2 * writers * appends
		if len(all) != total {
			t.Fatalf("ReadAll returned %d events, want %d", len(all), total)
		}
		checkPositions(t, "ReadAll", all, 1)
		for _, e := range all {
			if positions[e.Position] != e.ID {
				t.Errorf("position %d holds event %s, but Append returned that position for %s", e.Position, e.ID, positions[e.Position])
			}
		}
		for w := range writers {
			stream := fmt.Sprintf("writer-%d", w)
			checkRevisions(t, stream, mustReadStream(t, s, stream))
		}
		shared := mustReadStream(t, s, "shared")
		if len(shared) != writers*appends {
			t.Errorf("shared stream has %d events, want %d", len(shared), writers*appends)
		}
		checkRevisions(t, "shared", shared)
	})
}
