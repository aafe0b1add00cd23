// Package demo loads a synthetic Norwegian dataset into an event store
// through the same commands that clients use, so every event passes the
// domain's rules. The dataset has organizations with key roles and contact
// points, agencies with confidential and ordinary resources, delegations,
// and a year of correspondence, some of it opened.
//
// Load takes a Config and returns the counts and five personas to log in as.
// The same Seed, sizes and Now give the same streams with the same events,
// ids and times included, whatever the number of workers. Only the order of
// the streams' events in the global log and the store's recording times
// differ. Correspondence is generated from the seed and its index as workers
// take it, so memory does not grow with its count.
//
// Identifiers are valid but synthetic: organization numbers start with 3,
// and national identity numbers are test persons' numbers with 80 added to
// the month. The public test identifiers of Altinn are included.
//
// NOTE: contact points use addresses under example.no and random 8-digit
// mobile numbers, which may belong to real subscribers. Never point a real
// notification delivery at a demo dataset.
package demo
