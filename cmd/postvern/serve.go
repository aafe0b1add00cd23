package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/demo"
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
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on, host:port")
	fs.StringVar(&cfg.dataDir, "data", "./data", "data folder: the embedded store and the development signing key")
	fs.StringVar(&cfg.store, "store", "embedded", "event store: embedded (a bbolt file in --data)")
	fs.StringVar(&cfg.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&cfg.demo, "demo", false, "load the default demo dataset first when the store is empty, and print persona tokens")
	fs.DurationVar(&cfg.shutdown, "shutdown-timeout", 15*time.Second, "time to finish open requests on SIGINT or SIGTERM")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.logLevel, cfg.logFormat)
	if err != nil {
		return err
	}

	store, err := openStore(cfg.store, cfg.dataDir, log)
	if err != nil {
		return err
	}
	defer store.Close()

	keys, created, err := auth.LoadOrCreateDevelopmentKey(cfg.dataDir)
	if err != nil {
		return err
	}
	log.Warn("development mode: tokens are signed with a key in the data folder; do not expose this server", "key_created", created)

	if cfg.demo {
		if err := loadDemoIfEmpty(ctx, store, keys, demo.Config{Progress: stderr}, stdout, log); err != nil {
			return err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	projection := projections.New(store, projections.Options{Logger: log})
	head, err := store.LastPosition(ctx)
	if err != nil {
		return fmt.Errorf("read the event log's last position: %w", err)
	}
	var ready atomic.Bool
	projectionDone := make(chan error, 1)
	go func() { projectionDone <- projection.Run(ctx) }()
	go func() {
		start := time.Now()
		if projection.WaitFor(ctx, head) == nil {
			ready.Store(true)
			stats := projection.Stats()
			log.Info("projection caught up", "position", stats.Position, "correspondences", stats.Correspondences, "duration_ms", time.Since(start).Milliseconds())
		}
	}()

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerProjectionMetrics(registry, projection)

	resolver := &graph.Resolver{
		Commands:   commands.New(store, commands.Options{Logger: log}),
		Projection: projection,
		Store:      store,
		Logger:     log,
	}
	httpServer := &http.Server{
		Addr:              cfg.addr,
		Handler:           server.New(server.Config{Resolver: resolver, Keys: keys, Logger: log, Registry: registry, Ready: ready.Load}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}

	listener, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; pick another --addr or stop the process using it", cfg.addr, err)
	}
	log.Info("serving GraphQL", "url", "http://"+listener.Addr().String()+"/graphql", "graphiql", "http://"+listener.Addr().String()+"/", "data", cfg.dataDir)

	serveDone := make(chan error, 1)
	go func() { serveDone <- httpServer.Serve(listener) }()

	select {
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

func shutdown(s *http.Server, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

func registerProjectionMetrics(reg *prometheus.Registry, p *projections.Projection) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_projection_position", Help: "Global position of the last event the projection applied."},
			func() float64 { return float64(p.Stats().Position) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_projection_correspondences", Help: "Correspondences held by the projection."},
			func() float64 { return float64(p.Stats().Correspondences) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "postvern_projection_skipped_events", Help: "Events of unknown type the projection skipped."},
			func() float64 { return float64(p.Stats().Skipped) }),
	)
}
