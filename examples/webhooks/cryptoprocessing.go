package main

import (
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
)

// cryptoprocessingReceiver verifies CryptoProcessing callbacks: the
// signature is an HMAC-SHA512 of the whole raw body under the API secret, so
// a verified callback's every field is the provider's word.
func cryptoprocessingReceiver(key, secret string) receiver {
	rc := receiver{name: "cryptoprocessing"}
	if key == "" || secret == "" {
		rc.missing = "CRYPTOPROCESSING_API_KEY and CRYPTOPROCESSING_API_SECRET"
		return rc
	}
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: key, APISecret: secret})
	if err != nil {
		rc.missing = "valid CRYPTOPROCESSING_API_KEY and CRYPTOPROCESSING_API_SECRET (" + err.Error() + ")"
		return rc
	}
	rc.parse = func(r *http.Request) (string, string, error) {
		ev, err := c.Webhooks.Parse(r)
		if err != nil {
			return "", "", err
		}
		tx := ev.Transaction
		return ev.DedupeKey(), fmt.Sprintf("%s %s id %s, %s %s (whole body signed)",
			tx.Type, tx.Status, tx.ID, tx.CurrencyReceived.Amount, tx.CurrencyReceived.Currency), nil
	}
	return rc
}
