// Package auth verifies the bearer tokens (JWT) that callers present and
// mints development tokens. A token names a person (claim pid) or an
// organization (claim consumer) and carries space-separated scopes in the
// claim scope, as Maskinporten and ID-porten tokens do.
//
// The development signing key is an Ed25519 key that serve creates in the
// data folder. It suits local work and tests, not production.
package auth
