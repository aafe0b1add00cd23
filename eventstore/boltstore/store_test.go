package boltstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/storetest"
)

// openTemp opens a store in a new temporary folder. When t ends it closes the
// store and checks the file's B+tree with bbolt's consistency check.
func openTemp(t *testing.T, opts Options) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.db")

	// Registered first so it runs last, after every store on path is closed,
	// including those opened later by reopen.
	t.Cleanup(func() { checkFile(t, path) })
	return openPath(t, path, opts)
}

// openPath opens the store at path and closes it when t ends.
func openPath(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s) failed: %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close failed: %v", err)
		}
	})
	return s
}

// checkFile runs bbolt's consistency check on the closed file at path.
func checkFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		t.Errorf("open %s for the consistency check: %v", path, err)
		return
	}
	defer db.Close()

	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("consistency check of %s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Errorf("consistency check of %s: %v", path, err)
	}
}

func TestContract(t *testing.T) {
	storetest.Run(t,
		func(t *testing.T) eventstore.Store { return openTemp(t, Options{}) },
		func(t *testing.T, s eventstore.Store) eventstore.Store {
			path := s.(*Store).Path()
			if err := s.Close(); err != nil {
				t.Fatalf("Close before reopen failed: %v", err)
			}
			return openPath(t, path, Options{})
		},
	)
}

func TestOpenLockedFileFails(t *testing.T) {
	first := openTemp(t, Options{})

	start := time.Now()
	second, err := Open(first.Path(), Options{})
	elapsed := time.Since(start)

	if err == nil {
		second.Close()
		t.Fatal("second Open of a file in use succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Errorf("second Open error = %v, want ErrLocked", err)
	}
	for _, part := range []string{first.Path(), "in use by another postvern process", "--data"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("second Open error %q does not mention %q", err, part)
		}
	}
	if elapsed > 5*lockTimeout {
		t.Errorf("second Open took %s, want about %s", elapsed, lockTimeout)
	}
}

func TestCloseEndsRunningSubscription(t *testing.T) {
	s := openTemp(t, Options{})
	ctx := t.Context()
	if _, err := s.Append(ctx, "a", eventstore.NoStream(), eventstore.EventData{Type: "Stored", Data: []byte(`{}`)}); err != nil {
		t.Fatalf("Append failed: %v", err)
	}
	received := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.SubscribeAll(ctx, 0, func(eventstore.RecordedEvent) error {
			close(received)
			return nil
		})
	}()
	<-received

	if err := s.Close(); err != nil {
		t.Fatalf("Close failed: %v", err)
	}

	select {
	case err := <-done:
		if !errors.Is(err, eventstore.ErrUnavailable) {
			t.Errorf("SubscribeAll error after Close = %v, want ErrUnavailable", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("subscription still running 10s after Close")
	}
}

func TestCloseTwiceReturnsNil(t *testing.T) {
	s := openTemp(t, Options{})

	first := s.Close()
	second := s.Close()

	if first != nil || second != nil {
		t.Errorf("Close twice = %v, %v, want nil, nil", first, second)
	}
}

func TestRecordedAtComesFromClock(t *testing.T) {
	zone := time.FixedZone("UTC+2", 2*60*60)
	clock := time.Date(2025, 3, 14, 15, 9, 26, 535897932, zone)
	s := openTemp(t, Options{Now: func() time.Time { return clock }})

	if _, err := s.Append(t.Context(), "a", eventstore.NoStream(), eventstore.EventData{Type: "Stored", Data: []byte(`{}`)}); err != nil {
		t.Fatalf("Append failed: %v", err)
	}
	events, err := s.ReadAll(t.Context(), 0, 0)
	if err != nil || len(events) != 1 {
		t.Fatalf("ReadAll = %d events, error %v, want 1 event", len(events), err)
	}

	got := events[0].RecordedAt
	if !got.Equal(clock) {
		t.Errorf("RecordedAt = %s, want %s", got, clock)
	}
	if got.Location() != time.UTC {
		t.Errorf("RecordedAt location = %s, want UTC", got.Location())
	}
}

func TestInvalidStreamNameRejected(t *testing.T) {
	tests := []struct {
		name   string
		stream string
	}{
		{"name with byte 0x00", "order\x00-1"},
		{"name longer than the key limit", strings.Repeat("s", maxStreamName+1)},
	}
	s := openTemp(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Append(t.Context(), tt.stream, eventstore.Any(), eventstore.EventData{Type: "Stored", Data: []byte(`{}`)})

			if !errors.Is(err, eventstore.ErrInvalidEvent) {
				t.Errorf("Append error = %v, want ErrInvalidEvent", err)
			}
		})
	}

	events, err := s.ReadAll(t.Context(), 0, 0)
	if err != nil || len(events) != 0 {
		t.Errorf("ReadAll after rejected appends = %d events, error %v, want none", len(events), err)
	}
}

func TestLongestStreamNameAccepted(t *testing.T) {
	s := openTemp(t, Options{})
	stream := strings.Repeat("s", maxStreamName)

	if _, err := s.Append(t.Context(), stream, eventstore.NoStream(), eventstore.EventData{Type: "Stored", Data: []byte(`{}`)}); err != nil {
		t.Fatalf("Append to a stream name of %d bytes failed: %v", len(stream), err)
	}
	events, err := s.ReadStream(t.Context(), stream, 0, 0)
	if err != nil || len(events) != 1 {
		t.Errorf("ReadStream = %d events, error %v, want 1 event", len(events), err)
	}
}

// TestBatchRejectsOnlyFailingRequests hands one batch to commitBatch, as the
// writer does after draining the queue, so the requests share a transaction.
func TestBatchRejectsOnlyFailingRequests(t *testing.T) {
	s := openTemp(t, Options{})
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	request := func(ctx context.Context, stream string, expected eventstore.ExpectedRevision) *appendRequest {
		return &appendRequest{
			ctx:      ctx,
			stream:   stream,
			expected: expected,
			events:   []eventstore.EventData{{Type: "Batched", Data: []byte(`{}`)}},
			reply:    make(chan appendReply, 1),
		}
	}
	batch := []*appendRequest{
		request(t.Context(), "a", eventstore.NoStream()),
		request(t.Context(), "a", eventstore.NoStream()), // rejected: the first request created stream a
		request(t.Context(), "a", eventstore.Exact(0)),
		request(cancelled, "b", eventstore.Any()),
		request(t.Context(), "c", eventstore.Any()),
	}

	s.commitBatch(batch)

	replies := make([]appendReply, len(batch))
	for i, req := range batch {
		replies[i] = <-req.reply
	}
	wantResults := []eventstore.AppendResult{{NextRevision: 0, Position: 1}, {}, {NextRevision: 1, Position: 2}, {}, {NextRevision: 0, Position: 3}}
	wantErrs := []error{nil, eventstore.ErrWrongExpectedVersion, nil, context.Canceled, nil}
	for i, reply := range replies {
		if !errors.Is(reply.err, wantErrs[i]) {
			t.Errorf("request %d: error = %v, want %v", i, reply.err, wantErrs[i])
		}
		if reply.result != wantResults[i] {
			t.Errorf("request %d: result = %+v, want %+v", i, reply.result, wantResults[i])
		}
	}
	if _, err := s.ReadStream(t.Context(), "b", 0, 0); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Errorf("ReadStream(b) error = %v, want ErrStreamNotFound after its request was cancelled", err)
	}
	events, err := s.ReadAll(t.Context(), 0, 0)
	if err != nil || len(events) != 3 {
		t.Errorf("ReadAll = %d events, error %v, want 3 events", len(events), err)
	}
}

// crashPathEnv names the environment variable that turns
// TestCrashHelperProcess into the appending process of
// TestKilledProcessKeepsAcknowledgedEvents.
const crashPathEnv = "BOLTSTORE_CRASH_HELPER_PATH"

// TestKilledProcessKeepsAcknowledgedEvents kills a process with SIGKILL while
// it appends, then checks that every append it had acknowledged is in the
// file. NOTE: the kernel's page cache survives a killed process, so this
// covers process crashes but not power loss, which needs the fsync that every
// commit does.
func TestKilledProcessKeepsAcknowledgedEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	const wantAcks = 300
	path := filepath.Join(t.TempDir(), "events.db")
	t.Cleanup(func() { checkFile(t, path) })

	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestCrashHelperProcess$")
	cmd.Env = append(os.Environ(), crashPathEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("pipe helper output: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper process: %v", err)
	}

	// Every line printed before the kill is an acknowledged append, also the
	// ones read after it.
	acked := make(map[uint64]uuid.UUID)
	killed := false
	scanner := bufio.NewScanner(stdout)
	for scanner.Scan() {
		position, id, ok := parseAck(scanner.Text())
		if !ok {
			continue
		}
		acked[position] = id
		if len(acked) >= wantAcks && !killed {
			if err := cmd.Process.Kill(); err != nil {
				t.Fatalf("kill helper process: %v", err)
			}
			killed = true
		}
	}
	waitErr := cmd.Wait()
	if !killed {
		t.Fatalf("helper process ended after %d of %d acknowledged appends: %v", len(acked), wantAcks, waitErr)
	}

	s := openPath(t, path, Options{})
	events, err := s.ReadAll(t.Context(), 0, 0)
	if err != nil {
		t.Fatalf("ReadAll after the crash failed: %v", err)
	}
	if len(events) < len(acked) {
		t.Errorf("file has %d events, fewer than the %d acknowledged", len(events), len(acked))
	}
	for i, e := range events {
		if e.Position != uint64(i+1) {
			t.Fatalf("event %d has position %d, want %d", i, e.Position, i+1)
		}
	}
	for position, id := range acked {
		if position == 0 || position > uint64(len(events)) {
			t.Errorf("acknowledged position %d is missing", position)
			continue
		}
		if got := events[position-1].ID; got != id {
			t.Errorf("position %d holds %s, want acknowledged event %s", position, got, id)
		}
	}
	t.Logf("%d acknowledged appends, %d events in the file after SIGKILL", len(acked), len(events))
}

// parseAck parses a line "ack POSITION ID" printed by the helper process.
func parseAck(line string) (uint64, uuid.UUID, bool) {
	fields := strings.Fields(line)
	if len(fields) != 3 || fields[0] != "ack" {
		return 0, uuid.Nil, false
	}
	position, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil {
		return 0, uuid.Nil, false
	}
	id, err := uuid.Parse(fields[2])
	if err != nil {
		return 0, uuid.Nil, false
	}
	return position, id, true
}

// TestCrashHelperProcess appends from four goroutines until it is killed and
// prints "ack POSITION ID" after each successful append. It does nothing
// unless TestKilledProcessKeepsAcknowledgedEvents starts it.
func TestCrashHelperProcess(t *testing.T) {
	path := os.Getenv(crashPathEnv)
	if path == "" {
		t.Skip("helper process of TestKilledProcessKeepsAcknowledgedEvents")
	}
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "helper: %v\n", err)
		os.Exit(2)
	}

	var stdoutMu sync.Mutex
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			stream := fmt.Sprintf("crash-%d", w)
			for i := 0; ; i++ {
				id := uuid.New()
				data := []byte(fmt.Sprintf(`{"writer":%d,"n":%d}`, w, i))
				result, err := s.Append(context.Background(), stream, eventstore.Any(), eventstore.EventData{ID: id, Type: "Crashed", Data: data})
				if err != nil {
					fmt.Fprintf(os.Stderr, "helper: %v\n", err)
					os.Exit(2)
				}

				stdoutMu.Lock()
				fmt.Fprintf(os.Stdout, "ack %d %s\n", result.Position, id)
				stdoutMu.Unlock()
			}
		})
	}
	wg.Wait()
}

// blockWriter starts a write transaction that holds bbolt's writer lock, so
// the store's writer goroutine blocks in its next commit. It returns the
// function that ends the transaction.
func blockWriter(t *testing.T, s *Store) (release func()) {
	t.Helper()
	started := make(chan struct{})
	unblock := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.db.Update(func(*bolt.Tx) error {
			close(started)
			<-unblock
			return nil
		})
	}()
	<-started

	var once sync.Once
	release = func() {
		once.Do(func() {
			close(unblock)
			if err := <-done; err != nil {
				t.Errorf("blocking transaction failed: %v", err)
			}
		})
	}
	t.Cleanup(release)
	return release
}

func TestAppendCancelledWhileWriterBusyWritesNothing(t *testing.T) {
	s := openTemp(t, Options{})
	release := blockWriter(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := s.Append(ctx, "cancelled", eventstore.NoStream(), eventstore.EventData{Type: "Cancelled", Data: []byte(`{}`)})
		done <- err
	}()

	// The append now waits either for the writer to take it or, taken, for
	// its transaction. Cancelling must keep it out of the file in both cases.
	time.Sleep(50 * time.Millisecond)
	cancel()
	release()
	err := <-done

	if !errors.Is(err, context.Canceled) {
		t.Errorf("Append error = %v, want context.Canceled", err)
	}
	if _, err := s.ReadStream(t.Context(), "cancelled", 0, 0); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Errorf("ReadStream error = %v, want ErrStreamNotFound", err)
	}
	result, err := s.Append(t.Context(), "next", eventstore.NoStream(), eventstore.EventData{Type: "Stored", Data: []byte(`{}`)})
	if err != nil || result.Position != 1 {
		t.Errorf("next Append = %+v, %v, want position 1", result, err)
	}
}

func TestCloseWhileAppendsWaitKeepsOnlyAcknowledged(t *testing.T) {
	s := openTemp(t, Options{})
	release := blockWriter(t, s)
	const appends = 4
	errs := make([]error, appends)
	var wg sync.WaitGroup
	for i := range appends {
		wg.Go(func() {
			stream := fmt.Sprintf("waiting-%d", i)
			_, errs[i] = s.Append(context.Background(), stream, eventstore.NoStream(), eventstore.EventData{Type: "Waiting", Data: []byte(`{}`)})
		})

		// The pause lets the writer take the first append and block in its
		// commit, so the later ones wait outside the batch.
		time.Sleep(20 * time.Millisecond)
	}

	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	time.Sleep(50 * time.Millisecond)
	release()
	wg.Wait()
	if err := <-closed; err != nil {
		t.Fatalf("Close failed: %v", err)
	}

	// The writer took some appends before Close and commits them. The
	// others must fail with ErrUnavailable and leave nothing behind.
	reopened := openPath(t, s.Path(), Options{})
	rejected := 0
	for i, err := range errs {
		if err != nil {
			rejected++
		}
		stream := fmt.Sprintf("waiting-%d", i)
		_, readErr := reopened.ReadStream(t.Context(), stream, 0, 0)
		switch {
		case err == nil && readErr != nil:
			t.Errorf("%s: Append succeeded but ReadStream after reopen failed: %v", stream, readErr)
		case err != nil && !errors.Is(err, eventstore.ErrUnavailable):
			t.Errorf("%s: Append error = %v, want nil or ErrUnavailable", stream, err)
		case err != nil && !errors.Is(readErr, eventstore.ErrStreamNotFound):
			t.Errorf("%s: Append failed with %v but ReadStream after reopen returned %v, want ErrStreamNotFound", stream, err, readErr)
		}
	}
	t.Logf("%d of %d waiting appends rejected by Close", rejected, appends)
}
