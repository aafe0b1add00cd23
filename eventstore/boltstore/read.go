package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"

	bolt "go.etcd.io/bbolt"

	"github.com/postvern/postvern/eventstore"
)

// subscribeBatch is how many events a subscription reads per transaction, so
// a long catch-up never holds one read transaction open for the whole log.
const subscribeBatch = 1024

// ctxCheckInterval is how many events a read decodes between checks of ctx.
const ctxCheckInterval = 1024

// ReadStream returns up to max events of stream from revision from, in
// revision order. It returns an error wrapping ErrStreamNotFound when the
// stream has no events, and an empty slice when from is past its last event.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, max int) ([]eventstore.RecordedEvent, error) {
	op := "read stream " + stream
	if s.isClosing() {
		return nil, unavailable(op)
	}
	if err := checkContext(ctx, op); err != nil {
		return nil, err
	}

	var out []eventstore.RecordedEvent
	err := s.db.View(func(tx *bolt.Tx) error {
		value := tx.Bucket(streamsBucket).Get([]byte(stream))
		if len(value) != 8 {
			return eventstore.ErrStreamNotFound
		}
		last := binary.BigEndian.Uint64(value)
		if from > last {
			return nil
		}
		out = make([]eventstore.RecordedEvent, 0, capacity(last-from+1, max))

		events := tx.Bucket(eventsBucket)
		prefix := streamIndexPrefix(stream)
		c := tx.Bucket(streamIndexBucket).Cursor()
		for key, value := c.Seek(streamIndexKey(stream, from)); key != nil && bytes.HasPrefix(key, prefix); key, value = c.Next() {
			if max > 0 && len(out) >= max {
				break
			}
			if len(out)%ctxCheckInterval == ctxCheckInterval-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if len(value) != 8 {
				return fmt.Errorf("stream index key %x: position is %d bytes, want 8: %w", key, len(value), errCorruptRecord)
			}

			position := binary.BigEndian.Uint64(value)
			record := events.Get(positionKey(position))
			if record == nil {
				return fmt.Errorf("stream index points to position %d, which has no event: %w", position, errCorruptRecord)
			}
			e, err := decodeRecord(position, record)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, storageError(op, err)
	}
	return out, nil
}

// LastPosition returns the global position of the last event, or 0 when the
// log is empty.
func (s *Store) LastPosition(ctx context.Context) (uint64, error) {
	const op = "read last position"
	if s.isClosing() {
		return 0, unavailable(op)
	}
	if err := checkContext(ctx, op); err != nil {
		return 0, err
	}

	var last uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		last = lastPosition(tx.Bucket(eventsBucket))
		return nil
	})
	if err != nil {
		return 0, storageError(op, err)
	}
	return last, nil
}

// ReadAll returns up to max events whose global position is greater than
// after, in position order.
func (s *Store) ReadAll(ctx context.Context, after uint64, max int) ([]eventstore.RecordedEvent, error) {
	op := fmt.Sprintf("read all after %d", after)
	if s.isClosing() {
		return nil, unavailable(op)
	}
	if err := checkContext(ctx, op); err != nil {
		return nil, err
	}
	if after == math.MaxUint64 {
		return nil, nil
	}

	var out []eventstore.RecordedEvent
	err := s.db.View(func(tx *bolt.Tx) error {
		events := tx.Bucket(eventsBucket)
		last := lastPosition(events)
		if last <= after {
			return nil
		}
		out = make([]eventstore.RecordedEvent, 0, capacity(last-after, max))

		c := events.Cursor()
		for key, value := c.Seek(positionKey(after + 1)); key != nil; key, value = c.Next() {
			if max > 0 && len(out) >= max {
				break
			}
			if len(out)%ctxCheckInterval == ctxCheckInterval-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if len(key) != 8 {
				return fmt.Errorf("events key %x is %d bytes, want 8: %w", key, len(key), errCorruptRecord)
			}

			e, err := decodeRecord(binary.BigEndian.Uint64(key), value)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, storageError(op, err)
	}
	return out, nil
}

// SubscribeAll calls handle for every event after position after: first the
// stored ones, read in batches of 1024, then each new one once its commit
// wakes the subscription. It returns ctx's error when ctx ends, an error
// wrapping the handler's error, or an error wrapping ErrUnavailable when the
// store closes.
func (s *Store) SubscribeAll(ctx context.Context, after uint64, handle func(eventstore.RecordedEvent) error) error {
	const op = "subscribe to all"
	if s.isClosing() {
		return unavailable(op)
	}
	if err := checkContext(ctx, op); err != nil {
		return err
	}

	position := after
	for {
		// Take the channel before reading: a commit after this point closes
		// it, so an event that the read below misses still wakes the loop.
		wake := s.newEvents()

		batch, err := s.ReadAll(ctx, position, subscribeBatch)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		for _, e := range batch {
			if err := checkContext(ctx, op); err != nil {
				return err
			}
			if err := handle(e); err != nil {
				return fmt.Errorf("%s: handler failed at position %d: %w", op, e.Position, err)
			}
			position = e.Position
		}
		if len(batch) == subscribeBatch {
			continue
		}

		select {
		case <-wake:
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", op, ctx.Err())
		case <-s.closing:
			return unavailable(op)
		}
	}
}

// maxPrealloc bounds the capacity that a read allocates up front, so an
// unlimited read of a large log grows its slice as it goes instead.
const maxPrealloc = 1 << 16

// capacity returns the initial slice capacity for a read of up to available
// events limited by max, where a max of zero or less means no limit.
func capacity(available uint64, max int) int {
	n := min(available, maxPrealloc)
	if max > 0 {
		n = min(n, uint64(max))
	}
	return int(n)
}
