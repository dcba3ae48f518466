// Command cryptopay is a tour of the Cryptopay Business API through
// coinsdk: rates (both pair spellings), account balances, an invoice and its
// payment with the verified callbacks, a customer and a channel (a static
// deposit address) with a payment to it, a coin withdrawal quoted, committed
// and found again by its custom_id, and lists walked page by page with a
// query string (transactions of one reference type, a customer's invoices).
//
// With CRYPTOPAY_BASE_URL, CRYPTOPAY_API_KEY, CRYPTOPAY_API_SECRET and
// CRYPTOPAY_CALLBACK_SECRET set it runs against that server (Cryptopay's
// sandbox is https://business-sandbox.cryptopay.me). It then skips what only
// the in-process sandbox can do (make a payment arrive) and verifies a test
// callback signed with the callback secret instead. Coin withdrawals are
// sent only with CRYPTOPAY_ALLOW_PAYOUT=1: CRYPTOPAY_PAYOUT_AMOUNT (default
// 0.0001) of CRYPTOPAY_PAYOUT_CURRENCY (default BTC) to
// CRYPTOPAY_PAYOUT_ADDRESS (default a BTC testnet address; required for any
// other currency).
//
// Otherwise it runs against the in-process sandbox (cryptopaytest), with a
// local callback inbox as the callback URL. It never prints a secret and
// exits non-zero on any failure.
//
//	go run ./examples/cryptopay
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/examples/internal/tour"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func main() { tour.Main("cryptopay", run) }

// env is the tour's setup.
type env struct {
	c      *cryptopay.Client
	sb     *cryptopaytest.Server         // nil against a real server
	inbox  *tour.Inbox[*cryptopay.Event] // sandbox mode only
	secret string                        // the callback secret, to sign a test callback in live mode

	allowPayout bool
	payout      payoutConfig
}

// payoutConfig is the withdrawal the tour sends when allowed.
type payoutConfig struct {
	currency, address string
	amount            decimal.Decimal
}

func setup() (*env, func(), error) {
	e := &env{payout: payoutConfig{
		currency: strings.ToUpper(tour.Getenv("CRYPTOPAY_PAYOUT_CURRENCY", "BTC")),
		address:  os.Getenv("CRYPTOPAY_PAYOUT_ADDRESS"),
	}}
	amount, err := decimal.NewFromString(tour.Getenv("CRYPTOPAY_PAYOUT_AMOUNT", "0.0001"))
	if err != nil || !amount.IsPositive() {
		return nil, nil, errors.New("CRYPTOPAY_PAYOUT_AMOUNT is not a positive amount")
	}
	e.payout.amount = amount
	if e.payout.address == "" {
		if e.payout.currency != "BTC" {
			return nil, nil, fmt.Errorf("CRYPTOPAY_PAYOUT_ADDRESS is required for %s payouts", e.payout.currency)
		}
		// A testnet address: Cryptopay's sandbox runs on testnets, and
		// production refuses it rather than paying a stranger.
		e.payout.address = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
	}

	if base := os.Getenv("CRYPTOPAY_BASE_URL"); base != "" {
		key, secret := os.Getenv("CRYPTOPAY_API_KEY"), os.Getenv("CRYPTOPAY_API_SECRET")
		e.secret = os.Getenv("CRYPTOPAY_CALLBACK_SECRET")
		if key == "" || secret == "" || e.secret == "" {
			return nil, nil, errors.New("CRYPTOPAY_BASE_URL is set: CRYPTOPAY_API_KEY, CRYPTOPAY_API_SECRET and CRYPTOPAY_CALLBACK_SECRET are required too")
		}
		c, err := cryptopay.New(cryptopay.Config{APIKey: key, APISecret: secret, WebhookSecret: e.secret}, option.WithBaseURL(base))
		if err != nil {
			return nil, nil, err
		}
		e.c, e.allowPayout = c, os.Getenv("CRYPTOPAY_ALLOW_PAYOUT") == "1"
		fmt.Println("mode: live server", c.BaseURL())
		return e, func() {}, nil
	}

	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
		option.WithBaseURL(sb.URL))
	if err != nil {
		sb.Close()
		return nil, nil, err
	}
	// The inbox verifies with the same client a merchant's server would use.
	e.inbox = tour.NewInbox(c.Webhooks.Parse, (*cryptopay.Event).DedupeKey)
	e.c, e.sb, e.allowPayout, e.secret = c, sb, true, sb.CallbackSecret
	return e, tour.Offline(sb, e.inbox, "CRYPTOPAY"), nil
}

func run(ctx context.Context) error {
	e, cleanup, err := setup()
	if err != nil {
		return err
	}
	defer cleanup()
	steps := []struct {
		name string
		do   func(context.Context, *env) error
	}{
		{"rates", tourRates},
		{"accounts", tourAccounts},
		{"invoice", tourInvoice},
		{"channel", tourChannel},
		{"withdrawal", tourWithdrawal},
		{"lists", tourLists},
	}
	for _, s := range steps {
		if err := s.do(ctx, e); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	fmt.Println("tour complete")
	return nil
}

func tourRates(ctx context.Context, e *env) error {
	rates, err := e.c.Rates.List(ctx)
	if err != nil {
		return err
	}
	r, ok := rates.Get("BTC", "EUR") // "BTCEUR" or "BTC/EUR", whichever the API sent
	if !ok {
		return errors.New("no BTC/EUR rate in /api/rates")
	}
	one, err := e.c.Rates.Get(ctx, "BTC", "EUR")
	if err != nil {
		return err
	}
	tour.Say("rates", "%d pairs; BTC/EUR buy %s sell %s (GET /api/rates/BTC/EUR: buy %s)", len(rates), r.BuyRate, r.SellRate, one.BuyRate)
	return nil
}

func tourAccounts(ctx context.Context, e *env) error {
	accounts, err := e.c.Accounts.List(ctx)
	if err != nil {
		return err
	}
	var parts []string
	for _, a := range accounts {
		parts = append(parts, a.Balance.String()+" "+a.Currency)
	}
	tour.Say("accounts", "%s", strings.Join(parts, ", "))
	return nil
}

func tourInvoice(ctx context.Context, e *env) error {
	customID := "tour-invoice-" + uuid.NewString()[:8]
	inv, err := e.c.Invoices.Create(ctx, &cryptopay.InvoiceParams{
		PriceAmount: decimal.RequireFromString("12.50"), PriceCurrency: "EUR", PayCurrency: "BTC",
		CustomID: customID, Name: "Tour order", Description: "Two books",
	})
	if err != nil {
		return err
	}
	addr, tag := cryptopay.SplitTag(inv.Address)
	tour.Say("invoice", "%s (custom_id %s): pay %s %s to %s%s, %s", tour.Shorten(inv.ID), inv.CustomID, inv.PayAmount, inv.PayCurrency, addr, tagText(tag), inv.Normalized())
	again, err := e.c.Invoices.FindByReference(ctx, customID)
	if err != nil {
		return err
	}
	if again.ID != inv.ID {
		return fmt.Errorf("custom_id %s finds %s, want %s", customID, again.ID, inv.ID)
	}
	if e.sb == nil {
		return verifyTestCallback(e, inv)
	}
	// The payer pays in full; the sandbox confirms and calls the inbox.
	events, err := e.inbox.After(func() error { return e.sb.PayInvoiceInFull(inv.ID) })
	if err != nil {
		return err
	}
	for _, ev := range events {
		tour.Say("", "callback %s.%s verified (signature covers the whole body): %s %s", ev.ObjectType, ev.Type, ev.Invoice.Status, ev.Invoice.PaidAmount)
	}
	paid, err := e.c.Invoices.Get(ctx, inv.ID)
	if err != nil {
		return err
	}
	if !paid.Normalized().IsSuccess() {
		return fmt.Errorf("invoice %s is %s after payment", paid.ID, paid.Status)
	}
	tour.Say("", "invoice now %s (%s)", paid.Status, paid.Normalized())
	return nil
}

// verifyTestCallback shows callback verification against a real server,
// where nothing can make a payment arrive: a callback signed with the
// callback secret is verified and parsed by the client.
func verifyTestCallback(e *env, inv *cryptopay.Invoice) error {
	body := []byte(`{"type":"Invoice","event":"status_changed","data":` + string(inv.Raw) + `}`)
	signed, header, err := cryptopay.SignTestWebhook(e.secret, body)
	if err != nil {
		return err
	}
	ev, err := e.c.Webhooks.ParseBody(signed, header)
	if err != nil {
		return err
	}
	tour.Say("", "test callback %s.%s verified: invoice %s %s", ev.ObjectType, ev.Type, tour.Shorten(ev.ObjectID()), ev.Invoice.Status)
	return nil
}

func tourChannel(ctx context.Context, e *env) error {
	customerID := "tour-customer-" + uuid.NewString()[:8]
	cu, err := e.c.Customers.Create(ctx, &cryptopay.CustomerParams{ID: customerID, Currency: "EUR"})
	if err != nil {
		return err
	}
	ch, err := e.c.Channels.Create(ctx, &cryptopay.ChannelParams{Name: "Tour deposits", PayCurrency: "BTC", ReceiverCurrency: "EUR", CustomerID: cu.ID})
	if err != nil {
		return err
	}
	addr, tag := cryptopay.SplitTag(ch.Address)
	tour.Say("channel", "customer %s deposits BTC to %s%s, credited in %s (custom_id %s)", cu.ID, addr, tagText(tag), ch.ReceiverCurrency, tour.Shorten(ch.CustomID))
	if e.sb == nil {
		return nil
	}
	payID, err := e.sb.PayChannel(ch.ID, decimal.RequireFromString("0.002"))
	if err != nil {
		return err
	}
	events, err := e.inbox.After(func() error { return e.sb.ConfirmChannelPayment(payID) })
	if err != nil {
		return err
	}
	for _, ev := range events {
		p := ev.ChannelPayment
		tour.Say("", "callback %s.%s verified: %s %s → %s %s, %s", ev.ObjectType, ev.Type, p.PaidAmount, p.PaidCurrency, p.ReceivedAmount, p.ReceivedCurrency, p.Normalized())
	}
	return nil
}

func tourWithdrawal(ctx context.Context, e *env) error {
	if !e.allowPayout {
		tour.Say("withdrawal", "skipped (set CRYPTOPAY_ALLOW_PAYOUT=1 to send one)")
		return nil
	}
	customID := "tour-payout-" + uuid.NewString()[:8]
	amount := e.payout.amount
	// Two steps in one call: quote, inspect, commit within 30 seconds.
	w, err := e.c.CoinWithdrawals.CreateAndCommit(ctx, &cryptopay.CoinWithdrawalParams{
		Address: e.payout.address, ChargedCurrency: e.payout.currency, ReceivedCurrency: e.payout.currency,
		ReceivedAmount: &amount, CustomID: customID,
	}, func(q *cryptopay.CoinWithdrawalQuote) error {
		tour.Say("withdrawal", "quote %s: %s %s charged, network fee %s, commit before %s", tour.Shorten(q.Withdrawal.ID),
			q.Withdrawal.ChargedAmount, q.Withdrawal.ChargedCurrency, q.Withdrawal.NetworkFee, q.Deadline.Format(time.TimeOnly))
		return nil
	})
	if errors.Is(err, payments.ErrUnknownOutcome) {
		return fmt.Errorf("outcome unknown: look it up with custom_id %s before trying again: %w", customID, err)
	}
	if err != nil {
		return err
	}
	tour.Say("", "committed: %s (%s)", w.Status, w.Normalized())
	found, err := e.c.CoinWithdrawals.FindByReference(ctx, customID)
	if err != nil {
		return err
	}
	if found.ID != w.ID {
		return fmt.Errorf("custom_id %s finds %s, want %s", customID, found.ID, w.ID)
	}
	tour.Say("", "found again by custom_id %s: %s", customID, tour.Shorten(found.ID))
	if e.sb != nil {
		events, err := e.inbox.After(func() error { return e.sb.CompletePayout(w.ID) })
		if err != nil {
			return err
		}
		for _, ev := range events {
			tour.Say("", "callback %s.%s verified: %s", ev.ObjectType, ev.Type, ev.CoinWithdrawal.Status)
		}
	}
	return nil
}

func tourLists(ctx context.Context, e *env) error {
	// GET /api/transactions?reference_type=Invoice, page after page
	// (starting_after = the last id while meta.has_more).
	n := 0
	total := map[string]decimal.Decimal{}
	for tx, err := range e.c.Transactions.All(ctx, &cryptopay.TransactionListParams{ReferenceType: cryptopay.RefInvoice}) {
		if err != nil {
			return err
		}
		n++
		total[tx.Currency] = total[tx.Currency].Add(tx.Amount)
		if n >= 500 {
			break
		}
	}
	var parts []string
	for cur, sum := range total {
		parts = append(parts, sum.String()+" "+cur)
	}
	tour.Say("lists", "%d invoice transactions (?reference_type=Invoice): %s", n, tour.Or(strings.Join(parts, ", "), "none"))
	m := 0
	for _, err := range e.c.CoinWithdrawals.All(ctx, nil) {
		if err != nil {
			return err
		}
		if m++; m >= 500 {
			break
		}
	}
	tour.Say("", "%d coin withdrawals", m)
	return nil
}

func tagText(tag string) string {
	if tag == "" {
		return ""
	}
	return " (destination tag " + tag + ")"
}
