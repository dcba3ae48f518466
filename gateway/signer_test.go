package gateway_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// TestBasicAuthorizationVector: RFC 7617, base64("test_key:test_secret"),
// the value computed with `printf 'test_key:test_secret' | base64`.
func TestBasicAuthorizationVector(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Basic dGVzdF9rZXk6dGVzdF9zZWNyZXQ=", gateway.BasicAuthorization("test_key", "test_secret"))
	r, err := http.NewRequest(http.MethodGet, "https://x.test/int/assets", nil)
	require.NoError(t, err)
	gateway.NewSigner("test_key", "test_secret").SignRequest(r)
	user, pass, ok := r.BasicAuth() // net/http's own parser
	require.True(t, ok)
	assert.Equal(t, "test_key", user)
	assert.Equal(t, "test_secret", pass)
}

// TestWebhookSignatureVector: the documentation's payment.complete example
// signed under "whsec_doc_example", the hex computed with Python's
// hmac.new(secret, body, hashlib.sha256).hexdigest().
func TestWebhookSignatureVector(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhook_payment_complete.json")
	const want = "c1261ef6487045792af7cd7d2410723edb5234e3639a4f7bd8a778a3af3c774b"
	_, h, err := gateway.SignTestWebhook("whsec_doc_example", body)
	require.NoError(t, err)
	assert.Equal(t, want, h.Get(gateway.HeaderSignature))
	// And against crypto/hmac directly.
	m := hmac.New(sha256.New, []byte("whsec_doc_example"))
	m.Write(body)
	assert.Equal(t, hex.EncodeToString(m.Sum(nil)), h.Get(gateway.HeaderSignature))
}
