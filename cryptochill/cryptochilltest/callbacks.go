package cryptochilltest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/google/uuid"
)

// Delivery is one attempt to deliver a callback: ID is its callback_id (a redelivery repeats
// it, with Attempt counting up), Type its callback_status (such as "invoice_complete"),
// ObjectID the id of the invoice, transaction or payout it carries, URL the profile's
// callback_url (empty when it had none, with Err ErrNoCallbackURL), Body the exact JSON
// posted, StatusCode the receiver's answer.
type Delivery = sandboxkit.Delivery

// event is a callback that was generated once; its body never changes, so a redelivery is
// byte-identical, as the provider's retries are. Target is the profile whose callback_url it
// goes to.
type event = sandboxkit.Notification

// callbackBody is the callback JSON: the three common fields and the object under the key
// named after it (the same shape its Get endpoint returns as "result").
type callbackBody struct {
	CallbackID     string          `json:"callback_id"`
	CallbackStatus string          `json:"callback_status"`
	Signature      string          `json:"signature"`
	Invoice        json.RawMessage `json:"invoice,omitempty"`
	Transaction    json.RawMessage `json:"transaction,omitempty"`
	Payout         json.RawMessage `json:"payout,omitempty"`
}

// sign computes the documented callback signature: hex(HMAC-SHA256(token, callback_id)).
func (s *Server) sign(callbackID string) string {
	mac := hmac.New(sha256.New, []byte(s.CallbackToken))
	mac.Write([]byte(callbackID))
	return hex.EncodeToString(mac.Sum(nil))
}

// emit builds a new callback with a fresh callback_id; object is the view to send, objectID
// its id and key its name ("invoice", "transaction" or "payout"). The caller holds s.mu and
// delivers the returned events after unlocking.
func (s *Server) emit(profileID, status, key, objectID string, object any) *event {
	obj, err := json.Marshal(object)
	if err != nil {
		obj = []byte("null") // our own views always encode; keep going rather than crash
	}
	id := uuid.NewString()
	cb := callbackBody{CallbackID: id, CallbackStatus: status, Signature: s.sign(id)}
	switch key {
	case "invoice":
		cb.Invoice = obj
	case "transaction":
		cb.Transaction = obj
	default:
		cb.Payout = obj
	}
	body, _ := json.Marshal(cb)
	return &event{ID: id, Type: status, ObjectID: objectID, Target: profileID, Body: body}
}

// deliverAll posts events in order through the kit, which records each attempt and keeps the
// event for Redeliver. It must be called without s.mu held: the receiver may call the API back.
func (s *Server) deliverAll(events []*event) {
	for _, ev := range events {
		sandboxkit.Deliver(s.kit, *ev)
	}
}

// profileCallbackURL is where a callback for the profile goes now: its callback_url.
func (s *Server) profileCallbackURL(profileID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := lookup(s.st.profiles, profileID); p != nil {
		return p.callbackURL
	}
	return ""
}
