// Package hmacsig computes and verifies hex HMAC signatures, always comparing
// in constant time.
package hmacsig

import (
	"crypto/hmac"
	"encoding/hex"
	"hash"
	"strings"
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
