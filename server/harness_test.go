package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore/boltstore"
	"github.com/postvern/postvern/graph"
	"github.com/postvern/postvern/projections"
	"github.com/postvern/postvern/server"
)

// harness runs the real server over a real embedded store in a temporary
// folder, and talks to it over HTTP.
type harness struct {
	t      testing.TB
	dir    string
	keys   *auth.Keys
	store  *boltstore.Store
	http   *httptest.Server
	cancel context.CancelFunc
	done   chan error
	// ready is what the server's readiness check reports; tests start ready.
	ready atomic.Bool
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir()}
	h.ready.Store(true)
	keys, _, err := auth.LoadOrCreateDevelopmentKey(h.dir)
	if err != nil {
		t.Fatalf("create signing key: %v", err)
	}
	h.keys = keys
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start() {
	h.t.Helper()
	log := slog.New(slog.DiscardHandler)
	store, err := boltstore.Open(filepath.Join(h.dir, "events.db"), boltstore.Options{})
	if err != nil {
		h.t.Fatalf("open store: %v", err)
	}
	h.store = store

	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	projection := projections.New(store, projections.Options{Logger: log})
	h.done = make(chan error, 1)
	go func() { h.done <- projection.Run(ctx) }()

	head, err := store.LastPosition(ctx)
	if err != nil {
		h.t.Fatalf("read last position: %v", err)
	}
	waitCtx, waitCancel := context.WithTimeout(ctx, 30*time.Second)
	defer waitCancel()
	if err := projection.WaitFor(waitCtx, head); err != nil {
		h.t.Fatalf("projection did not catch up: %v", err)
	}

	resolver := &graph.Resolver{
		Commands:   commands.New(store, commands.Options{Logger: log, AccessPackageKnown: projection.AccessPackageKnown}),
		Projection: projection,
		Store:      store,
		Logger:     log,
	}
	handler := server.New(server.Config{Resolver: resolver, Keys: h.keys, Logger: log, Registry: prometheus.NewRegistry(), Ready: h.ready.Load})
	h.http = httptest.NewServer(handler)
}

func (h *harness) stop() {
	if h.http == nil {
		return
	}
	h.http.Close()
	h.cancel()
	if err := <-h.done; err != nil && !errors.Is(err, context.Canceled) {
		h.t.Errorf("projection stopped: %v", err)
	}
	if err := h.store.Close(); err != nil {
		h.t.Errorf("close store: %v", err)
	}
	h.http = nil
}

// restart stops the server and store and starts both again on the same data
// folder, as a process restart would.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

// eventCount returns the global position of the last event, which is the
// number of events in the log.
func (h *harness) eventCount() uint64 {
	h.t.Helper()
	n, err := h.store.LastPosition(context.Background())
	if err != nil {
		h.t.Fatalf("read last position: %v", err)
	}
	return n
}

func (h *harness) token(caller domain.Caller) string {
	h.t.Helper()
	token, err := h.keys.Mint(caller, time.Hour, time.Now())
	if err != nil {
		h.t.Fatalf("mint token: %v", err)
	}
	return token
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// do posts one GraphQL operation and returns the decoded response.
func (h *harness) do(token, query string, variables map[string]any) gqlResponse {
	h.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		h.t.Fatalf("encode request: %v", err)
	}
	req, err := http.NewRequest(http.MethodPost, h.http.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		h.t.Fatalf("build request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := h.http.Client().Do(req)
	if err != nil {
		h.t.Fatalf("post /graphql: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("read response: %v", err)
	}

	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		h.t.Fatalf("decode response %s: %v", raw, err)
	}
	return out
}

// ok runs an operation that must succeed and decodes its data into out.
func (h *harness) ok(token, query string, variables map[string]any, out any) {
	h.t.Helper()
	resp := h.do(token, query, variables)
	if len(resp.Errors) > 0 {
		h.t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			h.t.Fatalf("decode data %s: %v", resp.Data, err)
		}
	}
}

// fails runs an operation that must fail with code and returns the error.
func (h *harness) fails(token, query string, variables map[string]any, code string) gqlError {
	h.t.Helper()
	resp := h.do(token, query, variables)
	if len(resp.Errors) == 0 {
		h.t.Fatalf("expected error %s, got data %s", code, resp.Data)
	}
	got := resp.Errors[0]
	if got.Extensions["code"] != code {
		h.t.Fatalf("expected error code %s, got %v: %s", code, got.Extensions["code"], got.Message)
	}
	return got
}
