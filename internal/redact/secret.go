package redact

import (
	"fmt"
	"io"
)

// Secret holds a credential so that no way of printing the struct that
// contains it can show it. Format methods alone are not enough: fmt prints
// unexported fields by reflection, without calling their methods, and its
// bad-verb path (%!s(…)) prints whole pointed-to structs. A Secret keeps the
// value behind a pointer, which fmt prints below the top level as an address
// only; at the top level its Format prints "[redacted]".
type Secret struct{ p *string }

// Secrets wraps every non-empty value, in order (a current secret first,
// then previous ones still accepted during a rotation); nil when none is set.
func Secrets(values ...string) []Secret {
	var out []Secret
	for _, v := range values {
		if v != "" {
			out = append(out, NewSecret(v))
		}
	}
	return out
}

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{p: &s} }

// Reveal returns the secret, for signing.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// Bytes returns the secret as a new byte slice, for HMAC keys.
func (s Secret) Bytes() []byte { return []byte(s.Reveal()) }

// IsZero reports whether no secret (or an empty one) is held.
func (s Secret) IsZero() bool { return s.Reveal() == "" }

// Format prints "[redacted]" (or nothing for an empty secret) for every verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, Mask(s.Reveal())) }
