package alpha

// AdapterOptions configures the adapter.
type AdapterOptions struct{}

// Adapter meets the payments interfaces.
type Adapter struct{ c *Client }

// NewAdapter returns an adapter.
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) { return nil, nil }
