package model

import (
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"

	"github.com/postvern/postvern/domain"
)

// MarshalDateTime writes a time in RFC 3339 form with nanoseconds, in UTC.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	return graphql.MarshalTime(t.UTC())
}

// UnmarshalDateTime reads an RFC 3339 time, such as 2026-12-04T10:00:00Z.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, invalidInput("expected an RFC 3339 time as a string, such as \"2026-12-04T10:00:00Z\", got %v", v)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, invalidInput("%q is not an RFC 3339 time: give one such as \"2026-12-04T10:00:00Z\" or \"2026-12-04T11:00:00+01:00\"", s)
	}
	return t, nil
}

// MarshalUUID writes a UUID in its canonical form.
func MarshalUUID(u uuid.UUID) graphql.Marshaler {
	return graphql.MarshalUUID(u)
}

// UnmarshalUUID reads a UUID, such as 6f1c7c52-3b0e-4c55-9a55-2f4d8e1b7a10.
func UnmarshalUUID(v any) (uuid.UUID, error) {
	s, ok := v.(string)
	if !ok {
		return uuid.UUID{}, invalidInput("expected a UUID as a string, such as \"6f1c7c52-3b0e-4c55-9a55-2f4d8e1b7a10\", got %v", v)
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return uuid.UUID{}, invalidInput("%q is not a UUID: give one such as \"6f1c7c52-3b0e-4c55-9a55-2f4d8e1b7a10\"", s)
	}
	return u, nil
}

// invalidInput returns a validation error without a field: the error
// presenter takes the field from the argument's path.
func invalidInput(format string, args ...any) error {
	return &domain.ValidationError{Message: fmt.Sprintf(format, args...)}
}
