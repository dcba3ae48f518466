package main

import (
	"bytes"
	"net/http"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
)

// cryptoprocessingSelfTest returns the CryptoProcessing receiver with demo
// secrets and its cases: a deposit callback shaped like the documentation's.
func cryptoprocessingSelfTest() (receiver, []selfCase) {
	const key, secret, path = "selftest-key", "selftest-secret", "/webhooks/cryptoprocessing"
	body := []byte(`{"id":1,"type":"deposit","crypto_address":{"id":1,"currency":"BTC","address":"bc1qexample","tag":null,"foreign_id":"customer-1"},` +
		`"currency_sent":{"currency":"BTC","amount":"0.01000000"},"currency_received":{"currency":"BTC","amount":"0.01000000","amount_minus_fee":"0.00990000"},` +
		`"transactions":[{"id":1,"currency":"BTC","transaction_type":"blockchain","type":"deposit","address":"bc1qexample","tag":null,"amount":"0.01000000","txid":"ab12","confirmations":1}],` +
		`"fees":[{"type":"deposit","currency":"BTC","amount":"0.00010000"}],"error":"","status":"confirmed"}`)
	signed := func(b []byte, s string) http.Header {
		return http.Header{"Content-Type": {"application/json"}, cryptoprocessing.HeaderKey: {key},
			cryptoprocessing.HeaderSignature: {cryptoprocessing.SignBody(s, b)}}
	}
	tampered := bytes.Replace(body, []byte(`"0.01000000","amount_minus_fee"`), []byte(`"9.01000000","amount_minus_fee"`), 1)
	huge := bytes.Repeat([]byte(" "), 1<<20+1)
	return cryptoprocessingReceiver(key, secret), []selfCase{
		{"verified callback", path, body, signed(body, secret), http.StatusOK},
		{"redelivered callback", path, body, signed(body, secret), http.StatusOK},
		{"forged signature", path, body, signed(body, "not-the-secret"), http.StatusUnauthorized},
		{"tampered amount", path, tampered, signed(body, secret), http.StatusUnauthorized},
		{"body over 1 MiB", path, huge, signed(huge, secret), http.StatusRequestEntityTooLarge},
		{"malformed body", path, []byte(`{"id":`), signed([]byte(`{"id":`), secret), http.StatusBadRequest},
	}
}
