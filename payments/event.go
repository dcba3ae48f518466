package payments

import (
	"encoding/json"
	"time"
)

// EventKind says what a webhook event is about.
type EventKind string

// Event kinds.
const (
	// EventInvoice: an invoice changed state.
	EventInvoice EventKind = "invoice"
	// EventPayment: an incoming transaction (to an invoice or a deposit address).
	EventPayment EventKind = "payment"
	// EventPayout: an outgoing transfer changed state.
	EventPayout EventKind = "payout"
	// EventExchange: a conversion between assets changed state.
	EventExchange EventKind = "exchange"
	// EventOther: anything else the provider sends; see Raw.
	EventOther EventKind = "other"
)

// Event is a verified webhook, normalized.
//
// Verified does not always mean the body is authentic: some providers sign
// only an id (CryptoChill signs callback_id, Channels a few fields). Check
// BodyAuthenticated before crediting anything; when it is false, fetch the
// object from the provider's API (the adapter's Refresh does it) and trust
// that instead.
type Event struct {
	// Provider names the provider.
	Provider string `json:"provider"`
	// ID is the provider's id for this delivery or event, if it has one.
	ID string `json:"id"`
	// DedupeKey identifies the notification across redeliveries: the
	// provider delivers at least once, so process each key once. It is the
	// same for every redelivery of one notification and differs for two
	// different notifications (another partial payment, a new confirmation
	// count, a status change).
	//
	// For an event whose body is not signed (BodyAuthenticated false) it is
	// empty: such a key could only come from fields anyone may change, and a
	// swapped body would use up the genuine notification's key. Refresh fills
	// it from the object the provider's API returned.
	DedupeKey string `json:"dedupe_key"`
	// Kind says what the event is about.
	Kind EventKind `json:"kind"`
	// Type is the provider's own event name ("invoice_complete", "deposit").
	Type string `json:"type"`
	// Status is the normalized status of the object the event carries.
	Status Status `json:"status"`
	// ProviderStatus is the provider's own status string.
	ProviderStatus string `json:"provider_status"`
	// ObjectID is the provider's id of the object (invoice, transaction, payout).
	ObjectID string `json:"object_id"`
	// Reference is the merchant's reference carried by the object the event
	// is about (ObjectID), if any: Status and Reference always describe the
	// same object. A payment event about one transaction into an invoice
	// does not carry the invoice's order reference (a transaction that is
	// "paid" on a half-paid invoice must not read as a paid order): it names
	// the invoice in InvoiceID, and the invoice's own event carries the
	// reference and the invoice's status.
	Reference string `json:"reference,omitempty"`
	// InvoiceID is, for a payment event, the provider's id of the invoice the
	// payment goes to; empty for deposits and for other kinds.
	InvoiceID string `json:"invoice_id,omitempty"`
	// Customer is the merchant's customer a deposit address belongs to (the
	// DepositParams.Customer it was created for), for payment events into a
	// deposit address; empty otherwise or when the provider does not say.
	Customer string `json:"customer,omitempty"`
	// DepositAddress is the deposit address a payment arrived at, for
	// payment events into a deposit address.
	DepositAddress string `json:"deposit_address,omitempty"`
	// Amount is the amount the event reports (received, or sent for payouts).
	Amount Money `json:"amount"`
	// Confirmations is the confirmation count the event reports.
	Confirmations int `json:"confirmations"`
	// BodyAuthenticated is true when the provider's signature covers the whole
	// body, so every field above is the provider's word.
	BodyAuthenticated bool `json:"body_authenticated"`
	// SignatureCovers says in words what the signature covers, for logs and audits.
	SignatureCovers string `json:"signature_covers"`
	// Invoice is the normalized invoice, for invoice events.
	Invoice *Invoice `json:"invoice,omitempty"`
	// Payout is the normalized payout, for payout events.
	Payout *Payout `json:"payout,omitempty"`
	// ReceivedAt is when coinsdk parsed the event.
	ReceivedAt time.Time `json:"received_at"`
	// Raw is the webhook body exactly as received.
	Raw json.RawMessage `json:"raw,omitempty"`
}
