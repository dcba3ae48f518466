// Package redact keeps secrets out of printed values.
//
// fmt prints unexported struct fields by reflection, bypassing their String
// methods, so every exported type that holds a secret (a Config, a Client, a
// signer) implements fmt.Formatter through Format here, and tests check
// that %v, %+v, %#v and %s of it never show the secret.
package redact

import (
	"fmt"
	"io"
	"strings"
)

// Mask hides a secret entirely: "" stays "", anything else is "[redacted]".
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "[redacted]"
}

// Key shows enough of a non-secret identifier (an API key) to tell keys
// apart in logs, and no more: the last four characters of a long key.
func Key(key string) string {
	if len(key) < 12 {
		return Mask(key)
	}
	return "…" + key[len(key)-4:]
}

// Format writes typeName{k1: v1, k2: v2} for any verb; values are written as
// given, so callers pass them through Mask or Key first.
func Format(f fmt.State, typeName string, kv ...string) {
	var b strings.Builder
	b.WriteString(typeName)
	b.WriteString("{")
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(kv[i])
		b.WriteString(": ")
		b.WriteString(kv[i+1])
	}
	b.WriteString("}")
	_, _ = io.WriteString(f, b.String())
}
