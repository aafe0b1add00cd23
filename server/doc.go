// Package server assembles Postvern's HTTP handler: GraphQL over POST, GET
// and websockets on /graphql, GraphiQL on /, health and readiness probes,
// and Prometheus metrics. It adds request ids, bearer-token identities,
// access logs and request metrics around the GraphQL handler.
package server
