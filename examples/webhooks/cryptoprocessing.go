package main

import "github.com/coinsdk/coinsdk/cryptoprocessing"

// cryptoprocessingVerifier builds the CryptoProcessing route: the signature
// is an HMAC-SHA512 of the whole raw body under the API secret, so a
// verified callback needs no refresh.
func cryptoprocessingVerifier(getenv func(string) string) verifier {
	key, secret := getenv("CRYPTOPROCESSING_API_KEY"), getenv("CRYPTOPROCESSING_API_SECRET")
	if key == "" || secret == "" {
		return verifier{missing: "CRYPTOPROCESSING_API_KEY and CRYPTOPROCESSING_API_SECRET"}
	}
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: key, APISecret: secret,
		PreviousAPISecrets: splitList(getenv("CRYPTOPROCESSING_PREVIOUS_API_SECRETS"))},
		baseURL(getenv, "CRYPTOPROCESSING_BASE_URL")...)
	var a *cryptoprocessing.Adapter
	if err == nil {
		a, err = cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{})
	}
	return adapted("CryptoProcessing", a, err, "")
}
