package history

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// Paging limits.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
	// scanBudget bounds how many events one filtered page reads. A page that
	// runs out of budget ends early with HasNextPage set, and the next page
	// continues the scan from its cursor.
	scanBudget = 50_000
	batchSize  = 1000
)

// Filter selects events. Empty fields match everything.
type Filter struct {
	Stream       string
	StreamPrefix string
	Types        []string
}

func (f Filter) validate() error {
	if f.Stream != "" && f.StreamPrefix != "" {
		return &domain.ValidationError{Field: "filter.streamPrefix", Message: "give either stream or streamPrefix, not both"}
	}
	known := domain.EventTypes()
	for i, t := range f.Types {
		if !slices.Contains(known, t) {
			return &domain.ValidationError{Field: fmt.Sprintf("filter.types[%d]", i), Message: fmt.Sprintf("%q is not an event type; use one of %s", t, strings.Join(known, ", "))}
		}
	}
	return nil
}

func (f Filter) matches(e eventstore.RecordedEvent) bool {
	if f.Stream != "" && e.Stream != f.Stream {
		return false
	}
	if f.StreamPrefix != "" && !strings.HasPrefix(e.Stream, f.StreamPrefix) {
		return false
	}
	if len(f.Types) > 0 && !slices.Contains(f.Types, e.Type) {
		return false
	}
	return true
}

// Page is a page of events in global order.
type Page struct {
	Events      []eventstore.RecordedEvent
	HasNextPage bool
	// EndCursor continues after the last event read, which may be past the
	// last event returned when a filter skipped events.
	EndCursor string
}

// Read returns up to first events after the cursor that match filter, with
// message bodies and summaries removed. The caller needs the scope
// postvern:events.read.
func Read(ctx context.Context, store eventstore.Store, caller domain.Caller, filter Filter, first int, after string) (Page, error) {
	if err := domain.AuthorizeEventsRead(caller); err != nil {
		return Page{}, err
	}
	switch {
	case first == 0:
		first = DefaultPageSize
	case first < 0 || first > MaxPageSize:
		return Page{}, &domain.ValidationError{Field: "first", Message: fmt.Sprintf("is %d; give a page size from 1 to %d", first, MaxPageSize)}
	}
	position, err := DecodeCursor(after)
	if err != nil {
		return Page{}, err
	}
	if err := filter.validate(); err != nil {
		return Page{}, err
	}

	var page Page
	if filter.Stream != "" {
		page, err = readStream(ctx, store, filter, first, position)
	} else {
		page, err = readAll(ctx, store, filter, first, position)
	}
	if err != nil {
		return Page{}, err
	}
	if err := redactAll(page.Events); err != nil {
		return Page{}, err
	}
	return page, nil
}

func readAll(ctx context.Context, store eventstore.Store, filter Filter, first int, position uint64) (Page, error) {
	page := Page{}
	scanned := 0
	for scanned < scanBudget {
		batch, err := store.ReadAll(ctx, position, batchSize)
		if err != nil {
			return Page{}, fmt.Errorf("read events after %d: %w", position, err)
		}
		if len(batch) == 0 {
			break
		}
		for _, e := range batch {
			if !filter.matches(e) {
				position = e.Position
				scanned++
				continue
			}
			if len(page.Events) == first {
				page.HasNextPage = true
				page.EndCursor = EncodeCursor(position)
				return page, nil
			}
			page.Events = append(page.Events, e)
			position = e.Position
			scanned++
		}
	}
	if scanned >= scanBudget {
		page.HasNextPage = true
	}
	if page.HasNextPage || len(page.Events) > 0 {
		page.EndCursor = EncodeCursor(position)
	}
	return page, nil
}

func readStream(ctx context.Context, store eventstore.Store, filter Filter, first int, position uint64) (Page, error) {
	events, err := store.ReadStream(ctx, filter.Stream, 0, 0)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return Page{}, nil
	}
	if err != nil {
		return Page{}, fmt.Errorf("read %s: %w", filter.Stream, err)
	}

	page := Page{}
	for _, e := range events {
		if e.Position <= position || !filter.matches(e) {
			continue
		}
		if len(page.Events) == first {
			page.HasNextPage = true
			break
		}
		page.Events = append(page.Events, e)
	}
	if len(page.Events) > 0 {
		page.EndCursor = EncodeCursor(page.Events[len(page.Events)-1].Position)
	}
	return page, nil
}

// EncodeCursor returns the opaque cursor for a global position.
func EncodeCursor(position uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("position:" + strconv.FormatUint(position, 10)))
}

// DecodeCursor returns the position in a cursor; an empty cursor is 0, the
// start of the log.
func DecodeCursor(cursor string) (uint64, error) {
	if cursor == "" {
		return 0, nil
	}
	invalid := &domain.ValidationError{Field: "after", Message: "is not an event cursor; pass the endCursor or an edge cursor of a previous page"}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, invalid
	}
	digits, ok := strings.CutPrefix(string(raw), "position:")
	if !ok {
		return 0, invalid
	}
	position, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, invalid
	}
	return position, nil
}
