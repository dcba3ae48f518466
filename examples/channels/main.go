// Command channels is a tour of XGateway's channel payment flow API through
// coinsdk: a customer's deposit address, a deposit and its callback verified
// then refreshed from the API, a withdrawal with its orderId, and the
// transaction read back.
//
// With CHANNELS_BASE_URL, CHANNELS_API_KEY and CHANNELS_SECRET_KEY set it
// runs against that server, skipping what only a sandbox can do (make a
// deposit arrive: a test callback signed with your secret key is verified
// instead); a withdrawal is sent only with CHANNELS_ALLOW_PAYOUT=1 (of
// CHANNELS_PAYOUT_AMOUNT, default 1, CHANNELS_PAYOUT_CURRENCY, default tUSDT,
// to CHANNELS_PAYOUT_ADDRESS). Otherwise it runs against the in-process
// sandbox, a demo account. It never prints a key and exits non-zero on any
// failure.
//
//	go run ./examples/channels
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/examples/internal/tour"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func main() {
	tour.Main("channels", func(ctx context.Context) error { return run(ctx, os.Stdout) })
}

// env is the tour's setup: a client and, in sandbox mode, the sandbox and
// the merchant's callback URL.
type env struct {
	c           *channels.Client
	secretKey   string
	sb          *channelstest.Server // nil against a real server
	inbox       *tour.Inbox[[]byte]  // sandbox mode only
	allowPayout bool
	payout      channels.WithdrawalParams
}

func setup(out io.Writer) (*env, func(), error) {
	e := &env{}
	amount, err := decimal.NewFromString(tour.Getenv("CHANNELS_PAYOUT_AMOUNT", "1"))
	if err != nil {
		return nil, nil, fmt.Errorf("CHANNELS_PAYOUT_AMOUNT: %w", err)
	}
	e.payout = channels.WithdrawalParams{Amount: amount, Currency: channels.Currency(tour.Getenv("CHANNELS_PAYOUT_CURRENCY", "tUSDT")),
		CustomerID: "tour-payee-1", Address: tour.Getenv("CHANNELS_PAYOUT_ADDRESS", "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo")}
	if base := os.Getenv("CHANNELS_BASE_URL"); base != "" {
		e.secretKey = os.Getenv("CHANNELS_SECRET_KEY")
		c, err := channels.New(channels.Config{APIKey: os.Getenv("CHANNELS_API_KEY"), WebhookSecret: e.secretKey}, option.WithBaseURL(base))
		if err != nil {
			return nil, nil, err
		}
		e.c, e.allowPayout = c, os.Getenv("CHANNELS_ALLOW_PAYOUT") == "1"
		fmt.Fprintln(out, "mode:       live server", c.BaseURL())
		return e, func() {}, nil
	}
	e.inbox = tour.NewInbox(tour.ReadBody, nil)
	e.sb = channelstest.NewServer(channelstest.Options{CallbackURL: e.inbox.URL(), ProcessingCallbacks: true, Demo: true})
	e.secretKey = e.sb.SecretKey
	c, err := channels.New(channels.Config{APIKey: e.sb.APIKey, WebhookSecret: e.sb.SecretKey}, option.WithBaseURL(e.sb.URL))
	if err != nil {
		return nil, nil, err
	}
	e.c, e.allowPayout = c, true
	fmt.Fprintln(out, "mode:       offline sandbox, a demo account (set CHANNELS_BASE_URL and friends to use a real server)")
	return e, func() { e.sb.Close(); e.inbox.Close() }, nil
}

func run(ctx context.Context, out io.Writer) error {
	e, cleanup, err := setup(out)
	if err != nil {
		return err
	}
	defer cleanup()
	c := e.c

	// 1. A customer's deposit address: the same every time.
	ch, err := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "tour-customer-1"})
	if err != nil {
		return fmt.Errorf("channel: %w", err)
	}
	again, err := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "tour-customer-1"})
	if err != nil {
		return fmt.Errorf("channel again: %w", err)
	}
	if again.Address != ch.Address {
		return fmt.Errorf("the same customer got two addresses: %s, %s", ch.Address, again.Address)
	}
	info, _ := channels.TUSDT.Info()
	fmt.Fprintf(out, "channel:    %s for tour-customer-1 (%s on %s %s, %d decimals), the same when asked again\n",
		ch.Address, ch.Currency, info.Chain, info.Standard, info.Decimals)
	if ch.QRCodeURL != "" {
		fmt.Fprintln(out, "            QR:", ch.QRCodeURL)
	}

	// 2. A deposit and its callbacks: verified (id, customer, amount,
	// currency only), then refreshed from the API before anything is credited.
	if err := deposit(ctx, out, e, ch); err != nil {
		return err
	}
	// 3. A withdrawal with its orderId, and the transaction read back.
	return withdraw(ctx, out, e)
}

func deposit(ctx context.Context, out io.Writer, e *env, ch *channels.Channel) error {
	if e.sb == nil {
		// Nothing can make a deposit arrive on a real server: show what
		// verifying a callback looks like with one signed by your secret key.
		if e.secretKey == "" {
			fmt.Fprintln(out, "deposit:    skipped (sandbox only; no CHANNELS_SECRET_KEY to verify a test callback)")
			return nil
		}
		body, header, err := channels.SignTestWebhook(e.secretKey, []byte(`{"callbackType":"transaction","id":"tour-test",`+
			`"type":"deposit","status":"confirmed","amount":"10.50","currency":"tUSDT","customerId":"tour-customer-1"}`))
		if err != nil {
			return err
		}
		ev, err := e.c.Webhooks.ParseBody(body, header)
		if err != nil {
			return fmt.Errorf("verify test callback: %w", err)
		}
		fmt.Fprintf(out, "deposit:    skipped (sandbox only); a test callback signed with your secret key verified: %s %s %s\n",
			ev.Kind, ev.Transaction.AmountText, ev.Transaction.Currency)
		return nil
	}
	id, err := e.sb.PayDepositIn(ch.Address, "tUSDT", decimal.RequireFromString("10.50"))
	if err != nil {
		return err
	}
	if err := e.sb.Confirm(id); err != nil {
		return err
	}
	fmt.Fprintf(out, "deposit:    10.50 tUSDT arrived and confirmed (transaction %s)\n", id)
	return callbacks(ctx, out, e)
}

// callbacks verifies and refreshes what the sandbox delivered, processing
// each refreshed state once.
func callbacks(ctx context.Context, out io.Writer, e *env) error {
	seen := map[string]bool{}
	bodies, _ := e.inbox.Take() // ReadBody refuses nothing
	for _, body := range bodies {
		ev, err := e.c.Webhooks.ParseBody(body, nil)
		if err != nil {
			return fmt.Errorf("callback: %w", err)
		}
		fresh, err := e.c.Webhooks.Refresh(ctx, ev)
		if err != nil {
			return fmt.Errorf("refresh callback: %w", err)
		}
		note := "processed"
		if seen[fresh.DedupeKey()] {
			note = "already processed (same state)"
		}
		seen[fresh.DedupeKey()] = true
		fmt.Fprintf(out, "callback:   %-10s said %-10s verified (hash covers id, customer, amount, currency); API says %s: %s\n",
			ev.Type, ev.Transaction.Status, fresh.Transaction.Status, note)
	}
	return nil
}

func withdraw(ctx context.Context, out io.Writer, e *env) error {
	if !e.allowPayout {
		fmt.Fprintln(out, "withdrawal: skipped (set CHANNELS_ALLOW_PAYOUT=1 to send one)")
		return nil
	}
	p := e.payout
	p.OrderID = uuid.NewString() // the idempotency key: keep it with the order before sending
	tx, err := e.c.Withdrawals.Create(ctx, &p)
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		return fmt.Errorf("withdrawal outcome unknown; repeat it with orderId %s (the provider makes one per orderId): %w", uo.Reference, err)
	}
	if err != nil {
		return fmt.Errorf("withdrawal: %w", err)
	}
	fmt.Fprintf(out, "withdrawal: %s %s %s, orderId %s, status %s\n", tx.ID, tx.Amount, tx.Currency, tx.OrderID, tx.Status)
	if e.sb != nil {
		// A demo account has no funds: the withdrawal failed first. Simulate
		// confirms it, as on XGateway's own demo accounts.
		if err := e.c.Transactions.Simulate(ctx, &channels.SimulateParams{Amount: tx.Amount, InvoiceID: tx.InvoiceID,
			Status: channels.TransactionStatusConfirmed}); err != nil {
			return fmt.Errorf("simulate: %w", err)
		}
		fmt.Fprintln(out, "simulate:   confirmed through its invoice", tx.InvoiceID)
		if err := callbacks(ctx, out, e); err != nil {
			return err
		}
	}
	got, err := e.c.Transactions.Get(ctx, tx.ID)
	if err != nil {
		return fmt.Errorf("read the withdrawal back: %w", err)
	}
	fmt.Fprintf(out, "read back:  %s %s %s, status %s (%s)\n", got.ID, got.Amount, got.Currency, got.Status,
		got.Normalized())
	return nil
}
