// Command cryptoprocessing is a tour of the CryptoProcessing (CoinsPaid) API
// through coinsdk: ping, balances, currencies and their minimum amounts, a
// BTC deposit address and an XRP one with its destination tag, a deposit
// arriving with its verified callbacks (not_confirmed, then confirmed), a
// withdrawal with its foreign_id and its lookup by that foreign_id
// (transactions/info), an exchange quote (exchange/calculate), and invoices:
// one created and paid, another created and cancelled.
//
// With CRYPTOPROCESSING_BASE_URL, CRYPTOPROCESSING_API_KEY and
// CRYPTOPROCESSING_API_SECRET set it runs against that server (the
// provider's sandbox is https://app.sandbox.cryptoprocessing.com/api/v2). It
// then skips what only the in-process sandbox can do (make a deposit arrive,
// pay an invoice) and verifies a test callback signed with the secret
// instead. Withdrawals are sent only with CRYPTOPROCESSING_ALLOW_PAYOUT=1:
// the currency's minimum amount (or CRYPTOPROCESSING_PAYOUT_AMOUNT) of
// CRYPTOPROCESSING_PAYOUT_CURRENCY (default BTC) to
// CRYPTOPROCESSING_PAYOUT_ADDRESS (default a BTC testnet address; required
// for any other currency), with CRYPTOPROCESSING_PAYOUT_TAG for currencies
// that need a destination tag. Invoices send the payer to
// CRYPTOPROCESSING_URL_SUCCESS and CRYPTOPROCESSING_URL_FAILED (defaults
// https://example.com/success and https://example.com/failed) and name
// CRYPTOPROCESSING_EMAIL_USER (default payer@example.com).
//
// Otherwise it runs against the in-process sandbox (cryptoprocessingtest),
// with a local callback inbox as the callback URL. It exits non-zero on any
// failure.
//
//	go run ./examples/cryptoprocessing
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/examples/internal/tour"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// customer is the merchant's id for the customer the deposit addresses are
// taken for. Unlike a withdrawal's or invoice's foreign_id it may repeat:
// every deposit's callback carries it back.
const customer = "tour-customer-42"

func main() { tour.Main("cryptoprocessing", run) }

// env is the tour's setup: a client and, in sandbox mode, the sandbox and
// the merchant's callback inbox.
type env struct {
	c     *cryptoprocessing.Client
	sb    *cryptoprocessingtest.Server         // nil against a real server
	inbox *tour.Inbox[*cryptoprocessing.Event] // sandbox mode only
	// apiKey and secret sign the test callbacks shown against a real
	// server, where nothing can make a real one arrive.
	apiKey, secret string

	allowPayout bool
	payout      payoutConfig
	urlSuccess  string
	urlFailed   string
	email       string
}

// payoutConfig is the withdrawal the tour sends when allowed.
type payoutConfig struct {
	currency, address, tag string
	amount                 decimal.Decimal // zero: the currency's minimum_amount
}

func setup() (*env, func(), error) {
	e := &env{
		urlSuccess: tour.Getenv("CRYPTOPROCESSING_URL_SUCCESS", "https://example.com/success"),
		urlFailed:  tour.Getenv("CRYPTOPROCESSING_URL_FAILED", "https://example.com/failed"),
		email:      tour.Getenv("CRYPTOPROCESSING_EMAIL_USER", "payer@example.com"),
		payout: payoutConfig{
			currency: strings.ToUpper(tour.Getenv("CRYPTOPROCESSING_PAYOUT_CURRENCY", "BTC")),
			address:  os.Getenv("CRYPTOPROCESSING_PAYOUT_ADDRESS"),
			tag:      os.Getenv("CRYPTOPROCESSING_PAYOUT_TAG"),
		},
	}
	if e.payout.address == "" {
		// A testnet address: the provider's sandbox runs on testnets, and
		// the production API refuses it rather than paying a stranger.
		if e.payout.currency != "BTC" {
			return nil, nil, fmt.Errorf("CRYPTOPROCESSING_PAYOUT_ADDRESS is required for %s payouts", e.payout.currency)
		}
		e.payout.address = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
	}
	if v := os.Getenv("CRYPTOPROCESSING_PAYOUT_AMOUNT"); v != "" {
		amount, err := decimal.NewFromString(v)
		if err != nil || !amount.IsPositive() {
			return nil, nil, fmt.Errorf("CRYPTOPROCESSING_PAYOUT_AMOUNT %q is not a positive amount", v)
		}
		e.payout.amount = amount
	}

	if base := os.Getenv("CRYPTOPROCESSING_BASE_URL"); base != "" {
		e.apiKey, e.secret = os.Getenv("CRYPTOPROCESSING_API_KEY"), os.Getenv("CRYPTOPROCESSING_API_SECRET")
		if e.apiKey == "" || e.secret == "" {
			return nil, nil, errors.New("CRYPTOPROCESSING_BASE_URL is set: CRYPTOPROCESSING_API_KEY and CRYPTOPROCESSING_API_SECRET are required too")
		}
		c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: e.apiKey, APISecret: e.secret}, option.WithBaseURL(base))
		if err != nil {
			return nil, nil, err
		}
		e.c = c
		e.allowPayout = os.Getenv("CRYPTOPROCESSING_ALLOW_PAYOUT") == "1"
		fmt.Println("mode: live server", c.BaseURL())
		return e, func() {}, nil
	}

	sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	if err != nil {
		sb.Close()
		return nil, nil, err
	}
	// The inbox verifies with the same client a merchant's server would use.
	e.inbox = tour.NewInbox(c.Webhooks.Parse, (*cryptoprocessing.Event).DedupeKey)
	e.c, e.sb, e.allowPayout = c, sb, true
	return e, tour.Offline(sb, e.inbox, "CRYPTOPROCESSING"), nil
}

func run(ctx context.Context) error {
	e, cleanup, err := setup()
	if err != nil {
		return err
	}
	defer cleanup()
	c := e.c

	if err := c.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	tour.Say("ping", "OK (unauthenticated: says nothing about the keys)")

	accounts, err := c.Accounts.List(ctx)
	if err != nil {
		return fmt.Errorf("accounts: %w", err)
	}
	var held []string
	for _, a := range accounts {
		if a.Balance.IsPositive() {
			held = append(held, a.Balance.String()+" "+a.Currency)
		}
	}
	if len(held) > 5 {
		held = append(held[:5], "…")
	}
	tour.Say("balances", "%d accounts; %s", len(accounts), tour.Or(strings.Join(held, ", "), "all empty"))

	currencies, err := c.Currencies.List(ctx, nil)
	if err != nil {
		return fmt.Errorf("currencies: %w", err)
	}
	showCurrencies(currencies, e.payout.currency)

	btc, err := depositAddresses(ctx, e, currencies)
	if err != nil {
		return err
	}
	if err := depositArrives(e, btc); err != nil {
		return err
	}
	if err := withdrawal(ctx, e, currencies); err != nil {
		return err
	}
	if err := exchangeQuote(ctx, e); err != nil {
		return err
	}
	return invoices(ctx, e)
}

// showCurrencies prints the currencies the tour uses, and a few others when
// the account offers none of them.
func showCurrencies(list []cryptoprocessing.Currency, payoutCurrency string) {
	tour.Say("currencies", "%d offered", len(list))
	want := []string{"BTC", "XRP", payoutCurrency, "EUR"}
	shown := 0
	for _, cur := range list {
		if slices.Contains(want, cur.Currency) {
			showCurrency(cur)
			shown++
		}
	}
	for i := 0; shown == 0 && i < len(list) && i < 3; i++ {
		showCurrency(list[i])
	}
}

func showCurrency(cur cryptoprocessing.Currency) {
	tour.Say("", "%-5s %-6s minimum %s, deposit fee %s%%, withdrawal fee %s%%",
		cur.Currency, cur.Type, cur.MinimumAmount, cur.DepositFeePercent, cur.WithdrawalFeePercent)
}

// findCurrency returns the currency with that code, or nil.
func findCurrency(list []cryptoprocessing.Currency, code string) *cryptoprocessing.Currency {
	for i := range list {
		if strings.EqualFold(list[i].Currency, code) {
			return &list[i]
		}
	}
	return nil
}

// depositAddresses takes a BTC address and an XRP one for the customer.
func depositAddresses(ctx context.Context, e *env, currencies []cryptoprocessing.Currency) (*cryptoprocessing.Address, error) {
	btc, err := e.c.Addresses.Take(ctx, &cryptoprocessing.AddressParams{Currency: "BTC", ForeignID: customer})
	if err != nil {
		return nil, fmt.Errorf("take BTC address: %w", err)
	}
	tour.Say("address", "BTC %s (customer %s)", btc.Address, btc.ForeignID)

	// A real account may not offer XRP; asking anyway would only show a
	// validation error.
	if findCurrency(currencies, "XRP") == nil {
		tour.Say("address", "XRP skipped (not offered to this account)")
		return btc, nil
	}
	xrp, err := e.c.Addresses.Take(ctx, &cryptoprocessing.AddressParams{Currency: "XRP", ForeignID: customer})
	if err != nil {
		return nil, fmt.Errorf("take XRP address: %w", err)
	}
	tour.Say("address", "XRP %s", xrp.Address)
	if xrp.RequiresTag() {
		// XRP addresses are shared between customers: the tag is what tells
		// this customer's payments apart, so it must be shown as loudly as
		// the address.
		tour.Say("", "TAG %s  <- the payer MUST send this destination tag; without it the funds are lost", xrp.Tag)
	} else {
		tour.Say("", "no destination tag returned: this address is the customer's alone")
	}
	return btc, nil
}

// depositArrives makes a deposit arrive at the BTC address (sandbox) and
// shows its callbacks; against a real server it verifies a test callback.
func depositArrives(e *env, btc *cryptoprocessing.Address) error {
	amount := decimal.RequireFromString("0.01")
	if e.sb == nil {
		ev, err := testCallback(e, map[string]any{
			"id": 1, "type": "deposit", "status": "confirmed", "error": "",
			"crypto_address":    map[string]any{"id": 1, "currency": "BTC", "address": btc.Address, "tag": nil, "foreign_id": customer},
			"currency_sent":     map[string]any{"currency": "BTC", "amount": "0.01000000"},
			"currency_received": map[string]any{"currency": "BTC", "amount": "0.01000000", "amount_minus_fee": "0.00990000"},
			"transactions": []any{map[string]any{"id": 1, "currency": "BTC", "transaction_type": "blockchain", "type": "deposit",
				"address": btc.Address, "tag": nil, "amount": "0.01000000", "txid": strings.Repeat("0", 64), "confirmations": 3}},
			"fees": []any{},
		})
		if err != nil {
			return err
		}
		tour.Say("deposit", "skipped (sandbox only: nothing here can make a payment arrive)")
		tour.Say("callback", "%s (a test callback signed here with your secret by SignTestWebhook, then verified)", describe(ev.Transaction))
		return nil
	}

	id, err := e.sb.PayDeposit(btc.Address, amount)
	if err != nil {
		return fmt.Errorf("sandbox deposit: %w", err)
	}
	if err := e.sb.Confirm(id); err != nil {
		return fmt.Errorf("sandbox confirm deposit: %w", err)
	}
	tour.Say("deposit", "%s BTC arrived at %s (simulated by the sandbox)", amount, btc.Address)
	if err := showCallbacks(e); err != nil {
		return err
	}
	// The provider delivers at least once: send the last callback again and
	// let the inbox answer 200 without acting on it twice.
	deliveries := e.sb.Deliveries()
	again, err := e.sb.Redeliver(deliveries[len(deliveries)-1].ID)
	if err != nil {
		return err
	}
	if !again.Delivered() {
		return fmt.Errorf("redelivered callback refused: HTTP %d, %v", again.StatusCode, again.Err)
	}
	if events, err := e.inbox.Take(); err != nil || len(events) != 0 {
		return fmt.Errorf("redelivery acted on again (%d events): %v", len(events), err)
	}
	tour.Say("", "a redelivery of %s:%s was answered 200 and ignored (dedupe on id and status)", again.ObjectID, again.Status)
	return nil
}

// withdrawal sends a small payout with a foreign_id and finds it again by
// that foreign_id.
func withdrawal(ctx context.Context, e *env, currencies []cryptoprocessing.Currency) error {
	p := e.payout
	if p.amount.IsZero() {
		// The smallest amount the account accepts for the currency: enough to
		// show the flow, the least to lose.
		p.amount = decimal.RequireFromString("0.0001")
		if cur := findCurrency(currencies, p.currency); cur != nil && cur.MinimumAmount.IsPositive() {
			p.amount = cur.MinimumAmount
		}
	}
	if !e.allowPayout {
		tour.Say("withdrawal", "skipped (set CRYPTOPROCESSING_ALLOW_PAYOUT=1 to send %s %s to %s)", p.amount, p.currency, p.address)
		return nil
	}
	// The foreign_id is the dedupe key: a real integration stores it before
	// calling, so that after a crash it looks the payout up instead of
	// sending a second one.
	foreignID := "tour-payout-" + uuid.NewString()
	w, err := e.c.Withdrawals.Crypto(ctx, &cryptoprocessing.WithdrawalParams{ForeignID: foreignID,
		Amount: p.amount, Currency: p.currency, Address: p.address, Tag: p.tag})
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		return fmt.Errorf("withdrawal outcome unknown; look it up by foreign_id %s before retrying: %w", uo.Reference, err)
	}
	if err != nil {
		return fmt.Errorf("create withdrawal: %w", err)
	}
	sent := w.SenderAmount
	if sent.IsZero() { // optional in the answer
		sent = p.amount
	}
	tour.Say("withdrawal", "%s %s, %s %s to %s", w.ID, w.Status, sent, tour.Or(w.SenderCurrency, p.currency), p.address)
	tour.Say("", "foreign_id %s", w.ForeignID)

	tx, err := e.c.Transactions.FindByReference(ctx, w.ForeignID)
	switch {
	case err == nil && tx.ID != w.ID:
		return fmt.Errorf("withdrawal lookup by foreign_id found %s %s, want %s", tx.Type, tx.ID, w.ID)
	case err == nil:
		tour.Say("lookup", "transactions/info foreign_id -> %s %s %s", tx.ID, tx.Type, tx.Status)
	case errors.Is(err, payments.ErrNotFound) && e.sb == nil:
		// A real server may index a withdrawal a moment after accepting it.
		tour.Say("lookup", "transactions/info foreign_id: not found yet; look it up again later")
	default:
		return fmt.Errorf("withdrawal lookup by foreign_id: %w", err)
	}

	if e.sb != nil {
		if err := e.sb.CompletePayout(w.ID); err != nil {
			return fmt.Errorf("sandbox confirm withdrawal: %w", err)
		}
		return showCallbacks(e)
	}
	tour.Say("", "its outcome (confirmed, declined or cancelled) arrives by callback")
	return nil
}

// exchangeQuote quotes selling BTC, for EUR when the account offers that pair.
func exchangeQuote(ctx context.Context, e *env) error {
	pairs, err := e.c.Currencies.Pairs(ctx, "BTC", "")
	if err != nil {
		return fmt.Errorf("currency pairs: %w", err)
	}
	if len(pairs) == 0 {
		tour.Say("exchange", "skipped (no pair from BTC offered to this account)")
		return nil
	}
	pair := pairs[0]
	for _, p := range pairs {
		if p.CurrencyTo.Currency == "EUR" {
			pair = p
		}
	}
	amount := decimal.Max(decimal.RequireFromString("0.01"), pair.CurrencyFrom.MinAmount)
	q, err := e.c.Exchange.Calculate(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "BTC",
		ReceiverCurrency: pair.CurrencyTo.Currency, SenderAmount: amount})
	if err != nil {
		return fmt.Errorf("exchange quote: %w", err)
	}
	held := ""
	if q.FixPeriod > 0 { // optional in the answer
		held = fmt.Sprintf(", held %ds for exchange/fixed", q.FixPeriod)
	}
	tour.Say("exchange", "quote %s %s -> %s %s (price %s, fee %s %s%s)", q.SenderAmount, q.SenderCurrency,
		q.ReceiverAmount, q.ReceiverCurrency, q.Price, q.FeeAmount, q.FeeCurrency, held)
	return nil
}

// invoices creates an invoice and pays it (sandbox), then creates another
// and cancels it.
func invoices(ctx context.Context, e *env) error {
	params := cryptoprocessing.InvoiceParams{Title: "coinsdk tour", Description: "Order #1001",
		Currency: "EUR", Amount: decimal.RequireFromString("25.00"), SenderCurrency: "BTC", Timer: true,
		URLSuccess: e.urlSuccess, URLFailed: e.urlFailed, EmailUser: e.email}
	params.ForeignID = "tour-order-" + uuid.NewString()
	inv, err := e.c.Invoices.Create(ctx, &params)
	if err != nil {
		return fmt.Errorf("create invoice: %w", err)
	}
	showInvoice(inv, true)

	if e.sb == nil {
		ev, err := testCallback(e, map[string]any{
			"id": inv.ID, "foreign_id": inv.ForeignID, "type": "invoice", "status": "confirmed", "error": nil,
			"crypto_address":    map[string]any{"id": 1, "currency": "BTC", "address": tour.Or(inv.Address, "test-address"), "tag": nil},
			"currency_sent":     map[string]any{"currency": "BTC", "amount": inv.SenderAmount.String(), "remaining_amount": "0"},
			"currency_received": map[string]any{"currency": inv.Currency, "amount": inv.Amount.String()},
			"transactions":      []any{}, "fees": []any{},
		})
		if err != nil {
			return err
		}
		tour.Say("payment", "skipped (sandbox only: nothing here can pay the invoice)")
		tour.Say("callback", "%s (a test callback signed here with your secret, then verified)", describe(ev.Transaction))
	} else {
		if err := payInvoice(e, inv); err != nil {
			return err
		}
		// The documented refusal, on purpose: a paid invoice cannot be cancelled.
		if err := cancelInvoice(ctx, e, "paid invoice "+inv.ID, inv.ForeignID); err != nil {
			return err
		}
	}

	params.ForeignID = "tour-order-" + uuid.NewString() // a new order: foreign_ids are never reused
	second, err := e.c.Invoices.Create(ctx, &params)
	if err != nil {
		return fmt.Errorf("create second invoice: %w", err)
	}
	showInvoice(second, false)
	return cancelInvoice(ctx, e, "invoice "+second.ID, second.ForeignID)
}

// showInvoice prints an invoice and, with page, the payment page to send the payer to.
func showInvoice(inv *cryptoprocessing.Invoice, page bool) {
	pay := "the payer picks a currency on the page"
	if inv.Address != "" && inv.SenderAmount.IsPositive() { // known only once the paying currency is
		pay = fmt.Sprintf("pay %s %s to %s", inv.SenderAmount, inv.SenderCurrency, inv.Address)
	}
	left := ""
	if inv.SecondsLeft > 0 {
		left = fmt.Sprintf(", %ds left", inv.SecondsLeft)
	}
	tour.Say("invoice", "%s %s: %s %s, %s%s", inv.ID, inv.Status, inv.Amount, inv.Currency, pay, left)
	if page {
		tour.Say("", "payment page %s", inv.URL)
	}
}

// payInvoice pays an invoice in full through the sandbox and shows its callbacks.
func payInvoice(e *env, inv *cryptoprocessing.Invoice) error {
	if _, err := e.sb.PayInvoice(inv.ID, inv.SenderAmount); err != nil {
		return fmt.Errorf("sandbox pay invoice: %w", err)
	}
	tour.Say("payment", "%s %s paid (simulated by the sandbox)", inv.SenderAmount, inv.SenderCurrency)
	return showCallbacks(e)
}

// cancelInvoice cancels an invoice by foreign_id. The API refuses once the
// invoice is past created, pending or processing (invalid_invoice_state):
// a legitimate answer, reported rather than treated as a failure.
func cancelInvoice(ctx context.Context, e *env, what, foreignID string) error {
	got, err := e.c.Invoices.Cancel(ctx, foreignID)
	var apiErr *payments.APIError
	if errors.As(err, &apiErr) && apiErr.Code == cryptoprocessing.CodeInvalidInvoiceState {
		tour.Say("cancel", "%s refused, as documented: %s (%s)", what, tour.Or(apiErr.Message, "not cancellable"), apiErr.Code)
		return nil
	}
	if err != nil {
		return fmt.Errorf("cancel invoice: %w", err)
	}
	tour.Say("cancel", "%s %s", what, tour.Or(string(got.Status), "cancelled"))
	if e.sb != nil {
		return showCallbacks(e)
	}
	return nil
}

// testCallback signs body with the account's secret the way the provider
// signs callbacks (SignTestWebhook) and verifies it as a merchant's handler
// would. It proves the handler side works, not that the provider sent it.
func testCallback(e *env, body map[string]any) (*cryptoprocessing.Event, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	signed, header, err := cryptoprocessing.SignTestWebhook(e.secret, raw)
	if err != nil {
		return nil, err
	}
	header.Set(cryptoprocessing.HeaderKey, e.apiKey)
	ev, err := e.c.Webhooks.ParseBody(signed, header)
	if err != nil {
		return nil, fmt.Errorf("verify test callback: %w", err)
	}
	return ev, nil
}

// showCallbacks prints the callbacks the inbox verified since last time.
func showCallbacks(e *env) error {
	events, err := e.inbox.Take()
	if err != nil {
		return fmt.Errorf("callback refused: %w", err)
	}
	if len(events) == 0 {
		return errors.New("no callback arrived")
	}
	for _, ev := range events {
		tour.Say("callback", "%s (signature verified)", describe(ev.Transaction))
	}
	return nil
}

// describe summarizes a callback in one line, from the fields its type has.
func describe(tx *cryptoprocessing.Transaction) string {
	head := fmt.Sprintf("%-10s %-13s", tx.Type, tx.Status)
	switch {
	case tx.IsDeposit():
		s := fmt.Sprintf("%s %s %s for %s, %d confirmations", head, tx.CurrencyReceived.Amount, tx.CurrencyReceived.Currency,
			tx.Reference(), tx.Confirmations())
		if tx.Status == cryptoprocessing.TransactionStatusConfirmed && tx.CurrencyReceived.AmountMinusFee.IsPositive() {
			s += fmt.Sprintf(", credited %s after fees", tx.CurrencyReceived.AmountMinusFee)
		}
		return s
	case tx.IsWithdrawal():
		s := fmt.Sprintf("%s %s %s", head, tx.CurrencyReceived.Amount, tx.CurrencyReceived.Currency)
		if id := tx.TxID(); id != "" {
			s += ", txid " + tour.Shorten(id)
		}
		return s
	case tx.Type == cryptoprocessing.TypeInvoice:
		s := fmt.Sprintf("%s %s %s", head, tx.CurrencyReceived.Amount, tx.CurrencyReceived.Currency)
		if tx.Status == cryptoprocessing.TransactionStatusConfirmed || tx.Status == cryptoprocessing.TransactionStatusProcessing {
			s += fmt.Sprintf(", paid in %s, %s %s remaining", tx.CurrencySent.Currency, tx.CurrencySent.RemainingAmount, tx.CurrencySent.Currency)
		}
		if tx.Error != "" {
			s += " (" + tx.Error + ")"
		}
		return s
	}
	return strings.TrimSpace(head)
}
