package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/boltstore"
)

// EventsFile is the embedded store's file inside the data folder.
const EventsFile = "events.db"

// openStore opens the store that --store names. "embedded", the default,
// is the bbolt file in the data folder.
func openStore(src sources, kind, dataDir string, log *slog.Logger) (eventstore.Store, error) {
	switch kind {
	case "", "embedded":
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder %s: %w", dataDir, err)
		}
		return boltstore.Open(filepath.Join(dataDir, EventsFile), boltstore.Options{Logger: log})
	default:
		return nil, fmt.Errorf("unknown %s %q: this version supports only \"embedded\" (the bbolt file in --data)", src.name("store"), kind)
	}
}
