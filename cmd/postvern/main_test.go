package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/postvern/postvern/auth"
	"github.com/postvern/postvern/domain"
	"github.com/postvern/postvern/eventstore/boltstore"
)

const (
	testPerson      = "08844397713"
	testOtherPerson = "13838599936"
	testOrg         = "310057223"
)

// clearEnv unsets every POSTVERN_ variable for the duration of t, so the
// environment of the machine running the tests cannot change a flag.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, entry := range os.Environ() {
		name, _, _ := strings.Cut(entry, "=")
		if !strings.HasPrefix(name, "POSTVERN_") {
			continue
		}
		t.Setenv(name, "") // restores the original value when t ends
		if err := os.Unsetenv(name); err != nil {
			t.Fatalf("unset %s: %v", name, err)
		}
	}
}

// runCommand calls run with args and returns its output and error.
func runCommand(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// newKeyFolder returns a temporary data folder with a development signing
// key, and the key.
func newKeyFolder(t *testing.T) (string, *auth.Keys) {
	t.Helper()
	dir := t.TempDir()
	keys, _, err := auth.LoadOrCreateDevelopmentKey(dir)
	if err != nil {
		t.Fatalf("create signing key: %v", err)
	}
	return dir, keys
}

// tokenLifetime returns exp minus iat of a token, read without verifying it.
func tokenLifetime(t *testing.T, token string) time.Duration {
	t.Helper()
	var c jwt.RegisteredClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatalf("parse token: %v", err)
	}
	if c.ExpiresAt == nil || c.IssuedAt == nil {
		t.Fatalf("token lacks exp or iat: %+v", c)
	}
	return c.ExpiresAt.Sub(c.IssuedAt.Time)
}

func TestRunCommandErrors(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing command", nil, []string{"missing command", "serve", "token", "demo"}},
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate"`, "serve", "token", "demo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runCommand(t, t.Context(), tt.args...)
			if err == nil {
				t.Fatal("run returned nil, expected an error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if !strings.Contains(stderr, "Usage:") {
				t.Errorf("stderr does not show the usage: %q", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, expected nothing", stdout)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	clearEnv(t)
	stdout, _, err := runCommand(t, t.Context(), "help")
	if err != nil {
		t.Fatalf("help failed: %v", err)
	}
	if !strings.Contains(stdout, "Usage:") {
		t.Errorf("help output %q does not show the usage", stdout)
	}

	_, _, err = runCommand(t, t.Context(), "token", "-h")
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("token -h returned %v, expected flag.ErrHelp", err)
	}
}

func TestTokenErrors(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"both person and org", []string{"--person", testPerson, "--org", testOrg}, []string{"--person", "--org", "not both"}},
		{"neither person nor org", nil, []string{"missing --person or --org"}},
		{"invalid person number", []string{"--person", "08844397714"}, []string{"invalid --person", "08844397714"}},
		{"invalid organization number", []string{"--org", "310057224"}, []string{"invalid --org", "310057224"}},
		{"unknown scope", []string{"--person", testPerson, "--scope", "postvern:everything"}, []string{`unknown --scope "postvern:everything"`, string(domain.ScopeEventsRead)}},
		{"zero ttl", []string{"--person", testPerson, "--ttl", "0"}, []string{"invalid --ttl"}},
		{"negative ttl", []string{"--person", testPerson, "--ttl", "-1h"}, []string{"invalid --ttl"}},
		{"ttl over 30 days", []string{"--person", testPerson, "--ttl", "721h"}, []string{"invalid --ttl"}},
		{"unparsable ttl", []string{"--person", testPerson, "--ttl", "soon"}, []string{"soon", "-ttl"}},
		{"positional argument", []string{"--person", testPerson, "extra"}, []string{`unexpected argument "extra"`}},
		{"missing signing key", []string{"--person", testPerson}, []string{"no development signing key", "postvern serve"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"token", "--data", t.TempDir()}, tt.args...)
			stdout, _, err := runCommand(t, t.Context(), args...)
			if err == nil {
				t.Fatalf("token returned nil and printed %q, expected an error", stdout)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if stdout != "" {
				t.Errorf("stdout = %q, expected no token", stdout)
			}
		})
	}
}

func TestTokenPrintsVerifiableToken(t *testing.T) {
	clearEnv(t)
	dir, keys := newKeyFolder(t)
	tests := []struct {
		name       string
		args       []string
		wantPerson domain.PersonID
		wantOrg    domain.OrganizationNumber
		wantScopes []domain.Scope
	}{
		{
			name:       "person gets read scope by default",
			args:       []string{"--person", testPerson},
			wantPerson: testPerson,
			wantScopes: []domain.Scope{domain.ScopeCorrespondenceRead},
		},
		{
			name:       "organization gets write scope by default",
			args:       []string{"--org", testOrg},
			wantOrg:    testOrg,
			wantScopes: []domain.Scope{domain.ScopeCorrespondenceWrite},
		},
		{
			name:       "person URN with repeated scopes",
			args:       []string{"--person", domain.PersonURNPrefix + testOtherPerson, "--scope", string(domain.ScopeEventsRead), "--scope", string(domain.ScopeCorrespondenceRead)},
			wantPerson: testOtherPerson,
			wantScopes: []domain.Scope{domain.ScopeEventsRead, domain.ScopeCorrespondenceRead},
		},
		{
			name:       "organization with comma-separated scopes",
			args:       []string{"--org", "974760673", "--scope", string(domain.ScopeRegisterWrite) + "," + string(domain.ScopeCorrespondenceWrite)},
			wantOrg:    "974760673",
			wantScopes: []domain.Scope{domain.ScopeRegisterWrite, domain.ScopeCorrespondenceWrite},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"token", "--data", dir}, tt.args...)
			stdout, _, err := runCommand(t, t.Context(), args...)
			if err != nil {
				t.Fatalf("token failed: %v", err)
			}
			if !strings.HasSuffix(stdout, "\n") || strings.Count(stdout, "\n") != 1 {
				t.Errorf("stdout = %q, expected the token on one line", stdout)
			}

			caller, err := keys.Verify(strings.TrimSpace(stdout))
			if err != nil {
				t.Fatalf("printed token does not verify: %v", err)
			}
			if caller.Person != tt.wantPerson {
				t.Errorf("Person = %q, expected %q", caller.Person, tt.wantPerson)
			}
			if caller.Organization != tt.wantOrg {
				t.Errorf("Organization = %q, expected %q", caller.Organization, tt.wantOrg)
			}
			if !slices.Equal(caller.Scopes, tt.wantScopes) {
				t.Errorf("Scopes = %v, expected %v", caller.Scopes, tt.wantScopes)
			}
			if got := tokenLifetime(t, strings.TrimSpace(stdout)); got != 12*time.Hour {
				t.Errorf("token lifetime = %s, expected the default 12h", got)
			}
		})
	}
}

func TestTokenEnvironment(t *testing.T) {
	clearEnv(t)
	dir, keys := newKeyFolder(t)

	// mint runs token and returns the verified caller and the lifetime.
	mint := func(t *testing.T, args ...string) (domain.Caller, time.Duration) {
		t.Helper()
		stdout, _, err := runCommand(t, t.Context(), append([]string{"token"}, args...)...)
		if err != nil {
			t.Fatalf("token failed: %v", err)
		}
		token := strings.TrimSpace(stdout)
		caller, err := keys.Verify(token)
		if err != nil {
			t.Fatalf("printed token does not verify: %v", err)
		}
		return caller, tokenLifetime(t, token)
	}

	t.Run("ttl from environment", func(t *testing.T) {
		t.Setenv("POSTVERN_TTL", "30m")
		_, lifetime := mint(t, "--data", dir, "--person", testPerson)
		if lifetime != 30*time.Minute {
			t.Errorf("lifetime = %s, expected 30m from POSTVERN_TTL", lifetime)
		}
	})

	t.Run("ttl flag wins over environment", func(t *testing.T) {
		t.Setenv("POSTVERN_TTL", "30m")
		_, lifetime := mint(t, "--data", dir, "--person", testPerson, "--ttl", "2h")
		if lifetime != 2*time.Hour {
			t.Errorf("lifetime = %s, expected 2h from --ttl", lifetime)
		}
	})

	t.Run("person from environment", func(t *testing.T) {
		t.Setenv("POSTVERN_PERSON", testOtherPerson)
		caller, _ := mint(t, "--data", dir)
		if caller.Person != testOtherPerson {
			t.Errorf("Person = %q, expected %q from POSTVERN_PERSON", caller.Person, testOtherPerson)
		}
	})

	t.Run("person flag wins over environment", func(t *testing.T) {
		t.Setenv("POSTVERN_PERSON", testOtherPerson)
		caller, _ := mint(t, "--data", dir, "--person", testPerson)
		if caller.Person != testPerson {
			t.Errorf("Person = %q, expected %q from --person", caller.Person, testPerson)
		}
	})

	t.Run("data folder from environment", func(t *testing.T) {
		t.Setenv("POSTVERN_DATA", dir)
		caller, _ := mint(t, "--person", testPerson)
		if caller.Person != testPerson {
			t.Errorf("Person = %q, expected %q", caller.Person, testPerson)
		}
	})

	// Values that the flag package cannot parse are reported under the
	// variable's name. Values that parse but fail validation are reported
	// under the flag's name, as on the command line.
	invalid := []struct {
		name, variable, value string
		want                  []string
	}{
		{"unparsable ttl", "POSTVERN_TTL", "soon", []string{"environment variable POSTVERN_TTL", "soon"}},
		{"zero ttl", "POSTVERN_TTL", "0s", []string{"invalid POSTVERN_TTL 0s"}},
		{"invalid person", "POSTVERN_PERSON", "08844397714", []string{"invalid POSTVERN_PERSON", "08844397714"}},
	}
	for _, tt := range invalid {
		t.Run("invalid environment "+tt.name, func(t *testing.T) {
			t.Setenv(tt.variable, tt.value)
			args := []string{"token", "--data", dir}
			if tt.variable != "POSTVERN_PERSON" {
				args = append(args, "--person", testPerson)
			}

			stdout, _, err := runCommand(t, t.Context(), args...)
			if err == nil {
				t.Fatalf("token returned nil and printed %q, expected an error", stdout)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestDemoLoadsOnceIntoEmptyStore(t *testing.T) {
	clearEnv(t)
	dir := filepath.Join(t.TempDir(), "data")
	args := []string{"demo", "--organizations", "20", "--persons", "80", "--correspondences", "50", "--data", dir}

	stdout, stderr, err := runCommand(t, t.Context(), args...)
	if err != nil {
		t.Fatalf("demo failed: %v\nstderr:\n%s", err, stderr)
	}
	info, err := os.Stat(filepath.Join(dir, DemoTokensFile))
	if err != nil {
		t.Fatalf("demo tokens file: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("demo tokens file has mode %o, want 600", perm)
	}

	keys, err := auth.LoadDevelopmentKey(dir)
	if err != nil {
		t.Fatalf("demo left no signing key: %v", err)
	}

	for _, persona := range []string{"general-manager", "employee", "service-owner", "register", "analyst"} {
		if !strings.Contains(stdout, "\n"+persona+": ") {
			t.Errorf("demo output does not list persona %s:\n%s", persona, stdout)
		}
	}
	var tokens []string
	for line := range strings.Lines(stdout) {
		if strings.HasPrefix(line, "  ") {
			tokens = append(tokens, strings.TrimSpace(line))
		}
	}
	if len(tokens) != 5 {
		t.Fatalf("demo printed %d token lines, expected 5:\n%s", len(tokens), stdout)
	}
	for i, token := range tokens {
		caller, err := keys.Verify(token)
		if err != nil {
			t.Errorf("token %d does not verify: %v", i, err)
			continue
		}
		if len(caller.Scopes) == 0 {
			t.Errorf("token %d for %s carries no scope", i, caller.URN())
		}
	}

	stdout, _, err = runCommand(t, t.Context(), args...)
	if err == nil {
		t.Fatalf("second demo on the same folder succeeded and printed:\n%s", stdout)
	}
	if !strings.Contains(err.Error(), "already contains") {
		t.Errorf("second demo error %q does not say the store already contains events", err)
	}
	if !strings.Contains(err.Error(), "empty --data folder") {
		t.Errorf("second demo error %q does not ask for an empty --data folder", err)
	}
}

func TestServeRejectsUnknownStore(t *testing.T) {
	clearEnv(t)
	dir := filepath.Join(t.TempDir(), "data")
	_, _, err := runCommand(t, t.Context(), "serve", "--store", "something", "--data", dir, "--addr", "127.0.0.1:0")
	if err == nil {
		t.Fatal("serve with an unknown store returned nil, expected an error")
	}
	if !strings.Contains(err.Error(), `unknown --store "something"`) {
		t.Errorf("error %q does not name the rejected store", err)
	}
	if !strings.Contains(err.Error(), "embedded") {
		t.Errorf("error %q does not name the supported store", err)
	}
	if _, statErr := os.Stat(dir); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("serve created the data folder before rejecting the store (stat: %v)", statErr)
	}
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines to write
// while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeAddress returns a loopback address whose port was free a moment ago.
// Another process may take it before serve listens, which fails the test
// with serve's listen error rather than hanging it.
func freeAddress(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	addr := listener.Addr().String()
	if err := listener.Close(); err != nil {
		t.Fatalf("close probe listener: %v", err)
	}
	return addr
}

// waitForStatus polls url until it returns want, serve exits or the deadline
// passes.
func waitForStatus(t *testing.T, client *http.Client, url string, want int, serveDone <-chan error, stderr *lockedBuffer) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	last := "no response"
	for time.Now().Before(deadline) {
		select {
		case err := <-serveDone:
			t.Fatalf("serve exited with %v while waiting for %s\nstderr:\n%s", err, url, stderr)
		default:
		}

		resp, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == want {
				return
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not return %d within 15s, last: %s\nstderr:\n%s", url, want, last, stderr)
}

// graphQLResponse is the body of a GraphQL response.
type graphQLResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// postGraphQL sends query to url with token, when not empty, as the bearer
// token.
func postGraphQL(t *testing.T, client *http.Client, url, token, query string) graphQLResponse {
	t.Helper()
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		t.Fatalf("encode request: %v", err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}

	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	var out graphQLResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode response (status %s): %v", resp.Status, err)
	}
	return out
}

func TestServeEndToEnd(t *testing.T) {
	clearEnv(t)
	dir := filepath.Join(t.TempDir(), "data")
	addr := freeAddress(t)
	base := "http://" + addr
	client := &http.Client{Timeout: 5 * time.Second}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr lockedBuffer
	serveDone := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		serveDone <- run(ctx, []string{"serve", "--addr", addr, "--data", dir, "--log-level", "warn", "--shutdown-timeout", "5s"}, &stdout, &stderr)
	}()
	// Cleanups run in reverse order, so this one stops serve before t.TempDir
	// removes the data folder, also when the test fails early.
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			t.Error("serve goroutine still running 15s after cleanup canceled it")
		}
	})

	waitForStatus(t, client, base+"/healthz", http.StatusOK, serveDone, &stderr)
	waitForStatus(t, client, base+"/readyz", http.StatusOK, serveDone, &stderr)

	resp, err := client.Get(base + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	metrics, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("read /metrics: %v", err)
	}
	if !bytes.Contains(metrics, []byte("postvern_projection_position")) {
		t.Errorf("/metrics does not contain postvern_projection_position")
	}

	t.Run("me with token from the data folder", func(t *testing.T) {
		tokenOut, _, err := runCommand(t, t.Context(), "token", "--data", dir, "--person", testPerson)
		if err != nil {
			t.Fatalf("token failed: %v", err)
		}
		got := postGraphQL(t, client, base+"/graphql", strings.TrimSpace(tokenOut), `{ me { id } }`)
		if len(got.Errors) > 0 {
			t.Fatalf("me returned errors: %+v", got.Errors)
		}
		if want := `{"me":{"id":"` + domain.PersonURNPrefix + testPerson + `"}}`; string(got.Data) != want {
			t.Errorf("data = %s, expected %s", got.Data, want)
		}
	})

	t.Run("me without token is unauthenticated", func(t *testing.T) {
		got := postGraphQL(t, client, base+"/graphql", "", `{ me { id } }`)
		if len(got.Errors) != 1 {
			t.Fatalf("me returned %d errors, expected 1: %+v", len(got.Errors), got.Errors)
		}
		if code := got.Errors[0].Extensions["code"]; code != "UNAUTHENTICATED" {
			t.Errorf("extensions.code = %v, expected UNAUTHENTICATED", code)
		}
	})

	t.Run("second serve on the same data folder", func(t *testing.T) {
		secondCtx, secondCancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer secondCancel()
		_, _, err := runCommand(t, secondCtx, "serve", "--addr", "127.0.0.1:0", "--data", dir, "--log-level", "error")
		if err == nil {
			t.Fatal("second serve returned nil, expected the data folder lock to stop it")
		}
		if !errors.Is(err, boltstore.ErrLocked) {
			t.Errorf("error %v does not wrap boltstore.ErrLocked", err)
		}
		if !strings.Contains(err.Error(), "data folder is in use") {
			t.Errorf("error %q does not say the data folder is in use", err)
		}
	})

	cancel()
	select {
	case err := <-serveDone:
		if err != nil {
			t.Errorf("serve returned %v after ctx was canceled, expected nil\nstderr:\n%s", err, &stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not return within 15s of ctx being canceled\nstderr:\n%s", &stderr)
	}

	// serve closed the store on the way out, so its lock is free again.
	store, err := boltstore.Open(filepath.Join(dir, EventsFile), boltstore.Options{})
	if err != nil {
		t.Fatalf("reopen the store after serve returned: %v", err)
	}
	if err := store.Close(); err != nil {
		t.Errorf("close reopened store: %v", err)
	}
}
