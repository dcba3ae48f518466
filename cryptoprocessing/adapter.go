package cryptoprocessing

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/internal/adapterkit"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

// AdapterOptions configures the payments adapter. CryptoProcessing invoices
// need a title, two redirect URLs and the payer's e-mail, which the
// provider-neutral InvoiceParams may not carry: these are the defaults.
type AdapterOptions struct {
	// SuccessURL is the default url_success (InvoiceParams.SuccessURL overrides it).
	SuccessURL string
	// FailureURL is the default url_failed (InvoiceParams.FailureURL overrides it).
	FailureURL string
	// Email is the default email_user (InvoiceParams.CustomerEmail overrides it).
	Email string
	// Title is the invoice title shown to the payer; empty uses
	// "Order <reference>" (cut to the API's 50 characters).
	Title string
	// Timer starts each invoice's 15-minute payment window at creation.
	Timer bool
	// InvoiceType is sent as the invoice type: "" (standard),
	// InvoiceFillOrKill or InvoiceGoodUntilExpired (partial payments).
	InvoiceType string
	// Currencies maps the merchant's names for assets and currencies to
	// CryptoProcessing's codes (say "USDT-TRX" → "USDTT"); names not in the
	// map are sent as written. Normalized objects map codes back.
	Currencies map[string]string
}

// Adapter is CryptoProcessing behind the provider-neutral payments
// interfaces: invoices (invoices/create, transactions/info), payouts
// (withdrawal/crypto), deposit addresses (addresses/take) and callbacks.
// As reaches the *Client for everything else.
type Adapter struct {
	c       *Client          // nil for a verify-only adapter (NewWebhookAdapter)
	wh      *WebhooksService // c.Webhooks, or a verifier without a client
	opts    AdapterOptions
	reverse map[string]string // provider code → merchant's name
}

var _ payments.Adapter = (*Adapter)(nil)

// Format prints the adapter without the client's secrets, for every verb.
func (a *Adapter) Format(f fmt.State, _ rune) {
	if a.c == nil {
		redact.Format(f, "cryptoprocessing.Adapter", "apiClient", "false")
		return
	}
	redact.Format(f, "cryptoprocessing.Adapter", "baseURL", a.c.BaseURL(), "APIKey", redact.Key(a.c.apiKey.Reveal()))
}

// NewWebhookAdapter returns a verify-only adapter for a merchant that holds
// the API secret that signs callbacks (current first, then previous ones
// still accepted) but does not want to hand an API client to the webhook
// endpoint. CryptoProcessing signs the whole body, so its events can be
// processed as they are: Capabilities is payments.CapWebhooks alone, and
// every API method (Refresh included) returns an error matching
// payments.ErrUnsupported. The same shape as every provider's
// NewWebhookAdapter.
func NewWebhookAdapter(secrets ...string) *Adapter {
	return &Adapter{wh: NewWebhookVerifier(secrets...)}
}

// noClient is the error of every API method of a verify-only adapter.
func noClient(op string) error { return adapterkit.NoClient(ProviderName, "API credentials", op) }

// NewAdapter returns the payments adapter over c. It refuses a nil c with
// a *payments.ValidationError, as on every provider; the adapter it returns
// beside that error is inert, not nil: no capabilities, and every method
// returns an error matching payments.ErrUnsupported, so code that drops the
// error fails loudly instead of panicking. A verify-only adapter is
// NewWebhookAdapter.
func NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error) {
	if c == nil {
		return &Adapter{}, &payments.ValidationError{Field: "client", Reason: "is required (NewWebhookAdapter verifies callbacks without one)"}
	}
	a := &Adapter{c: c, wh: c.Webhooks, opts: opts, reverse: make(map[string]string, len(opts.Currencies))}
	for name, code := range opts.Currencies {
		a.reverse[code] = name
	}
	return a, nil
}

// Name returns "cryptoprocessing".
func (a *Adapter) Name() string { return ProviderName }

// Capabilities: invoices and payouts, both found by foreign_id (which the
// API keeps unique), deposits and webhooks.
func (a *Adapter) Capabilities() payments.Capabilities {
	return adapterkit.Capabilities(a.c, a.wh, payments.CapWebhooks, // the body is signed: verify only works
		payments.CapInvoices|payments.CapFindInvoice|payments.CapPayouts|payments.CapFindPayout|payments.CapDedupePayout|
			payments.CapDeposits|payments.CapWebhooks)
}

// As sets *target to the adapter's *Client when target is a **Client.
func (a *Adapter) As(target any) bool { return adapterkit.As(target, a.c) }

// CreateInvoice creates an invoice: p.Amount is the price (its currency is
// what the merchant receives), p.Asset the crypto the payer sends
// (sender_currency; empty lets the payer choose), p.Reference the
// foreign_id (a UUID when empty). The redirect URLs, e-mail and title come
// from p where it has them, else from AdapterOptions.
// POST invoices/create
func (a *Adapter) CreateInvoice(ctx context.Context, p *payments.InvoiceParams) (*payments.Invoice, error) {
	if err := adapterkit.Ready(a.c, noClient, "create invoice", p); err != nil {
		return nil, err
	}
	ref := adapterkit.Reference(p.Reference)
	params := &InvoiceParams{
		Timer:       a.opts.Timer,
		Title:       a.title(ref),
		Description: p.Description,
		Currency:    a.code(p.Amount.Currency),
		Amount:      p.Amount.Amount,
		ForeignID:   ref,
		URLSuccess:  cmp.Or(p.SuccessURL, a.opts.SuccessURL),
		URLFailed:   cmp.Or(p.FailureURL, a.opts.FailureURL),
		EmailUser:   cmp.Or(p.CustomerEmail, a.opts.Email),
		Type:        a.opts.InvoiceType,
	}
	if p.Asset != "" && !strings.EqualFold(p.Asset, p.Amount.Currency) {
		params.SenderCurrency = a.code(p.Asset)
	}
	inv, err := a.c.Invoices.Create(ctx, params)
	if err != nil {
		return nil, err
	}
	if inv.Transaction != nil {
		// Settled by reference after an unknown outcome: the stored invoice.
		return a.toInvoice(inv.Transaction), nil
	}
	return a.toInvoiceFromCreate(inv), nil
}

// title is the invoice title for a reference, within the API's 50 characters.
func (a *Adapter) title(ref string) string {
	t := a.opts.Title
	if t == "" {
		t = "Order " + ref
	}
	if utf8.RuneCountInString(t) > 50 {
		t = string([]rune(t)[:50])
	}
	return t
}

// GetInvoice reads an invoice by the provider's id (a number). An id that
// is not a number, or that names something other than an invoice, is
// payments.ErrNotFound.
// GET transactions/info {"id": …}
func (a *Adapter) GetInvoice(ctx context.Context, id string) (*payments.Invoice, error) {
	return readAs(ctx, a, "get invoice", a.lookup, id, "invoice", isInvoice, a.toInvoice)
}

// FindInvoice reads an invoice by the merchant's reference (its foreign_id);
// payments.ErrNotFound when none is listed now (see
// payments.PayoutProvider.FindPayout for what that does and does not mean).
// GET transactions/info {"foreign_id": …}
func (a *Adapter) FindInvoice(ctx context.Context, reference string) (*payments.Invoice, error) {
	return readAs(ctx, a, "find invoice", a.find, reference, "invoice", isInvoice, a.toInvoice)
}

// CreatePayout sends p.Amount from the p.Amount.Currency balance to
// p.Address; when p.Asset names another currency, the payee receives that
// (convert_to). p.Reference is the foreign_id (a UUID when empty). An
// unknown outcome, or a "foreign_id already taken" answer to a repeated
// call, is resolved by looking the withdrawal up by foreign_id and comparing
// it with p (see WithdrawalsService.Crypto): a match is returned, a
// difference is payments.ErrDuplicateReference; if it stays unknown, the
// *payments.UnknownOutcomeError carries the reference to repeat the call with.
// POST withdrawal/crypto
func (a *Adapter) CreatePayout(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	if err := adapterkit.Ready(a.c, noClient, "create payout", p); err != nil {
		return nil, err
	}
	params := &WithdrawalParams{
		ForeignID: adapterkit.Reference(p.Reference),
		Amount:    p.Amount.Amount,
		Currency:  a.code(p.Amount.Currency),
		Address:   p.Address,
		Tag:       p.Tag,
	}
	if p.Asset != "" && !strings.EqualFold(p.Asset, p.Amount.Currency) {
		params.ConvertTo = a.code(p.Asset)
	}
	w, err := a.c.Withdrawals.Crypto(ctx, params)
	if err != nil {
		return nil, err
	}
	return a.toPayoutFromWithdrawal(w, params), nil
}

// GetPayout reads a payout by the provider's id (a number). An id that is
// not a number, or that names something other than a withdrawal, is
// payments.ErrNotFound.
// GET transactions/info {"id": …}
func (a *Adapter) GetPayout(ctx context.Context, id string) (*payments.Payout, error) {
	return readAs(ctx, a, "get payout", a.lookup, id, "payout", (*Transaction).IsWithdrawal, a.toPayout)
}

// FindPayout reads a payout by the merchant's reference (its foreign_id);
// payments.ErrNotFound when none is listed now, which does not mean it will
// never exist (see payments.PayoutProvider.FindPayout): repeat CreatePayout
// with the same reference instead.
// GET transactions/info {"foreign_id": …}
func (a *Adapter) FindPayout(ctx context.Context, reference string) (*payments.Payout, error) {
	return readAs(ctx, a, "find payout", a.find, reference, "payout", (*Transaction).IsWithdrawal, a.toPayout)
}

// CreateDepositAddress takes an address for p.Customer (the foreign_id
// every deposit callback carries) in p.Asset, converting deposits to
// p.ConvertTo when set. The Deposit's Tag must be shown to the payer when
// set: funds sent without it are lost.
// POST addresses/take
func (a *Adapter) CreateDepositAddress(ctx context.Context, p *payments.DepositParams) (*payments.Deposit, error) {
	if err := adapterkit.Ready(a.c, noClient, "create deposit address", p); err != nil {
		return nil, err
	}
	params := &AddressParams{Currency: a.code(p.Asset), ForeignID: p.Customer}
	if p.ConvertTo != "" {
		params.ConvertTo = a.code(p.ConvertTo)
	}
	addr, err := a.c.Addresses.Take(ctx, params)
	if err != nil {
		return nil, err
	}
	return a.toDeposit(addr, p), nil
}

// ParseWebhook verifies and normalizes a callback (see WebhooksService.Parse).
// The whole body is signed, so the event is BodyAuthenticated.
func (a *Adapter) ParseWebhook(r *http.Request) (*payments.Event, error) {
	return adapterkit.ParseWebhook(a.wh, (*WebhooksService).Parse, noClient, r, a.toEvent)
}

// Refresh fetches the event's object (transactions/info by ObjectID) and
// returns the event as of now; an object the API does not know is an error
// matching payments.ErrNotFound.
// GET transactions/info {"id": …}
func (a *Adapter) Refresh(ctx context.Context, ev *payments.Event) (*payments.Event, error) {
	id, err := adapterkit.RefreshID(a.c, noClient, ev)
	if err != nil {
		return nil, err
	}
	if !isDigits(id) {
		// Ids are numbers: nothing the API knows has this one (as in
		// GetInvoice and GetPayout), and asking would only earn a 400.
		return nil, fmt.Errorf("%s: no transaction with id %q: %w", ProviderName, id, payments.ErrNotFound)
	}
	fresh, err := a.c.Webhooks.Refresh(ctx, &Event{Transaction: &Transaction{ID: id}})
	return adapterkit.Map(fresh, err, a.toEvent)
}

// lookup fetches a transaction by id and checks it is of the wanted kind.
func (a *Adapter) lookup(ctx context.Context, id, what string, want func(*Transaction) bool) (*Transaction, error) {
	if err := apicall.Required("id", id); err != nil {
		return nil, err
	}
	// Ids are numbers: anything else cannot name an object, and sending it
	// would only earn a validation error from the API.
	if !isDigits(id) {
		return nil, fmt.Errorf("%s: no %s with id %q: %w", ProviderName, what, id, payments.ErrNotFound)
	}
	tx, err := a.c.Transactions.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !want(tx) {
		return nil, fmt.Errorf("%s: no %s with id %q (it is a %s): %w", ProviderName, what, id, tx.Type, payments.ErrNotFound)
	}
	return tx, nil
}

// find reads the transaction a merchant reference names, when want says
// it is a what.
func (a *Adapter) find(ctx context.Context, reference, what string, want func(*Transaction) bool) (*Transaction, error) {
	if err := apicall.Required("reference", reference); err != nil {
		return nil, err
	}
	tx, err := a.c.Transactions.FindByReference(ctx, reference)
	if err != nil {
		return nil, err
	}
	if !want(tx) {
		return nil, fmt.Errorf("%s: no %s with reference %q: %w", ProviderName, what, reference, payments.ErrNotFound)
	}
	return tx, nil
}

// readAs is every Get* and Find*: read one transaction by key (lookup by
// id, find by reference), check it is a what, and map it with to.
func readAs[R any](ctx context.Context, a *Adapter, op string, read func(context.Context, string, string, func(*Transaction) bool) (*Transaction, error),
	key, what string, want func(*Transaction) bool, to func(*Transaction) *R) (*R, error) {
	if a.c == nil {
		return nil, noClient(op)
	}
	tx, err := read(ctx, key, what, want)
	return adapterkit.Map(tx, err, to)
}

// isInvoice says whether a transaction is an invoice.
func isInvoice(t *Transaction) bool { return t.Type == TypeInvoice }

// code is the provider's code for a merchant's currency name.
func (a *Adapter) code(name string) string {
	if c, ok := a.opts.Currencies[name]; ok {
		return c
	}
	return name
}

// name is the merchant's name for a provider's currency code.
func (a *Adapter) name(code string) string {
	if n, ok := a.reverse[code]; ok {
		return n
	}
	return code
}
