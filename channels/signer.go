package channels

import (
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
)

// encode is the pipeline's Encode: the body is encoded as JSON once (the
// same bytes go out on every attempt), and every attempt is signed with the
// API key. Requests carry no nonce or date, so signing is only a header.
func (c *Client) encode(k *apicall.Call) ([]byte, func(*http.Request) error, error) {
	body, err := apicall.JSONBody(k.Body)
	return body, c.sign, err
}

// signRequest puts the API key on one attempt, and the Content-Type the
// documentation asks for on every request, reads included.
func (c *Client) signRequest(r *http.Request) error {
	r.Header.Set(HeaderAPIKey, c.apiKey.Reveal())
	if r.Header.Get("Content-Type") == "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return nil
}
