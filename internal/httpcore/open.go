package httpcore

import "github.com/coinsdk/coinsdk/option"

// Open applies opts over a provider's defaults (baseURL, "" where the
// provider has no default host, and the "coinsdk-go/<provider>"
// User-Agent) and builds the Client from cfg (its Provider, DecodeError
// and Refused) with those settings: what every provider's New does. It
// returns the settings as well: the clock, the webhook body limit and the
// nonce source are the provider's to keep. An unusable base URL or option
// is New's *payments.ValidationError.
func Open(cfg Config, baseURL string, opts []option.Option) (option.Settings, *Client, error) {
	cfg.Settings = option.Apply(option.Settings{BaseURL: baseURL, UserAgent: "coinsdk-go/" + cfg.Provider}, opts...)
	hc, err := New(cfg)
	return cfg.Settings, hc, err
}
