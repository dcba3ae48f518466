package channels

import (
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// NoCustomer stands in the hash for a callback without a customerId
// (settlement transactions).
const NoCustomer = "N/A"

// CallbackHash returns the hash XGateway puts on a callback:
// base64(SHA-512 of the UTF-8 string "{id}.{customerId}.{amount}.{currency}.{secretKey}"),
// with NoCustomer for an empty customerId. It is a plain hash with the
// secret appended, not an HMAC. The values must be the strings exactly as
// they appear in the callback (an amount of "10.50" is hashed as "10.50",
// not "10.5").
func CallbackHash(secretKey, id, customerID, amount, currency string) string {
	sum := callbackDigest(secretKey, id, customerID, amount, currency)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func callbackDigest(secretKey, id, customerID, amount, currency string) [sha512.Size]byte {
	if customerID == "" {
		customerID = NoCustomer
	}
	var b strings.Builder
	b.Grow(len(id) + len(customerID) + len(amount) + len(currency) + len(secretKey) + 4)
	for i, s := range []string{id, customerID, amount, currency, secretKey} {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return sha512.Sum512([]byte(b.String()))
}

// verifyHash reports whether hash is the callback hash of the fields under
// any of secrets (rotation). The digests are compared in constant time and
// every secret is tried, so the time taken reveals neither the hash nor
// which secret matched. A hash that is not base64 of 64 bytes is false.
func verifyHash(secrets []redact.Secret, id, customerID, amount, currency, hash string) bool {
	got, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSpace(hash))
	if err != nil {
		if got, err = base64.RawStdEncoding.Strict().DecodeString(strings.TrimSpace(hash)); err != nil {
			return false
		}
	}
	if len(got) != sha512.Size {
		return false
	}
	ok := 0
	for _, s := range secrets {
		if s.IsZero() {
			continue
		}
		want := callbackDigest(s.Reveal(), id, customerID, amount, currency)
		ok |= subtle.ConstantTimeCompare(got, want[:])
	}
	return ok == 1
}
