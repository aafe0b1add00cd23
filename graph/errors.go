package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore"
)

// Error codes in extensions.code.
const (
	CodeUnauthenticated  = "UNAUTHENTICATED"
	CodeForbidden        = "FORBIDDEN"
	CodeValidationFailed = "VALIDATION_FAILED"
	CodeNotFound         = "NOT_FOUND"
	CodeConflict         = "CONFLICT"
	CodeUnavailable      = "UNAVAILABLE"
	CodeInternal         = "INTERNAL"
)

// ErrorPresenter maps an error to a GraphQL error with extensions.code. It is
// the one place where domain errors become codes. Text of unexpected errors
// is logged and never sent to the client.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		presented := graphql.DefaultErrorPresenter(ctx, err)

		var validation *domain.ValidationError
		var rejection *domain.Rejection
		var gqlErr *gqlerror.Error
		switch {
		case errors.As(err, &validation):
			// A scalar that does not parse reports no field: gqlgen's path
			// to the argument gives it.
			field := validation.Field
			if field == "" && errors.As(err, &gqlErr) {
				field = inputField(gqlErr)
			}
			presented.Message = validation.Message
			if field != "" {
				presented.Message = field + ": " + validation.Message
			}
			setCode(presented, CodeValidationFailed)
			presented.Extensions["field"] = field
		case errors.As(err, &rejection):
			presented.Message = rejection.Message
			setCode(presented, codeOf(rejection.Kind))
		case errors.Is(err, eventstore.ErrWrongExpectedVersion):
			presented.Message = "the data changed concurrently too often to apply this request; retry it"
			setCode(presented, CodeConflict)
		case errors.Is(err, eventstore.ErrUnavailable):
			presented.Message = "the event store is unavailable; retry in a moment"
			setCode(presented, CodeUnavailable)
		case errors.Is(err, context.DeadlineExceeded):
			presented.Message = "the request timed out; retry in a moment"
			setCode(presented, CodeUnavailable)
		case errors.Is(err, context.Canceled):
			presented.Message = "the request was cancelled"
			setCode(presented, CodeUnavailable)
		case errors.As(err, &gqlErr) && gqlErr.Err == nil:
			// Errors that gqlgen raises itself while parsing and validating
			// the request wrap no other error and are safe to show. gqlgen
			// wraps resolver errors too, with Err set, so those fall through
			// to the internal case.
			setCode(presented, CodeValidationFailed)
			if field := inputField(gqlErr); field != "" {
				presented.Extensions["field"] = field
				if !strings.Contains(presented.Message, field) {
					presented.Message = field + ": " + presented.Message
				}
			}
		default:
			log.ErrorContext(ctx, "request failed", "error", err, "path", presented.Path.String())
			presented.Message = "internal error; the server logged the details"
			setCode(presented, CodeInternal)
		}
		return presented
	}
}

func codeOf(kind error) string {
	switch {
	case errors.Is(kind, domain.ErrUnauthenticated):
		return CodeUnauthenticated
	case errors.Is(kind, domain.ErrForbidden):
		return CodeForbidden
	case errors.Is(kind, domain.ErrNotFound):
		return CodeNotFound
	case errors.Is(kind, domain.ErrConflict):
		return CodeConflict
	default:
		return CodeInternal
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// inputField returns the input path an argument error is about, such as
// "id" or "content.language", in the form that validation errors use. The
// path starts with the operation's field, which it drops, and a mutation's
// "input" argument, which it drops too.
func inputField(e *gqlerror.Error) string {
	if len(e.Path) < 2 {
		return ""
	}
	rest := e.Path[1:]
	if name, ok := rest[0].(ast.PathName); ok && name == "input" && len(rest) > 1 {
		rest = rest[1:]
	}

	var b strings.Builder
	for _, element := range rest {
		switch v := element.(type) {
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(v))
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(v))
		}
	}
	return b.String()
}
