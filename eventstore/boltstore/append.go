package boltstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/postvern/postvern/eventstore"
)

// maxBatch is the largest number of append requests that the writer commits
// in one transaction.
const maxBatch = 256

// errNothingWritten rolls back a batch in which every request was rejected.
var errNothingWritten = errors.New("nothing written")

// maxStreamName keeps a stream-index key (name, 0x00, 8-byte revision) within
// bbolt's key size limit.
const maxStreamName = bolt.MaxKeySize - 1 - 8

// appendRequest is one Append call waiting for the writer goroutine.
type appendRequest struct {
	ctx      context.Context
	stream   string
	expected eventstore.ExpectedRevision
	events   []eventstore.EventData
	// reply is buffered for the one reply that the writer sends, so the
	// writer does not wait for each caller to be scheduled.
	reply chan appendReply
}

type appendReply struct {
	result eventstore.AppendResult
	err    error
}

// writerStats counts successful commits and the requests in them, so
// benchmarks can show how many appends share one fsync.
type writerStats struct {
	commits  atomic.Uint64
	requests atomic.Uint64
}

// Append writes events to the end of stream in one transaction. Before it
// queues anything, it rejects with an error wrapping ErrInvalidEvent a stream
// name that is empty, longer than 32759 bytes or contains 0x00, and an empty
// events list. It also rejects an event without a type, with data that is
// not JSON, or with metadata that is neither empty nor JSON.
//
// If ctx ends before the writer goroutine applies the request inside its
// transaction, Append returns ctx's error and writes nothing. Once the request
// is applied, Append waits for the commit and reports its result.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	op := "append " + stream
	if s.isClosing() {
		return eventstore.AppendResult{}, unavailable(op)
	}
	if err := checkContext(ctx, op); err != nil {
		return eventstore.AppendResult{}, err
	}
	if err := validateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, err
	}

	req := &appendRequest{
		ctx:      ctx,
		stream:   stream,
		expected: expected,
		events:   events,
		reply:    make(chan appendReply, 1),
	}
	select {
	case s.requests <- req:
	case <-ctx.Done():
		return eventstore.AppendResult{}, fmt.Errorf("%s: %w", op, ctx.Err())
	case <-s.closing:
		return eventstore.AppendResult{}, unavailable(op)
	}

	reply := <-req.reply
	return reply.result, reply.err
}

// validateAppend checks what Append can check without reading the store.
func validateAppend(stream string, events []eventstore.EventData) error {
	if stream == "" {
		return fmt.Errorf("append: stream name is empty: %w", eventstore.ErrInvalidEvent)
	}
	if len(stream) > maxStreamName {
		return fmt.Errorf("append: stream name is %d bytes, longer than the maximum of %d: %w", len(stream), maxStreamName, eventstore.ErrInvalidEvent)
	}
	for i := range len(stream) {
		if stream[i] == 0 {
			return fmt.Errorf("append %q: stream name contains byte 0x00: %w", stream, eventstore.ErrInvalidEvent)
		}
	}
	if len(events) == 0 {
		return fmt.Errorf("append %s: no events: %w", stream, eventstore.ErrInvalidEvent)
	}

	for i, e := range events {
		if e.Type == "" {
			return fmt.Errorf("append %s: event %d has an empty type: %w", stream, i, eventstore.ErrInvalidEvent)
		}
		if !json.Valid(e.Data) {
			return fmt.Errorf("append %s: event %d (%s) data is not valid JSON: %w", stream, i, e.Type, eventstore.ErrInvalidEvent)
		}
		if len(e.Metadata) > 0 && !json.Valid(e.Metadata) {
			return fmt.Errorf("append %s: event %d (%s) metadata is not valid JSON: %w", stream, i, e.Type, eventstore.ErrInvalidEvent)
		}

		size := recordSize(len(stream), len(e.Type), len(e.Data), len(e.Metadata))
		if size > bolt.MaxValueSize {
			return fmt.Errorf("append %s: event %d (%s) record is %d bytes, larger than bbolt's maximum of %d: %w", stream, i, e.Type, size, bolt.MaxValueSize, eventstore.ErrInvalidEvent)
		}
	}
	return nil
}

// runWriter is the only goroutine that writes to the database. It takes one
// request, adds the requests already waiting, up to maxBatch, and commits them
// in one transaction so that concurrent appends share one fsync.
func (s *Store) runWriter() {
	defer close(s.writerDone)

	batch := make([]*appendRequest, 0, maxBatch)
	for {
		select {
		case req := <-s.requests:
			batch = append(batch[:0], req)
		case <-s.closing:
			return
		}

	drain:
		for len(batch) < maxBatch {
			select {
			case req := <-s.requests:
				batch = append(batch, req)
			default:
				break drain
			}
		}

		s.commitBatch(batch)
		clear(batch)
	}
}

// commitBatch applies every request of batch in one bbolt transaction and
// sends each its reply. A request whose ctx has ended or whose expected
// revision does not match writes nothing and gets its own error, while the
// others commit. A storage error fails the whole transaction, and then every
// request gets that error because none of them was written.
func (s *Store) commitBatch(batch []*appendRequest) {
	replies := make([]appendReply, len(batch))
	wrote := false

	err := s.db.Update(func(tx *bolt.Tx) error {
		w := newBatchWriter(tx, s.now().UTC())
		for i, req := range batch {
			op := "append " + req.stream
			if err := checkContext(req.ctx, op); err != nil {
				replies[i].err = err
				continue
			}

			last, exists := w.lastRevision(req.stream)
			if err := req.expected.Check(req.stream, exists, last); err != nil {
				replies[i].err = err
				continue
			}

			result, err := w.appendEvents(req.stream, exists, last, req.events)
			if err != nil {
				return fmt.Errorf("write %s: %w", req.stream, err)
			}
			replies[i].result = result
			wrote = true
		}

		// Rolling back a transaction that wrote nothing saves an fsync when
		// every request of the batch was rejected.
		if !wrote {
			return errNothingWritten
		}
		return nil
	})
	if errors.Is(err, errNothingWritten) {
		err = nil
	}
	if err != nil {
		wrote = false
		for i, req := range batch {
			replies[i] = appendReply{err: storageError("append "+req.stream+": commit batch", err)}
		}
	}

	if wrote {
		s.stats.commits.Add(1)
		s.stats.requests.Add(uint64(len(batch)))
		s.announceCommit()
	}
	for i, req := range batch {
		req.reply <- replies[i]
	}
}

// batchWriter writes events inside one write transaction. Reads through it
// see the writes of earlier requests in the same transaction.
type batchWriter struct {
	events      *bolt.Bucket
	streams     *bolt.Bucket
	streamIndex *bolt.Bucket
	next        uint64
	recordedAt  time.Time
}

func newBatchWriter(tx *bolt.Tx, recordedAt time.Time) *batchWriter {
	w := &batchWriter{
		events:      tx.Bucket(eventsBucket),
		streams:     tx.Bucket(streamsBucket),
		streamIndex: tx.Bucket(streamIndexBucket),
		recordedAt:  recordedAt,
	}

	// Positions only grow, so the events bucket's pages can be filled
	// completely when they split, instead of to bbolt's default of half.
	w.events.FillPercent = 1
	w.next = lastPosition(w.events) + 1
	return w
}

// lastRevision returns the revision of the stream's last event and whether
// the stream has any event.
func (w *batchWriter) lastRevision(stream string) (uint64, bool) {
	v := w.streams.Get([]byte(stream))
	if len(v) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(v), true
}

// appendEvents writes events after the stream's last revision and returns
// their result. The caller has already checked the expected revision.
func (w *batchWriter) appendEvents(stream string, exists bool, last uint64, events []eventstore.EventData) (eventstore.AppendResult, error) {
	revision := uint64(0)
	if exists {
		revision = last + 1
	}

	var result eventstore.AppendResult
	for _, e := range events {
		id := e.ID
		if id == uuid.Nil {
			id = uuid.New()
		}
		record := eventstore.RecordedEvent{
			ID:         id,
			Stream:     stream,
			Type:       e.Type,
			Data:       e.Data,
			Metadata:   e.Metadata,
			Revision:   revision,
			Position:   w.next,
			RecordedAt: w.recordedAt,
		}

		// bbolt keeps a reference to the value until the commit, so every
		// record needs its own buffer.
		value := encodeRecord(make([]byte, 0, recordSize(len(stream), len(e.Type), len(e.Data), len(e.Metadata))), record)
		if err := w.events.Put(positionKey(w.next), value); err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("put event at position %d: %w", w.next, err)
		}
		if err := w.streamIndex.Put(streamIndexKey(stream, revision), positionKey(w.next)); err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("put stream index of revision %d: %w", revision, err)
		}

		result = eventstore.AppendResult{NextRevision: revision, Position: w.next}
		revision++
		w.next++
	}

	if err := w.streams.Put([]byte(stream), binary.BigEndian.AppendUint64(nil, result.NextRevision)); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("put last revision %d: %w", result.NextRevision, err)
	}
	return result, nil
}
