package history

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// redactedContent lists the content fields of a sent correspondence that the
// history never returns. The event log is for audit: who sent what to whom,
// and who could read it when. The content itself is for readers with access,
// through openCorrespondence, and must not reach analysts, since
// confidential mail is invisible to everyone without a grant.
var redactedContent = []string{"messageBody", "messageSummary"}

// redact returns e with the message body, the summary and the request hash
// removed from a sent correspondence. Other events are returned unchanged.
func redact(e eventstore.RecordedEvent) (eventstore.RecordedEvent, error) {
	if e.Type != domain.TypeCorrespondenceSent {
		return e, nil
	}

	var body map[string]json.RawMessage
	if err := json.Unmarshal(e.Data, &body); err != nil {
		return e, fmt.Errorf("redact event at position %d: %w", e.Position, err)
	}
	// An event without content has nothing to remove.
	if _, ok := body["correspondence"]; !ok {
		return e, nil
	}
	var correspondence map[string]json.RawMessage
	if err := json.Unmarshal(body["correspondence"], &correspondence); err != nil {
		return e, fmt.Errorf("redact event at position %d: %w", e.Position, err)
	}
	if _, ok := correspondence["content"]; !ok {
		return e, nil
	}
	var content map[string]json.RawMessage
	if err := json.Unmarshal(correspondence["content"], &content); err != nil {
		return e, fmt.Errorf("redact event at position %d: %w", e.Position, err)
	}

	for _, field := range redactedContent {
		delete(content, field)
	}
	// The request hash is a digest of the whole send, body included, so an
	// analyst could confirm a guessed body against it.
	delete(correspondence, "requestHash")
	var err error
	if correspondence["content"], err = json.Marshal(content); err != nil {
		return e, err
	}
	if body["correspondence"], err = json.Marshal(correspondence); err != nil {
		return e, err
	}
	data, err := json.Marshal(body)
	if err != nil {
		return e, err
	}
	e.Data = bytes.Clone(data)
	return e, nil
}

// redactAll redacts every event of a page in place.
func redactAll(events []eventstore.RecordedEvent) error {
	for i := range events {
		redacted, err := redact(events[i])
		if err != nil {
			return err
		}
		events[i] = redacted
	}
	return nil
}
