package cryptochilltest

import (
	"crypto/rand"
	"strconv"
	"strings"
)

// Alphabets of the address formats the fake addresses imitate. The addresses only look
// right (prefix, alphabet, length); they carry no valid checksum and hold no coins.
const (
	bech32Chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	base58Chars = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	hexChars    = "0123456789abcdef"
)

// randomFrom returns n random characters of alphabet. The modulo bias does not matter for
// fake addresses.
func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	var sb strings.Builder
	sb.Grow(n)
	for _, c := range b {
		sb.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return sb.String()
}

// lightningView is the invoice's "lightning" object.
type lightningView struct {
	PaymentRequest string `json:"payment_request"`
	PaymentHash    string `json:"payment_hash"`
}

// newAddress makes a unique testnet-looking receiving address for kind; the caller holds
// s.mu. XRP gets "account:tag" plus an X-address, Liquid a confidential address plus the
// public one, and BTC_LIGHTNING no address but a payment request.
func (s *Server) newAddress(kind string) (address, xAddress, publicAddress string, ln *lightningView) {
	for {
		address, xAddress, publicAddress, ln = s.makeAddress(kind)
		key := address
		if ln != nil {
			key = ln.PaymentRequest
		}
		if _, taken := s.st.byAddress[key]; !taken {
			return
		}
	}
}

// makeAddress builds one candidate address for newAddress.
func (s *Server) makeAddress(kind string) (address, xAddress, publicAddress string, ln *lightningView) {
	wallet := kindTable[kind].wallet
	switch {
	case kind == "BTC_LIGHTNING":
		return "", "", "", &lightningView{
			PaymentRequest: "lntb1p" + randomFrom(bech32Chars, 240),
			PaymentHash:    randomFrom(hexChars, 64),
		}
	case wallet == "Bitcoin":
		return "tb1q" + randomFrom(bech32Chars, 38), "", "", nil
	case wallet == "Litecoin":
		return "tltc1q" + randomFrom(bech32Chars, 38), "", "", nil
	case wallet == "Dogecoin":
		return "n" + randomFrom(base58Chars, 33), "", "", nil
	case wallet == "Tron":
		return "T" + randomFrom(base58Chars, 33), "", "", nil
	case wallet == "Ripple":
		s.st.xrpTag++
		return "r" + randomFrom(base58Chars, 33) + ":" + strconv.Itoa(s.st.xrpTag), "T" + randomFrom(base58Chars, 46), "", nil
	case wallet == "Liquid":
		return "vjT" + randomFrom(base58Chars, 77), "", "F" + randomFrom(base58Chars, 33), nil
	default: // Ethereum and Binance Smart Chain
		return "0x" + randomFrom(hexChars, 40), "", "", nil
	}
}

// randomTxID returns a 64-hex-character transaction hash.
func randomTxID() string {
	return randomFrom(hexChars, 64)
}
