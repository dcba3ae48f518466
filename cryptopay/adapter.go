package cryptopay

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// AdapterOptions configures the payments adapter.
type AdapterOptions struct {
	// PayCurrency is the crypto invoices are paid in when
	// InvoiceParams.Asset is empty (default "BTC"): Cryptopay needs one.
	PayCurrency string
	// ChargedCurrency is the account a crypto-denominated payout is paid
	// from (default: the payout's own currency, so a BTC payout is paid from
	// the BTC account).
	ChargedCurrency string
	// NetworkFeeLevel is sent with payouts (default: Cryptopay's, average).
	NetworkFeeLevel string
}

// Adapter is Cryptopay behind the provider-neutral payments interfaces:
// invoices (/api/invoices), payouts (coin withdrawals, sent with
// force_commit), deposit addresses (channels) and callbacks. As reaches the
// *Client for everything else.
type Adapter struct {
	c    *Client          // nil for a verify-only adapter (NewWebhookAdapter)
	wh   *WebhooksService // the client's, or a verifier's
	opts AdapterOptions
}

var _ payments.Adapter = (*Adapter)(nil)

// NewAdapter returns the payments adapter over c. A nil c is a
// *payments.ValidationError. (The zero Adapter, like a nil client's, reports
// no capability and every method, ParseWebhook and Refresh included,
// returns an error matching payments.ErrUnsupported, never a panic: the
// same behaviour on every provider.)
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) {
	if c == nil {
		return nil, &payments.ValidationError{Field: "client", Reason: "is required"}
	}
	if opts.PayCurrency == "" {
		opts.PayCurrency = "BTC"
	}
	return &Adapter{c: c, wh: c.Webhooks, opts: opts}, nil
}

// NewWebhookAdapter returns a verify-only adapter for a merchant that holds
// the callback secret (current first, then previous ones still accepted)
// but no API key. Cryptopay signs the whole body, so its ParseWebhook gives
// events that can be processed as they are: its Capabilities are
// payments.CapWebhooks alone, and Refresh (never needed for a signed body),
// like every API method, returns an error matching payments.ErrUnsupported.
func NewWebhookAdapter(secrets ...string) *Adapter {
	return &Adapter{wh: NewWebhookVerifier(secrets...)}
}

// noClient is the error of every API method of a verify-only adapter.
func noClient(op string) error {
	return fmt.Errorf("%s: %s needs API credentials (cryptopay.New and NewAdapter): %w", ProviderName, op, payments.ErrUnsupported)
}

// Format prints the adapter without the client's secrets, for every verb.
func (a Adapter) Format(f fmt.State, _ rune) { describe(f, "cryptopay.Adapter", a.c) }

// Name returns "cryptopay".
func (a *Adapter) Name() string { return ProviderName }

// Capabilities: invoices, payouts, deposit addresses, webhooks, and lookups
// of payouts and invoices by reference (custom_id is unique per resource).
func (a *Adapter) Capabilities() payments.Capabilities {
	if a.c == nil {
		if a.wh == nil {
			return 0 // the zero Adapter
		}
		return payments.CapWebhooks // verify only: nothing to refresh, the body is signed
	}
	return payments.CapInvoices | payments.CapPayouts | payments.CapDeposits | payments.CapWebhooks |
		payments.CapFindPayout | payments.CapDedupePayout | payments.CapFindInvoice
}

// As sets *target to the adapter's *Client when target is a **Client.
func (a *Adapter) As(target any) bool {
	if t, ok := target.(**Client); ok && t != nil && a.c != nil {
		*t = a.c
		return true
	}
	return false
}

// CreateInvoice creates an invoice priced at p.Amount, paid in p.Asset (or
// AdapterOptions.PayCurrency), with p.Reference as its custom_id (a UUID
// when empty). A repeated call with the same reference returns the
// existing invoice when it matches (price and currencies; see settle.go).
// POST /api/invoices
func (a *Adapter) CreateInvoice(ctx context.Context, p *payments.InvoiceParams) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("create invoice")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pay := p.Asset
	if pay == "" {
		pay = a.opts.PayCurrency
	}
	// The service settles the create (one compare, in settle.go).
	inv, err := a.c.Invoices.Create(ctx, &InvoiceParams{
		PriceAmount: p.Amount.Amount, PriceCurrency: strings.ToUpper(p.Amount.Currency),
		PayCurrency: strings.ToUpper(pay), CustomID: p.Reference, Description: p.Description,
		PayerEmail: p.CustomerEmail, SuccessRedirectURL: p.SuccessURL, UnsuccessRedirectURL: p.FailureURL,
	})
	if err != nil {
		return nil, err
	}
	return toInvoice(inv), nil
}

// GetInvoice reads an invoice by Cryptopay's id.
// GET /api/invoices/{id}
func (a *Adapter) GetInvoice(ctx context.Context, id string) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("get invoice")
	}
	inv, err := a.c.Invoices.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return toInvoice(inv), nil
}

// FindInvoice reads an invoice by the merchant's reference (its custom_id);
// payments.ErrNotFound when Cryptopay lists none now.
// GET /api/invoices/custom_id/{custom_id}
func (a *Adapter) FindInvoice(ctx context.Context, reference string) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("find invoice")
	}
	if strings.TrimSpace(reference) == "" {
		return nil, &payments.ValidationError{Field: "reference", Reason: "is required"}
	}
	inv, err := a.c.Invoices.FindByReference(ctx, reference)
	if err != nil {
		return nil, err
	}
	return toInvoice(inv), nil
}

// CreatePayout sends a coin withdrawal in one safe call (force_commit: it
// cannot expire uncommitted). p.Amount in crypto (p.Asset empty or the
// same) is the exact received_amount, paid from AdapterOptions.ChargedCurrency
// (default the same crypto); p.Amount in another currency with p.Asset
// naming the crypto is the charged_amount (fees included) converted and
// sent as p.Asset. p.Tag travels as address?dt=<tag>. p.Reference is the
// custom_id (a UUID when empty); an unknown outcome or a repeated call is
// settled by the lookup by custom_id, compared as payments.MatchPayout
// would (see settle.go).
// POST /api/coin_withdrawals
func (a *Adapter) CreatePayout(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("create payout")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// The service mints the custom_id when p has none and settles the
	// create (one compare, in settle.go, on MatchPayout's field names).
	w, err := a.c.CoinWithdrawals.Send(ctx, a.withdrawalParams(p))
	if err != nil {
		return nil, err
	}
	return a.toPayout(w, p.Amount.Currency), nil
}

// withdrawalParams maps a payout onto a coin withdrawal.
func (a *Adapter) withdrawalParams(p *payments.PayoutParams) *CoinWithdrawalParams {
	cur := strings.ToUpper(p.Amount.Currency)
	amount := p.Amount.Amount
	w := &CoinWithdrawalParams{Address: p.Address, Tag: p.Tag, CustomID: p.Reference, NetworkFeeLevel: a.opts.NetworkFeeLevel}
	if p.Asset == "" || strings.EqualFold(p.Asset, cur) {
		w.ReceivedCurrency, w.ReceivedAmount = cur, &amount
		w.ChargedCurrency = cur
		if a.opts.ChargedCurrency != "" {
			w.ChargedCurrency = strings.ToUpper(a.opts.ChargedCurrency)
		}
		return w
	}
	w.ChargedCurrency, w.ChargedAmount = cur, &amount
	w.ReceivedCurrency = strings.ToUpper(p.Asset)
	return w
}

// GetPayout reads a coin withdrawal by Cryptopay's id.
// GET /api/coin_withdrawals/{id}
func (a *Adapter) GetPayout(ctx context.Context, id string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("get payout")
	}
	w, err := a.c.CoinWithdrawals.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return a.toPayout(w, ""), nil
}

// FindPayout reads a coin withdrawal by the merchant's reference (its
// custom_id); payments.ErrNotFound when Cryptopay lists none now, which does
// not prove it will never exist (see payments.PayoutProvider).
// GET /api/coin_withdrawals/custom_id/{custom_id}
func (a *Adapter) FindPayout(ctx context.Context, reference string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("find payout")
	}
	if strings.TrimSpace(reference) == "" {
		return nil, &payments.ValidationError{Field: "reference", Reason: "is required"}
	}
	w, err := a.c.CoinWithdrawals.FindByReference(ctx, reference)
	if err != nil {
		return nil, err
	}
	return a.toPayout(w, ""), nil
}

// CreateDepositAddress creates (or finds again) a channel for p.Customer
// in p.Asset, credited in p.ConvertTo (default p.Asset). Its custom_id is
// derived from the customer and the currencies (see deposit.go: the
// customer as is when it fits 255 bytes, else its SHA-256, with the whole
// customer in the channel's description), so asking again returns the same
// channel and address, and every payment event into it names the customer
// (payments.Event.Customer) and the address (DepositAddress). Show the Deposit's Tag next to the address
// when set: funds sent without it are lost.
// POST /api/channels
func (a *Adapter) CreateDepositAddress(ctx context.Context, p *payments.DepositParams) (*payments.Deposit, error) {
	if a.c == nil {
		return nil, noClient("create deposit address")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	pay := strings.ToUpper(p.Asset)
	recv := pay
	if p.ConvertTo != "" {
		recv = strings.ToUpper(p.ConvertTo)
	}
	ch, err := a.c.Channels.Create(ctx, &ChannelParams{
		Name:        httpcore.Truncate("Deposits of "+p.Customer, 100),
		Description: depositDescription(p.Customer),
		PayCurrency: pay, ReceiverCurrency: recv,
		CustomID: depositCustomID(pay, recv, p.Customer),
	})
	if err != nil {
		return nil, err
	}
	addr, tag := SplitTag(ch.Address)
	return &payments.Deposit{Provider: ProviderName, ID: ch.ID, Customer: p.Customer, Asset: p.Asset,
		Address: addr, Tag: tag, Raw: ch.Raw}, nil // a channel publishes no created_at
}

// ParseWebhook verifies and normalizes a callback (see WebhooksService.Parse).
// The whole body is signed, so the event is BodyAuthenticated.
func (a *Adapter) ParseWebhook(r *http.Request) (*payments.Event, error) {
	if a.wh == nil {
		return nil, noClient("parse webhook")
	}
	ev, err := a.wh.Parse(r)
	if err != nil {
		return nil, err
	}
	return a.toEvent(ev), nil
}

// Refresh fetches the event's object from the API and returns the event as
// of now, with the same DedupeKey.
func (a *Adapter) Refresh(ctx context.Context, ev *payments.Event) (*payments.Event, error) {
	if a.wh == nil {
		return nil, noClient("refresh")
	}
	if ev == nil || len(ev.Raw) == 0 {
		return nil, &payments.ValidationError{Field: "event", Reason: "needs the raw body ParseWebhook kept"}
	}
	// The id and type come from the body; the state comes from the API.
	parsed, err := decodeCallback(ev.Raw)
	if err != nil {
		return nil, err
	}
	if parsed.Kind == KindOther {
		return nil, fmt.Errorf("cryptopay: refresh a %q callback: %w", httpcore.Truncate(parsed.ObjectType, 32), payments.ErrUnsupported)
	}
	fresh, err := a.wh.Refresh(ctx, parsed)
	if err != nil {
		return nil, err
	}
	out := a.toEvent(fresh)
	if fresh.ChannelPayment != nil && out.Customer == "" {
		// A hashed deposit custom_id: the customer is in the channel.
		if out.Customer, err = a.channelCustomer(ctx, fresh.ChannelPayment); err != nil {
			return nil, err
		}
	}
	out.ReceivedAt = ev.ReceivedAt
	if ev.DedupeKey != "" {
		out.DedupeKey = ev.DedupeKey
	}
	return out, nil
}

// providerStatus writes a status with its context: "unresolved:underpaid".
func providerStatus(status, context string) string {
	if context == "" {
		return status
	}
	return status + ":" + context
}

// toInvoice normalizes an invoice (Invoice.Normalized). ProviderStatus
// carries status_context after a colon ("completed:overpaid").
func toInvoice(inv *Invoice) *payments.Invoice {
	addr, tag := SplitTag(inv.Address)
	url := inv.HostedPageURL
	if url == "" {
		url = inv.URI
	}
	return &payments.Invoice{
		Provider: ProviderName, ID: inv.ID, Reference: inv.CustomID,
		Status: inv.Normalized(), ProviderStatus: providerStatus(string(inv.Status), inv.StatusContext),
		Requested: payments.Money{Amount: inv.PriceAmount, Currency: inv.PriceCurrency},
		Due:       payments.Money{Amount: inv.PayAmount, Currency: inv.PayCurrency},
		Received:  payments.Money{Amount: inv.PaidAmount, Currency: inv.PayCurrency},
		Address:   addr, Tag: tag, PaymentURL: url,
		CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, Raw: inv.Raw,
	}
}

// toPayout normalizes a coin withdrawal. denom is the currency the
// merchant's amount was in, when known: the amount on that side (charged
// or received) is the payout's Amount; without it the received side is.
func (a *Adapter) toPayout(w *CoinWithdrawal, denom string) *payments.Payout {
	addr, tag := SplitTag(w.Address)
	amount := payments.Money{Amount: w.ReceivedAmount, Currency: w.ReceivedCurrency}
	if denom != "" && strings.EqualFold(denom, w.ChargedCurrency) && !strings.EqualFold(denom, w.ReceivedCurrency) {
		amount = payments.Money{Amount: w.ChargedAmount, Currency: w.ChargedCurrency}
	}
	return &payments.Payout{
		Provider: ProviderName, ID: w.ID, Reference: w.CustomID,
		Status: w.Normalized(), ProviderStatus: string(w.Status),
		Amount: amount, Asset: w.ReceivedCurrency,
		Sent:    payments.Money{Amount: w.ReceivedAmount, Currency: w.ReceivedCurrency},
		Fee:     payments.Money{Amount: w.NetworkFee, Currency: w.ReceivedCurrency},
		Address: addr, Tag: tag, TxID: w.TxID, CreatedAt: w.CreatedAt, Raw: w.Raw,
	}
}

// toEvent normalizes a callback.
func (a *Adapter) toEvent(ev *Event) *payments.Event {
	out := &payments.Event{
		Provider: ProviderName, ID: ev.ID, DedupeKey: ev.DedupeKey(), Type: ev.ObjectType + "." + string(ev.Type),
		ObjectID: ev.ObjectID(), BodyAuthenticated: ev.BodyAuthenticated, SignatureCovers: ev.SignatureCovers,
		ReceivedAt: ev.ReceivedAt, Raw: ev.Raw, Kind: payments.EventOther, Status: payments.StatusUnknown,
	}
	switch {
	case ev.Invoice != nil:
		inv := toInvoice(ev.Invoice)
		out.Kind, out.Invoice, out.Reference = payments.EventInvoice, inv, inv.Reference
		out.Status, out.ProviderStatus, out.Amount = inv.Status, inv.ProviderStatus, inv.Received
	case ev.CoinWithdrawal != nil:
		po := a.toPayout(ev.CoinWithdrawal, "")
		out.Kind, out.Payout, out.Reference = payments.EventPayout, po, po.Reference
		out.Status, out.ProviderStatus, out.Amount = po.Status, po.ProviderStatus, po.Sent
	case ev.ChannelPayment != nil:
		// A payment into a deposit address: it names the customer and the
		// address (the channel's custom_id stays the Reference).
		x := ev.ChannelPayment
		out.Kind, out.Reference = payments.EventPayment, x.CustomID
		out.Customer = paymentCustomer(x)
		out.DepositAddress, _ = SplitTag(x.Address)
		out.Status, out.ProviderStatus = x.Normalized(), providerStatus(string(x.Status), x.StatusContext)
		out.Amount = payments.Money{Amount: x.PaidAmount, Currency: x.PaidCurrency}
	case ev.Subscription != nil:
		x := ev.Subscription
		out.Reference, out.ProviderStatus = x.CustomID, string(x.Status)
		switch ev.Type {
		case EventPaid:
			out.Status = payments.StatusPaid
		case EventCancelled:
			out.Status = payments.StatusCancelled
		}
		out.Amount = payments.Money{Amount: x.Amount, Currency: x.Currency}
	}
	return out
}
