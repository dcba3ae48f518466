// Package hmacsig computes and verifies hex HMAC signatures, always comparing
// in constant time.
package hmacsig

import (
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"
	"sync"
)

// Hex returns the lowercase hex HMAC of msg under key with hash h.
func Hex(h func() hash.Hash, key, msg []byte) string {
	m := hmac.New(h, key)
	m.Write(msg)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyHex reports whether sigHex (either case, surrounding spaces ignored)
// is the HMAC of msg under key. The comparison of the MACs is constant-time;
// a signature that is not hex, or of the wrong length, is simply false.
func VerifyHex(h func() hash.Hash, key, msg []byte, sigHex string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(sigHex))
	if err != nil {
		return false
	}
	m := hmac.New(h, key)
	m.Write(msg)
	return hmac.Equal(got, m.Sum(nil))
}

// VerifyAny is VerifyHex against each key in turn (secret rotation): true if
// any key verifies. Every key is tried, so the time taken does not reveal
// which one matched.
func VerifyAny(h func() hash.Hash, keys [][]byte, msg []byte, sigHex string) bool {
	ok := false
	for _, k := range keys {
		if len(k) > 0 && VerifyHex(h, k, msg, sigHex) {
			ok = true
		}
	}
	return ok
}

// Keyed is an HMAC under one key whose states are reused across calls: a
// pool of keyed hashes, each Reset to the key's initial state after use, so
// that signing allocates only its output. Why: a client signs every attempt
// of every call, and hmac.New costs three allocations and two key-pad
// hashes each time. It never prints its key. It is safe for concurrent use.
type Keyed struct{ pool sync.Pool }

// NewKeyed returns a Keyed HMAC under a copy of key with hash h.
func NewKeyed(h func() hash.Hash, key []byte) *Keyed {
	key = append([]byte(nil), key...)
	k := &Keyed{}
	k.pool.New = func() any { return hmac.New(h, key) }
	return k
}

// Hex returns the lowercase hex HMAC of msg, as Hex would.
func (k *Keyed) Hex(msg []byte) string {
	m := k.pool.Get().(hash.Hash)
	m.Write(msg)
	var buf [64]byte // the largest digest used: SHA-512
	out := hex.EncodeToString(m.Sum(buf[:0]))
	m.Reset()
	k.pool.Put(m)
	return out
}

// Format prints no key material, for every verb.
func (k *Keyed) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, "hmacsig.Keyed{…}") }
