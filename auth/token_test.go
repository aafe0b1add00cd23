package auth

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/postvern/postvern/domain"
)

const (
	testPerson      domain.PersonID           = "08844397713"
	testOtherPerson domain.PersonID           = "13838599936"
	testOrg         domain.OrganizationNumber = "310057223"
)

// signClaims signs arbitrary claims with k's private key, so a test can
// build tokens that Mint does not produce.
func signClaims(t *testing.T, k *Keys, c jwt.Claims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c).SignedString(k.private)
	if err != nil {
		t.Fatalf("sign claims: %v", err)
	}
	return token
}

// validClaims returns the claims of a valid person token. Each case of
// TestVerifyRejects changes one of them.
func validClaims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss":   Issuer,
		"sub":   testPerson.URN(),
		"pid":   string(testPerson),
		"scope": string(domain.ScopeCorrespondenceRead),
		"iat":   now.Unix(),
		"exp":   now.Add(time.Hour).Unix(),
	}
}

func TestMintVerifyRoundTrip(t *testing.T) {
	keys := NewKeys()
	tests := []struct {
		name   string
		caller domain.Caller
		want   domain.Caller
	}{
		{
			name: "person keeps known scopes",
			caller: domain.Caller{Person: testPerson, Scopes: []domain.Scope{
				domain.ScopeCorrespondenceRead, "postvern:unknown.scope", domain.ScopeEventsRead,
			}},
			want: domain.Caller{Person: testPerson, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead, domain.ScopeEventsRead}},
		},
		{
			name: "organization keeps known scopes",
			caller: domain.Caller{Organization: testOrg, Scopes: []domain.Scope{
				domain.ScopeCorrespondenceWrite, "openid", domain.ScopeRegisterWrite,
			}},
			want: domain.Caller{Organization: testOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite, domain.ScopeRegisterWrite}},
		},
		{
			name:   "person without scopes",
			caller: domain.Caller{Person: testOtherPerson},
			want:   domain.Caller{Person: testOtherPerson},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := keys.Mint(tt.caller, time.Hour, time.Now())
			if err != nil {
				t.Fatalf("Mint failed: %v", err)
			}
			got, err := keys.Verify(token)
			if err != nil {
				t.Fatalf("Verify failed: %v", err)
			}
			if got.Person != tt.want.Person {
				t.Errorf("Person = %q, expected %q", got.Person, tt.want.Person)
			}
			if got.Organization != tt.want.Organization {
				t.Errorf("Organization = %q, expected %q", got.Organization, tt.want.Organization)
			}
			if !slices.Equal(got.Scopes, tt.want.Scopes) {
				t.Errorf("Scopes = %v, expected %v", got.Scopes, tt.want.Scopes)
			}
		})
	}
}

func TestMintSetsRegisteredClaims(t *testing.T) {
	keys := NewKeys()
	now := time.Now().Truncate(time.Second)
	token, err := keys.Mint(domain.Caller{Organization: testOrg}, 2*time.Hour, now)
	if err != nil {
		t.Fatalf("Mint failed: %v", err)
	}

	var c claims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatalf("parse minted token: %v", err)
	}
	if c.Issuer != Issuer {
		t.Errorf("iss = %q, expected %q", c.Issuer, Issuer)
	}
	if c.Subject != testOrg.URN() {
		t.Errorf("sub = %q, expected %q", c.Subject, testOrg.URN())
	}
	if c.ExpiresAt == nil || !c.ExpiresAt.Equal(now.Add(2*time.Hour)) {
		t.Errorf("exp = %v, expected %v", c.ExpiresAt, now.Add(2*time.Hour))
	}
	if c.PersonID != "" {
		t.Errorf("pid = %q in an organization token, expected none", c.PersonID)
	}
}

func TestMintRejectsAmbiguousCaller(t *testing.T) {
	keys := NewKeys()
	tests := []struct {
		name   string
		caller domain.Caller
	}{
		{"both person and organization", domain.Caller{Person: testPerson, Organization: testOrg}},
		{"neither person nor organization", domain.Caller{Scopes: []domain.Scope{domain.ScopeEventsRead}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := keys.Mint(tt.caller, time.Hour, time.Now())
			if err == nil {
				t.Fatalf("Mint returned token %q, expected an error", token)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	keys := NewKeys()

	expired, err := keys.Mint(domain.Caller{Person: testPerson}, time.Hour, time.Now().Add(-2*time.Hour))
	if err != nil {
		t.Fatalf("Mint failed: %v", err)
	}
	otherKey, err := NewKeys().Mint(domain.Caller{Person: testPerson}, time.Hour, time.Now())
	if err != nil {
		t.Fatalf("Mint failed: %v", err)
	}

	withClaim := func(name string, value any) jwt.MapClaims {
		c := validClaims()
		c[name] = value
		return c
	}
	withoutClaim := func(name string) jwt.MapClaims {
		c := validClaims()
		delete(c, name)
		return c
	}

	unsigned, err := jwt.NewWithClaims(jwt.SigningMethodNone, validClaims()).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatalf("build alg none token: %v", err)
	}
	// The alg-confusion attack: an HMAC token whose secret is the public
	// key, which a verifier that trusts the header's alg would accept.
	hmacRawKey, err := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims()).SignedString([]byte(keys.public))
	if err != nil {
		t.Fatalf("build HS256 token: %v", err)
	}
	publicDER, err := x509.MarshalPKIXPublicKey(keys.public)
	if err != nil {
		t.Fatalf("encode public key: %v", err)
	}
	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: publicDER})
	hmacPEMKey, err := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims()).SignedString(publicPEM)
	if err != nil {
		t.Fatalf("build HS256 token: %v", err)
	}

	tests := []struct {
		name  string
		token string
	}{
		{"expired token", expired},
		{"token signed by another key", otherKey},
		{"alg none", unsigned},
		{"HS256 with raw public key as secret", hmacRawKey},
		{"HS256 with PEM public key as secret", hmacPEMKey},
		{"wrong issuer", signClaims(t, keys, withClaim("iss", "https://idporten.no"))},
		{"missing issuer", signClaims(t, keys, withoutClaim("iss"))},
		{"missing exp", signClaims(t, keys, withoutClaim("exp"))},
		{"not yet valid", signClaims(t, keys, withClaim("nbf", time.Now().Add(time.Hour).Unix()))},
		{"both pid and consumer", signClaims(t, keys, withClaim("consumer", string(testOrg)))},
		{"neither pid nor consumer", signClaims(t, keys, withoutClaim("pid"))},
		{"pid with wrong check digits", signClaims(t, keys, withClaim("pid", "08844397714"))},
		{"pid too short", signClaims(t, keys, withClaim("pid", "0884439771"))},
		{"consumer with wrong check digit", signClaims(t, keys, func() jwt.MapClaims {
			c := withoutClaim("pid")
			c["consumer"] = "310057224"
			return c
		}())},
		{"garbage string", "not-a-token"},
		{"empty string", ""},
		{"tampered payload", tamperPayload(t, signClaims(t, keys, validClaims()))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			caller, err := keys.Verify(tt.token)
			if err == nil {
				t.Fatalf("Verify accepted the token as %+v, expected an error", caller)
			}
			if !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Verify error %v does not wrap ErrInvalidToken", err)
			}
			if caller.Person != "" || caller.Organization != "" || len(caller.Scopes) != 0 {
				t.Errorf("Verify returned caller %+v with its error, expected the zero caller", caller)
			}
		})
	}
}

// tamperPayload swaps the person in a signed token's payload and keeps the
// original signature.
func tamperPayload(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts, expected 3", len(parts))
	}
	payload, err := jwt.NewParser().DecodeSegment(parts[1])
	if err != nil {
		t.Fatalf("decode payload: %v", err)
	}
	changed := bytes.Replace(payload, []byte(testPerson), []byte(testOtherPerson), 1)
	if bytes.Equal(changed, payload) {
		t.Fatalf("payload %s does not contain %s", payload, testPerson)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString(changed)
	return strings.Join(parts, ".")
}

func TestVerifyAcceptsValidClaims(t *testing.T) {
	// TestVerifyRejects proves something only if its base claims pass.
	keys := NewKeys()
	caller, err := keys.Verify(signClaims(t, keys, validClaims()))
	if err != nil {
		t.Fatalf("Verify failed: %v", err)
	}
	if caller.Person != testPerson {
		t.Errorf("Person = %q, expected %q", caller.Person, testPerson)
	}
}

func TestLoadOrCreateDevelopmentKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, DevelopmentKeyFile)

	first, created, err := LoadOrCreateDevelopmentKey(dir)
	if err != nil {
		t.Fatalf("first LoadOrCreateDevelopmentKey failed: %v", err)
	}
	if !created {
		t.Error("first call reported created = false, expected true")
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat key file: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %o, expected 600", perm)
	}
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read key file: %v", err)
	}

	second, created, err := LoadOrCreateDevelopmentKey(dir)
	if err != nil {
		t.Fatalf("second LoadOrCreateDevelopmentKey failed: %v", err)
	}
	if created {
		t.Error("second call reported created = true, expected false")
	}
	reread, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read key file: %v", err)
	}
	if !bytes.Equal(written, reread) {
		t.Error("second call rewrote the key file")
	}

	token, err := first.Mint(domain.Caller{Person: testPerson, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}, time.Hour, time.Now())
	if err != nil {
		t.Fatalf("Mint failed: %v", err)
	}
	if _, err := second.Verify(token); err != nil {
		t.Errorf("key from the second load rejects a token of the first: %v", err)
	}
	loaded, err := LoadDevelopmentKey(dir)
	if err != nil {
		t.Fatalf("LoadDevelopmentKey failed: %v", err)
	}
	if _, err := loaded.Verify(token); err != nil {
		t.Errorf("key from LoadDevelopmentKey rejects a token of the first load: %v", err)
	}
}

func TestLoadDevelopmentKeyMissing(t *testing.T) {
	dir := t.TempDir()
	keys, err := LoadDevelopmentKey(dir)
	if err == nil {
		t.Fatalf("LoadDevelopmentKey returned %v for an empty folder, expected an error", keys)
	}
	if !strings.Contains(err.Error(), "postvern serve") {
		t.Errorf("error %q does not tell the user to start postvern serve", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("error %q does not name the folder %s", err, dir)
	}
	if _, statErr := os.Stat(filepath.Join(dir, DevelopmentKeyFile)); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("LoadDevelopmentKey created a key file (stat: %v)", statErr)
	}
}

func TestLoadDevelopmentKeyCorrupt(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate ECDSA key: %v", err)
	}
	ecDER, err := x509.MarshalPKCS8PrivateKey(ecKey)
	if err != nil {
		t.Fatalf("encode ECDSA key: %v", err)
	}

	tests := []struct {
		name string
		data []byte
	}{
		{"not PEM", []byte("this is not a key\n")},
		{"PEM with invalid DER", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("garbage")})},
		{"ECDSA instead of Ed25519", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, DevelopmentKeyFile)
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatalf("write key file: %v", err)
			}

			if _, err := LoadDevelopmentKey(dir); err == nil {
				t.Error("LoadDevelopmentKey accepted the file, expected an error")
			} else if !strings.Contains(err.Error(), path) {
				t.Errorf("LoadDevelopmentKey error %q does not name %s", err, path)
			}
			if _, _, err := LoadOrCreateDevelopmentKey(dir); err == nil {
				t.Error("LoadOrCreateDevelopmentKey accepted the file, expected an error")
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read key file: %v", err)
			}
			if !bytes.Equal(after, tt.data) {
				t.Error("LoadOrCreateDevelopmentKey replaced the corrupt key file, expected it left alone")
			}
		})
	}
}

// serveCaller runs r through the middleware and returns what CallerFrom
// reports inside the handler.
func serveCaller(t *testing.T, keys *Keys, r *http.Request) (domain.Caller, error) {
	t.Helper()
	var (
		caller domain.Caller
		err    error
		called bool
	)
	handler := keys.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		caller, err = CallerFrom(r.Context())
	}))
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, r)
	if !called {
		t.Fatal("middleware did not call the next handler")
	}
	if rec.Code != http.StatusOK {
		t.Errorf("middleware wrote status %d, expected it to leave the response alone", rec.Code)
	}
	return caller, err
}

func TestMiddleware(t *testing.T) {
	keys := NewKeys()
	person := domain.Caller{Person: testPerson, Scopes: []domain.Scope{domain.ScopeCorrespondenceRead}}
	valid, err := keys.Mint(person, time.Hour, time.Now())
	if err != nil {
		t.Fatalf("Mint failed: %v", err)
	}

	tests := []struct {
		name          string
		query         string
		authorization string
		upgrade       string
		wantPerson    domain.PersonID // empty when the request must be unauthenticated
	}{
		{name: "no header"},
		{name: "malformed bearer token", authorization: "Bearer not-a-token"},
		{name: "basic scheme", authorization: "Basic x"},
		{name: "bearer without token", authorization: "Bearer "},
		{name: "valid bearer token", authorization: "Bearer " + valid, wantPerson: testPerson},
		{name: "lowercase bearer scheme", authorization: "bearer " + valid, wantPerson: testPerson},
		{name: "access_token without upgrade", query: "?access_token=" + valid},
		{name: "access_token with other upgrade", query: "?access_token=" + valid, upgrade: "h2c"},
		{name: "access_token on websocket upgrade", query: "?access_token=" + valid, upgrade: "websocket", wantPerson: testPerson},
		{name: "header wins over access_token", query: "?access_token=" + valid, upgrade: "websocket", authorization: "Bearer not-a-token"},
		{name: "invalid access_token on websocket upgrade", query: "?access_token=not-a-token", upgrade: "websocket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/graphql"+tt.query, nil)
			if tt.authorization != "" {
				r.Header.Set("Authorization", tt.authorization)
			}
			if tt.upgrade != "" {
				r.Header.Set("Connection", "Upgrade")
				r.Header.Set("Upgrade", tt.upgrade)
			}

			caller, err := serveCaller(t, keys, r)
			if tt.wantPerson == "" {
				if err == nil {
					t.Fatalf("CallerFrom returned %+v, expected an error", caller)
				}
				if !errors.Is(err, domain.ErrUnauthenticated) {
					t.Errorf("CallerFrom error %v does not wrap domain.ErrUnauthenticated", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("CallerFrom failed: %v", err)
			}
			if caller.Person != tt.wantPerson {
				t.Errorf("Person = %q, expected %q", caller.Person, tt.wantPerson)
			}
			if !slices.Equal(caller.Scopes, person.Scopes) {
				t.Errorf("Scopes = %v, expected %v", caller.Scopes, person.Scopes)
			}
		})
	}
}

func TestMiddlewareRejectionTellsHowToFix(t *testing.T) {
	keys := NewKeys()
	r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	r.Header.Set("Authorization", "Bearer not-a-token")

	_, err := serveCaller(t, keys, r)
	if err == nil {
		t.Fatal("CallerFrom returned no error for a malformed token")
	}
	if !strings.Contains(err.Error(), "postvern token") {
		t.Errorf("error %q does not point to postvern token", err)
	}
}

func TestCallerFromContext(t *testing.T) {
	if _, err := CallerFrom(t.Context()); !errors.Is(err, domain.ErrUnauthenticated) {
		t.Errorf("CallerFrom on a bare context = %v, expected an error wrapping domain.ErrUnauthenticated", err)
	}

	want := domain.Caller{Organization: testOrg, Scopes: []domain.Scope{domain.ScopeCorrespondenceWrite}}
	got, err := CallerFrom(WithCaller(t.Context(), want))
	if err != nil {
		t.Fatalf("CallerFrom after WithCaller failed: %v", err)
	}
	if got.Organization != want.Organization || !slices.Equal(got.Scopes, want.Scopes) {
		t.Errorf("CallerFrom = %+v, expected %+v", got, want)
	}
}
