package model

import (
	"encoding/json"
	"fmt"
	"io"
)

// RawJSON is the JSON scalar: stored JSON passed through unchanged.
type RawJSON json.RawMessage

// MarshalGQL writes the JSON as it is.
func (r RawJSON) MarshalGQL(w io.Writer) {
	if len(r) == 0 {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(r)
}

// UnmarshalGQL accepts any input value and stores it as JSON.
func (r *RawJSON) UnmarshalGQL(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("JSON scalar: %w", err)
	}
	*r = data
	return nil
}
