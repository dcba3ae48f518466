package main

import "github.com/coinsdk/coinsdk/gateway"

// gatewayVerifier builds the Crypto Payment Gateway (BucksBus) route.
// X-Webhook-HMAC-SHA256 is an HMAC-SHA256 of the whole raw body under the
// store's webhook secret, so a verified webhook needs no refresh: the
// webhook secret alone is enough (GATEWAY_WEBHOOK_SECRET, and
// GATEWAY_PREVIOUS_WEBHOOK_SECRETS during a rotation). With
// GATEWAY_API_KEY and GATEWAY_API_SECRET too (and GATEWAY_BASE_URL, say
// https://devapi.bucksbus.com/int for a test store) the route can also
// refresh. A store without a webhook secret sends unsigned webhooks: they
// are refused unless GATEWAY_ACCEPT_UNSIGNED=1 and the API credentials are
// set, in which case each is refreshed from the API before it is processed.
func gatewayVerifier(getenv func(string) string) verifier {
	secret := getenv("GATEWAY_WEBHOOK_SECRET")
	previous := splitList(getenv("GATEWAY_PREVIOUS_WEBHOOK_SECRETS"))
	key, apiSecret := getenv("GATEWAY_API_KEY"), getenv("GATEWAY_API_SECRET")
	unsigned := getenv("GATEWAY_ACCEPT_UNSIGNED") == "1"
	switch {
	case secret == "" && !unsigned:
		return verifier{missing: "GATEWAY_WEBHOOK_SECRET"}
	case (key == "" || apiSecret == "") && secret == "":
		return verifier{missing: "GATEWAY_API_KEY and GATEWAY_API_SECRET (GATEWAY_ACCEPT_UNSIGNED=1 needs them to refresh)"}
	case key == "" || apiSecret == "":
		return verifier{v: gateway.NewWebhookAdapter(append([]string{secret}, previous...)...),
			note: " (verify only: webhooks are fully signed, so they are processed as received)"}
	}
	c, err := gateway.New(gateway.Config{APIKey: key, APISecret: apiSecret, WebhookSecret: secret,
		PreviousWebhookSecrets: previous, AcceptUnsignedWebhooks: unsigned}, baseURL(getenv, "GATEWAY_BASE_URL")...)
	var a *gateway.Adapter
	if err == nil {
		a, err = gateway.NewAdapter(c, gateway.AdapterOptions{})
	}
	note := ""
	if unsigned {
		note = " (unsigned webhooks accepted and refreshed from the API)"
	}
	return adapted("gateway", a, err, note)
}
