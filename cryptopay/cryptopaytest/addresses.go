package cryptopaytest

import (
	"crypto/rand"
	"math/big"
	"strconv"
)

const (
	base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	bech32Alphabet = "023456789acdefghjklmnpqrstuvwxyz"
	hexAlphabet    = "0123456789abcdef"
)

// randomFrom returns n random characters of alphabet.
func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet)))) // never fails since Go 1.24
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// newAddress is a fresh deposit address on a network, shaped like a testnet
// address of that chain (it passes the sandbox's own address checks).
func newAddress(n *network) string {
	switch n.name {
	case "bitcoin":
		return "tb1q" + randomFrom(bech32Alphabet, 38)
	case "litecoin":
		return "tltc1q" + randomFrom(bech32Alphabet, 38)
	case "ethereum":
		return "0x" + randomFrom(hexAlphabet, 40)
	case "tron":
		return "T" + randomFrom(base58Alphabet, 33)
	case "ripple":
		tag, _ := rand.Int(rand.Reader, big.NewInt(1_000_000_000))
		return "r" + randomFrom(base58Alphabet, 33) + "?dt=" + strconv.FormatInt(tag.Int64()+1, 10)
	}
	return randomFrom(base58Alphabet, 34)
}

// uriScheme is the payment URI scheme of a network: its name ("bitcoin:",
// "ethereum:", "tron:", …).
func uriScheme(network string) string { return network }
