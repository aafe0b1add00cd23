package graph

import (
	"github.com/postvern/postvern/graph/generated"
	"github.com/postvern/postvern/graph/model"
	"github.com/postvern/postvern/history"
	"github.com/postvern/postvern/projections"
)

// NewConfig returns the executable schema's configuration: the resolvers and
// the cost of list fields. A list costs its selection times the page size it
// may return, so that many aliases of a large page exceed the server's
// complexity limit instead of building a huge response.
func NewConfig(r *Resolver) generated.Config {
	cfg := generated.Config{Resolvers: r}
	cfg.Complexity.Query.Inbox = func(child int, _ []string, _ *model.InboxFilter, first *int64, _ *string) int {
		return 1 + child*pageSize(first, projections.DefaultPageSize)
	}
	cfg.Complexity.Query.Events = func(child int, _ *model.EventFilter, first *int64, _ *string) int {
		return 1 + child*pageSize(first, history.DefaultPageSize)
	}
	return cfg
}

// pageSize returns the page size a list field will use, for costing. Values
// out of range cost as 1, since the resolver rejects them.
func pageSize(first *int64, fallback int) int {
	if first == nil {
		return fallback
	}
	if *first < 1 || *first > 10_000 {
		return 1
	}
	return int(*first)
}
