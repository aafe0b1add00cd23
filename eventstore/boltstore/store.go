package boltstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/postvern/postvern/eventstore"
)

// lockTimeout is how long Open waits for bbolt's file lock before it reports
// that another process holds the file.
const lockTimeout = time.Second

// Bucket names. The layout is:
//
//	events:       8-byte big-endian global position -> event record (record.go)
//	streams:      stream name -> 8-byte big-endian last revision
//	stream-index: stream name, 0x00, 8-byte big-endian revision -> position
var (
	eventsBucket      = []byte("events")
	streamsBucket     = []byte("streams")
	streamIndexBucket = []byte("stream-index")
)

// ErrLocked reports that another open store holds the data file's lock,
// normally one in another postvern process.
var ErrLocked = errors.New("data folder is in use by another postvern process, so stop that process or use another --data folder")

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Logger receives the store's start and stop messages. Nil discards them.
	Logger *slog.Logger
	// Now returns the time recorded on appended events, so tests can fix
	// it. Nil means time.Now. The store converts the result to UTC.
	Now func() time.Time
}

// Store is an eventstore.Store kept in one bbolt file, safe for concurrent use.
type Store struct {
	db     *bolt.DB
	path   string
	logger *slog.Logger
	now    func() time.Time

	// requests is unbuffered, so a request is either taken by the writer
	// goroutine or still with its caller, never lost in a queue.
	requests chan *appendRequest
	// closing is closed by Close to stop the writer and the subscriptions.
	closing    chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
	closeErr   error

	// notifyMu guards notify, which is closed and replaced after every
	// commit to wake subscriptions that wait for new events.
	notifyMu sync.Mutex
	notify   chan struct{}

	stats writerStats
}

var _ eventstore.Store = (*Store)(nil)

// Open opens the event store in the bbolt file at path, creating the file
// with mode 0600 and its buckets when they do not exist. It returns an error
// wrapping ErrLocked when another process keeps the file open for more than a
// second.
func Open(path string, opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	// NoSync stays false: every commit is fsynced before Append returns. The
	// hashmap freelist stays fast when a large file has many free pages.
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      lockTimeout,
		FreelistType: bolt.FreelistMapType,
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open event store %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open event store %s: %w", path, err)
	}

	var last uint64
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{eventsBucket, streamsBucket, streamIndexBucket} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		last = lastPosition(tx.Bucket(eventsBucket))
		return nil
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open event store %s: %w", path, err), db.Close())
	}

	s := &Store{
		db:         db,
		path:       path,
		logger:     logger,
		now:        now,
		requests:   make(chan *appendRequest),
		closing:    make(chan struct{}),
		writerDone: make(chan struct{}),
		notify:     make(chan struct{}),
	}
	go s.runWriter()

	logger.Info("event store opened", "path", path, "last_position", last)
	return s, nil
}

// Path returns the path of the store's bbolt file, also after Close.
func (s *Store) Path() string {
	return s.path
}

// Close stops the writer after its current transaction, ends running
// subscriptions with ErrUnavailable and closes the file. Appends still waiting
// for the writer return ErrUnavailable and write nothing. Calling Close again
// returns the first call's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		<-s.writerDone

		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("close event store %s: %w", s.path, err)
			s.logger.Error("event store close failed", "path", s.path, "err", err)
			return
		}
		s.logger.Info("event store closed", "path", s.path)
	})
	return s.closeErr
}

// isClosing reports whether Close has been called.
func (s *Store) isClosing() bool {
	select {
	case <-s.closing:
		return true
	default:
		return false
	}
}

// unavailable returns the error of an operation on a closed store.
func unavailable(op string) error {
	return fmt.Errorf("%s: store is closed: %w", op, eventstore.ErrUnavailable)
}

// storageError wraps a bbolt error. A bbolt database that Close has already
// closed becomes ErrUnavailable, because a reader can race with Close.
func storageError(op string, err error) error {
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return fmt.Errorf("%s: %w: %w", op, eventstore.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// newEvents returns the channel that the next commit closes. A subscription
// takes it before it reads, so a commit that lands after the read still
// wakes it.
func (s *Store) newEvents() <-chan struct{} {
	s.notifyMu.Lock()
	defer s.notifyMu.Unlock()
	return s.notify
}

// announceCommit wakes every subscription that waits for new events.
func (s *Store) announceCommit() {
	s.notifyMu.Lock()
	defer s.notifyMu.Unlock()
	close(s.notify)
	s.notify = make(chan struct{})
}

// lastPosition returns the global position of the last event, or 0 when the
// log is empty.
func lastPosition(events *bolt.Bucket) uint64 {
	key, _ := events.Cursor().Last()
	if len(key) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(key)
}

// checkContext returns ctx's error wrapped with op, or nil while ctx is live.
func checkContext(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
