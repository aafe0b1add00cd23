package history_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
	"github.com/postvern/postvern/eventstore/boltstore"
	"github.com/postvern/postvern/history"
)

// analyst is a caller with the scope postvern:events.read.
var analyst = domain.Caller{Person: "13838599936", Scopes: []domain.Scope{domain.ScopeEventsRead}}

var (
	orgX            = domain.OrganizationStream("310057223")
	orgZ            = domain.OrganizationStream("313006425")
	correspondenceA = domain.CorrespondenceStream(uuid.MustParse("6f1c1a52-8c0e-4d55-9d8e-2a7b7f3e9a01"))
	correspondenceB = domain.CorrespondenceStream(uuid.MustParse("0b9e4c7d-3f21-4a8b-8e5c-91d2c6a4f702"))
)

// openStore opens a boltstore in a temporary folder and closes it when t
// ends.
func openStore(t *testing.T) *boltstore.Store {
	t.Helper()
	store, err := boltstore.Open(filepath.Join(t.TempDir(), "events.db"), boltstore.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return store
}

// appendEvents appends one event of each type to stream, in order.
func appendEvents(t *testing.T, store eventstore.Store, stream string, types ...string) {
	t.Helper()
	events := make([]eventstore.EventData, 0, len(types))
	for i, eventType := range types {
		events = append(events, eventstore.EventData{Type: eventType, Data: fmt.Appendf(nil, `{"n":%d}`, i)})
	}
	if _, err := store.Append(context.Background(), stream, eventstore.Any(), events...); err != nil {
		t.Fatalf("append to %s: %v", stream, err)
	}
}

// seedSmallLog appends seven events over four streams, interleaved, and
// returns them as the store recorded them.
//
//	1 orgX            key role assigned
//	2 correspondenceA sent
//	3 correspondenceB sent
//	4 correspondenceA notification ordered
//	5 orgZ            key role assigned
//	6 correspondenceA opened
//	7 correspondenceB opened
func seedSmallLog(t *testing.T, store eventstore.Store) []eventstore.RecordedEvent {
	t.Helper()
	appendEvents(t, store, orgX, domain.TypeKeyRoleAssigned)
	appendEvents(t, store, correspondenceA, domain.TypeCorrespondenceSent)
	appendEvents(t, store, correspondenceB, domain.TypeCorrespondenceSent)
	appendEvents(t, store, correspondenceA, domain.TypeNotificationOrdered)
	appendEvents(t, store, orgZ, domain.TypeKeyRoleAssigned)
	appendEvents(t, store, correspondenceA, domain.TypeCorrespondenceOpened)
	appendEvents(t, store, correspondenceB, domain.TypeCorrespondenceOpened)

	all, err := store.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatalf("read the seeded log: %v", err)
	}
	if len(all) != 7 {
		t.Fatalf("seeded log has %d events, expected 7", len(all))
	}
	return all
}

// readEveryPage follows EndCursor from the start of the log until
// HasNextPage is false, and returns the positions of every event read. It
// fails t when a page holds more than first events, or has a next page but
// no EndCursor.
func readEveryPage(t *testing.T, store eventstore.Store, filter history.Filter, first int) []uint64 {
	t.Helper()
	var positions []uint64
	after := ""
	for pages := 1; ; pages++ {
		if pages > 100 {
			t.Fatalf("still paging after 100 pages with first=%d, at %v", first, positions)
		}
		page, err := history.Read(context.Background(), store, analyst, filter, first, after)
		if err != nil {
			t.Fatalf("Read(first=%d, after=%q) failed: %v", first, after, err)
		}
		if len(page.Events) > first {
			t.Fatalf("page %d has %d events, more than first=%d", pages, len(page.Events), first)
		}
		for _, e := range page.Events {
			positions = append(positions, e.Position)
		}
		if !page.HasNextPage {
			return positions
		}
		if page.EndCursor == "" {
			t.Fatalf("page %d has a next page but no EndCursor", pages)
		}
		after = page.EndCursor
	}
}

func positionsOf(events []eventstore.RecordedEvent) []uint64 {
	positions := make([]uint64, 0, len(events))
	for _, e := range events {
		positions = append(positions, e.Position)
	}
	return positions
}

func TestReadPagesThroughAllEvents(t *testing.T) {
	store := openStore(t)
	all := seedSmallLog(t, store)

	for _, first := range []int{1, 2, 3, 7, 8} {
		t.Run(fmt.Sprintf("first=%d", first), func(t *testing.T) {
			var got []eventstore.RecordedEvent
			after := ""
			wantPages := (len(all) + first - 1) / first
			for pages := 1; pages <= wantPages; pages++ {
				page, err := history.Read(t.Context(), store, analyst, history.Filter{}, first, after)
				if err != nil {
					t.Fatalf("page %d: Read failed: %v", pages, err)
				}
				if len(page.Events) == 0 {
					t.Fatalf("page %d is empty", pages)
				}
				last := page.Events[len(page.Events)-1]
				if page.EndCursor != history.EncodeCursor(last.Position) {
					t.Errorf("page %d: EndCursor = %q, expected the cursor of position %d", pages, page.EndCursor, last.Position)
				}
				if wantNext := pages < wantPages; page.HasNextPage != wantNext {
					t.Errorf("page %d of %d: HasNextPage = %t, expected %t", pages, wantPages, page.HasNextPage, wantNext)
				}
				got = append(got, page.Events...)
				after = page.EndCursor
			}

			if !slices.Equal(positionsOf(got), positionsOf(all)) {
				t.Fatalf("positions = %v, expected %v", positionsOf(got), positionsOf(all))
			}
			for i := range got {
				if got[i].Stream != all[i].Stream || got[i].Type != all[i].Type || got[i].ID != all[i].ID {
					t.Errorf("event %d = %s %s %s, expected %s %s %s", i, got[i].Stream, got[i].Type, got[i].ID, all[i].Stream, all[i].Type, all[i].ID)
				}
			}

			page, err := history.Read(t.Context(), store, analyst, history.Filter{}, first, after)
			if err != nil {
				t.Fatalf("read past the last page: %v", err)
			}
			if len(page.Events) != 0 {
				t.Errorf("page after the last has %d events, expected none", len(page.Events))
			}
			if page.HasNextPage {
				t.Error("page after the last has HasNextPage = true, expected false")
			}
		})
	}
}

func TestReadAfterEdgeCursor(t *testing.T) {
	store := openStore(t)
	all := seedSmallLog(t, store)

	for i, e := range all {
		page, err := history.Read(t.Context(), store, analyst, history.Filter{}, 1, history.EncodeCursor(e.Position))
		if err != nil {
			t.Fatalf("Read after position %d failed: %v", e.Position, err)
		}
		if i == len(all)-1 {
			if len(page.Events) != 0 {
				t.Errorf("after the last event: %d events, expected none", len(page.Events))
			}
			continue
		}
		if !slices.Equal(positionsOf(page.Events), []uint64{all[i+1].Position}) {
			t.Errorf("after position %d: positions %v, expected [%d]", e.Position, positionsOf(page.Events), all[i+1].Position)
		}
	}
}

func TestReadFilters(t *testing.T) {
	store := openStore(t)
	seedSmallLog(t, store)

	tests := []struct {
		name   string
		filter history.Filter
		want   []uint64
	}{
		{"stream", history.Filter{Stream: correspondenceA}, []uint64{2, 4, 6}},
		{"stream and type", history.Filter{Stream: correspondenceA, Types: []string{domain.TypeCorrespondenceOpened}}, []uint64{6}},
		{"stream that does not exist", history.Filter{Stream: domain.OrganizationStream("991825827")}, nil},
		{"one type", history.Filter{Types: []string{domain.TypeCorrespondenceSent}}, []uint64{2, 3}},
		{"two types", history.Filter{Types: []string{domain.TypeCorrespondenceSent, domain.TypeCorrespondenceOpened}}, []uint64{2, 3, 6, 7}},
		{"stream prefix", history.Filter{StreamPrefix: "organization-"}, []uint64{1, 5}},
		{"stream prefix and type", history.Filter{StreamPrefix: "correspondence-", Types: []string{domain.TypeCorrespondenceOpened}}, []uint64{6, 7}},
		{"stream prefix matching nothing", history.Filter{StreamPrefix: "resource-"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, first := range []int{1, 2, 100} {
				got := readEveryPage(t, store, tt.filter, first)
				if !slices.Equal(got, tt.want) {
					t.Errorf("first=%d: positions = %v, expected %v", first, got, tt.want)
				}
			}
		})
	}
}

func TestReadStreamPageCursor(t *testing.T) {
	store := openStore(t)
	seedSmallLog(t, store)

	page, err := history.Read(t.Context(), store, analyst, history.Filter{Stream: correspondenceA}, 2, "")
	if err != nil {
		t.Fatalf("Read failed: %v", err)
	}
	if !slices.Equal(positionsOf(page.Events), []uint64{2, 4}) {
		t.Fatalf("positions = %v, expected [2 4]", positionsOf(page.Events))
	}
	if !page.HasNextPage {
		t.Error("HasNextPage = false, expected true with position 6 left")
	}
	if page.EndCursor != history.EncodeCursor(4) {
		t.Errorf("EndCursor = %q, expected the cursor of position 4", page.EndCursor)
	}
}

func TestReadPageSize(t *testing.T) {
	store := openStore(t)
	seedSmallLog(t, store)

	t.Run("zero means default", func(t *testing.T) {
		page, err := history.Read(t.Context(), store, analyst, history.Filter{}, 0, "")
		if err != nil {
			t.Fatalf("Read(first=0) failed: %v", err)
		}
		if len(page.Events) != 7 {
			t.Errorf("Read(first=0) returned %d events, expected all 7", len(page.Events))
		}
	})

	t.Run("maximum accepted", func(t *testing.T) {
		if _, err := history.Read(t.Context(), store, analyst, history.Filter{}, history.MaxPageSize, ""); err != nil {
			t.Errorf("Read(first=%d) failed: %v", history.MaxPageSize, err)
		}
	})

	for _, first := range []int{-1, history.MaxPageSize + 1} {
		t.Run(fmt.Sprintf("first=%d rejected", first), func(t *testing.T) {
			page, err := history.Read(t.Context(), store, analyst, history.Filter{}, first, "")
			var validation *domain.ValidationError
			if !errors.As(err, &validation) {
				t.Fatalf("Read(first=%d) error = %v, expected a *domain.ValidationError", first, err)
			}
			if validation.Field != "first" {
				t.Errorf("Field = %q, expected \"first\"", validation.Field)
			}
			if len(page.Events) != 0 {
				t.Errorf("rejected read returned %d events", len(page.Events))
			}
		})
	}
}

func TestReadRejectsBadCursor(t *testing.T) {
	store := openStore(t)
	seedSmallLog(t, store)

	encode := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, cursor string
	}{
		{"not base64", "not a cursor!"},
		{"unencoded position", "position:3"},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte("position:3"))},
		{"wrong prefix", encode("offset:3")},
		{"not a number", encode("position:three")},
		{"negative", encode("position:-1")},
		{"empty number", encode("position:")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := history.Read(t.Context(), store, analyst, history.Filter{}, 10, tt.cursor)
			var validation *domain.ValidationError
			if !errors.As(err, &validation) {
				t.Fatalf("Read(after=%q) error = %v, expected a *domain.ValidationError", tt.cursor, err)
			}
			if validation.Field != "after" {
				t.Errorf("Field = %q, expected \"after\"", validation.Field)
			}
		})
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, position := range []uint64{0, 1, 42, 1<<64 - 1} {
		got, err := history.DecodeCursor(history.EncodeCursor(position))
		if err != nil {
			t.Errorf("DecodeCursor(EncodeCursor(%d)) failed: %v", position, err)
			continue
		}
		if got != position {
			t.Errorf("DecodeCursor(EncodeCursor(%d)) = %d", position, got)
		}
	}

	got, err := history.DecodeCursor("")
	if err != nil {
		t.Fatalf("DecodeCursor(\"\") failed: %v", err)
	}
	if got != 0 {
		t.Errorf("DecodeCursor(\"\") = %d, expected 0, the start of the log", got)
	}
}

func TestReadNeedsEventsScope(t *testing.T) {
	store := openStore(t)
	seedSmallLog(t, store)

	callers := []struct {
		name   string
		caller domain.Caller
	}{
		{"person with read scope", domain.Caller{Person: "08844397713", Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}},
		{"organization with every other scope", domain.Caller{Organization: "974760673", Scopes: []domain.Scope{domain.ScopeCorrespondenceRead, domain.ScopeCorrespondenceWrite, domain.ScopeRegisterWrite}}},
		{"person without scopes", domain.Caller{Person: "08844397713"}},
		{"zero caller", domain.Caller{}},
	}
	for _, tt := range callers {
		t.Run(tt.name, func(t *testing.T) {
			page, err := history.Read(t.Context(), store, tt.caller, history.Filter{}, 10, "")
			if !errors.Is(err, domain.ErrForbidden) {
				t.Fatalf("Read error = %v, expected one wrapping domain.ErrForbidden", err)
			}
			if len(page.Events) != 0 {
				t.Errorf("forbidden read returned %d events", len(page.Events))
			}
		})
	}

	t.Run("checked before the arguments", func(t *testing.T) {
		_, err := history.Read(t.Context(), store, domain.Caller{}, history.Filter{}, -1, "not a cursor!")
		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("Read error = %v, expected one wrapping domain.ErrForbidden", err)
		}
	})
}

// seedLargeLog appends 1300 events, more than one internal read batch of
// 1000. All are key role events for orgX except an access grant in orgZ at
// position 1201.
func seedLargeLog(t *testing.T, store eventstore.Store) {
	t.Helper()
	roles := make([]string, 100)
	for i := range roles {
		roles[i] = domain.TypeKeyRoleAssigned
	}
	for range 12 {
		appendEvents(t, store, orgX, roles...)
	}
	appendEvents(t, store, orgZ, domain.TypeAccessGranted)
	appendEvents(t, store, orgX, roles[:99]...)

	last, err := store.LastPosition(context.Background())
	if err != nil {
		t.Fatalf("read last position: %v", err)
	}
	if last != 1300 {
		t.Fatalf("large log ends at position %d, expected 1300", last)
	}
}

func TestReadRejectsBadFilters(t *testing.T) {
	store := openStore(t)
	seedSmallLog(t, store)

	tests := []struct {
		name      string
		filter    history.Filter
		wantField string
	}{
		{"stream and stream prefix", history.Filter{Stream: correspondenceB, StreamPrefix: "organization-"}, "filter.streamPrefix"},
		{"unknown type", history.Filter{Types: []string{domain.TypeCorrespondenceSent, "postvern.nothing.happened.v1"}}, "filter.types[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := history.Read(t.Context(), store, analyst, tt.filter, 10, "")
			var validation *domain.ValidationError
			if !errors.As(err, &validation) || validation.Field != tt.wantField {
				t.Fatalf("Read error = %v, want a ValidationError on %s", err, tt.wantField)
			}
		})
	}
}

func TestReadLargeLog(t *testing.T) {
	store := openStore(t)
	seedLargeLog(t, store)

	t.Run("filter matching nothing ends", func(t *testing.T) {
		for _, filter := range []history.Filter{
			{Types: []string{domain.TypeContactPointsSet}},
			{StreamPrefix: "resource-"},
		} {
			page, err := history.Read(t.Context(), store, analyst, filter, 10, "")
			if err != nil {
				t.Fatalf("Read(%+v) failed: %v", filter, err)
			}
			if len(page.Events) != 0 {
				t.Errorf("Read(%+v) returned %d events, expected none", filter, len(page.Events))
			}
			if page.HasNextPage {
				t.Errorf("Read(%+v): HasNextPage = true, expected false", filter)
			}
			if page.EndCursor != "" {
				t.Errorf("Read(%+v): EndCursor = %q on an empty last page, expected none", filter, page.EndCursor)
			}
		}
	})

	t.Run("match in the second batch", func(t *testing.T) {
		filter := history.Filter{Types: []string{domain.TypeAccessGranted}}
		page, err := history.Read(t.Context(), store, analyst, filter, 1, "")
		if err != nil {
			t.Fatalf("Read failed: %v", err)
		}
		if !slices.Equal(positionsOf(page.Events), []uint64{1201}) {
			t.Errorf("positions = %v, expected [1201]", positionsOf(page.Events))
		}
		if page.HasNextPage {
			t.Error("HasNextPage = true, expected false with no later match")
		}
		if got := readEveryPage(t, store, history.Filter{StreamPrefix: orgZ}, 1); !slices.Equal(got, []uint64{1201}) {
			t.Errorf("stream prefix %s: positions = %v, expected [1201]", orgZ, got)
		}
	})

	t.Run("default page size", func(t *testing.T) {
		page, err := history.Read(t.Context(), store, analyst, history.Filter{}, 0, "")
		if err != nil {
			t.Fatalf("Read failed: %v", err)
		}
		if len(page.Events) != history.DefaultPageSize {
			t.Errorf("Read(first=0) returned %d events, expected %d", len(page.Events), history.DefaultPageSize)
		}
		if !page.HasNextPage {
			t.Error("HasNextPage = false, expected true")
		}
	})

	t.Run("maximum pages cover the log", func(t *testing.T) {
		got := readEveryPage(t, store, history.Filter{}, history.MaxPageSize)
		if len(got) != 1300 {
			t.Fatalf("read %d events, expected 1300", len(got))
		}
		for i, position := range got {
			if position != uint64(i+1) {
				t.Fatalf("event %d has position %d, expected %d", i, position, i+1)
			}
		}
	})
}

func TestReadFilterStopsAtScanBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("appends 50,001 events")
	}
	store := openStore(t)

	// Read scans at most 50,000 events for one filtered page (scanBudget in
	// history.go), so a match after them needs a second page.
	const budget = 50_000
	roles := make([]string, 1000)
	for i := range roles {
		roles[i] = domain.TypeKeyRoleAssigned
	}
	for range budget / len(roles) {
		appendEvents(t, store, orgX, roles...)
	}
	appendEvents(t, store, orgZ, domain.TypeAccessGranted)
	filter := history.Filter{Types: []string{domain.TypeAccessGranted}}

	page, err := history.Read(t.Context(), store, analyst, filter, 10, "")
	if err != nil {
		t.Fatalf("first page: Read failed: %v", err)
	}
	if len(page.Events) != 0 {
		t.Errorf("first page: positions %v, expected none within the budget", positionsOf(page.Events))
	}
	if !page.HasNextPage {
		t.Error("first page: HasNextPage = false, expected true when the budget ran out")
	}
	if page.EndCursor != history.EncodeCursor(budget) {
		t.Errorf("first page: EndCursor = %q, expected the cursor of position %d", page.EndCursor, budget)
	}

	page, err = history.Read(t.Context(), store, analyst, filter, 10, page.EndCursor)
	if err != nil {
		t.Fatalf("second page: Read failed: %v", err)
	}
	if !slices.Equal(positionsOf(page.Events), []uint64{budget + 1}) {
		t.Errorf("second page: positions %v, expected [%d]", positionsOf(page.Events), budget+1)
	}
	if page.HasNextPage {
		t.Error("second page: HasNextPage = true, expected false")
	}
}

func TestReadRemovesMessageContent(t *testing.T) {
	store := openStore(t)
	sent := domain.CorrespondenceSent{Correspondence: domain.Correspondence{
		ID: uuid.New(), ResourceID: "politiet-bekymringsmelding", Sender: "991825827",
		Recipient: domain.OrganizationParty("310057223"), IsConfidential: true,
		Content: domain.Content{Language: "nb", MessageTitle: "Sak 24/1837", MessageSummary: "Hemmelig sammendrag", MessageBody: "Hemmelig innhold"},
	}}
	eventType, data, err := domain.EncodeEvent(&sent)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Append(t.Context(), domain.CorrespondenceStream(sent.Correspondence.ID), eventstore.NoStream(), eventstore.EventData{Type: eventType, Data: data}); err != nil {
		t.Fatal(err)
	}

	page, err := history.Read(t.Context(), store, analyst, history.Filter{}, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 1 {
		t.Fatalf("got %d events, expected 1", len(page.Events))
	}
	got := string(page.Events[0].Data)
	if strings.Contains(got, "Hemmelig") {
		t.Fatalf("event data still carries message content: %s", got)
	}
	if strings.Contains(got, "requestHash") {
		t.Fatalf("event data still carries the request hash, which confirms guessed bodies: %s", got)
	}
	if !strings.Contains(got, "Sak 24/1837") {
		t.Fatalf("event data lost the title: %s", got)
	}
	decoded, err := domain.DecodeEvent(eventType, page.Events[0].Data)
	if err != nil {
		t.Fatalf("redacted event no longer decodes: %v", err)
	}
	if c := decoded.(*domain.CorrespondenceSent).Correspondence; c.ID != sent.Correspondence.ID || !c.IsConfidential {
		t.Fatalf("redacted event lost fields: %+v", c)
	}
}

// FuzzDecodeCursor checks that any cursor either decodes to a position that
// survives encoding and decoding again, or fails with a ValidationError.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(history.EncodeCursor(42))
	f.Add("")
	f.Add("cG9zaXRpb246LTE")
	f.Fuzz(func(t *testing.T, cursor string) {
		position, err := history.DecodeCursor(cursor)
		if err != nil {
			var validation *domain.ValidationError
			if !errors.As(err, &validation) {
				t.Fatalf("DecodeCursor(%q) = %v, want a ValidationError", cursor, err)
			}
			return
		}
		again, err := history.DecodeCursor(history.EncodeCursor(position))
		if err != nil || again != position {
			t.Fatalf("position %d from cursor %q does not survive a round trip: %d, %v", position, cursor, again, err)
		}
	})
}
