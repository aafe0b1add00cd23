// Package domain holds Postvern's rules for confidential correspondence: the
// identifiers, the events with their stored type names, the decisions that
// turn commands into events, and the read rule that decides who may read a
// correspondence.
//
// The package does no I/O and reads no clock: time, ids and state come in as
// arguments, so every decision is a pure function that tests can pin down.
package domain
