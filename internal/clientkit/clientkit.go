// Package clientkit holds what every provider's New does the same way
// before its own wiring: refusing missing credentials, and applying the
// options over the provider's defaults to build the one HTTP core its calls
// go through. A provider's client.go keeps what is its own: its signer, its
// pipeline steps and its services.
package clientkit

import (
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// Credentials refuses a blank API key or an empty API secret with a
// *payments.ValidationError naming the Config field, before anything is
// built: a client without them could only earn 401s.
func Credentials(apiKey, apiSecret string) error {
	if strings.TrimSpace(apiKey) == "" {
		return &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if apiSecret == "" {
		return &payments.ValidationError{Field: "APISecret", Reason: "is required"}
	}
	return nil
}

// HTTP applies opts over the provider's defaults (baseURL, "" where the
// provider has no default host, and the "coinsdk-go/<provider>"
// User-Agent) and builds the HTTP core from cfg (its Provider, DecodeError
// and Refused) with those settings. It returns the settings as well: the
// clock, the webhook body limit and the nonce source are the provider's to
// keep. An unusable base URL or option is the core's
// *payments.ValidationError.
func HTTP(cfg httpcore.Config, baseURL string, opts []option.Option) (option.Settings, *httpcore.Client, error) {
	cfg.Settings = option.Apply(option.Settings{BaseURL: baseURL, UserAgent: "coinsdk-go/" + cfg.Provider}, opts...)
	hc, err := httpcore.New(cfg)
	return cfg.Settings, hc, err
}
