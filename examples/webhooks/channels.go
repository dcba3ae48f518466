package main

import "github.com/coinsdk/coinsdk/channels"

// channelsVerifier builds the XGateway channels route. A callback's hash
// covers only its id, customerId, amount and currency (a changed amount is
// 401), not its status: the handler refreshes every callback from the API
// (GET /api/v2/transaction/{id}), which needs CHANNELS_API_KEY. With the
// secret key alone the route verifies callbacks (401 for forged ones) and
// answers 503 to genuine ones, so XGateway retries them (up to ten times).
// CHANNELS_PREVIOUS_SECRET_KEYS (comma-separated) are accepted during a
// rotation; CHANNELS_BASE_URL points elsewhere than api.xgateway.tech;
// CHANNELS_DEMO=1 says the key is a demo account's, whose withdrawals fail
// before they are confirmed.
func channelsVerifier(getenv func(string) string) verifier {
	secret := getenv("CHANNELS_SECRET_KEY")
	if secret == "" {
		return verifier{missing: "CHANNELS_SECRET_KEY"}
	}
	previous := splitList(getenv("CHANNELS_PREVIOUS_SECRET_KEYS"))
	key := getenv("CHANNELS_API_KEY")
	if key == "" {
		return verifier{v: channels.NewWebhookAdapter(append([]string{secret}, previous...)...),
			note: " (verify only: set CHANNELS_API_KEY to refresh and process callbacks; until then they answer 503)"}
	}
	c, err := channels.New(channels.Config{APIKey: key, WebhookSecret: secret, PreviousWebhookSecrets: previous},
		baseURL(getenv, "CHANNELS_BASE_URL")...)
	var a *channels.Adapter
	if err == nil {
		a, err = channels.NewAdapter(c, channels.AdapterOptions{DemoFailedWithdrawalsAreProcessing: getenv("CHANNELS_DEMO") == "1"})
	}
	return adapted("channels", a, err, "")
}
