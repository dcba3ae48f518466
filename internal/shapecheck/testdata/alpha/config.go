package alpha

// Config holds the credentials.
type Config struct {
	APIKey                 string
	APISecret              string
	WebhookSecret          string
	PreviousWebhookSecrets []string
}

// Format masks the secrets.
func (c Config) Format(f fmt.State, verb rune) {}
