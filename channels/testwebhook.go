package channels

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/coinsdk/coinsdk/payments"
)

// SignTestWebhook returns what XGateway would send for an unsigned callback
// body: the same JSON object with "hash" set from its id, customerId
// ("N/A" when absent), amount and currency under secret (Config.WebhookSecret), every other
// member kept byte for byte (an amount of "10.50" stays "10.50"), and the
// headers of the delivery. Use it to test a callback handler.
func SignTestWebhook(secret string, body []byte) (signed []byte, header http.Header, err error) {
	if secret == "" {
		return nil, nil, &payments.ValidationError{Field: "secret", Reason: "is required"}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return nil, nil, errors.Join(&payments.ValidationError{Field: "body", Reason: "must be a JSON object"}, err)
	}
	text := func(k string) (string, error) {
		var s text
		if raw, ok := m[k]; ok {
			if err := s.UnmarshalJSON(raw); err != nil {
				return "", &payments.ValidationError{Field: k, Reason: "must be a string or number"}
			}
		}
		return string(s), nil
	}
	fields := make(map[string]string, 4)
	for _, k := range []string{"id", "customerId", "amount", "currency"} {
		v, err := text(k)
		if err != nil {
			return nil, nil, err
		}
		if v == "" && k != "customerId" {
			return nil, nil, &payments.ValidationError{Field: k, Reason: "is required"}
		}
		fields[k] = v
	}
	hash, _ := json.Marshal(callbackHash(secret, fields["id"], fields["customerId"], fields["amount"], fields["currency"]))
	m["hash"] = hash
	signed, err = json.Marshal(m)
	if err != nil {
		return nil, nil, err
	}
	header = http.Header{}
	header.Set("Content-Type", "application/json")
	return signed, header, nil
}

// callbackHash returns the hash XGateway puts on a callback:
// base64(SHA-512 of the UTF-8 string "{id}.{customerId}.{amount}.{currency}.{secretKey}"),
// with NoCustomer for an empty customerId. It is a plain hash with the
// secret appended, not an HMAC. The values must be the strings exactly as
// they appear in the callback (an amount of "10.50" is hashed as "10.50",
// not "10.5").
func callbackHash(secretKey, id, customerID, amount, currency string) string {
	sum := callbackDigest(secretKey, id, customerID, amount, currency)
	return base64.StdEncoding.EncodeToString(sum[:])
}
