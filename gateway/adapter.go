package gateway

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/adapterkit"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

// AdapterOptions configures the payments adapter: defaults for what the
// provider-neutral parameters do not carry.
type AdapterOptions struct {
	// PaymentAsset is the crypto an invoice is paid in (payment_asset_id)
	// when InvoiceParams.Asset is empty, say "BTC" or "USDT.TRC20". With
	// both empty, CreateInvoice refuses the invoice (a validation error,
	// before any request): the service pays only in crypto, and the price's
	// currency (often a fiat such as USD) is no paying asset.
	PaymentAsset string
	// PaymentType is PaymentTypeFixed (default) or PaymentTypeOpen.
	PaymentType string
	// Timeout is each invoice's waiting time in minutes (0: the store's default).
	Timeout int
	// CancelURL is the default cancel_url (InvoiceParams.FailureURL overrides it).
	CancelURL string
	// SuccessURL is the default success_url (InvoiceParams.SuccessURL overrides it).
	SuccessURL string
	// AddressAlloc is how deposit addresses are allocated: AddressAllocNew
	// (default) or AddressAllocPool.
	AddressAlloc string
}

// Adapter is the gateway behind the provider-neutral payments interfaces:
// invoices are payments, payouts are withdrawals, deposit addresses are
// dedicated addresses (USES), plus webhooks. As reaches the *Client.
//
// Payouts cannot be looked up by reference (the API has no withdrawal list
// and no lookup by a custom field) nor deduplicated, so FindPayout returns
// payments.ErrUnsupported, and an unknown withdrawal outcome is a
// *WithdrawalUnknownError that must not be resolved by resending. The
// adapter itself keeps nothing: every CreatePayout sends a withdrawal.
// Send payouts through payouts.Sender, whose journal (in a database, shared
// by every replica and kept across restarts) refuses to send a reference
// twice and reports an unknown outcome for a person.
type Adapter struct {
	c    *Client          // nil for a verify-only adapter (NewWebhookAdapter) or NewAdapter(nil, …)
	wh   *WebhooksService // c.Webhooks, or a verifier; nil for NewAdapter(nil, …)
	opts AdapterOptions
}

var _ payments.Adapter = (*Adapter)(nil)

// NewAdapter returns the payments adapter over c. It refuses a nil c with
// a *payments.ValidationError (as on every provider), and options the
// service would refuse (PaymentType, AddressAlloc) likewise. With a nil c
// the adapter it returns beside the error is inert, not nil: no
// capabilities, and every method returns an error matching
// payments.ErrUnsupported, so code that drops the error fails loudly
// instead of panicking.
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) {
	if c == nil {
		return &Adapter{opts: opts}, &payments.ValidationError{Field: "client", Reason: "is nil: build one with gateway.New (NewWebhookAdapter verifies webhooks without API credentials)"}
	}
	switch opts.PaymentType {
	case "", PaymentTypeFixed, PaymentTypeOpen:
	default:
		return nil, &payments.ValidationError{Field: "PaymentType", Reason: "must be FIXED_AMOUNT or OPEN_AMOUNT"}
	}
	switch opts.AddressAlloc {
	case "", AddressAllocNew, AddressAllocPool:
	default:
		return nil, &payments.ValidationError{Field: "AddressAlloc", Reason: "must be NEW or POOL"}
	}
	if err := validTimeout(opts.Timeout); err != nil {
		return nil, err
	}
	return &Adapter{c: c, wh: c.Webhooks, opts: opts}, nil
}

// NewWebhookAdapter returns a verify-only adapter for a merchant that holds
// the webhook secret (current first, then previous ones still accepted
// during a rotation) but no API credentials. The gateway signs the whole
// body, so its events can be processed as received: its Capabilities are
// payments.CapWebhooks alone, and Refresh, like every API method, returns
// an error matching payments.ErrUnsupported. It never accepts an unsigned
// webhook.
func NewWebhookAdapter(secrets ...string) *Adapter {
	return &Adapter{wh: NewWebhookVerifier(secrets...)}
}

// noClient is the error of every API method of a verify-only adapter.
func noClient(op string) error { return adapterkit.NoClient(ProviderName, "API credentials", op) }

// Format prints the adapter without the client's secrets, for every verb.
func (a *Adapter) Format(f fmt.State, _ rune) {
	switch {
	case a.wh == nil:
		redact.Format(f, "gateway.Adapter", "mode", "no client")
		return
	case a.c == nil:
		redact.Format(f, "gateway.Adapter", "mode", "verify only")
		return
	}
	redact.Format(f, "gateway.Adapter", "baseURL", a.c.BaseURL(), "APIKey", a.c.keyHint)
}

// Name returns "gateway".
func (a *Adapter) Name() string { return ProviderName }

// Capabilities: invoices, payouts (without lookup by reference: FindPayout
// is ErrUnsupported, see Adapter), deposits and webhooks.
func (a *Adapter) Capabilities() payments.Capabilities {
	return adapterkit.Capabilities(a.c, a.wh, payments.CapWebhooks, // verify only: the body is signed, nothing to refresh
		payments.CapInvoices|payments.CapPayouts|payments.CapDeposits|payments.CapWebhooks)
}

// As sets *target to the adapter's *Client when target is a **Client.
func (a *Adapter) As(target any) bool { return adapterkit.As(target, a.c) }

// CreateInvoice creates a payment of p.Amount (its currency is asset_id)
// paid in p.Asset (payment_asset_id; AdapterOptions.PaymentAsset when
// empty; with both empty, a *payments.ValidationError for "asset" and no
// request: a USD price has no USD to pay in). A crypto price paid in the
// same crypto names it twice (Amount "0.01 BTC", Asset "BTC"). p.Reference travels in custom (a UUID
// when empty). It is sent once: an unknown outcome carries the reference
// for PaymentsService.FindByReference.
// POST /payment
func (a *Adapter) CreateInvoice(ctx context.Context, p *payments.InvoiceParams) (*payments.Invoice, error) {
	if err := adapterkit.Ready(a.c, noClient, "CreateInvoice", p); err != nil {
		return nil, err
	}
	asset := cmp.Or(p.Asset, a.opts.PaymentAsset)
	if asset == "" {
		return nil, &payments.ValidationError{Field: "asset",
			Reason: "is required: the crypto the payer pays in (InvoiceParams.Asset or AdapterOptions.PaymentAsset); the price's currency is not used as one"}
	}
	pm, err := a.c.Payments.Create(ctx, &PaymentParams{
		PaymentType:    a.opts.PaymentType,
		Amount:         p.Amount.Amount,
		AssetID:        p.Amount.Currency,
		PaymentAssetID: asset,
		PayerEmail:     p.CustomerEmail,
		Description:    p.Description,
		Reference:      p.Reference,
		SuccessURL:     cmp.Or(p.SuccessURL, a.opts.SuccessURL),
		CancelURL:      cmp.Or(p.FailureURL, a.opts.CancelURL),
		Timeout:        a.opts.Timeout,
	})
	return adapterkit.Map(pm, err, toInvoice)
}

// GetInvoice reads a payment by id; payments.ErrNotFound when there is none.
// GET /payment/{payment_id}
func (a *Adapter) GetInvoice(ctx context.Context, id string) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("GetInvoice")
	}
	return getByID(ctx, id, a.c.Payments.Get, toInvoice)
}

// getByID reads one object by a required id and maps it to the payments
// vocabulary: the Get* methods differ only in the service and the mapping.
func getByID[M, R any](ctx context.Context, id string, get func(context.Context, string) (*M, error), to func(*M) *R) (*R, error) {
	if err := apicall.Required("id", id); err != nil {
		return nil, err
	}
	m, err := get(ctx, id)
	return adapterkit.Map(m, err, to)
}

// FindInvoice is payments.ErrUnsupported: the gateway does not enforce a
// reference as unique (repeating CreateInvoice makes a second payment), so
// the adapter does not claim payments.CapFindInvoice. The client still finds
// a payment by the reference it carries in custom, over the date-range list:
// reach it with As and call PaymentsService.FindByReference after an unknown
// outcome, before creating another payment for the same order.
func (a *Adapter) FindInvoice(_ context.Context, reference string) (*payments.Invoice, error) {
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s: invoices are not unique by reference; use Client.Payments.FindByReference(%q) through As: %w",
		ProviderName, reference, payments.ErrUnsupported)
}

// CreatePayout creates a withdrawal of p.Amount (asset_id is its currency)
// sent as p.Asset (withdraw_asset_id, when set) to p.Address. p.Reference
// travels in custom (a UUID when empty).
//
// It is sent exactly once. An unknown outcome (500, timeout, reset) is a
// *WithdrawalUnknownError carrying the reference: the SDK cannot resolve it
// (FindPayout is unsupported) and the payout must not be resent; check the
// store's withdrawal history. The gateway does not deduplicate: calling
// CreatePayout again with the same reference sends a second withdrawal.
// payouts.Sender is what refuses that, across replicas and restarts.
// POST /withdraw
func (a *Adapter) CreatePayout(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	if err := adapterkit.Ready(a.c, noClient, "CreatePayout", p); err != nil {
		return nil, err
	}
	if p.Tag != "" {
		return nil, &payments.ValidationError{Field: "tag", Reason: "is not supported by the gateway's withdrawals"}
	}
	params := &WithdrawalParams{Amount: p.Amount.Amount, AssetID: p.Amount.Currency, Address: p.Address, Reference: p.Reference}
	if p.Asset != "" && !strings.EqualFold(p.Asset, p.Amount.Currency) {
		params.WithdrawAssetID = p.Asset
	}
	w, err := a.c.Withdrawals.Create(ctx, params)
	return adapterkit.Map(w, err, toPayout)
}

// GetPayout reads a withdrawal by id; payments.ErrNotFound when there is none.
// GET /withdraw/{withdraw_id}
func (a *Adapter) GetPayout(ctx context.Context, id string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("GetPayout")
	}
	return getByID(ctx, id, a.c.Withdrawals.Get, toPayout)
}

// FindPayout is unsupported: the gateway has no withdrawal list and no
// lookup by a custom field, so a withdrawal can be read only by its id. An
// unknown withdrawal outcome cannot be resolved by the SDK: do not resend
// it; find it in the store's withdrawal history by its reference.
func (a *Adapter) FindPayout(_ context.Context, reference string) (*payments.Payout, error) {
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s: a withdrawal cannot be looked up by reference (the API has no withdrawal list and no lookup by a custom field); do not resend it, check the store's withdrawal history for %s %q: %w",
		ProviderName, ReferenceKey, reference, payments.ErrUnsupported)
}

// CreateDepositAddress dedicates an address in p.Asset to p.Customer (kept
// in custom under CustomerKey): every transfer to it becomes a payment with
// its dedicate_id, delivered as payment webhooks, which the adapter reports
// as payments.EventPayment events with Customer (read from the custom the
// service copies from the dedication) and DepositAddress, and no Reference. Converting deposits is not
// offered (ConvertTo is ErrUnsupported).
// POST /dedicate
func (a *Adapter) CreateDepositAddress(ctx context.Context, p *payments.DepositParams) (*payments.Deposit, error) {
	if err := adapterkit.Ready(a.c, noClient, "CreateDepositAddress", p); err != nil {
		return nil, err
	}
	if p.ConvertTo != "" {
		return nil, fmt.Errorf("%s: dedicated addresses do not convert deposits (convert_to): %w", ProviderName, payments.ErrUnsupported)
	}
	custom, _ := json.Marshal(map[string]string{CustomerKey: p.Customer})
	d, err := a.c.Dedicated.Create(ctx, &DedicatedParams{AssetID: p.Asset, AddressAlloc: a.opts.AddressAlloc,
		DedicateType: DedicateTypeUses, CustomFields: CustomFields{Custom: string(custom)}})
	if err != nil {
		return nil, err
	}
	return toDeposit(d, p), nil
}

// ParseWebhook verifies and normalizes a webhook (see WebhooksService.Parse).
func (a *Adapter) ParseWebhook(r *http.Request) (*payments.Event, error) {
	return adapterkit.ParseWebhook(a.wh, (*WebhooksService).Parse, noClient, r, toEvent)
}

// Refresh fetches the event's payment or withdrawal and returns the event
// as of now (see WebhooksService.Refresh).
// GET /payment/{payment_id}, GET /withdraw/{withdraw_id}
func (a *Adapter) Refresh(ctx context.Context, ev *payments.Event) (*payments.Event, error) {
	id, err := adapterkit.RefreshID(a.wh, noClient, ev)
	if err != nil {
		return nil, err
	}
	var in *Event
	switch ev.Kind {
	case payments.EventInvoice, payments.EventPayment:
		in = &Event{Type: EventType(ev.Type), Kind: KindPayment, Payment: &Payment{PaymentID: id}}
	case payments.EventPayout:
		in = &Event{Type: EventType(ev.Type), Kind: KindWithdrawal, Withdrawal: &Withdrawal{WithdrawID: id}}
	default:
		return nil, fmt.Errorf("%s: a %s event cannot be refreshed: %w", ProviderName, ev.Kind, payments.ErrUnsupported)
	}
	fresh, err := a.wh.Refresh(ctx, in)
	return adapterkit.Map(fresh, err, toEvent)
}
