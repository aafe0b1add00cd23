package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/commands"
	"github.com/postvern/postvern/graph"
	"github.com/postvern/postvern/graph/generated"
)

// Limits on requests.
const (
	// MaxRequestBytes bounds a request body. A send with a 30,000-character
	// body and 500 recipients fits well inside it.
	MaxRequestBytes = 4 << 20
	// MaxQueryComplexity bounds the cost of one GraphQL operation: one per
	// field, with list fields multiplied by their page size. One events page
	// of 1,000 with every field costs about 11,000.
	MaxQueryComplexity = 25_000
)

// Config holds the handler's dependencies.
type Config struct {
	Resolver *graph.Resolver
	Keys     *auth.Keys
	Logger   *slog.Logger
	// Registry receives the server's metrics and is served on /metrics.
	Registry *prometheus.Registry
	// Ready reports whether the projection has caught up with the store, for
	// /readyz.
	Ready func() bool
	// AllowedOrigins are the browser origins, as returned by ParseOrigins,
	// whose pages may call the API across origins. Empty allows same-origin
	// pages only.
	AllowedOrigins []string
}

// New returns the HTTP handler.
func New(cfg Config) http.Handler {
	metrics := newMetrics(cfg.Registry)

	gql := handler.New(generated.NewExecutableSchema(graph.NewConfig(cfg.Resolver)))
	gql.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 10 * time.Second,
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: originHosts(cfg.AllowedOrigins)},
		},
	})
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.Introspection{})
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	gql.Use(extension.FixedComplexityLimit(MaxQueryComplexity))
	gql.SetErrorPresenter(graph.ErrorPresenter(cfg.Logger))
	gql.SetRecoverFunc(func(ctx context.Context, p any) error {
		cfg.Logger.ErrorContext(ctx, "resolver panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errors.New("internal error: resolver panicked")
	})
	gql.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		kind := "unknown"
		if op.Operation != nil {
			kind = string(op.Operation.Operation)
		}
		metrics.operations.WithLabelValues(kind).Inc()
		if info := requestInfoFrom(ctx); info != nil {
			info.operation = kind
			info.operationName = op.OperationName
		}
		return next(ctx)
	})
	gql.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil {
			return resp
		}
		info := requestInfoFrom(ctx)
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			metrics.errors.WithLabelValues(code).Inc()
			if info != nil {
				info.codes = append(info.codes, code)
			}
		}
		return resp
	})

	mux := http.NewServeMux()
	mux.Handle("/graphql", withCORS(cfg.AllowedOrigins, withBodyLimit(withReadiness(cfg.Ready, cfg.Keys.Middleware(gql)))))
	mux.Handle("GET /{$}", playground.Handler("Postvern GraphiQL", "/graphql"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if cfg.Ready != nil && !cfg.Ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("catching up with the event log\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(cfg.Registry, promhttp.HandlerOpts{Registry: cfg.Registry}))

	return withRequestLog(cfg.Logger, metrics, mux)
}

// withRequestLog gives every request a correlation id, logs it once when it
// ends and counts it. It logs no headers, bodies or tokens.
func withRequestLog(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if _, err := uuid.Parse(id); err != nil {
			id = uuid.NewString()
		}
		w.Header().Set("X-Request-Id", id)

		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		info := &requestInfo{}
		ctx := context.WithValue(commands.WithCorrelationID(r.Context(), id), requestInfoKey{}, info)
		next.ServeHTTP(rec, r.WithContext(ctx))

		elapsed := time.Since(start)
		route := routeOf(r.URL.Path)
		m.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		m.duration.WithLabelValues(route).Observe(elapsed.Seconds())
		if route == "/healthz" || route == "/readyz" || route == "/metrics" {
			return
		}
		attrs := []any{"method", r.Method, "path", route, "status", rec.status, "duration_ms", elapsed.Milliseconds(), "request_id", id}
		if info.operation != "" {
			attrs = append(attrs, "operation", info.operation, "operation_name", info.operationName)
		}
		if len(info.codes) > 0 {
			attrs = append(attrs, "error_codes", strings.Join(info.codes, ","))
		}
		log.InfoContext(r.Context(), "request", attrs...)
	})
}

// withReadiness rejects every GraphQL request with 503 and the code
// UNAVAILABLE until ready reports true, so that no client reads a view that
// is still catching up with the event log.
func withReadiness(ready func() bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ready == nil || ready() {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", "1")
		writeError(w, r, http.StatusServiceUnavailable, graph.CodeUnavailable,
			"the server is starting and its views are catching up with the event log; retry in a moment")
	})
}

// withBodyLimit rejects a request whose declared body exceeds
// MaxRequestBytes with 413, and cuts off a longer body that declared no
// length.
func withBodyLimit(next http.Handler) http.Handler {
	limited := http.MaxBytesHandler(next, MaxRequestBytes)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxRequestBytes {
			writeError(w, r, http.StatusRequestEntityTooLarge, graph.CodeValidationFailed,
				fmt.Sprintf("the request body is %d bytes; the limit is %d bytes (4 MiB)", r.ContentLength, MaxRequestBytes))
			return
		}
		limited.ServeHTTP(w, r)
	})
}

// writeError writes a GraphQL error response outside gqlgen, and records its
// code for the access log.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	if info := requestInfoFrom(r.Context()); info != nil {
		info.codes = append(info.codes, code)
	}
	body, _ := json.Marshal(graphql.Response{Errors: gqlerror.List{{Message: message, Extensions: map[string]any{"code": code}}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// requestInfo collects what the access log reports about a GraphQL request:
// the operation and the error codes, never variables or results.
type requestInfo struct {
	operation     string
	operationName string
	codes         []string
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

func routeOf(path string) string {
	switch path {
	case "/graphql", "/healthz", "/readyz", "/metrics", "/":
		return path
	default:
		return "other"
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection, which the
// websocket transport needs to hijack it.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

type metrics struct {
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	operations *prometheus.CounterVec
	errors     *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "postvern_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "postvern_http_request_duration_seconds", Help: "HTTP request duration by route.", Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "postvern_graphql_operations_total", Help: "GraphQL operations by type: query, mutation or subscription.",
		}, []string{"type"}),
	}
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "postvern_graphql_errors_total", Help: "GraphQL errors by extensions.code.",
	}, []string{"code"})
	reg.MustRegister(m.requests, m.duration, m.operations, m.errors)
	return m
}
