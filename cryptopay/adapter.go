package cryptopay

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/adapterkit"
	"github.com/coinsdk/coinsdk/internal/apicall"
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

// NewAdapter returns the payments adapter over c. It refuses a nil c with
// a *payments.ValidationError, as on every provider; the adapter it returns
// beside that error is inert, not nil: no capabilities, and every method,
// ParseWebhook and Refresh included, returns an error matching
// payments.ErrUnsupported, so code that drops the error fails loudly
// instead of panicking.
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) {
	if c == nil {
		return &Adapter{opts: opts}, &payments.ValidationError{Field: "client", Reason: "is required"}
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
func noClient(op string) error { return adapterkit.NoClient(ProviderName, "API credentials", op) }

// Format prints the adapter without the client's secrets, for every verb.
func (a Adapter) Format(f fmt.State, _ rune) { describe(f, "cryptopay.Adapter", a.c) }

// Name returns "cryptopay".
func (a *Adapter) Name() string { return ProviderName }

// Capabilities: invoices, payouts, deposit addresses, webhooks, and lookups
// of payouts and invoices by reference (custom_id is unique per resource).
func (a *Adapter) Capabilities() payments.Capabilities {
	return adapterkit.Capabilities(a.c, a.wh, payments.CapWebhooks, // verify only: nothing to refresh, the body is signed
		payments.CapInvoices|payments.CapPayouts|payments.CapDeposits|payments.CapWebhooks|
			payments.CapFindPayout|payments.CapDedupePayout|payments.CapFindInvoice)
}

// As sets *target to the adapter's *Client when target is a **Client.
func (a *Adapter) As(target any) bool { return adapterkit.As(target, a.c) }

// CreateInvoice creates an invoice priced at p.Amount, paid in p.Asset (or
// AdapterOptions.PayCurrency), with p.Reference as its custom_id (a UUID
// when empty). A repeated call with the same reference returns the
// existing invoice when it matches (price and currencies; see settle.go).
// POST /api/invoices
func (a *Adapter) CreateInvoice(ctx context.Context, p *payments.InvoiceParams) (*payments.Invoice, error) {
	if err := adapterkit.Ready(a.c, noClient, "create invoice", p); err != nil {
		return nil, err
	}
	pay := cmp.Or(p.Asset, a.opts.PayCurrency)
	// The service settles the create (one compare, in settle.go).
	return invoiceOf(a.c.Invoices.Create(ctx, &InvoiceParams{
		PriceAmount: p.Amount.Amount, PriceCurrency: strings.ToUpper(p.Amount.Currency),
		PayCurrency: strings.ToUpper(pay), CustomID: p.Reference, Description: p.Description,
		PayerEmail: p.CustomerEmail, SuccessRedirectURL: p.SuccessURL, UnsuccessRedirectURL: p.FailureURL,
	}))
}

// invoiceOf converts the invoice a service call returned; its error passes
// through as is.
func invoiceOf(inv *Invoice, err error) (*payments.Invoice, error) {
	return adapterkit.Map(inv, err, toInvoice)
}

// GetInvoice reads an invoice by Cryptopay's id.
// GET /api/invoices/{id}
func (a *Adapter) GetInvoice(ctx context.Context, id string) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("get invoice")
	}
	return invoiceOf(a.c.Invoices.Get(ctx, id))
}

// FindInvoice reads an invoice by the merchant's reference (its custom_id);
// payments.ErrNotFound when Cryptopay lists none now.
// GET /api/invoices/custom_id/{custom_id}
func (a *Adapter) FindInvoice(ctx context.Context, reference string) (*payments.Invoice, error) {
	if a.c == nil {
		return nil, noClient("find invoice")
	}
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	return invoiceOf(a.c.Invoices.FindByReference(ctx, reference))
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
	if err := adapterkit.Ready(a.c, noClient, "create payout", p); err != nil {
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
	return a.payoutOf(a.c.CoinWithdrawals.Get(ctx, id))
}

// FindPayout reads a coin withdrawal by the merchant's reference (its
// custom_id); payments.ErrNotFound when Cryptopay lists none now, which does
// not prove it will never exist (see payments.PayoutProvider).
// GET /api/coin_withdrawals/custom_id/{custom_id}
func (a *Adapter) FindPayout(ctx context.Context, reference string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("find payout")
	}
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	return a.payoutOf(a.c.CoinWithdrawals.FindByReference(ctx, reference))
}

// payoutOf converts the withdrawal a lookup returned (the merchant's
// denomination unknown, so the received side is the Amount); its error
// passes through as is.
func (a *Adapter) payoutOf(w *CoinWithdrawal, err error) (*payments.Payout, error) {
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
	if err := adapterkit.Ready(a.c, noClient, "create deposit address", p); err != nil {
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
	return toDeposit(ch, p), nil
}

// ParseWebhook verifies and normalizes a callback (see WebhooksService.Parse).
// The whole body is signed, so the event is BodyAuthenticated.
func (a *Adapter) ParseWebhook(r *http.Request) (*payments.Event, error) {
	return adapterkit.ParseWebhook(a.wh, (*WebhooksService).Parse, noClient, r, a.toEvent)
}

// Refresh fetches the event's object from the API and returns the event as
// of now, with the same DedupeKey.
func (a *Adapter) Refresh(ctx context.Context, ev *payments.Event) (*payments.Event, error) {
	// The id and type come from the body; the state comes from the API.
	fresh, err := adapterkit.Refetch(ctx, a.wh, noClient, ev, refreshable, a.wh.Refresh)
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

// refreshable decodes the callback body an event kept, for Refresh: a
// callback of a type this package does not know cannot be fetched again.
func refreshable(raw []byte, _ http.Header) (*Event, error) {
	parsed, err := decodeCallback(raw)
	if err != nil {
		return nil, err
	}
	if parsed.Kind == KindOther {
		return nil, fmt.Errorf("cryptopay: refresh a %q callback: %w", httpcore.Truncate(parsed.ObjectType, 32), payments.ErrUnsupported)
	}
	return parsed, nil
}

// Deposit channels and their customer.
//
// A deposit address (payments.DepositParams) is a channel whose custom_id
// is derived from the currencies and the customer, so asking again finds
// the same channel. Cryptopay's channel payments (the callbacks of a
// deposit) carry the channel's custom_id, so the customer is read back from
// it — inside the signed body, with no further request:
//
//   - "deposit:<PAY>:<RECV>:<customer>" when that fits the 255 bytes of a
//     custom_id (the form every earlier coinsdk release wrote, so existing
//     channels are found again). The currency codes hold no colon, so
//     everything after the third colon is the customer exactly.
//   - "deposit-sha256:<PAY>:<RECV>:<hex>" for a longer customer id: the
//     SHA-256 of the customer (never a truncation, which would give two
//     customers one address). The customer is then kept whole in the
//     channel's description (depositDescription) and Adapter.Refresh reads
//     it back from there, checked against the hash.
const (
	depositPrefix     = "deposit:"
	depositHashPrefix = "deposit-sha256:"
	depositDescPrefix = "coinsdk deposit address of customer "
)

// depositCustomID is the custom_id of the deposit channel of customer in
// pay, credited in recv.
func depositCustomID(pay, recv, customer string) string {
	if id := depositPrefix + pay + ":" + recv + ":" + customer; len(id) <= maxCustomID {
		return id
	}
	return depositHashPrefix + pay + ":" + recv + ":" + customerHash(customer)
}

func customerHash(customer string) string {
	sum := sha256.Sum256([]byte(customer))
	return hex.EncodeToString(sum[:])
}

// depositDescription is the description of a deposit channel: it keeps the
// whole customer id, for the hashed custom_id form.
func depositDescription(customer string) string { return depositDescPrefix + customer }

// depositCustomer reads the customer from a deposit channel's custom_id:
// ok is false for a custom_id that is not a deposit channel's; hashed is
// true (and customer "") for the hashed form, whose customer is in the
// channel's description.
func depositCustomer(customID string) (customer string, hashed, ok bool) {
	if rest, found := strings.CutPrefix(customID, depositPrefix); found {
		parts := strings.SplitN(rest, ":", 3)
		if len(parts) == 3 && parts[0] != "" && parts[1] != "" && parts[2] != "" {
			return parts[2], false, true
		}
		return "", false, false
	}
	if rest, found := strings.CutPrefix(customID, depositHashPrefix); found {
		parts := strings.SplitN(rest, ":", 3)
		if len(parts) == 3 && len(parts[2]) == 2*sha256.Size {
			return "", true, true
		}
	}
	return "", false, false
}

// customerFromChannel reads the customer of a hashed deposit custom_id
// from the channel's description, and returns it only when its hash is the
// one in the custom_id (an edited description names nobody).
func customerFromChannel(ch *Channel) string {
	if ch == nil {
		return ""
	}
	_, hashed, ok := depositCustomer(ch.CustomID)
	customer, found := strings.CutPrefix(ch.Description, depositDescPrefix)
	if !ok || !hashed || !found || !strings.HasSuffix(ch.CustomID, ":"+customerHash(customer)) {
		return ""
	}
	return customer
}

// paymentCustomer is the merchant's customer a channel payment belongs to:
// read from the deposit custom_id, else the channel's customer_id (a
// channel made outside coinsdk for a Cryptopay customer), else "".
func paymentCustomer(x *ChannelPayment) string {
	if customer, _, ok := depositCustomer(x.CustomID); ok {
		return customer
	}
	return x.CustomerID
}

// channelCustomer reads a hashed deposit channel's customer over the API
// (Refresh only; a signed callback is never made to wait on a request).
func (a *Adapter) channelCustomer(ctx context.Context, x *ChannelPayment) (string, error) {
	if _, hashed, ok := depositCustomer(x.CustomID); !ok || !hashed || x.ChannelID == "" {
		return "", nil
	}
	ch, err := a.c.Channels.Get(ctx, x.ChannelID)
	if err != nil {
		return "", err
	}
	return customerFromChannel(ch), nil
}
