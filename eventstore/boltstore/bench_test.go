package boltstore

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/postvern/postvern/eventstore"
)

// benchPayload is a JSON event body of about 1 KiB, the middle of the 0.5 to
// 2 KiB range expected for correspondence events.
var benchPayload = []byte(fmt.Sprintf(`{"subject":"quarterly report","body":%q}`, strings.Repeat("x", 960)))

func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "events.db"), Options{})
	if err != nil {
		b.Fatalf("Open failed: %v", err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkAppend measures one goroutine appending one event per call, so
// every append waits for its own fsync.
func BenchmarkAppend(b *testing.B) {
	s := openBench(b)
	ctx := b.Context()
	event := eventstore.EventData{Type: "Benchmarked", Data: benchPayload}

	appends := 0
	for b.Loop() {
		if _, err := s.Append(ctx, "bench", eventstore.Any(), event); err != nil {
			b.Fatalf("Append failed: %v", err)
		}
		appends++
	}

	b.ReportMetric(float64(appends)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppendParallel measures many goroutines appending one event per
// call to their own streams, which the writer groups into shared commits.
func BenchmarkAppendParallel(b *testing.B) {
	s := openBench(b)
	ctx := b.Context()
	event := eventstore.EventData{Type: "Benchmarked", Data: benchPayload}
	b.SetParallelism(32)
	var appends, streams atomic.Uint64
	commitsBefore, requestsBefore := s.stats.commits.Load(), s.stats.requests.Load()

	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		stream := fmt.Sprintf("bench-%d", streams.Add(1))
		for pb.Next() {
			if _, err := s.Append(ctx, stream, eventstore.Any(), event); err != nil {
				b.Errorf("Append failed: %v", err)
				return
			}
			appends.Add(1)
		}
	})
	b.StopTimer()

	commits := s.stats.commits.Load() - commitsBefore
	requests := s.stats.requests.Load() - requestsBefore
	b.ReportMetric(float64(appends.Load())/b.Elapsed().Seconds(), "events/s")
	if commits > 0 {
		b.ReportMetric(float64(requests)/float64(commits), "appends/commit")
	}
}

// BenchmarkReadAll measures reading a log of 100,000 events of about 1 KiB in
// position order, in batches of 1024 as a subscription does.
func BenchmarkReadAll(b *testing.B) {
	const total, perAppend = 100_000, 1000
	s := openBench(b)
	ctx := b.Context()
	batch := make([]eventstore.EventData, perAppend)
	for i := range batch {
		batch[i] = eventstore.EventData{Type: "Benchmarked", Data: benchPayload}
	}
	for i := range total / perAppend {
		if _, err := s.Append(ctx, fmt.Sprintf("bench-%d", i), eventstore.NoStream(), batch...); err != nil {
			b.Fatalf("fill the log: %v", err)
		}
	}

	read := 0
	for b.Loop() {
		position := uint64(0)
		for {
			events, err := s.ReadAll(ctx, position, subscribeBatch)
			if err != nil {
				b.Fatalf("ReadAll after %d failed: %v", position, err)
			}
			if len(events) == 0 {
				break
			}
			read += len(events)
			position = events[len(events)-1].Position
		}
		if position != total {
			b.Fatalf("read up to position %d, want %d", position, total)
		}
	}

	b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "events/s")
}
