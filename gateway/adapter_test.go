package gateway_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// newSandbox starts a sandbox delivering webhooks to callbackURL and
// returns a client talking to it.
func newSandbox(t testing.TB, callbackURL string, opts ...option.Option) (*gateway.Client, *gatewaytest.Server) {
	t.Helper()
	sb := gatewaytest.NewServer(gatewaytest.Options{CallbackURL: callbackURL})
	t.Cleanup(sb.Close)
	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret},
		append([]option.Option{option.WithBaseURL(sb.URL)}, opts...)...)
	require.NoError(t, err)
	return c, sb
}

func TestConformance(t *testing.T) {
	t.Parallel()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	// WithdrawalWebhooks: the service documents none, but the suite wants a
	// payout event; the sandbox then sends the bare withdrawal object.
	sb := gatewaytest.NewServer(gatewaytest.Options{CallbackURL: rec.URL, WithdrawalWebhooks: true})
	defer sb.Close()
	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret},
		option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	a := newAdapter(t, c, gateway.AdapterOptions{PaymentAsset: "BTC"})
	paymentstest.Run(t, paymentstest.Harness{
		Adapter:  a,
		Webhooks: rec,
		Invoice:  payments.InvoiceParams{Amount: payments.MustMoney("100.00", "USD"), Asset: "BTC", Description: "Two books"},
		Payout:   payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "bc1qconformancepayoutaddress0000000000000"},
		Deposit:  payments.DepositParams{Asset: "BTC", Customer: "customer-1"},
		PayInvoice: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
			return err
		},
		PayInvoicePart: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Div(decimal.NewFromInt(3)).Truncate(8))
			return err
		},
		PayInvoiceFraction: func(_ context.Context, inv *payments.Invoice, f decimal.Decimal) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Mul(f).RoundUp(8)) // two halves cover the due amount
			return err
		},
		PayDeposit: func(_ context.Context, d *payments.Deposit) error {
			_, err := sb.PayDeposit(d.Address, decimal.RequireFromString("0.0025"))
			return err
		},
		CompletePayout: func(_ context.Context, p *payments.Payout) error {
			return sb.CompletePayout(p.ID)
		},
		AdapterAt: func(baseURL string) (payments.Adapter, error) {
			c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret},
				option.WithBaseURL(baseURL))
			if err != nil {
				return nil, err
			}
			return gateway.NewAdapter(c, gateway.AdapterOptions{PaymentAsset: "BTC"})
		},
		// The gateway cannot deduplicate a payout (no CapDedupePayout): the
		// suite checks that the repeat is refused and that exactly one
		// withdrawal was made.
		InjectPayoutUnknownOutcome: func() {
			sb.InjectFault(gatewaytest.Fault{Method: http.MethodPost, Path: "withdraw", Kind: gatewaytest.FaultErrorAfterWork})
		},
		PayoutsMade:     sb.PayoutsMade,
		SignatureHeader: gateway.HeaderSignature,
	})
}

// The verify-only adapter (webhook secret, no API credentials) meets the
// same contract for what it can do, and refuses the rest.
func TestWebhookAdapterConformance(t *testing.T) {
	t.Parallel()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	c, sb := newSandbox(t, rec.URL)
	_, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC"})
	require.NoError(t, err)
	paymentstest.RunVerifyOnly[gateway.Client](t, paymentstest.Harness{Adapter: gateway.NewWebhookAdapter(sb.WebhookSecret), Webhooks: rec,
		SignatureHeader: gateway.HeaderSignature,
		AdapterAt:       func(string) (payments.Adapter, error) { return gateway.NewWebhookAdapter(sb.WebhookSecret), nil }})
}

// A USD price with no paying asset is refused before any request, rather
// than sent as payment_asset_id USD (which the service answers with 422).
func TestCreateInvoiceNeedsAPayingAsset(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	a := newAdapter(t, c, gateway.AdapterOptions{})
	before := len(sb.Requests())
	_, err := a.CreateInvoice(t.Context(), &payments.InvoiceParams{Amount: payments.MustMoney("26", "USD"), Reference: "o-usd"})
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "asset", ve.Field)
	require.Len(t, sb.Requests(), before, "nothing sent")
	inv, err := a.CreateInvoice(t.Context(), &payments.InvoiceParams{Amount: payments.MustMoney("26", "USD"), Asset: "BTC", Reference: "o-btc"})
	require.NoError(t, err)
	require.Equal(t, "BTC", inv.Due.Currency)
	inv, err = newAdapter(t, c, gateway.AdapterOptions{PaymentAsset: "USDT.TRC20"}).CreateInvoice(t.Context(),
		&payments.InvoiceParams{Amount: payments.MustMoney("26", "USD"), Reference: "o-usdt"})
	require.NoError(t, err)
	require.Equal(t, "USDT.TRC20", inv.Due.Currency)
}
