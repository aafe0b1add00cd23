package server_test

import (
	"fmt"
	"testing"
)

// BenchmarkInboxQueryHTTP measures the first page of an inbox of 500
// correspondences through the whole stack: HTTP, token verification,
// GraphQL parsing and execution, and JSON encoding, with parallel clients.
func BenchmarkInboxQueryHTTP(b *testing.B) {
	s := newScenario(b)
	for i := range 500 {
		s.send(ordinaryResource, orgX, fmt.Sprintf("Melding %d", i))
	}
	vars := map[string]any{"first": 20}

	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp := s.do(s.manager, inboxQuery, vars)
			if len(resp.Errors) > 0 {
				b.Errorf("inbox failed: %+v", resp.Errors)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
}

// BenchmarkSendHTTP measures sendCorrespondence through the whole stack,
// including the fsync of the append and the wait until the projection shows
// the new correspondence to its sender's next query.
func BenchmarkSendHTTP(b *testing.B) {
	s := newScenario(b)
	i := 0
	for b.Loop() {
		s.send(ordinaryResource, orgX, fmt.Sprintf("Melding %d", i))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sends/s")
}
