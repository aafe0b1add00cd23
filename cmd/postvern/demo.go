package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/demo"
	"github.com/postvern/postvern/eventstore"
)

// personaTokenTTL is how long the tokens printed for demo personas last.
const personaTokenTTL = 12 * time.Hour

// DemoTokensFile is the file in the data folder that keeps the demo
// personas' tokens, readable by the owner only.
const DemoTokensFile = "demo-tokens.txt"

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := demo.Config{Progress: terminalOrNil(stderr)}
	var dataDir, storeKind, logLevel string
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.StringVar(&dataDir, "data", "./data", "data folder to load; its store must be empty")
	fs.StringVar(&storeKind, "store", "embedded", "event store: embedded (a bbolt file in --data)")
	fs.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.IntVar(&cfg.Organizations, "organizations", 2000, "number of recipient organizations")
	fs.IntVar(&cfg.Persons, "persons", 10000, "number of synthetic persons")
	fs.IntVar(&cfg.Correspondences, "correspondences", 50000, "number of correspondences to send")
	fs.Int64Var(&cfg.Seed, "seed", 1, "random seed; the same seed gives the same dataset")
	fs.IntVar(&cfg.Workers, "workers", 0, "concurrent senders (0 chooses a default)")
	src, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	log, err := newLogger(src, stderr, logLevel, "text")
	if err != nil {
		return err
	}
	for _, size := range []struct {
		flag  string
		value int
	}{{"organizations", cfg.Organizations}, {"persons", cfg.Persons}, {"correspondences", cfg.Correspondences}} {
		if size.value < 1 {
			return fmt.Errorf("invalid %s %d: give a positive number", src.name(size.flag), size.value)
		}
	}
	if cfg.Workers < 0 {
		return fmt.Errorf("invalid %s %d: give 0 for the default or a positive number", src.name("workers"), cfg.Workers)
	}

	store, err := openStore(src, storeKind, dataDir, log)
	if err != nil {
		return err
	}
	defer store.Close()
	keys, _, err := auth.LoadOrCreateDevelopmentKey(dataDir)
	if err != nil {
		return err
	}

	head, err := store.LastPosition(ctx)
	if err != nil {
		return err
	}
	if head > 0 {
		return fmt.Errorf("the store in %s already contains %d events; load the demo into an empty --data folder", dataDir, head)
	}
	return loadDemo(ctx, store, keys, cfg, dataDir, true, stdout, log)
}

// loadDemoIfEmpty loads the demo dataset when the store has no events, and
// otherwise leaves it alone.
func loadDemoIfEmpty(ctx context.Context, store eventstore.Store, keys *auth.Keys, cfg demo.Config, dataDir string, stdout io.Writer, log *slog.Logger) error {
	head, err := store.LastPosition(ctx)
	if err != nil {
		return err
	}
	if head > 0 {
		log.Info("store already contains events, so --demo loads nothing", "last_position", head)
		return nil
	}
	// serve's stdout is often a log file, which must not collect tokens.
	return loadDemo(ctx, store, keys, cfg, dataDir, terminalOrNil(stdout) != nil, stdout, log)
}

// loadDemo loads the demo dataset and writes the personas' tokens to a file
// in the data folder, and to stdout when printTokens is set.
func loadDemo(ctx context.Context, store eventstore.Store, keys *auth.Keys, cfg demo.Config, dataDir string, printTokens bool, stdout io.Writer, log *slog.Logger) error {
	log.Info("loading the demo dataset; this takes a while", "organizations", sizeOrDefault(cfg.Organizations, demo.DefaultOrganizations),
		"persons", sizeOrDefault(cfg.Persons, demo.DefaultPersons), "correspondences", sizeOrDefault(cfg.Correspondences, demo.DefaultCorrespondences))
	result, err := demo.Load(ctx, store, cfg)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Loaded %d organizations, %d persons, %d resources, %d correspondences (%d confidential), %d grants and %d openings in %s.\n",
		result.Organizations, result.Persons, result.Resources, result.Correspondences, result.Confidential, result.Grants, result.Opened, result.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "\nTokens, valid for %s (send as Authorization: Bearer <token>):\n", personaTokenTTL)
	for _, p := range result.Personas {
		token, err := keys.Mint(p.Caller, personaTokenTTL, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n%s: %s\n  %s\n", p.Key, p.Description, token)
	}

	// The tokens are secrets: they go to a file only the owner can read, and
	// to stdout only when the caller asks for them there.
	path := filepath.Join(dataDir, DemoTokensFile)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("write demo tokens: %w", err)
	}
	if printTokens {
		fmt.Fprintf(stdout, "\n%s\n", b.String())
	}
	log.Info("demo dataset loaded; persona tokens are in the data folder", "file", path, "correspondences", result.Correspondences, "duration_ms", result.Elapsed.Milliseconds())
	return nil
}

func sizeOrDefault(size, fallback int) int {
	if size == 0 {
		return fallback
	}
	return size
}
