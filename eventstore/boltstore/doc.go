// Package boltstore is the embedded event store backend: one bbolt file that
// holds the global log, the last revision of every stream and an index from
// stream revisions to global positions. Appends from many goroutines are
// grouped by a single writer into one transaction and one fsync, and an
// event is on disk when Append returns.
package boltstore
