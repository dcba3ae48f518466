package cryptochill

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/coinsdk/coinsdk/internal/adapterkit"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

// AdapterOptions configures the payments adapter.
type AdapterOptions struct {
	// ProfileID is the profile invoices, deposit addresses and payouts are made
	// under (default: the client's Config.ProfileID).
	ProfileID string
	// InvoiceKind is the coin invoices are paid in when InvoiceParams.Asset is
	// empty (default "BTC").
	InvoiceKind string
	// PayoutKind is the coin payouts are sent in when PayoutParams.Asset is
	// empty and Amount.Currency is fiat (default "BTC").
	PayoutKind string
}

// Adapter meets payments.Adapter over a CryptoChill Client: invoices,
// payouts, deposit addresses (amount-less invoices, which never expire) and
// callbacks.
type Adapter struct {
	c    *Client          // nil for NewWebhookAdapter
	wh   *WebhooksService // c.Webhooks, or the verifier
	opts AdapterOptions
}

var _ payments.Adapter = (*Adapter)(nil)

// NewAdapter returns the payments adapter for c. It refuses a nil c with a
// *payments.ValidationError, as on every provider; the adapter it returns
// beside that error is inert, not nil: no capabilities, and every method
// returns an error matching payments.ErrUnsupported, so code that drops the
// error fails loudly instead of panicking.
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) {
	if c == nil {
		return &Adapter{}, &payments.ValidationError{Field: "client", Reason: "is required (cryptochill.New)"}
	}
	if opts.ProfileID == "" {
		opts.ProfileID = c.profileID
	}
	if opts.InvoiceKind == "" {
		opts.InvoiceKind = "BTC"
	}
	if opts.PayoutKind == "" {
		opts.PayoutKind = "BTC"
	}
	return &Adapter{c: c, wh: c.Webhooks, opts: opts}, nil
}

// Format prints the adapter without secrets, for every verb: its client's
// base URL and API key's last characters, or that it has no client.
func (a *Adapter) Format(f fmt.State, _ rune) {
	if a == nil || a.c == nil {
		redact.Format(f, "cryptochill.Adapter", "apiClient", "false")
		return
	}
	redact.Format(f, "cryptochill.Adapter", "baseURL", a.c.BaseURL(), "APIKey", redact.Key(a.c.key.Reveal()))
}

// NewWebhookAdapter returns a verify-only adapter for a merchant that holds
// the callback tokens (current first, then previous ones) but no API key:
// its Capabilities are none, ParseWebhook verifies callbacks, and Refresh,
// like every other method, returns an error matching
// payments.ErrUnsupported. Since CryptoChill signs only callback_id, such an
// adapter can authenticate a callback but never its content: the webhooks
// package answers 503 to every callback it cannot refresh, so configure the
// API credentials (NewAdapter) to process them.
func NewWebhookAdapter(tokens ...string) *Adapter {
	return &Adapter{wh: NewWebhookVerifier(tokens...)}
}

// noClient is the error of every method of a verify-only adapter.
func noClient(op string) error { return adapterkit.NoClient(ProviderName, "API credentials", op) }

// Name returns "cryptochill".
func (a *Adapter) Name() string { return ProviderName }

// Capabilities: invoices, payouts (found by reference_id, which CryptoChill
// enforces as unique), deposit addresses and webhooks. Not CapFindInvoice:
// an invoice's passthrough is free text, neither unique nor searchable.
func (a *Adapter) Capabilities() payments.Capabilities {
	return adapterkit.Capabilities(a.c, a.wh, 0, // callbacks must be refreshed: nothing without a client
		payments.CapInvoices|payments.CapPayouts|payments.CapFindPayout|payments.CapDedupePayout|payments.CapDeposits|payments.CapWebhooks)
}

// As sets *target to the underlying *Client when target is a **Client.
func (a *Adapter) As(target any) bool { return adapterkit.As(target, a.c) }

// begin is what every create checks first, in this order: a client
// (op names the call in the error), valid parameters, a profile to create
// under, which it returns.
func (a *Adapter) begin(op string, validate func() error) (profile string, err error) {
	if a.c == nil {
		return "", noClient(op)
	}
	if err := validate(); err != nil {
		return "", err
	}
	if a.opts.ProfileID == "" {
		return "", &payments.ValidationError{Field: "profile_id", Reason: "is required: set AdapterOptions.ProfileID or Config.ProfileID"}
	}
	return a.opts.ProfileID, nil
}

// CreateInvoice creates an invoice for p.Amount, paid in p.Asset (or the
// default kind). The merchant reference travels as the invoice's passthrough,
// which CryptoChill neither keeps unique nor searches: repeating the call
// after an unknown outcome may make a second invoice (no CapFindInvoice).
// POST /v1/invoices/
func (a *Adapter) CreateInvoice(ctx context.Context, p *payments.InvoiceParams) (*payments.Invoice, error) {
	profile, err := a.begin("create invoice", p.Validate)
	if err != nil {
		return nil, err
	}
	ref := adapterkit.Reference(p.Reference)
	kind := cmp.Or(p.Asset, a.opts.InvoiceKind)
	want := *p
	want.Reference = ref
	check := invoiceSettlement(&want) // an answer that does not echo what was sent is not success
	inv, err := a.c.Invoices.create(ctx, &InvoiceParams{
		ProfileID: profile, Amount: p.Amount.Amount, Currency: strings.ToUpper(p.Amount.Currency),
		Kind: kind, Passthrough: ref, Notes: p.Description,
	}, &check)
	if err != nil {
		// CryptoChill does not dedupe invoices, so the create is never
		// retried; an unknown outcome still names the reference it carried.
		var uo *payments.UnknownOutcomeError
		if errors.As(err, &uo) && uo.Reference == "" {
			uo.Reference = ref
		}
		return nil, err
	}
	return toInvoice(inv), nil
}

// GetInvoice reads an invoice. GET /v1/invoices/<id>/
func (a *Adapter) GetInvoice(ctx context.Context, id string) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("get invoice")
	}
	inv, err := a.c.Invoices.Get(ctx, id)
	return adapterkit.Map(inv, err, toInvoice)
}

// FindInvoice returns an error matching payments.ErrUnsupported: CryptoChill
// does not look invoices up by passthrough, nor keep it unique.
func (a *Adapter) FindInvoice(ctx context.Context, reference string) (*payments.Invoice, error) {
	return nil, fmt.Errorf("%s: find invoice by reference: %w", ProviderName, payments.ErrUnsupported)
}

// CreatePayout sends one recipient payout. It always carries a reference_id
// (p.Reference, or a UUID), so an unknown outcome can be resolved with
// FindPayout and a repeated call can never pay twice. POST /v1/payouts/
func (a *Adapter) CreatePayout(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	profile, err := a.begin("create payout", p.Validate)
	if err != nil {
		return nil, err
	}
	ref := adapterkit.Reference(p.Reference)
	kind := p.Asset
	if kind == "" {
		kind = strings.ToUpper(p.Amount.Currency)
		if !slices.Contains(payoutKinds, kind) {
			kind = a.opts.PayoutKind
		}
	}
	rcpt := Recipient{Amount: p.Amount.Amount, Currency: strings.ToUpper(p.Amount.Currency), Address: p.Address}
	if p.Tag != "" {
		tag, err := strconv.ParseUint(p.Tag, 10, 32)
		if err != nil {
			return nil, &payments.ValidationError{Field: "tag", Reason: "must be a numeric XRP destination tag"}
		}
		t32 := uint32(tag)
		rcpt.DestinationTag = &t32
	}
	po, err := a.c.Payouts.Create(ctx, &PayoutParams{Kind: kind, ProfileID: profile, ReferenceID: ref, Recipients: []Recipient{rcpt}})
	return adapterkit.Map(po, err, toPayout)
}

// GetPayout reads a payout. GET /v1/payouts/<id>/
func (a *Adapter) GetPayout(ctx context.Context, id string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("get payout")
	}
	po, err := a.c.Payouts.Get(ctx, id)
	return adapterkit.Map(po, err, toPayout)
}

// FindPayout reads a payout by its reference_id; payments.ErrNotFound when
// none is listed now, which does not mean it will never exist (see
// payments.PayoutProvider.FindPayout).
// GET /v1/payouts/?reference_id=…
func (a *Adapter) FindPayout(ctx context.Context, reference string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("find payout")
	}
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	po, err := a.c.Payouts.FindByReference(ctx, reference)
	return adapterkit.Map(po, err, toPayout)
}

// CreateDepositAddress creates an invoice without an amount: CryptoChill's
// never-expiring deposit address. The customer reference travels as the
// passthrough and comes back with every transaction callback. ConvertTo is
// not offered on deposit addresses (use automatic conversions) and is refused.
// POST /v1/invoices/
func (a *Adapter) CreateDepositAddress(ctx context.Context, p *payments.DepositParams) (*payments.Deposit, error) {
	profile, err := a.begin("create deposit address", func() error {
		if err := p.Validate(); err != nil {
			return err
		}
		if p.ConvertTo != "" {
			return &payments.ValidationError{Field: "convert_to", Reason: "CryptoChill converts through automatic conversions, not per address"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	inv, err := a.c.Invoices.Create(ctx, &InvoiceParams{ProfileID: profile, Currency: coinOfKind(p.Asset), Kind: p.Asset, Passthrough: p.Customer})
	if err != nil {
		return nil, err
	}
	return toDeposit(inv, p.Customer), nil
}

// ParseWebhook verifies and parses a callback. The event is NOT body
// authenticated: CryptoChill signs only callback_id. Call Refresh before
// crediting anything.
func (a *Adapter) ParseWebhook(r *http.Request) (*payments.Event, error) {
	return adapterkit.ParseWebhook(a.wh, (*WebhooksService).Parse, noClient, r, toEvent)
}

// Refresh re-reads the event's object from the API and returns the event
// with the fetched state, BodyAuthenticated then true.
func (a *Adapter) Refresh(ctx context.Context, ev *payments.Event) (*payments.Event, error) {
	fresh, err := adapterkit.Refetch(ctx, a.wh, noClient, ev, a.wh.ParseBody, a.wh.Refresh)
	if err != nil {
		return nil, err
	}
	out := toEvent(fresh)
	out.ReceivedAt = ev.ReceivedAt
	return out, nil
}
