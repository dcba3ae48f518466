// Command cryptochill is a tour of the CryptoChill API through coinsdk:
// profiles, wallets, exchange rates, an invoice (create, get, list), a
// payment and its verified callback, a payout with its reference_id and its
// approval, and confirmations.
//
// With CRYPTOCHILL_BASE_URL, CRYPTOCHILL_API_KEY, CRYPTOCHILL_API_SECRET,
// CRYPTOCHILL_CALLBACK_TOKEN and CRYPTOCHILL_PROFILE_ID set it runs against
// that server, skipping what only a sandbox can do (make a payment arrive);
// payouts are sent only with CRYPTOCHILL_ALLOW_PAYOUT=1 (to
// CRYPTOCHILL_PAYOUT_ADDRESS, default a testnet address), and drafts are
// approved only when CRYPTOCHILL_APPROVER_KEY and CRYPTOCHILL_APPROVER_SECRET
// name a key with Approve permission. Otherwise it runs against the
// in-process sandbox. It exits non-zero on any failure.
//
//	go run ./examples/cryptochill
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/examples/internal/tour"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

func main() { tour.Main("cryptochill", run) }

// env is the tour's setup: a client and, in sandbox mode, the sandbox.
type env struct {
	c, approver *cryptochill.Client
	profileID   string
	token       string
	sb          *cryptochilltest.Server // nil against a real server
	callbacks   *tour.Inbox[[]byte]     // sandbox mode only
	allowPayout bool
	payoutTo    string
}

func setup() (*env, func(), error) {
	e := &env{payoutTo: tour.Getenv("CRYPTOCHILL_PAYOUT_ADDRESS", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")}
	base := os.Getenv("CRYPTOCHILL_BASE_URL")
	if base != "" {
		cfg := cryptochill.Config{APIKey: os.Getenv("CRYPTOCHILL_API_KEY"), APISecret: os.Getenv("CRYPTOCHILL_API_SECRET"),
			WebhookSecret: os.Getenv("CRYPTOCHILL_CALLBACK_TOKEN"), ProfileID: os.Getenv("CRYPTOCHILL_PROFILE_ID")}
		c, err := cryptochill.New(cfg, option.WithBaseURL(base))
		if err != nil {
			return nil, nil, err
		}
		e.c, e.profileID, e.token = c, cfg.ProfileID, cfg.WebhookSecret
		e.allowPayout = os.Getenv("CRYPTOCHILL_ALLOW_PAYOUT") == "1"
		if k, s := os.Getenv("CRYPTOCHILL_APPROVER_KEY"), os.Getenv("CRYPTOCHILL_APPROVER_SECRET"); k != "" && s != "" {
			if e.approver, err = cryptochill.New(cryptochill.Config{APIKey: k, APISecret: s}, option.WithBaseURL(base)); err != nil {
				return nil, nil, err
			}
		}
		fmt.Println("mode: live server", base)
		return e, func() {}, nil
	}
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret,
		WebhookSecret: sb.CallbackToken, ProfileID: sb.ProfileID}, option.WithBaseURL(sb.URL))
	var approver *cryptochill.Client
	if err == nil {
		approver, err = cryptochill.New(cryptochill.Config{APIKey: sb.ApproverKey, APISecret: sb.ApproverSecret}, option.WithBaseURL(sb.URL))
	}
	if err != nil {
		sb.Close()
		return nil, nil, err
	}
	e.c, e.approver, e.sb, e.profileID, e.token, e.allowPayout = c, approver, sb, sb.ProfileID, sb.CallbackToken, true
	e.callbacks = tour.NewInbox(tour.ReadBody, nil)
	return e, tour.Offline(sb, e.callbacks, "CRYPTOCHILL"), nil
}

func run(ctx context.Context) error {
	e, cleanup, err := setup()
	if err != nil {
		return err
	}
	defer cleanup()
	c := e.c

	// Account, profiles, wallets, rates.
	acct, err := c.Account.Settings(ctx)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	fmt.Printf("account:   %s (testnet: %v)\n", acct.Name, acct.IsTestnet)
	profiles, err := c.Profiles.List(ctx)
	if err != nil {
		return fmt.Errorf("profiles: %w", err)
	}
	fmt.Printf("profiles:  %d", len(profiles))
	if e.profileID == "" && len(profiles) > 0 {
		e.profileID = profiles[0].ID
	}
	fmt.Printf(", using %s\n", e.profileID)
	wallets, err := c.Wallets.List(ctx, &cryptochill.WalletListParams{ProfileID: e.profileID})
	if err != nil {
		return fmt.Errorf("wallets: %w", err)
	}
	for i, w := range wallets {
		if i == 3 {
			fmt.Printf("           … and %d more\n", len(wallets)-3)
			break
		}
		fmt.Printf("wallet:    %-10s available %s %s, pending %s\n", w.Name, w.Balances.Available, w.Balances.Currency, w.Balances.Pending)
	}
	rate, err := c.ExchangeRates.Get(ctx, "EUR")
	if err != nil {
		return fmt.Errorf("exchange rate: %w", err)
	}
	fmt.Printf("rate:      1 %s = %s USD\n", rate.Symbol, rate.RateUSD)

	// An invoice: create, get, list.
	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: e.profileID,
		Amount: decimal.RequireFromString("10.00"), Currency: "USD", Kind: "BTC",
		Passthrough: `{"order_id":"tour-1"}`, Notes: "coinsdk tour"})
	if err != nil {
		return fmt.Errorf("create invoice: %w", err)
	}
	due := inv.Amount.Invoiced
	fmt.Printf("invoice:   %s %s, pay %s %s to %s\n", inv.ID, inv.Status, due.Amount, due.Currency, inv.Address)
	got, err := c.Invoices.Get(ctx, inv.ID)
	if err != nil {
		return fmt.Errorf("get invoice: %w", err)
	}
	page, err := c.Invoices.List(ctx, &cryptochill.InvoiceListParams{Status: "new"})
	if err != nil {
		return fmt.Errorf("list invoices: %w", err)
	}
	fmt.Printf("           get: %s; list: %d new on page %d of %d\n", got.Status, len(page.Items), page.Pagination.Page, page.Pagination.NumPages)

	// A payment and its callbacks.
	if err := payment(ctx, e, inv); err != nil {
		return err
	}
	// A payout, with its reference_id, and its approval if it is a draft.
	return payout(ctx, e)
}

func payment(ctx context.Context, e *env, inv *cryptochill.Invoice) error {
	if e.sb == nil {
		// Against a real server nothing can make a payment arrive; show what
		// verifying a callback looks like with a test callback signed by the
		// token, and say so.
		if e.token == "" {
			fmt.Println("payment:   skipped (sandbox only; no CRYPTOCHILL_CALLBACK_TOKEN to verify a test callback)")
			return nil
		}
		unsigned, err := json.Marshal(map[string]any{"callback_status": "invoice_pending", "invoice": inv})
		if err != nil {
			return err
		}
		body, header, err := cryptochill.SignTestWebhook(e.token, unsigned)
		if err != nil {
			return err
		}
		ev, err := e.c.Webhooks.ParseBody(body, header)
		if err != nil {
			return fmt.Errorf("verify test callback: %w", err)
		}
		fmt.Printf("payment:   skipped (sandbox only); a test callback signed with your token verified: %s\n", ev.Type)
		return nil
	}
	txID, err := e.sb.PayInvoice(inv.ID, inv.Amount.Invoiced.Amount)
	if err != nil {
		return err
	}
	if err := e.sb.Confirm(txID); err != nil {
		return err
	}
	for _, body := range e.bodies() {
		ev, err := e.c.Webhooks.ParseBody(body, nil)
		if err != nil {
			return fmt.Errorf("callback: %w", err)
		}
		// Only callback_id is signed: fetch the object before trusting it.
		fresh, err := e.c.Webhooks.Refresh(ctx, ev)
		if err != nil {
			return fmt.Errorf("refresh callback: %w", err)
		}
		fmt.Printf("callback:  %-22s verified (id only), refreshed %s %s\n", ev.Type, fresh.Kind, fresh.ObjectID())
	}
	confs, err := e.c.Transactions.Confirmations(ctx, txID)
	if err != nil {
		return fmt.Errorf("transaction confirmations: %w", err)
	}
	final, err := e.c.Invoices.Get(ctx, inv.ID)
	if err != nil {
		return err
	}
	fmt.Printf("paid:      invoice %s, paid %s %s, tx %d confirmations\n", final.Status, final.Amount.Paid.Amount, final.Amount.Paid.Currency, confs[0].Confirmations)
	return nil
}

func payout(ctx context.Context, e *env) error {
	if !e.allowPayout {
		fmt.Println("payout:    skipped (set CRYPTOCHILL_ALLOW_PAYOUT=1 to send one)")
		return nil
	}
	amount := decimal.RequireFromString("0.0001")
	if e.sb != nil {
		amount = decimal.RequireFromString("0.03") // over the sandbox key's Max Payout: a draft
	}
	p, err := e.c.Payouts.Create(ctx, &cryptochill.PayoutParams{ProfileID: e.profileID, Kind: "BTC",
		Recipients: []cryptochill.Recipient{{Amount: amount, Currency: "BTC", Address: e.payoutTo, Notes: "coinsdk tour"}}})
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		return fmt.Errorf("payout outcome unknown; look it up by reference_id %s before retrying: %w", uo.Reference, err)
	}
	if err != nil {
		return fmt.Errorf("create payout: %w", err)
	}
	fmt.Printf("payout:    %s %s, reference_id %s\n", p.ID, p.Status, p.ReferenceID)
	again, err := e.c.Payouts.FindByReference(ctx, p.ReferenceID)
	if err != nil || again.ID != p.ID {
		return fmt.Errorf("find payout by reference: %v", err)
	}
	if p.Status == cryptochill.PayoutStatusDraft {
		if e.approver == nil {
			fmt.Println("           draft over the key's Max Payout; approve it in the dashboard (no approver key set)")
			return nil
		}
		if p, err = e.approver.Payouts.Approve(ctx, p.ID); err != nil {
			return fmt.Errorf("approve payout: %w", err)
		}
		fmt.Printf("           draft approved with the approver key: %s\n", p.Status)
	}
	if e.sb != nil {
		if err := e.sb.CompletePayout(p.ID); err != nil {
			return err
		}
		for _, body := range e.bodies() {
			if ev, err := e.c.Webhooks.ParseBody(body, nil); err == nil {
				fmt.Printf("callback:  %-22s verified (id only)\n", ev.Type)
			}
		}
	}
	confs, err := e.c.Payouts.Confirmations(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("payout confirmations: %w", err)
	}
	done, err := e.c.Payouts.Get(ctx, p.ID)
	if err != nil {
		return err
	}
	n := 0
	if len(confs) > 0 {
		n = confs[0].Confirmations
	}
	fmt.Printf("payout:    %s, txid %s, %d confirmations\n", done.Status, done.TxID, n)
	return nil
}

// bodies are the callbacks that arrived since the last call (tour.ReadBody
// refuses none).
func (e *env) bodies() [][]byte {
	b, _ := e.callbacks.Take()
	return b
}
