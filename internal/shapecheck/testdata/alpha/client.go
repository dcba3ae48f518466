// Package alpha is a fake provider with the whole shape and nothing else:
// TestPackageShape's fixture. It is parsed, never compiled.
package alpha

// ProductionBaseURL is the API host.
const ProductionBaseURL = "https://api.example.com"

// ProviderName names the provider.
const ProviderName = "alpha"

// Client is the API client.
type Client struct {
	common   service
	Invoices *InvoicesService
	Webhooks *WebhooksService
}

type service struct{ client *Client }

// New returns a client.
func New(cfg Config, opts ...option.Option) (*Client, error) { return nil, nil }

// BaseURL is the base URL.
func (c *Client) BaseURL() string { return "" }

// Format prints the client without secrets.
func (c *Client) Format(f fmt.State, verb rune) {}
