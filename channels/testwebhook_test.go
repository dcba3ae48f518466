package channels

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/stretchr/testify/assert"
)

// Vectors computed outside Go (Python hashlib: base64(sha512(text))), byte
// for byte, including the N/A customer and amounts with trailing zeros.
func TestCallbackHashVectors(t *testing.T) {
	t.Parallel()
	for _, v := range []struct{ id, customer, amount, currency, secret, want string }{
		{"tx-1001", "customer-7", "10.50", "tUSDT", "s3cr3t", "SIUXlOQRsF5t0uFNiEZsd6ZJ3hJR8JcjB0SCVQjOBK9Lf278ppUpCehQDcVBkCJRl5Xsl528FF4vK4ksqhZubA=="},
		{"tx-1002", "", "0.00100000", "BTC", "s3cr3t", "VpCZ7i9Xh1+GSCT45+fTCQfomt+sBCrS9QAza/gVEak/4/kHlz+pNv0h80ZPx5TqV6ZrhX4KocekbtbAWadQ3g=="},
		{"f3b1", "c-9", "100", "EUR", "s3cr3t", "gc5oG4qBOWTU6aF0lodl8skLnKInJSUfJ9una9L4lgm5mlsE87WYtq1eT8mxGPuqxkJvWq3xj3+aU+Y9OfjEfA=="},
	} {
		assert.Equal(t, v.want, callbackHash(v.secret, v.id, v.customer, v.amount, v.currency), v.id)
	}
}

// The hash matches an independent computation, for the N/A case and for
// amounts whose text differs only in trailing zeros.
func TestCallbackHashIndependent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ id, customer, amount, currency string }{
		{"1", "cust", "1", "BTC"}, {"1", "", "1", "BTC"}, {"1", "N/A", "1", "BTC"},
		{"a-b", "ü-ñ", "10.500000", "bUSDT"}, {"x", "y", "0.10", "EUR"}, {"x", "y", "0.1", "EUR"},
	} {
		assert.Equal(t, independentHash(c.id, c.customer, c.amount, c.currency, testSecret),
			callbackHash(testSecret, c.id, c.customer, c.amount, c.currency))
	}
	assert.NotEqual(t, callbackHash(testSecret, "x", "y", "0.10", "EUR"), callbackHash(testSecret, "x", "y", "0.1", "EUR"),
		"trailing zeros must change the hash: the provider hashes the text")
	assert.Equal(t, callbackHash(testSecret, "1", "", "1", "BTC"), callbackHash(testSecret, "1", "N/A", "1", "BTC"))
}

func TestVerifyHash(t *testing.T) {
	t.Parallel()
	cur, old := redact.NewSecret("new"), redact.NewSecret("old")
	h := callbackHash("old", "id", "c", "1.0", "ETH")
	assert.True(t, verifyHash([]redact.Secret{cur, old}, "id", "c", "1.0", "ETH", h), "previous key during rotation")
	assert.False(t, verifyHash([]redact.Secret{cur}, "id", "c", "1.0", "ETH", h))
	assert.False(t, verifyHash([]redact.Secret{old}, "id", "c", "1.00", "ETH", h))
	assert.False(t, verifyHash([]redact.Secret{old}, "id", "c", "1.0", "ETH", "not base64!"))
	assert.False(t, verifyHash([]redact.Secret{old}, "id", "c", "1.0", "ETH", "c2hvcnQ="))
	assert.True(t, verifyHash([]redact.Secret{old}, "id", "c", "1.0", "ETH", h[:len(h)-2]), "unpadded base64")
	assert.False(t, verifyHash(nil, "id", "c", "1.0", "ETH", h))
}
