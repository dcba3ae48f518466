package channels

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/coinsdk/coinsdk/internal/adapterkit"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

// DefaultPayoutCustomerID is the customerId withdrawals made through the
// adapter are filed under when AdapterOptions.PayoutCustomerID is empty:
// the API requires one, and payments.PayoutParams has no customer.
const DefaultPayoutCustomerID = "coinsdk-payouts"

// AdapterOptions configures the payments adapter.
type AdapterOptions struct {
	// PayoutCustomerID is the customerId sent with every withdrawal
	// (default DefaultPayoutCustomerID).
	PayoutCustomerID string
	// ApplicationID is sent with every withdrawal when set.
	ApplicationID string
	// DemoFailedWithdrawalsAreProcessing reads every withdrawal's "failed"
	// as payments.StatusProcessing instead of payments.StatusFailed. It is
	// for demo accounts only, where a withdrawal first fails (no funds) and
	// is confirmed later through simulate, and payments.Advance never lets
	// a completed payout replace a failed one. On a live account it turns a
	// real failed withdrawal into one in progress for ever: the money is
	// not sent and nothing says so. Leave it false unless the API key is a
	// demo account's (the two use the same host, so the SDK cannot tell).
	DemoFailedWithdrawalsAreProcessing bool
}

// Adapter is XGateway's channel API behind the provider-neutral payments
// interfaces: deposit addresses (channels), payouts (withdrawals) and
// callbacks. As reaches the *Client for the rest.
//
// Capabilities are CapDeposits, CapPayouts, CapDedupePayout and CapWebhooks:
//   - no CapInvoices: the invoice API creates hosted checkout invoices
//     (Client.Invoices) but has no call to read one back, so GetInvoice could
//     not work; an invoice's payment arrives as a deposit callback carrying
//     its id and orderId. Such a deposit's event names the invoice in
//     InvoiceID and carries no Reference: its status is the one
//     transaction's ("confirmed" on a deposit of half the price), and no
//     call gives the invoice's paid total, so the order's status is not
//     the SDK's to give. Settle an invoice by its id: add up its confirmed
//     deposits (Transaction.Amount, or Info.ReferenceAmount in the price's
//     currency) against the price you asked, and credit the order once.
//   - no CapFindPayout: there is no documented lookup of a withdrawal by
//     orderId, so FindPayout returns payments.ErrUnsupported. The orderId is
//     the provider's idempotency key all the same: CreatePayout resends with
//     the same orderId after a timeout or 5xx, and repeating CreatePayout
//     with the Reference of an unknown outcome returns the withdrawal made
//     for it (checked against what was asked) rather than making a second:
//     hence CapDedupePayout.
type Adapter struct {
	c    *Client // nil for a verify-only adapter (NewWebhookAdapter)
	wh   *WebhooksService
	opts AdapterOptions
}

var _ payments.Adapter = (*Adapter)(nil)

// NewAdapter returns the payments adapter over c. It refuses a nil c with
// a *payments.ValidationError, as on every provider; the adapter it returns
// beside that error is inert, not nil: no capabilities, and every method
// returns an error matching payments.ErrUnsupported, so code that drops the
// error fails loudly instead of panicking.
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) {
	if opts.PayoutCustomerID == "" {
		opts.PayoutCustomerID = DefaultPayoutCustomerID
	}
	if c == nil {
		return &Adapter{opts: opts}, &payments.ValidationError{Field: "client", Reason: "is nil: build one with channels.New (NewWebhookAdapter verifies callbacks without an API key)"}
	}
	if err := checkCustomer(opts.PayoutCustomerID); err != nil {
		return nil, err
	}
	return &Adapter{c: c, wh: c.Webhooks, opts: opts}, nil
}

// NewWebhookAdapter returns a verify-only adapter for a merchant that holds
// the callback secret keys (current first, then previous ones) but no API
// key: its Capabilities are none, ParseWebhook verifies callbacks, and
// Refresh, like every other method, returns an error matching
// payments.ErrUnsupported. Since the hash covers only id, customerId,
// amount and currency, such an adapter can authenticate a callback but never
// its status: the webhooks package answers 503 to every callback it cannot
// refresh, so configure the API key (New and NewAdapter) to process them.
func NewWebhookAdapter(secrets ...string) *Adapter {
	return &Adapter{wh: NewWebhookVerifier(secrets...)}
}

// noClient is the error of every method of a verify-only adapter.
func noClient(op string) error { return adapterkit.NoClient(ProviderName, "the API key", op) }

// Format prints the adapter without the client's key, for every verb.
func (a *Adapter) Format(f fmt.State, _ rune) {
	if a.c == nil {
		redact.Format(f, "channels.Adapter", "verifyOnly", strconv.FormatBool(a.wh != nil))
		return
	}
	redact.Format(f, "channels.Adapter", "baseURL", a.c.BaseURL(), "APIKey", a.c.keyHint)
}

// Name returns "channels".
func (a *Adapter) Name() string { return ProviderName }

// Capabilities: deposits, payouts (deduplicated by orderId) and webhooks
// (see Adapter).
func (a *Adapter) Capabilities() payments.Capabilities {
	return adapterkit.Capabilities(a.c, a.wh, 0, // callbacks must be refreshed: nothing without a client
		payments.CapDeposits|payments.CapPayouts|payments.CapDedupePayout|payments.CapWebhooks)
}

// As sets *target to the adapter's *Client when target is a **Client.
func (a *Adapter) As(target any) bool { return adapterkit.As(target, a.c) }

func unsupported(what string) error {
	return fmt.Errorf("%s: %s: %w", ProviderName, what, payments.ErrUnsupported)
}

// CreateInvoice returns payments.ErrUnsupported: invoices cannot be read
// back through the API. Use Client.Invoices (reach it with As) to create a
// hosted checkout invoice, and follow its payment through deposit callbacks.
func (a *Adapter) CreateInvoice(context.Context, *payments.InvoiceParams) (*payments.Invoice, error) {
	return nil, unsupported("invoices cannot be read back (no GET invoice); use Client.Invoices and deposit callbacks")
}

// GetInvoice returns payments.ErrUnsupported: the API has no invoice lookup.
func (a *Adapter) GetInvoice(context.Context, string) (*payments.Invoice, error) {
	return nil, unsupported("no invoice lookup")
}

// FindInvoice returns payments.ErrUnsupported: the API has no invoice lookup.
func (a *Adapter) FindInvoice(context.Context, string) (*payments.Invoice, error) {
	return nil, unsupported("no invoice lookup by orderId")
}

// CreatePayout sends p.Amount in p.Asset (or p.Amount.Currency) — an
// XGateway currency code such as "tUSDT", case-sensitive — to p.Address, as
// a withdrawal with orderId p.Reference (a UUID when empty) and customerId
// AdapterOptions.PayoutCustomerID. Tags are not supported. An answer that
// is not the withdrawal asked for (a Reference used before for another) is
// an error matching payments.ErrDuplicateReference; an unknown outcome
// carries the Reference (and the provider's id when an answer named one:
// a 2xx without amount or currency whose read-back failed): repeat
// CreatePayout with it (FindPayout is not available). POST /api/v2/withdrawal
func (a *Adapter) CreatePayout(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	if err := adapterkit.Ready(a.c, noClient, "create payout", p); err != nil {
		return nil, err
	}
	if p.Tag != "" {
		return nil, &payments.ValidationError{Field: "tag", Reason: "XGateway withdrawals take no tag or memo"}
	}
	asset := cmp.Or(p.Asset, p.Amount.Currency)
	if !strings.EqualFold(asset, p.Amount.Currency) {
		return nil, &payments.ValidationError{Field: "asset", Reason: "must be the amount's currency: XGateway withdrawals do not convert"}
	}
	// Withdrawals.Create fills in an orderId when Reference is empty and
	// settles the answer against what was asked: the one compare.
	tx, err := a.c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: p.Amount.Amount, Currency: Currency(asset),
		CustomerID: a.opts.PayoutCustomerID, Address: p.Address, OrderID: p.Reference, ApplicationID: a.opts.ApplicationID})
	if err != nil {
		return nil, err
	}
	return a.toPayout(tx, p.Address), nil
}

// GetPayout reads a withdrawal by its transaction id; payments.ErrNotFound
// when there is none or the id names a deposit.
// GET /api/v2/transaction/{transactionId}
func (a *Adapter) GetPayout(ctx context.Context, id string) (*payments.Payout, error) {
	if a.c == nil {
		return nil, noClient("get payout")
	}
	tx, err := a.c.Transactions.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !tx.IsWithdrawal() {
		return nil, fmt.Errorf("%s: transaction %q is a %s, not a payout: %w", ProviderName, httpcore.Truncate(id, 64), httpcore.Truncate(tx.Type, 40), payments.ErrNotFound)
	}
	return a.toPayout(tx, ""), nil
}

// FindPayout returns payments.ErrUnsupported: XGateway documents no lookup
// of a withdrawal by orderId. After an unknown outcome, repeat CreatePayout
// with the same Reference: the provider answers with the withdrawal it made
// for that orderId instead of making another.
func (a *Adapter) FindPayout(_ context.Context, reference string) (*payments.Payout, error) {
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	return nil, unsupported("no lookup of a withdrawal by orderId; repeat CreatePayout with the same reference")
}

// CreateDepositAddress returns p.Customer's channel address for p.Asset (an
// XGateway currency code such as "tUSDT"); the same address every time.
// ConvertTo is not offered and is refused. POST /api/v2/channels
func (a *Adapter) CreateDepositAddress(ctx context.Context, p *payments.DepositParams) (*payments.Deposit, error) {
	if err := adapterkit.Ready(a.c, noClient, "create deposit address", p); err != nil {
		return nil, err
	}
	if p.ConvertTo != "" {
		return nil, &payments.ValidationError{Field: "convert_to", Reason: "XGateway channels do not convert deposits"}
	}
	ch, err := a.c.Channels.Create(ctx, &ChannelParams{Currency: Currency(p.Asset), CustomerID: p.Customer})
	if err != nil {
		return nil, err
	}
	return toDeposit(ch), nil
}

// ParseWebhook verifies a callback's hash and normalizes it. The event is
// NOT body authenticated (the hash covers id, customerId, amount and
// currency only): its DedupeKey is empty and its Status unknown until
// Refresh reads the transaction from the API. ProviderStatus is the
// unsigned body's word, for logs.
func (a *Adapter) ParseWebhook(r *http.Request) (*payments.Event, error) {
	return adapterkit.ParseWebhook(a.wh, (*WebhooksService).Parse, noClient, r, a.toEvent)
}

// Refresh verifies ev's raw callback again, reads its transaction from the
// API and returns the event as the API has it: BodyAuthenticated true, the
// API's status, and a DedupeKey built from the API's answer. A deposit
// into a channel names its Customer and DepositAddress; the address is not
// in callbacks or transactions, so Refresh asks for the customer's channel
// in the deposit's currency, which answers the same address every time (a
// failure of that call fails Refresh, so the handler answers 5xx and the
// provider retries). An id the API does not know is an error matching
// payments.ErrNotFound.
// GET /api/v2/transaction/{transactionId}, POST /api/v2/channels
func (a *Adapter) Refresh(ctx context.Context, ev *payments.Event) (*payments.Event, error) {
	fresh, err := adapterkit.Refetch(ctx, a.c, noClient, ev, a.wh.ParseBody, a.wh.Refresh)
	if err != nil {
		return nil, err
	}
	out := a.toEvent(fresh)
	if out.Kind == payments.EventPayment && out.InvoiceID == "" && out.Customer != "" {
		if out.DepositAddress, err = a.depositAddress(ctx, fresh.Transaction); err != nil {
			return nil, err
		}
	}
	if !ev.ReceivedAt.IsZero() {
		out.ReceivedAt = ev.ReceivedAt
	}
	return out, nil
}

// depositAddress returns the channel address a deposit arrived at. Neither
// callbacks nor the transaction carry it, but a customer has one address
// per currency, the same every time it is asked for: POST /api/v2/channels
// with the deposit's customerId and currency (the coin of Info when the
// top-level currency is not one, as in a documented example) answers it.
// A currency the SDK does not know leaves it empty.
func (a *Adapter) depositAddress(ctx context.Context, tx *Transaction) (string, error) {
	currency := tx.Currency
	if _, err := a.c.currency("currency", currency); err != nil {
		currency = Currency(tx.Info.TransactionCurrency)
		if _, err := a.c.currency("currency", currency); err != nil {
			return "", nil
		}
	}
	ch, err := a.c.Channels.Create(ctx, &ChannelParams{Currency: currency, CustomerID: tx.CustomerID})
	if err != nil {
		var ve *payments.ValidationError
		if errors.As(err, &ve) {
			return "", nil // a customerId no channel can have ("N/A"): no address
		}
		return "", err
	}
	return ch.Address, nil
}
