package credential

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

const (
	testKey    = "live_key_1234567890abcd"
	testSecret = "hunter2-very-secret"
)

// signer is how a provider's signer holds a Credential and prints itself.
type signer struct{ cred Credential }

func (s signer) Format(f fmt.State, _ rune) { s.cred.Describe(f, "prov.Signer") }

// handHMAC is the HMAC computed with crypto/hmac directly.
func handHMAC(h func() hash.Hash, key, msg string) string {
	m := hmac.New(h, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ key, secret, field string }{
		{"", testSecret, "APIKey"},
		{" \t", testSecret, "APIKey"},
		{"", "", "APIKey"}, // the key is named first
		{testKey, "", "APISecret"},
		{testKey, " \n", "APISecret"},
	} {
		err := Check(c.key, c.secret)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, "%q/%q", c.key, c.secret)
		assert.Equal(t, c.field, ve.Field)
		assert.ErrorIs(t, err, payments.ErrValidation)
	}
	assert.NoError(t, Check(testKey, testSecret))
	assert.NoError(t, Check(testKey, " "+testSecret), "white space around a real secret is the secret's own")
}

func TestKeyAndSecret(t *testing.T) {
	t.Parallel()
	for _, c := range []Credential{New(testKey, testSecret), NewHMAC(sha256.New, testKey, testSecret)} {
		assert.Equal(t, testKey, c.Key())
		sec := c.Secret()
		assert.Equal(t, []byte(testSecret), sec)
		sec[0] = 'X'
		assert.Equal(t, []byte(testSecret), c.Secret(), "Secret returns a new slice each time")
	}
}

// TestHexKnownVector: Hex is the HMAC crypto/hmac computes, for a Credential
// made by New and by NewHMAC, over SHA-256 and SHA-512 (CryptoChill's and
// CryptoProcessing's vectors, byte for byte).
func TestHexKnownVector(t *testing.T) {
	t.Parallel()
	const want256 = "4bd80dd58c5538dca6de749b3ea0f48bae53260cfbb353ba8208ac20062db87a"
	require.Equal(t, want256, handHMAC(sha256.New, "your_callback_token", "a1b2c3"))
	assert.Equal(t, want256, New("k", "your_callback_token").Hex(sha256.New, []byte("a1b2c3")))
	assert.Equal(t, want256, NewHMAC(sha256.New, "k", "your_callback_token").Hex(sha256.New, []byte("a1b2c3")))

	body := `{"currency":"BTC","foreign_id":"123456"}`
	const want512 = "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
	require.Equal(t, want512, handHMAC(sha512.New, "AbCdEfG123456", body))
	assert.Equal(t, want512, New("k", "AbCdEfG123456").Hex(sha512.New, []byte(body)))
	c := NewHMAC(sha512.New, "k", "AbCdEfG123456")
	for range 3 { // the pooled state is reset between signatures
		assert.Equal(t, want512, c.Hex(sha512.New, []byte(body)))
	}
	assert.Equal(t, handHMAC(sha512.New, "AbCdEfG123456", "other"), c.Hex(sha512.New, []byte("other")))
}

// TestHexConcurrent: one Credential signs from 64 goroutines at once (run
// with -race) and every signature is the hand-computed one.
func TestHexConcurrent(t *testing.T) {
	t.Parallel()
	creds := map[string]Credential{"New": New(testKey, testSecret), "NewHMAC": NewHMAC(sha256.New, testKey, testSecret)}
	for name, c := range creds {
		var wg sync.WaitGroup
		for g := range 64 {
			wg.Go(func() {
				for i := range 20 {
					msg := "POST /v1/payouts " + strconv.Itoa(g) + "/" + strconv.Itoa(i)
					assert.Equal(t, handHMAC(sha256.New, testSecret, msg), c.Hex(sha256.New, []byte(msg)), name)
					assert.Equal(t, testKey, c.Key(), name)
				}
			})
		}
		wg.Wait()
	}
}

func TestZeroCredential(t *testing.T) {
	t.Parallel()
	var c Credential
	assert.Empty(t, c.Key())
	assert.Empty(t, c.Secret())
	assert.Equal(t, handHMAC(sha256.New, "", "msg"), c.Hex(sha256.New, []byte("msg")), "signs under an empty secret")
	assert.Equal(t, "prov.Signer{key: , secret: }", fmt.Sprint(signer{c}))
}

// TestSecretNeverPrinted: no verb shows the secret (nor its hex), neither of
// a Credential itself nor of a struct holding one, a pointer to it, or a
// signer that describes itself through Describe.
func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	hexSecret := hex.EncodeToString([]byte(testSecret))
	for _, c := range []Credential{New(testKey, testSecret), NewHMAC(sha256.New, testKey, testSecret)} {
		c.Hex(sha256.New, []byte("warm the pooled states")) // printed after use, too
		s := signer{c}
		type holder struct {
			Name string
			cred Credential
			Cred Credential
		}
		h := holder{Name: "h", cred: c, Cred: c}
		for _, v := range []any{c, &c, s, &s, h, &h, []Credential{c}, map[string]Credential{"k": c}} {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
				out := fmt.Sprintf(verb, v)
				assert.NotContains(t, out, "hunter2", "%s of %T", verb, v)
				assert.NotContains(t, out, hexSecret[:12], "%s of %T (hex)", verb, v)
				assert.NotContains(t, out, testKey, "%s of %T: the key is never printed whole", verb, v)
			}
		}
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	s := signer{New(testKey, testSecret)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.Equal(t, "prov.Signer{key: …abcd, secret: [redacted]}", fmt.Sprintf(verb, s), verb)
	}
	assert.Equal(t, "prov.Signer{key: [redacted], secret: [redacted]}", fmt.Sprint(signer{New("short", "x")}), "a short key is masked whole")
}
