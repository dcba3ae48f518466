package sandboxkit

import (
	"encoding/json"
	"strings"
	"time"
)

// Mount stops the kit's own listener so that the sandbox is served only
// through ServeHTTP, by a caller's server (coinsdk-sandbox mounts all five
// under path prefixes of one listener), at publicURL, which Format then
// prints. Requests in flight on the own listener finish first. The kit keeps
// working otherwise: request log, faults, deliveries, clock. A provider calls
// it from its Mount method, right after NewServer and before any use, and
// builds its URL on what it returns: publicURL without a trailing slash.
func Mount(k *Kit, publicURL string) string {
	publicURL = strings.TrimRight(publicURL, "/")
	if k.ts != nil {
		k.ts.Close()
		k.ts = nil
	}
	k.mounted = publicURL
	return publicURL
}

// Object is one object a sandbox holds (an invoice, a payment, a deposit, a
// payout, an address …), in a shape that is the same for every provider, so
// that a control API or a dashboard can list them without knowing the
// provider. View is the object exactly as the provider's API shows it.
type Object struct {
	// Kind is the coinsdk word for it: "invoice", "payment" (a transaction
	// towards an invoice), "deposit" (to an address), "payout", "address",
	// or a provider word for the rest ("exchange", "channel" …).
	Kind string `json:"kind"`
	// ID is the id the sandbox's simulation methods take (PayInvoice,
	// Confirm, CompletePayout …), as a string.
	ID string `json:"id"`
	// Status is the provider's status word for it; "" when it has none.
	Status string `json:"status,omitempty"`
	// Address is the address to pay (invoices, addresses), when it has one.
	Address string `json:"address,omitempty"`
	// Parent is the id of the object it belongs to (a payment's invoice).
	Parent string `json:"parent,omitempty"`
	// Created is when it was made, on the sandbox clock; zero when unknown.
	Created time.Time `json:"created,omitzero"`
	// View is the object as the provider's API answers it (its own field
	// names and amount forms); null when the API has no view of it.
	View json.RawMessage `json:"view"`
}

// ViewOf encodes v, a provider's own view of an object, for Object.View; a
// value that cannot be encoded becomes null rather than an error.
func ViewOf(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
