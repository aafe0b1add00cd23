package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/graph"
)

// gqlgen passes every resolver error to the error presenter wrapped in a
// *gqlerror.Error that carries the field path (graphql.AddError calls
// graphql.ErrorOnPath). The presenter must still keep unexpected errors
// internal.
func TestPresenterKeepsResolverErrorsInternal(t *testing.T) {
	fieldPath := ast.Path{ast.PathName("openCorrespondence")}
	tests := []struct {
		name string
		err  error
	}{
		{"store failure", fmt.Errorf("read body of 6f1c7c52-3b0e-4c55-9a55-2f4d8e1b7a10: %w", errors.New("bbolt: page 1234 corrupt in /var/lib/postvern/events.db"))},
		{"recovered panic", errors.New("internal error: resolver panicked")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged bytes.Buffer
			present := graph.ErrorPresenter(slog.New(slog.NewTextHandler(&logged, nil)))

			presented := present(context.Background(), gqlerror.WrapPath(fieldPath, tt.err))
			if code := presented.Extensions["code"]; code != graph.CodeInternal {
				t.Errorf("code = %v, want %s", code, graph.CodeInternal)
			}
			if strings.Contains(presented.Message, tt.err.Error()) {
				t.Errorf("message %q shows the internal error text", presented.Message)
			}
			if logged.Len() == 0 {
				t.Errorf("the internal error was not logged")
			}
		})
	}
}

// Domain errors, unparsable arguments and unparsable queries keep their codes.
func TestPresenterKeepsKnownCodes(t *testing.T) {
	present := graph.ErrorPresenter(slog.New(slog.DiscardHandler))
	fieldPath := ast.Path{ast.PathName("correspondence")}
	argumentPath := ast.Path{ast.PathName("correspondence"), ast.PathName("id")}

	tests := []struct {
		name string
		err  error
		code string
	}{
		{"not found", gqlerror.WrapPath(fieldPath, domain.ErrCorrespondenceNotFound), graph.CodeNotFound},
		{"validation", gqlerror.WrapPath(fieldPath, &domain.ValidationError{Field: "first", Message: "is 0"}), graph.CodeValidationFailed},
		{"argument that does not parse", gqlerror.WrapPath(argumentPath, &domain.ValidationError{Message: `"x" is not a UUID`}), graph.CodeValidationFailed},
		{"query that does not parse", &gqlerror.Error{Message: "Expected Name, found <EOF>"}, graph.CodeValidationFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := present(context.Background(), tt.err).Extensions["code"]; code != tt.code {
				t.Errorf("code = %v, want %s", code, tt.code)
			}
		})
	}
}
