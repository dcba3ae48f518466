package cryptochill

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
)

// signCallback is the signature CryptoChill puts on a callback: hex
// HMAC-SHA256 of callbackID under the callback token.
func signCallback(token, callbackID string) string {
	return hmacsig.Hex(sha256.New, []byte(token), []byte(callbackID))
}

// SignTestWebhook returns what CryptoChill would send for body, an unsigned
// callback (a JSON object with callback_status and the object under the key
// its status names, e.g. {"callback_status":"invoice_complete","invoice":{…}}):
// the body with a callback_id (a fresh UUID unless body has one) and its
// signature under secret, the callback token, and the headers to send it
// with. Use it to test a callback handler; ParseBody accepts the result.
func SignTestWebhook(secret string, body []byte) ([]byte, http.Header, error) {
	if secret == "" {
		return nil, nil, &payments.ValidationError{Field: "secret", Reason: "is required"}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, nil, errors.Join(&payments.ValidationError{Field: "body", Reason: "must be a JSON object"}, err)
	}
	var status string
	if err := json.Unmarshal(fields["callback_status"], &status); err != nil || status == "" {
		return nil, nil, &payments.ValidationError{Field: "callback_status", Reason: "is required (a string)"}
	}
	var id string
	if raw, ok := fields["callback_id"]; ok {
		if err := json.Unmarshal(raw, &id); err != nil {
			return nil, nil, &payments.ValidationError{Field: "callback_id", Reason: "must be a string"}
		}
	}
	if id == "" {
		id = uuid.NewString()
		fields["callback_id"], _ = json.Marshal(id)
	}
	fields["signature"], _ = json.Marshal(signCallback(secret, id))
	signed, err := json.Marshal(fields)
	if err != nil {
		return nil, nil, err
	}
	return signed, http.Header{"Content-Type": {"application/json"}}, nil
}
