package main

import "github.com/coinsdk/coinsdk/cryptochill"

// cryptochillVerifier builds the CryptoChill route. CryptoChill signs only
// callback_id: the handler refreshes every callback from the API, which
// needs the API key and secret. With the callback token alone the route
// verifies callbacks (401 for forged ones) and answers 503 to genuine ones.
func cryptochillVerifier(getenv func(string) string) verifier {
	token := getenv("CRYPTOCHILL_CALLBACK_TOKEN")
	if token == "" {
		return verifier{missing: "CRYPTOCHILL_CALLBACK_TOKEN"}
	}
	tokens := append([]string{token}, splitList(getenv("CRYPTOCHILL_PREVIOUS_CALLBACK_TOKENS"))...)
	key, secret := getenv("CRYPTOCHILL_API_KEY"), getenv("CRYPTOCHILL_API_SECRET")
	if key == "" || secret == "" {
		return verifier{v: cryptochill.NewWebhookAdapter(tokens...),
			note: " (verify only: set CRYPTOCHILL_API_KEY and CRYPTOCHILL_API_SECRET to refresh and process callbacks; until then they answer 503)"}
	}
	c, err := cryptochill.New(cryptochill.Config{APIKey: key, APISecret: secret, WebhookSecret: token,
		PreviousWebhookSecrets: tokens[1:]}, baseURL(getenv, "CRYPTOCHILL_BASE_URL")...)
	var a *cryptochill.Adapter
	if err == nil {
		a, err = cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
	}
	return adapted("CryptoChill", a, err, "")
}
