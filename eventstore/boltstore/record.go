package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/postvern/postvern/eventstore"
)

// recordVersion is the first byte of every stored event record. A decoder
// that meets another version rejects the record instead of guessing.
const recordVersion byte = 1

// errCorruptRecord reports a stored event record that cannot be decoded.
var errCorruptRecord = errors.New("corrupt event record")

// encodeRecord appends the binary form of e to dst and returns the result.
// The position is not part of the record because it is the record's key.
//
// The fields follow one another in this order:
//
//	version  1 byte, recordVersion
//	ID       16 bytes
//	stream   uvarint length, then the bytes
//	type     uvarint length, then the bytes
//	recorded varint (zig-zag) Unix nanoseconds
//	revision uvarint
//	data     uvarint length, then the bytes
//	metadata uvarint length, then the bytes
func encodeRecord(dst []byte, e eventstore.RecordedEvent) []byte {
	dst = append(dst, recordVersion)
	dst = append(dst, e.ID[:]...)
	dst = appendBytes(dst, []byte(e.Stream))
	dst = appendBytes(dst, []byte(e.Type))
	dst = binary.AppendVarint(dst, e.RecordedAt.UnixNano())
	dst = binary.AppendUvarint(dst, e.Revision)
	dst = appendBytes(dst, e.Data)
	dst = appendBytes(dst, e.Metadata)
	return dst
}

// recordSize returns the length of the record that encodeRecord writes for
// an event with these field lengths, at most, so callers can check the size
// before encoding.
func recordSize(stream, typ, data, metadata int) int {
	const fixed = 1 + 16 + binary.MaxVarintLen64*6
	return fixed + stream + typ + data + metadata
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

// decodeRecord decodes a record written by encodeRecord and stored under
// position. It copies every byte it keeps, so the result stays valid after
// the bbolt transaction that owns b ends. Empty data or metadata decodes as
// nil. Any malformed input returns an error wrapping errCorruptRecord.
func decodeRecord(position uint64, b []byte) (eventstore.RecordedEvent, error) {
	if len(b) == 0 {
		return eventstore.RecordedEvent{}, fmt.Errorf("position %d: empty record: %w", position, errCorruptRecord)
	}
	if b[0] != recordVersion {
		return eventstore.RecordedEvent{}, fmt.Errorf("position %d: unknown record version %d: %w", position, b[0], errCorruptRecord)
	}
	d := recordDecoder{rest: b[1:]}

	e := eventstore.RecordedEvent{Position: position}
	copy(e.ID[:], d.fixed(len(uuid.UUID{})))
	e.Stream = string(d.bytes())
	e.Type = string(d.bytes())
	nanos := d.varint()
	e.Revision = d.uvarint()
	e.Data = cloneOrNil(d.bytes())
	e.Metadata = cloneOrNil(d.bytes())

	if d.err == nil && len(d.rest) > 0 {
		d.fail(fmt.Sprintf("%d unexpected trailing bytes", len(d.rest)))
	}
	if d.err != nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("position %d: %w", position, d.err)
	}
	e.RecordedAt = time.Unix(0, nanos).UTC()
	return e, nil
}

// recordDecoder reads the fields of one record. After the first failure every
// read returns a zero value and err keeps the first failure.
type recordDecoder struct {
	rest []byte
	err  error
}

func (d *recordDecoder) fail(problem string) {
	if d.err == nil {
		d.err = fmt.Errorf("%s: %w", problem, errCorruptRecord)
	}
	d.rest = nil
}

func (d *recordDecoder) fixed(n int) []byte {
	if len(d.rest) < n {
		d.fail("record truncated")
		return nil
	}
	b := d.rest[:n]
	d.rest = d.rest[n:]
	return b
}

func (d *recordDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.rest)
	if n <= 0 {
		d.fail("invalid unsigned varint")
		return 0
	}
	d.rest = d.rest[n:]
	return v
}

func (d *recordDecoder) varint() int64 {
	v, n := binary.Varint(d.rest)
	if n <= 0 {
		d.fail("invalid varint")
		return 0
	}
	d.rest = d.rest[n:]
	return v
}

// bytes reads a length-prefixed field. The result aliases the input.
func (d *recordDecoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.rest)) {
		d.fail(fmt.Sprintf("field length %d exceeds the %d bytes left", n, len(d.rest)))
		return nil
	}
	return d.fixed(int(n))
}

func cloneOrNil(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// positionKey returns the events bucket key for a global position. Big-endian
// order makes bbolt's byte order the same as position order.
func positionKey(position uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), position)
}

// streamIndexPrefix returns the prefix shared by the stream-index keys of
// stream. Stream names never contain 0x00, so no stream's prefix is the start
// of another's.
func streamIndexPrefix(stream string) []byte {
	key := make([]byte, 0, len(stream)+1+8)
	key = append(key, stream...)
	return append(key, 0)
}

// streamIndexKey returns the stream-index key of a stream revision.
func streamIndexKey(stream string, revision uint64) []byte {
	return binary.BigEndian.AppendUint64(streamIndexPrefix(stream), revision)
}
