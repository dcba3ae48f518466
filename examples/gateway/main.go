// Command gateway is a tour of the Crypto Payment Gateway Integration API
// v10.2 (BucksBus and other operators) through coinsdk: the assets and the
// store's balances, a conversion, a payment of 100 USD in BTC paid in two
// parts with its blockchain transactions and its verified webhooks, a
// dedicated address receiving a deposit and then released, a verified
// webhook, and a withdrawal.
//
// With GATEWAY_BASE_URL (say https://devapi.bucksbus.com/int for a BucksBus
// test store), GATEWAY_API_KEY, GATEWAY_API_SECRET and
// GATEWAY_WEBHOOK_SECRET all set it runs against that server. It then skips
// what only the in-process sandbox can do (make a payment or a deposit
// arrive) and verifies a test webhook signed with GATEWAY_WEBHOOK_SECRET
// instead. A withdrawal is sent only with GATEWAY_ALLOW_PAYOUT=1: the
// asset's minimum withdrawal (or GATEWAY_PAYOUT_AMOUNT) of
// GATEWAY_PAYOUT_ASSET (default BTC) to GATEWAY_PAYOUT_ADDRESS (required).
// A withdrawal whose outcome is unknown is reported and never resent.
//
// Otherwise it runs against the in-process sandbox (gateway/gatewaytest),
// with a local webhook inbox as the store's webhook URL. It exits non-zero
// on any failure and never prints a secret.
//
//	go run ./examples/gateway
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/coinsdk/coinsdk/examples/internal/tour"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func main() {
	tour.Main("gateway", func(ctx context.Context) error { return run(ctx, os.Stdout) })
}

// guide is the tour's setup.
type guide struct {
	out   io.Writer
	c     *gateway.Client
	sb    *gatewaytest.Server         // nil against a real server
	inbox *tour.Inbox[*gateway.Event] // sandbox mode only
	// webhookSecret signs the test webhook verified against a real server.
	webhookSecret string
	allowPayout   bool
	payoutAsset   string
	payoutAddress string
	payoutAmount  string
}

// envVars are the variables the tour reads.
var envVars = []string{"GATEWAY_BASE_URL", "GATEWAY_API_KEY", "GATEWAY_API_SECRET", "GATEWAY_WEBHOOK_SECRET",
	"GATEWAY_ALLOW_PAYOUT", "GATEWAY_PAYOUT_ASSET", "GATEWAY_PAYOUT_ADDRESS", "GATEWAY_PAYOUT_AMOUNT"}

func run(ctx context.Context, out io.Writer) error {
	t, cleanup, err := setup(out)
	if err != nil {
		return err
	}
	defer cleanup()
	for _, step := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"assets", t.assets}, {"accounts", t.accounts}, {"convert", t.convert}, {"payment", t.payment},
		{"dedicated address", t.dedicated}, {"webhook", t.webhook}, {"withdrawal", t.withdrawal},
	} {
		t.printf("\n== %s\n", step.name)
		if err := step.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	t.printf("\ntour complete\n")
	return nil
}

func setup(out io.Writer) (*guide, func(), error) {
	t := &guide{out: out}
	base, key, secret, whsec := os.Getenv("GATEWAY_BASE_URL"), os.Getenv("GATEWAY_API_KEY"), os.Getenv("GATEWAY_API_SECRET"), os.Getenv("GATEWAY_WEBHOOK_SECRET")
	set := 0
	for _, v := range []string{base, key, secret, whsec} {
		if v != "" {
			set++
		}
	}
	switch set {
	case 4:
		c, err := gateway.New(gateway.Config{APIKey: key, APISecret: secret, WebhookSecret: whsec}, option.WithBaseURL(base))
		if err != nil {
			return nil, nil, err
		}
		t.c, t.webhookSecret = c, whsec
		t.allowPayout = os.Getenv("GATEWAY_ALLOW_PAYOUT") == "1"
		t.payoutAsset = tour.Getenv("GATEWAY_PAYOUT_ASSET", "BTC")
		t.payoutAddress, t.payoutAmount = os.Getenv("GATEWAY_PAYOUT_ADDRESS"), os.Getenv("GATEWAY_PAYOUT_AMOUNT")
		if t.allowPayout && t.payoutAddress == "" {
			return nil, nil, errors.New("GATEWAY_ALLOW_PAYOUT=1 needs GATEWAY_PAYOUT_ADDRESS")
		}
		t.printf("live mode: %s (payouts %s)\n", c.BaseURL(), map[bool]string{true: "allowed", false: "off"}[t.allowPayout])
		return t, func() {}, nil
	case 0:
	default:
		return nil, nil, errors.New("set all of GATEWAY_BASE_URL, GATEWAY_API_KEY, GATEWAY_API_SECRET and GATEWAY_WEBHOOK_SECRET, or none for the sandbox")
	}
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret},
		option.WithBaseURL(sb.URL))
	if err != nil {
		sb.Close()
		return nil, nil, err
	}
	t.c, t.sb = c, sb
	t.inbox = tour.NewInbox(c.Webhooks.Parse, nil)
	sb.SetCallbackURL(t.inbox.URL())
	t.allowPayout, t.payoutAsset, t.payoutAddress = true, "BTC", "bc1qsandboxpayee0000000000000000000000000"
	t.printf("sandbox mode: %s\n", sb.URL)
	return t, func() { t.inbox.Close(); sb.Close() }, nil
}

func (t *guide) printf(format string, args ...any) { fmt.Fprintf(t.out, format, args...) }

func (t *guide) assets(ctx context.Context) error {
	assets, err := t.c.Assets.List(ctx)
	if err != nil {
		return err
	}
	for _, a := range assets {
		if a.AssetType == "CRYPTO" {
			t.printf("%-11s %-9s precision %-2d min %s, withdrawals %s–%s\n", a.AssetID, a.CryptoNetwork, a.Precision,
				a.MinSize, a.MinWithdrawalAmount, a.MaxWithdrawalAmount)
		}
	}
	if len(assets) == 0 {
		return errors.New("no assets")
	}
	return nil
}

func (t *guide) accounts(ctx context.Context) error {
	b, err := t.c.Accounts.Get(ctx)
	if err != nil {
		return err
	}
	t.printf("total %s %s (available %s)\n", b.Balance, b.AssetID, b.Available)
	for _, a := range b.Accounts {
		t.printf("  %-11s %s (on hold %s) ≈ %s %s\n", a.AssetID, a.Balance, a.OnHold, a.BaseBalance, a.BaseCurrency)
	}
	return nil
}

func (t *guide) convert(ctx context.Context) error {
	conv, err := t.c.Conversions.Convert(ctx, &gateway.ConvertParams{FromAmount: decimal.NewFromInt(100), FromAssetID: "USD", AssetID: "BTC"})
	if err != nil {
		return err
	}
	t.printf("100 USD = %s BTC (rate %s)\n", conv.Amount, conv.Rate)
	return nil
}

func (t *guide) payment(ctx context.Context) error {
	ref := "tour-order-" + uuid.NewString()[:8]
	p, err := t.c.Payments.Create(ctx, &gateway.PaymentParams{
		Amount: decimal.NewFromInt(100), AssetID: "USD", PaymentAssetID: "BTC", Reference: ref,
		Description: "coinsdk tour", PayerLang: "en", Timeout: 60,
		CustomFields: gateway.CustomFields{Custom: `{"cart":"tour"}`},
	})
	if err != nil {
		return err
	}
	t.printf("payment %s: pay %s %s to %s (status %s, reference %s)\n", p.PaymentID, p.PaymentAmount, p.PaymentAssetID, p.Address, p.Status, p.Reference())
	if t.sb != nil {
		part := p.PaymentAmount.Div(decimal.NewFromInt(2)).Truncate(8)
		if _, err := t.sb.PayInvoice(p.PaymentID, part); err != nil {
			return err
		}
		if _, err := t.sb.PayInvoice(p.PaymentID, p.PaymentAmount.Sub(part)); err != nil {
			return err
		}
	}
	got, err := t.c.Payments.Get(ctx, p.PaymentID)
	if err != nil {
		return err
	}
	t.printf("now %s → %s, paid %s of %s %s\n", got.Status, got.Normalized(), got.IPAmount, got.PaymentAmount, got.PaymentAssetID)
	txs, err := t.c.Payments.Transactions(ctx, p.PaymentID)
	if err != nil {
		return err
	}
	for _, tx := range txs {
		t.printf("  tx %.16s… %s %s %s\n", tx.TrxHash, tx.Amount, tx.AssetID, tx.Status)
	}
	found, err := t.c.Payments.FindByReference(ctx, ref)
	if err != nil {
		return fmt.Errorf("find by reference: %w", err)
	}
	t.printf("found by reference %s: %s\n", ref, found.PaymentID)
	if t.sb != nil && got.Normalized() != "paid" {
		return fmt.Errorf("sandbox payment ended %s", got.Status)
	}
	return nil
}

func (t *guide) dedicated(ctx context.Context) error {
	d, err := t.c.Dedicated.Create(ctx, &gateway.DedicatedParams{AssetID: "USDT.TRC20", Reference: "tour-customer-42",
		Description: "coinsdk tour", AddressAlloc: gateway.AddressAllocNew, DedicateType: gateway.DedicateTypeUses})
	if err != nil {
		return err
	}
	t.printf("dedicated %s: %s on %s (%s)\n", d.DedicateID, d.Address, d.CryptoNetwork, d.Status)
	if t.sb != nil {
		tx, err := t.sb.PayDeposit(d.Address, decimal.RequireFromString("25.5"))
		if err != nil {
			return err
		}
		pid, err := t.sb.PaymentOf(tx)
		if err != nil {
			return err
		}
		t.printf("deposit of 25.5 USDT became payment %s\n", pid)
	}
	rel, err := t.c.Dedicated.Release(ctx, d.DedicateID)
	if err != nil {
		return err
	}
	t.printf("released: %s\n", rel.Status)
	return nil
}

func (t *guide) webhook(ctx context.Context) error {
	if t.inbox != nil {
		evs, err := t.inbox.Take()
		if err != nil {
			return fmt.Errorf("webhooks refused: %w", err)
		}
		for _, ev := range evs {
			t.printf("verified %-16s %-9s %s\n", ev.Type, ev.Kind, ev.DedupeKey())
		}
		if len(evs) == 0 {
			return errors.New("no webhook arrived")
		}
		return nil
	}
	// Against a real server nothing makes a payment arrive: verify a test
	// webhook signed with the store's webhook secret, as the service signs.
	body := []byte(`{"type":"notification","event":"payment.complete","payment":{"payment_id":"tour-test","status":"COMPLETE","ip_amount":"0.001","paid_amount":"26"}}`)
	signed, header, err := gateway.SignTestWebhook(t.webhookSecret, body)
	if err != nil {
		return err
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks/gateway", strings.NewReader(string(signed)))
	r.Header = header
	ev, err := t.c.Webhooks.Parse(r)
	if err != nil {
		return err
	}
	t.printf("verified test webhook %s (%s)\n", ev.Type, ev.SignatureCovers)
	return nil
}

func (t *guide) withdrawal(ctx context.Context) error {
	if !t.allowPayout {
		t.printf("skipped: set GATEWAY_ALLOW_PAYOUT=1 and GATEWAY_PAYOUT_ADDRESS to send one\n")
		return nil
	}
	amount, err := t.payoutAmountToSend(ctx)
	if err != nil {
		return err
	}
	ref := "tour-payout-" + uuid.NewString()[:8]
	w, err := t.c.Withdrawals.Create(ctx, &gateway.WithdrawalParams{Amount: amount, AssetID: t.payoutAsset,
		Address: t.payoutAddress, Reference: ref, Description: "coinsdk tour"})
	var unknown *gateway.WithdrawalUnknownError
	if errors.As(err, &unknown) {
		t.printf("outcome unknown for reference %s: NOT resending; check the store's withdrawal history\n", unknown.Reference)
		return err
	}
	if err != nil {
		return err
	}
	t.printf("withdrawal %s: %s %s to %s, fee %s %s, status %s (reference %s)\n", w.WithdrawID, w.Amount, w.AssetID, w.Address,
		w.Fee, w.FeeAssetID, w.Status, w.Reference())
	if t.sb != nil {
		if err := t.sb.CompletePayout(w.WithdrawID); err != nil {
			return err
		}
	}
	got, err := t.c.Withdrawals.Get(ctx, w.WithdrawID)
	if err != nil {
		return err
	}
	t.printf("now %s → %s\n", got.Status, got.Normalized())
	return nil
}

// payoutAmountToSend is GATEWAY_PAYOUT_AMOUNT, else the asset's minimum
// withdrawal from GET /assets.
func (t *guide) payoutAmountToSend(ctx context.Context) (decimal.Decimal, error) {
	if t.payoutAmount != "" {
		return decimal.NewFromString(t.payoutAmount)
	}
	assets, err := t.c.Assets.List(ctx)
	if err != nil {
		return decimal.Decimal{}, err
	}
	for _, a := range assets {
		if a.AssetID == t.payoutAsset && a.MinWithdrawalAmount.IsPositive() {
			return a.MinWithdrawalAmount, nil
		}
	}
	return decimal.Decimal{}, fmt.Errorf("no minimum withdrawal for %s: set GATEWAY_PAYOUT_AMOUNT", t.payoutAsset)
}
