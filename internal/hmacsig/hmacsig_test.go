package hmacsig

import (
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHexAndVerify(t *testing.T) {
	// CryptoChill's callback vector.
	sig := Hex(sha256.New, []byte("your_callback_token"), []byte("a1b2c3"))
	require.Equal(t, "4bd80dd58c5538dca6de749b3ea0f48bae53260cfbb353ba8208ac20062db87a", sig)
	assert.True(t, VerifyHex(sha256.New, []byte("your_callback_token"), []byte("a1b2c3"), strings.ToUpper(sig)), "upper-case hex")
	for _, bad := range []string{"", "zz", sig[:10], sig + "00", strings.Replace(sig, "4", "5", 1)} {
		assert.False(t, VerifyHex(sha256.New, []byte("your_callback_token"), []byte("a1b2c3"), bad), bad)
	}
	// CryptoProcessing's vector.
	body := []byte(`{"currency":"BTC","foreign_id":"123456"}`)
	want := "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
	require.Equal(t, want, Hex(sha512.New, []byte("AbCdEfG123456"), body))
	assert.True(t, VerifyAny(sha512.New, [][]byte{[]byte("old"), nil, []byte("AbCdEfG123456")}, body, want), "rotation: a later key verifies")
	assert.False(t, VerifyAny(sha512.New, [][]byte{nil, []byte("")}, body, want), "empty keys never verify")
}

// Keyed gives what Hex gives, under concurrent use and after reuse of its
// pooled states, and prints no key.
func TestKeyedMatchesHex(t *testing.T) {
	t.Parallel()
	for _, h := range []func() hash.Hash{sha256.New, sha512.New} {
		key := []byte("k3y-material")
		k := NewKeyed(h, key)
		key[0] = 'X' // NewKeyed keeps its own copy
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Go(func() {
				for i := range 50 {
					msg := []byte(fmt.Sprintf("message %d/%d", g, i))
					assert.Equal(t, Hex(h, []byte("k3y-material"), msg), k.Hex(msg))
				}
			})
		}
		wg.Wait()
		assert.Equal(t, "hmacsig.Keyed{…}", fmt.Sprintf("%v %+v %#v", k, k, k)[:len("hmacsig.Keyed{…}")])
		assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", k, k, k, k), "k3y")
	}
}
