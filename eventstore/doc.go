// Package eventstore defines the event store contract that Postvern's command
// side and projections depend on: append to a stream with an expected
// revision, read a stream, read the global log from a position, and follow it
// with a catch-up subscription.
//
// The package deals in streams, bytes and positions only. Backends live in
// subpackages (boltstore for the embedded store), and storetest holds the one
// contract suite that every backend must pass.
package eventstore
