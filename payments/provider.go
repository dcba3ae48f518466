package payments

import (
	"context"
	"net/http"
	"strings"
)

// Capabilities is the set of things a provider adapter can do.
type Capabilities uint

// Capability flags.
const (
	// CapInvoices: CreateInvoice and GetInvoice work.
	CapInvoices Capabilities = 1 << iota
	// CapPayouts: CreatePayout and GetPayout work.
	CapPayouts
	// CapDeposits: CreateDepositAddress works.
	CapDeposits
	// CapWebhooks: ParseWebhook and Refresh work.
	CapWebhooks
	// CapFindPayout: FindPayout works, and the provider refuses a second
	// payout with the same reference (so CapDedupePayout is set too).
	// Without it FindPayout returns ErrUnsupported.
	CapFindPayout
	// CapFindInvoice: FindInvoice works, and the provider enforces
	// InvoiceParams.Reference as unique, so CreateInvoice is safe to repeat
	// with the same reference. Without it FindInvoice returns ErrUnsupported
	// and a repeated CreateInvoice may make a second invoice.
	CapFindInvoice
	// CapDedupePayout: the provider deduplicates PayoutParams.Reference, so
	// CreatePayout is safe to repeat with the same reference and parameters
	// after an unknown outcome: it returns the payout already made, never a
	// second one. A provider may deduplicate without offering a lookup
	// (Channels' orderId). Without it (the gateway) an unknown outcome must
	// be settled with the provider (its dashboard or support) before anything
	// is sent again, and the adapter refuses to resend the reference.
	CapDedupePayout
)

// Has reports whether every capability in want is in c.
func (c Capabilities) Has(want Capabilities) bool { return c&want == want }

// String lists the capabilities, e.g. "invoices|payouts".
func (c Capabilities) String() string {
	var parts []string
	for _, x := range []struct {
		c    Capabilities
		name string
	}{{CapInvoices, "invoices"}, {CapPayouts, "payouts"}, {CapDeposits, "deposits"}, {CapWebhooks, "webhooks"},
		{CapFindPayout, "find-payout"}, {CapFindInvoice, "find-invoice"}, {CapDedupePayout, "dedupe-payout"}} {
		if c.Has(x.c) {
			parts = append(parts, x.name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// Provider is what every adapter is.
type Provider interface {
	// Name is the provider's package name ("cryptochill").
	Name() string
	// Capabilities says which of the interfaces below work; the methods of a
	// missing one return ErrUnsupported.
	Capabilities() Capabilities
	// As sets target to the provider's own client (or another provider type
	// the adapter documents) and reports whether it could, like errors.As:
	// pass a pointer to the provider's *Client.
	As(target any) bool
}

// InvoiceProvider creates and reads payment requests.
type InvoiceProvider interface {
	Provider
	// CreateInvoice creates a payment request; it validates p first.
	CreateInvoice(ctx context.Context, p *InvoiceParams) (*Invoice, error)
	// GetInvoice reads an invoice by the provider's id.
	GetInvoice(ctx context.Context, id string) (*Invoice, error)
	// FindInvoice reads an invoice by the merchant's reference, with the
	// same meaning of ErrNotFound as FindPayout; ErrUnsupported without
	// CapFindInvoice.
	FindInvoice(ctx context.Context, reference string) (*Invoice, error)
}

// PayoutProvider sends crypto.
type PayoutProvider interface {
	Provider
	// CreatePayout sends a payout; it validates p first and always carries a
	// dedupe reference. An ErrUnknownOutcome error carries that reference
	// (see the package documentation for what to do next). When the provider
	// answers that the reference is taken, the adapter looks the payout up
	// and returns it if it matches p (MatchPayout): that is the answer to a
	// repeated call after an unknown outcome. A payout that does not match is
	// an error matching ErrDuplicateReference.
	CreatePayout(ctx context.Context, p *PayoutParams) (*Payout, error)
	// GetPayout reads a payout by the provider's id.
	GetPayout(ctx context.Context, id string) (*Payout, error)
	// FindPayout reads a payout by the merchant's reference.
	//
	// ErrNotFound means one thing on every provider: the provider does not
	// list a payout with this reference now. It does NOT prove the payout
	// will never exist: a create still held by the network may land later.
	// Never treat it as permission to send the money again under a new
	// reference; repeat CreatePayout with the same reference instead.
	// Without CapFindPayout it returns ErrUnsupported.
	FindPayout(ctx context.Context, reference string) (*Payout, error)
}

// DepositProvider hands out reusable deposit addresses.
type DepositProvider interface {
	Provider
	// CreateDepositAddress returns an address for a customer; it validates p first.
	CreateDepositAddress(ctx context.Context, p *DepositParams) (*Deposit, error)
}

// WebhookVerifier turns a provider's webhook request into a verified Event.
type WebhookVerifier interface {
	Provider
	// ParseWebhook reads r's body through a size cap, verifies its signature in
	// constant time and parses it. Errors match ErrInvalidSignature,
	// ErrPayloadTooLarge or ErrMalformed. An event type the adapter does not
	// know parses with Kind EventOther. When the signature does not cover the
	// whole body, the event has BodyAuthenticated false and no DedupeKey.
	ParseWebhook(r *http.Request) (*Event, error)
	// Refresh fetches the event's object from the provider's API and returns
	// the event with the fetched state: BodyAuthenticated true, and the
	// DedupeKey built from the fetched object. ErrUnsupported when the
	// adapter cannot reach the API (a verify-only adapter) or for EventOther.
	Refresh(ctx context.Context, ev *Event) (*Event, error)
}

// Adapter is a provider adapter with every interface; Capabilities says
// which of them work.
type Adapter interface {
	InvoiceProvider
	PayoutProvider
	DepositProvider
	WebhookVerifier
}
