package main

import "github.com/coinsdk/coinsdk/cryptopay"

// cryptopayVerifier builds the Cryptopay route. X-Cryptopay-Signature is an
// HMAC-SHA256 of the whole raw body under the callback secret, so a verified
// callback needs no refresh: the callback secret alone is enough
// (CRYPTOPAY_CALLBACK_SECRET, and CRYPTOPAY_PREVIOUS_CALLBACK_SECRETS during
// a rotation). With CRYPTOPAY_API_KEY and CRYPTOPAY_API_SECRET too (and
// CRYPTOPAY_BASE_URL for the sandbox host) the route can also refresh.
func cryptopayVerifier(getenv func(string) string) verifier {
	secret := getenv("CRYPTOPAY_CALLBACK_SECRET")
	if secret == "" {
		return verifier{missing: "CRYPTOPAY_CALLBACK_SECRET"}
	}
	previous := splitList(getenv("CRYPTOPAY_PREVIOUS_CALLBACK_SECRETS"))
	key, apiSecret := getenv("CRYPTOPAY_API_KEY"), getenv("CRYPTOPAY_API_SECRET")
	if key == "" || apiSecret == "" {
		return verifier{v: cryptopay.NewWebhookAdapter(append([]string{secret}, previous...)...),
			note: " (verify only: callbacks are fully signed, so they are processed as received)"}
	}
	c, err := cryptopay.New(cryptopay.Config{APIKey: key, APISecret: apiSecret, WebhookSecret: secret,
		PreviousWebhookSecrets: previous}, baseURL(getenv, "CRYPTOPAY_BASE_URL")...)
	var a *cryptopay.Adapter
	if err == nil {
		a, err = cryptopay.NewAdapter(c, cryptopay.AdapterOptions{})
	}
	return adapted("Cryptopay", a, err, "")
}
