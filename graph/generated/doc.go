// Package generated is the executable GraphQL schema that gqlgen generates
// from graph/schema.graphqls. Never edit it by hand: run `go generate ./...`.
package generated
