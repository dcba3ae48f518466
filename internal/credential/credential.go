// Package credential checks and holds an API key and its secret the way
// every provider's New and request signer do: both only as redact.Secret (no printing path shows
// them), the key printed as its tail and the secret masked, and for an
// HMAC signer the keyed HMAC states reused across signatures (a client
// signs every attempt of every call). A provider's signer.go keeps only
// what it signs and how it carries the signature.
package credential

import (
	"fmt"
	"hash"
	"strings"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

// Check refuses a blank API key or a blank API secret with a
// *payments.ValidationError naming the Config field (APIKey, APISecret):
// what a provider's New checks before anything is built, since a client
// without them could only earn 401s.
func Check(apiKey, apiSecret string) error {
	if strings.TrimSpace(apiKey) == "" {
		return &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if strings.TrimSpace(apiSecret) == "" {
		// A secret of white space only is a configuration slip (an unset
		// variable padded by a template), never a real HMAC key. A secret
		// with white space around other characters is kept as given.
		return &payments.ValidationError{Field: "APISecret", Reason: "is required"}
	}
	return nil
}

// Credential is an API key and its secret. The zero Credential holds
// empty ones (a zero Signer signs under an empty secret).
type Credential struct {
	key    redact.Secret // not a secret, but never printed whole
	secret redact.Secret
	// mac reuses keyed HMAC states across signatures; nil unless made by
	// NewHMAC, and then Hex signs through hmacsig.Hex instead.
	mac *hmacsig.Keyed
}

// New returns the Credential of an API key and secret.
func New(apiKey, apiSecret string) Credential {
	return Credential{key: redact.NewSecret(apiKey), secret: redact.NewSecret(apiSecret)}
}

// NewHMAC returns the Credential of an API key and secret that signs with
// a hex HMAC over h, with keyed states made once.
func NewHMAC(h func() hash.Hash, apiKey, apiSecret string) Credential {
	c := New(apiKey, apiSecret)
	c.mac = hmacsig.NewKeyed(h, []byte(apiSecret))
	return c
}

// Key returns the API key, for the header that carries it.
func (c Credential) Key() string { return c.key.Reveal() }

// Secret returns the secret as a new byte slice, for an HMAC key.
func (c Credential) Secret() []byte { return c.secret.Bytes() }

// Hex is the lowercase hex HMAC of msg under the secret. h is the hash
// NewHMAC was given: a Credential not made by it (the zero one) signs
// through hmacsig.Hex with h.
func (c Credential) Hex(h func() hash.Hash, msg []byte) string {
	if c.mac == nil {
		return hmacsig.Hex(h, c.secret.Bytes(), msg)
	}
	return c.mac.Hex(msg)
}

// Describe prints a signer holding c as name{key: <its tail>, secret: <masked>}.
func (c Credential) Describe(f fmt.State, name string) {
	redact.Format(f, name, "key", redact.Key(c.key.Reveal()), "secret", redact.Mask(c.secret.Reveal()))
}
