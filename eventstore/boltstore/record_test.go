package boltstore

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/eventstore"
)

// sampleRecords returns events that cover empty and non-empty metadata,
// times before 1970 and large revisions.
func sampleRecords() []eventstore.RecordedEvent {
	return []eventstore.RecordedEvent{
		{
			ID:         uuid.MustParse("6f1c2a7e-0d8b-4c55-9a61-2b3f4e5d6c7b"),
			Stream:     "correspondence-6f1c2a7e",
			Type:       "CorrespondencePublished",
			Data:       []byte(`{"title":"x"}`),
			Metadata:   []byte(`{"causation":"c-1"}`),
			Revision:   0,
			Position:   1,
			RecordedAt: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC),
		},
		{
			ID:         uuid.New(),
			Stream:     "s",
			Type:       "T",
			Data:       []byte(`null`),
			Revision:   1<<63 + 5,
			Position:   1 << 40,
			RecordedAt: time.Date(1901, 12, 31, 23, 59, 59, 0, time.UTC),
		},
	}
}

func TestRecordRoundTrip(t *testing.T) {
	for _, want := range sampleRecords() {
		encoded := encodeRecord(nil, want)

		got, err := decodeRecord(want.Position, encoded)

		if err != nil {
			t.Fatalf("decode %s@%d: %v", want.Stream, want.Revision, err)
		}
		if got.ID != want.ID || got.Stream != want.Stream || got.Type != want.Type ||
			!bytes.Equal(got.Data, want.Data) || !bytes.Equal(got.Metadata, want.Metadata) ||
			got.Revision != want.Revision || got.Position != want.Position || !got.RecordedAt.Equal(want.RecordedAt) {
			t.Errorf("decode(encode(%+v)) = %+v", want, got)
		}
		if max := recordSize(len(want.Stream), len(want.Type), len(want.Data), len(want.Metadata)); len(encoded) > max {
			t.Errorf("encoded record is %d bytes, more than recordSize's %d", len(encoded), max)
		}
	}
}

func TestDecodeRecordCopiesInput(t *testing.T) {
	want := sampleRecords()[0]
	encoded := encodeRecord(nil, want)

	got, err := decodeRecord(want.Position, encoded)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	clear(encoded)

	if !bytes.Equal(got.Data, want.Data) || !bytes.Equal(got.Metadata, want.Metadata) || got.Stream != want.Stream {
		t.Errorf("decoded event changed when its input was overwritten: %+v", got)
	}
}

func TestDecodeRecordRejectsMalformedInput(t *testing.T) {
	valid := encodeRecord(nil, sampleRecords()[0])
	tests := []struct {
		name  string
		input []byte
	}{
		{"empty input", nil},
		{"unknown version", append([]byte{recordVersion + 1}, valid[1:]...)},
		{"truncated ID", valid[:10]},
		{"truncated data", valid[:len(valid)-25]},
		{"trailing bytes", append(append([]byte(nil), valid...), 0)},
		{"field length past the end", append(append([]byte(nil), valid[:17]...), 0xff, 0xff, 0x03, 'a')},
		{"overlong varint", append(append([]byte(nil), valid[:17]...), bytes.Repeat([]byte{0xff}, 11)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeRecord(7, tt.input)

			if !errors.Is(err, errCorruptRecord) {
				t.Errorf("decodeRecord error = %v, want errCorruptRecord", err)
			}
		})
	}
}

// FuzzDecodeRecord checks that decodeRecord returns an error instead of
// panicking on any input, and that whatever it accepts encodes to a record
// that decodes to the same event.
func FuzzDecodeRecord(f *testing.F) {
	for _, e := range sampleRecords() {
		encoded := encodeRecord(nil, e)
		f.Add(encoded)
		f.Add(encoded[:len(encoded)/2])
	}
	f.Add([]byte{})
	f.Add([]byte{recordVersion})

	f.Fuzz(func(t *testing.T, input []byte) {
		first, err := decodeRecord(3, input)
		if err != nil {
			if !errors.Is(err, errCorruptRecord) {
				t.Fatalf("decodeRecord error %v does not wrap errCorruptRecord", err)
			}
			return
		}

		second, err := decodeRecord(3, encodeRecord(nil, first))
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if first.ID != second.ID || first.Stream != second.Stream || first.Type != second.Type ||
			!bytes.Equal(first.Data, second.Data) || !bytes.Equal(first.Metadata, second.Metadata) ||
			first.Revision != second.Revision || !first.RecordedAt.Equal(second.RecordedAt) {
			t.Fatalf("round trip changed the event: %+v became %+v", first, second)
		}
	})
}
