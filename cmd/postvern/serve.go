package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/demo"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/graph"
	"github.com/postvern/postvern/projections"
	"github.com/postvern/postvern/server"
)

// serveConfig is the configuration of `postvern serve`.
type serveConfig struct {
	addr      string
	dataDir   string
	store     string
	logLevel  string
	logFormat string
	demo      bool
	shutdown  time.Duration
	// corsOrigins are the browser origins allowed to call the API.
	corsOrigins listFlag
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on, host:port")
	fs.StringVar(&cfg.dataDir, "data", "./data", "data folder: the embedded store and the development signing key")
	fs.StringVar(&cfg.store, "store", "embedded", "event store: embedded (a bbolt file in --data)")
	fs.StringVar(&cfg.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&cfg.demo, "demo", false, "load the default demo dataset first when the store is empty, and print persona tokens")
	fs.DurationVar(&cfg.shutdown, "shutdown-timeout", 15*time.Second, "time to finish open requests on SIGINT or SIGTERM")
	fs.Var(&cfg.corsOrigins, "cors-origin", "browser origin, such as https://innboks.example.no, whose pages may call the API; repeat for more")
	src, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	log, err := newLogger(src, stderr, cfg.logLevel, cfg.logFormat)
	if err != nil {
		return err
	}
	origins, err := server.ParseOrigins(cfg.corsOrigins)
	if err != nil {
		return fmt.Errorf("invalid %s: %w", src.name("cors-origin"), err)
	}

	// Listen before touching the data folder, so that a busy or malformed
	// address leaves nothing behind.
	listener, err := listen(cfg.addr, src.name("addr"))
	if err != nil {
		return err
	}
	defer listener.Close()

	store, err := openStore(src, cfg.store, cfg.dataDir, log)
	if err != nil {
		return err
	}
	defer store.Close()
	keys, created, err := auth.LoadOrCreateDevelopmentKey(cfg.dataDir)
	if err != nil {
		return err
	}
	log.Warn("development mode: tokens are signed with a key in the data folder; do not expose this server", "key_created", created)
	if tcp, ok := listener.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		log.Warn("listening beyond loopback in development mode; anyone who can read the data folder can mint tokens this server accepts", "addr", listener.Addr().String())
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// The projection and the HTTP server start at once. Until the projection
	// has applied every event stored at start (and, with --demo, the demo
	// data), /readyz reports 503 and GraphQL returns UNAVAILABLE, so that no
	// query sees a half-built view.
	projection := projections.New(store, projections.Options{Logger: log})
	projectionDone := make(chan error, 1)
	go func() { projectionDone <- projection.Run(ctx) }()

	var ready atomic.Bool
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerProjectionMetrics(registry, projection, store)
	resolver := &graph.Resolver{
		Commands:   commands.New(store, commands.Options{Logger: log, AccessPackageKnown: projection.AccessPackageKnown}),
		Projection: projection,
		Store:      store,
		Logger:     log,
	}
	httpServer := &http.Server{
		Handler:           server.New(server.Config{Resolver: resolver, Keys: keys, Logger: log, Registry: registry, Ready: ready.Load, AllowedOrigins: origins}),
		ReadHeaderTimeout: 10 * time.Second,
		// ReadTimeout bounds a slow request body. Websocket connections are
		// hijacked after the upgrade, so it does not end subscriptions.
		ReadTimeout: time.Minute,
		IdleTimeout: 2 * time.Minute,
	}
	serveDone := make(chan error, 1)
	go func() { serveDone <- httpServer.Serve(listener) }()
	log.Info("serving GraphQL", "url", "http://"+listener.Addr().String()+"/graphql", "graphiql", "http://"+listener.Addr().String()+"/", "data", cfg.dataDir)

	startupDone := make(chan error, 1)
	go func() { startupDone <- startUp(ctx, cfg, store, keys, projection, &ready, stdout, stderr, log) }()

	for {
		select {
		case err := <-startupDone:
			if err != nil {
				shutdown(httpServer, cfg.shutdown)
				return err
			}
		case err := <-serveDone:
			return fmt.Errorf("serve: %w", err)
		case err := <-projectionDone:
			shutdown(httpServer, cfg.shutdown)
			return err
		case <-ctx.Done():
			log.Info("shutting down")
			return shutdown(httpServer, cfg.shutdown)
		}
	}
}

// startUp loads the demo data when asked to, waits until the projection has
// applied every stored event, and then marks the server ready.
func startUp(ctx context.Context, cfg serveConfig, store eventstore.Store, keys *auth.Keys, projection *projections.Projection, ready *atomic.Bool, stdout, stderr io.Writer, log *slog.Logger) error {
	if cfg.demo {
		if err := loadDemoIfEmpty(ctx, store, keys, demo.Config{Progress: terminalOrNil(stderr)}, cfg.dataDir, stdout, log); err != nil {
			return err
		}
	}

	start := time.Now()
	head, err := store.LastPosition(ctx)
	if err != nil {
		return fmt.Errorf("read the event log's last position: %w", err)
	}
	if err := projection.WaitFor(ctx, head); err != nil {
		return nil // The context ended: runServe is shutting down.
	}

	ready.Store(true)
	stats := projection.Stats()
	log.Info("projection caught up, ready", "position", stats.Position, "correspondences", stats.Correspondences, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

// listen opens the TCP listener and explains the two usual failures.
func listen(addr, flagName string) (net.Listener, error) {
	listener, err := net.Listen("tcp", addr)
	switch {
	case err == nil:
		return listener, nil
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("listen on %s: the address is in use; stop the process using it or pick another %s", addr, flagName)
	default:
		return nil, fmt.Errorf("listen on %q: %w; give %s as host:port, such as 127.0.0.1:8080", addr, err, flagName)
	}
}

func shutdown(s *http.Server, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

func registerProjectionMetrics(reg *prometheus.Registry, p *projections.Projection, store eventstore.Store) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_store_last_position", Help: "Global position of the last event in the store; the projection lags by the difference to postvern_projection_position."},
			func() float64 {
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				last, err := store.LastPosition(ctx)
				if err != nil {
					return math.NaN()
				}
				return float64(last)
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_projection_position", Help: "Global position of the last event the projection applied."},
			func() float64 { return float64(p.Stats().Position) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_projection_correspondences", Help: "Correspondences held by the projection."},
			func() float64 { return float64(p.Stats().Correspondences) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_projection_skipped_events", Help: "Events of unknown type the projection skipped."},
			func() float64 { return float64(p.Stats().Skipped) }),
	)
}
