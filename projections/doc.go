// Package projections builds Postvern's read models from the event log: each
// person's inbox, the correspondence awaiting access in each organization,
// and the grants a main administrator manages.
//
// A Projection follows the store through one catch-up subscription, applies
// events in global order and serves queries from memory. Every visibility
// decision goes through domain.CanRead.
package projections
