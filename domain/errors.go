package domain

import (
	"errors"
	"fmt"
)

// Sentinel errors for expected outcomes. The GraphQL layer maps each to one
// error code.
var (
	// ErrForbidden reports that the caller lacks the right to do what it asked.
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound reports that a thing does not exist or that the caller may
	// not know that it exists. Both cases return the same error on purpose.
	ErrNotFound = errors.New("not found")
	// ErrConflict reports a command that contradicts what is already stored,
	// such as an idempotent key reused with different content.
	ErrConflict = errors.New("conflict")
	// ErrUnauthenticated reports a request without a valid identity.
	ErrUnauthenticated = errors.New("unauthenticated")
)

// ValidationError reports invalid input. Field is the input path, such as
// "content.messageTitle" or "recipients[1]".
type ValidationError struct {
	Field   string
	Message string
}

// Error returns the field and the message.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s", e.Field, e.Message)
}

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Rejection is a refused command or query with a message written for the
// caller. It wraps one of the sentinel errors, which gives its kind.
type Rejection struct {
	Kind    error
	Message string
}

// Error returns the message.
func (r *Rejection) Error() string { return r.Message }

// Unwrap returns the sentinel error that gives the rejection's kind.
func (r *Rejection) Unwrap() error { return r.Kind }

func forbidden(format string, args ...any) error {
	return &Rejection{Kind: ErrForbidden, Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &Rejection{Kind: ErrNotFound, Message: fmt.Sprintf(format, args...)}
}

func conflict(format string, args ...any) error {
	return &Rejection{Kind: ErrConflict, Message: fmt.Sprintf(format, args...)}
}
