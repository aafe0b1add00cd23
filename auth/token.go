package auth

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/postvern/postvern/domain"
)

// Issuer is the iss claim of development tokens.
const Issuer = "postvern-dev"

// ClockSkew is how far past its expiry, or before its start, a token is
// still accepted, to allow for clocks that differ between issuer and server.
const ClockSkew = 10 * time.Second

// DevelopmentKeyFile is the name of the development signing key in the data
// folder.
const DevelopmentKeyFile = "dev-signing-key.pem"

// ErrInvalidToken reports a token that is malformed, expired, badly signed or
// missing a claim. The wrapping error names the problem.
var ErrInvalidToken = errors.New("invalid token")

// claims is the token body.
type claims struct {
	PersonID string `json:"pid,omitempty"`
	Consumer string `json:"consumer,omitempty"`
	Scope    string `json:"scope"`
	jwt.RegisteredClaims
}

// Keys signs and verifies tokens with one Ed25519 key pair.
type Keys struct {
	private ed25519.PrivateKey
	public  ed25519.PublicKey
}

// LoadOrCreateDevelopmentKey reads the development key from dir, creating it
// with mode 0600 when it is missing. created reports whether it was created.
func LoadOrCreateDevelopmentKey(dir string) (keys *Keys, created bool, err error) {
	path := filepath.Join(dir, DevelopmentKeyFile)
	data, err := os.ReadFile(path)
	if err == nil {
		keys, err := parseKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("read signing key %s: %w", path, err)
		}
		return keys, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("read signing key: %w", err)
	}

	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("generate signing key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(private)
	if err != nil {
		return nil, false, fmt.Errorf("encode signing key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("create data folder: %w", err)
	}
	pemData := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	// O_EXCL keeps two starting processes from overwriting each other's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreateDevelopmentKey(dir)
	}
	if err != nil {
		return nil, false, fmt.Errorf("write signing key: %w", err)
	}
	if _, err := f.Write(pemData); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write signing key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write signing key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write signing key: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return nil, false, fmt.Errorf("write signing key: %w", err)
	}
	return &Keys{private: private, public: private.Public().(ed25519.PublicKey)}, true, nil
}

// LoadDevelopmentKey reads the development key from dir. It fails when the
// key does not exist, since a token signed with a new key would not be
// accepted by a server that already made its own.
func LoadDevelopmentKey(dir string) (*Keys, error) {
	path := filepath.Join(dir, DevelopmentKeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no development signing key at %s: start `postvern serve --data %s` once to create it, or pass the --data folder the server uses", path, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	keys, err := parseKey(data)
	if err != nil {
		return nil, fmt.Errorf("read signing key %s: %w", path, err)
	}
	return keys, nil
}

func parseKey(data []byte) (*Keys, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	private, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("key is %T, expected Ed25519", parsed)
	}
	return &Keys{private: private, public: private.Public().(ed25519.PublicKey)}, nil
}

// NewKeys returns keys for a fresh random key pair, for tests.
func NewKeys() *Keys {
	public, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("generate ed25519 key: %v", err)) // crypto/rand.Read does not fail on Linux, macOS or Windows (Go 1.24 and later).
	}
	return &Keys{private: private, public: public}
}

// Mint returns a signed token for caller, valid for ttl from now.
func (k *Keys) Mint(caller domain.Caller, ttl time.Duration, now time.Time) (string, error) {
	if (caller.Person == "") == (caller.Organization == "") {
		return "", errors.New("a token names either a person or an organization")
	}
	scopes := make([]string, 0, len(caller.Scopes))
	for _, s := range caller.Scopes {
		scopes = append(scopes, string(s))
	}

	subject := caller.URN()
	c := claims{
		PersonID: string(caller.Person),
		Consumer: string(caller.Organization),
		Scope:    strings.Join(scopes, " "),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   subject,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c).SignedString(k.private)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return token, nil
}

// Verify checks a token's signature, issuer and lifetime and returns the
// caller it names. Unknown scopes are ignored.
func (k *Keys) Verify(token string) (domain.Caller, error) {
	caller, _, err := k.verify(token)
	return caller, err
}

// verify is Verify that also returns the token's expiry.
func (k *Keys) verify(token string) (domain.Caller, time.Time, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return k.public, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(ClockSkew),
	)
	if err != nil {
		return domain.Caller{}, time.Time{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}

	caller := domain.Caller{}
	switch {
	case c.PersonID != "" && c.Consumer != "":
		return domain.Caller{}, time.Time{}, fmt.Errorf("%w: it names both a person and an organization", ErrInvalidToken)
	case c.PersonID != "":
		person, err := domain.ParsePersonID(c.PersonID)
		if err != nil {
			return domain.Caller{}, time.Time{}, fmt.Errorf("%w: claim pid: %v", ErrInvalidToken, err)
		}
		caller.Person = person
	case c.Consumer != "":
		org, err := domain.ParseOrganizationNumber(c.Consumer)
		if err != nil {
			return domain.Caller{}, time.Time{}, fmt.Errorf("%w: claim consumer: %v", ErrInvalidToken, err)
		}
		caller.Organization = org
	default:
		return domain.Caller{}, time.Time{}, fmt.Errorf("%w: it names neither a person (pid) nor an organization (consumer)", ErrInvalidToken)
	}

	for _, s := range strings.Fields(c.Scope) {
		for _, known := range domain.Scopes() {
			if domain.Scope(s) == known {
				caller.Scopes = append(caller.Scopes, known)
			}
		}
	}
	return caller, c.ExpiresAt.Time, nil
}

type callerKey struct{}

var errNotBearer = &domain.Rejection{Kind: domain.ErrUnauthenticated, Message: "the Authorization header does not use the Bearer scheme: send Authorization: Bearer <token>"}

var errNoToken = &domain.Rejection{Kind: domain.ErrUnauthenticated, Message: "no bearer token: send the header Authorization: Bearer <token>"}

// identity is the middleware's result: a caller, or the error that explains
// why there is none.
type identity struct {
	caller domain.Caller
	err    error
}

// Middleware reads the Authorization header and stores the caller, or the
// reason the token was rejected, in the request context. It never rejects a
// request itself: GraphQL resolvers decide what needs a caller.
func (k *Keys) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		id := identity{err: errNoToken}
		if header == "" && r.URL.Query().Get("access_token") != "" && isWebSocketUpgrade(r) {
			header = "Bearer " + r.URL.Query().Get("access_token")
		}
		// HTTP authentication schemes are case-insensitive (RFC 9110, section 11.1).
		var expires time.Time
		switch {
		case strings.EqualFold(strings.TrimSpace(header), "Bearer"):
			id = identity{err: errNoToken}
		case header != "":
			id = identity{err: errNotBearer}
		}
		if scheme, token, ok := strings.Cut(header, " "); ok && strings.EqualFold(scheme, "Bearer") {
			caller, expiry, err := k.verify(strings.TrimSpace(token))
			if err != nil {
				id = identity{err: &domain.Rejection{Kind: domain.ErrUnauthenticated, Message: err.Error() + "; mint a new token with `postvern token`"}}
			} else {
				id = identity{caller: caller}
				expires = expiry.Add(ClockSkew)
			}
		}

		ctx := context.WithValue(r.Context(), callerKey{}, id)
		if !expires.IsZero() && isWebSocketUpgrade(r) {
			// A websocket outlives the request that opened it, so it ends
			// when its token expires, and the client must reconnect with a
			// new one.
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, expires)
			defer cancel()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func isWebSocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// WithCaller returns a context that carries caller, as the middleware does.
func WithCaller(ctx context.Context, caller domain.Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, identity{caller: caller})
}

// CallerFrom returns the authenticated caller, or an error wrapping
// domain.ErrUnauthenticated that explains why there is none.
func CallerFrom(ctx context.Context) (domain.Caller, error) {
	id, ok := ctx.Value(callerKey{}).(identity)
	if !ok {
		return domain.Caller{}, errNoToken
	}
	return id.caller, id.err
}

// syncDir flushes a folder's entries to disk, so that a newly created file is
// still there after a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
