package cryptopaytest

import (
	"encoding/json"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// SignatureHeader carries a callback's signature: lowercase hex
// HMAC-SHA256 of the raw body under the callback secret.
const SignatureHeader = "X-Cryptopay-Signature"

// callbackBody is the provider's callback shape.
type callbackBody struct {
	Type  string          `json:"type"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// notifyLocked renders and signs a callback describing an object as it is
// now; it is delivered once s.mu is released. typ is Invoice,
// CoinWithdrawal, ChannelPayment or Subscription.
func (s *Server) notifyLocked(out *[]sandboxkit.Notification, typ, event, objectID string, data any) {
	body := mustJSON(callbackBody{Type: typ, Event: event, Data: mustJSON(data)})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(SignatureHeader, callbackSignature(s.CallbackSecret, body))
	*out = append(*out, sandboxkit.Notification{Type: typ, Status: event, ObjectID: objectID, Body: body, Header: h})
}

// deliverAfter runs f under the lock and delivers the callbacks it queued.
func (s *Server) deliverAfter(f func(out *[]sandboxkit.Notification) error) error {
	var out []sandboxkit.Notification
	s.mu.Lock()
	s.sweepLocked(s.Now(), &out)
	err := f(&out)
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, out)
	return err
}
