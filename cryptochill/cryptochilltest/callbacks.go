package cryptochilltest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/google/uuid"
)

// Delivery is one attempt to deliver a callback.
type Delivery struct {
	// CallbackID is the callback_id of the body; a redelivery repeats it.
	CallbackID string
	// CallbackStatus is the callback_status of the body, such as "invoice_complete".
	CallbackStatus string
	// URL is where the callback was posted; empty when the profile had no callback_url.
	URL string
	// Body is the exact JSON that was posted.
	Body []byte
	// StatusCode is the receiver's HTTP status, or 0 when no answer was received.
	StatusCode int
	// Err is the transport error, or ErrNoCallbackURL; a non-2xx answer is not an error here
	// (look at StatusCode).
	Err error
}

// event is a callback that was generated once; its body never changes, so a redelivery is
// byte-identical, as the provider's retries are.
type event struct {
	id, status, profileID string
	body                  []byte
}

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

// emit records a new callback with a fresh callback_id; object is the view to send and key
// its name ("invoice", "transaction" or "payout"). The caller holds s.mu and delivers the
// returned events after unlocking.
func (s *Server) emit(profileID, status, key string, object any) *event {
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
	ev := &event{id: id, status: status, profileID: profileID, body: body}
	s.st.events[id] = ev
	return ev
}

// deliverAll posts events in order. It must be called without s.mu held.
func (s *Server) deliverAll(events []*event) {
	for _, ev := range events {
		s.deliver(ev)
	}
}

// deliver posts one event to its profile's current callback_url and records the attempt.
// It must be called without s.mu held: the receiver may call the API back.
func (s *Server) deliver(ev *event) Delivery {
	s.mu.Lock()
	target := ""
	if p := s.findProfile(ev.profileID); p != nil {
		target = p.callbackURL
	}
	s.mu.Unlock()
	d := Delivery{CallbackID: ev.id, CallbackStatus: ev.status, URL: target, Body: ev.body}
	if target == "" {
		d.Err = ErrNoCallbackURL
	} else {
		d.StatusCode, d.Err = s.post(target, ev.body)
	}
	s.mu.Lock()
	s.st.deliveries = append(s.st.deliveries, d)
	s.mu.Unlock()
	return d
}

// post sends one callback body and drains (a bounded part of) the answer so the connection
// can be reused.
func (s *Server) post(target string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "CryptoChill-Sandbox/1.0")
	resp, err := s.httpClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

// Deliveries returns every callback delivery attempt so far, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.st.deliveries))
	for i, d := range s.st.deliveries {
		d.Body = bytes.Clone(d.Body)
		out[i] = d
	}
	return out
}

// Redeliver sends a callback again with the identical body and callback_id, as the
// provider's retries do, to the profile's current callback_url. Receivers must deduplicate
// on callback_id.
func (s *Server) Redeliver(callbackID string) (Delivery, error) {
	s.mu.Lock()
	ev := s.st.events[callbackID]
	s.mu.Unlock()
	if ev == nil {
		return Delivery{}, fmt.Errorf("%w: callback %q", ErrNotFound, callbackID)
	}
	d := s.deliver(ev)
	d.Body = bytes.Clone(d.Body)
	return d, nil
}
