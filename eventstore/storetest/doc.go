// Package storetest is the contract suite that every eventstore.Store backend
// must pass. A backend's tests call Run with functions that open an empty
// store and reopen one on the same data, and the suite checks appends,
// expected revisions, reads, subscriptions, concurrency and persistence.
package storetest
