package cryptopay_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newSandbox starts a sandbox delivering callbacks to callbackURL (none
// when empty) and returns a client talking to it.
func newSandbox(t testing.TB, opts cryptopaytest.Options, clientOpts ...option.Option) (*cryptopay.Client, *cryptopaytest.Server) {
	t.Helper()
	sb := cryptopaytest.NewServer(opts)
	t.Cleanup(sb.Close)
	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
		append([]option.Option{option.WithBaseURL(sb.URL)}, clientOpts...)...)
	require.NoError(t, err)
	return c, sb
}

// newRecordedSandbox is newSandbox with its callbacks sent to a webhook
// recorder, the setup of every adapter flow test.
func newRecordedSandbox(t testing.TB) (*cryptopay.Client, *cryptopaytest.Server, *paymentstest.WebhookRecorder) {
	t.Helper()
	rec := paymentstest.NewWebhookRecorder()
	t.Cleanup(rec.Close)
	c, sb := newSandbox(t, cryptopaytest.Options{CallbackURL: rec.URL})
	return c, sb, rec
}

func TestConformance(t *testing.T) {
	t.Parallel()
	c, sb, rec := newRecordedSandbox(t)
	a := newAdapter(t, c, cryptopay.AdapterOptions{})
	paymentstest.Run(t, paymentstest.Harness{
		Adapter:  a,
		Webhooks: rec,
		Invoice:  payments.InvoiceParams{Amount: payments.MustMoney("25.00", "EUR"), Asset: "BTC", Description: "Two books"},
		Payout:   payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		Deposit:  payments.DepositParams{Asset: "BTC", Customer: "customer-1", ConvertTo: "EUR"},
		PayInvoice: func(ctx context.Context, inv *payments.Invoice) error {
			return sb.PayInvoiceInFull(inv.ID)
		},
		PayInvoicePart: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Div(decimal.NewFromInt(4)).Truncate(8))
			return err
		},
		AdapterAt: func(baseURL string) (payments.Adapter, error) {
			c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
				option.WithBaseURL(baseURL))
			if err != nil {
				return nil, err
			}
			return cryptopay.NewAdapter(c, cryptopay.AdapterOptions{})
		},
		Parallel: 32,
		CompletePayout: func(ctx context.Context, p *payments.Payout) error {
			return sb.CompletePayout(p.ID)
		},
		InjectPayoutUnknownOutcome: func() {
			sb.InjectFault(cryptopaytest.Fault{Path: "/api/coin_withdrawals", Kind: cryptopaytest.FaultErrorAfterWork})
		},
		InjectPayoutLookupFault: func() {
			// One 500 on the lookup by custom_id: a GET without a reference
			// is not retried, so the fault hits exactly the settling lookup.
			sb.InjectFault(cryptopaytest.Fault{Method: http.MethodGet, Path: "/api/coin_withdrawals/custom_id/{custom_id}", Kind: cryptopaytest.FaultErrorAfterWork})
		},
		PayoutsMade: sb.PayoutsMade,
		PayInvoiceFraction: func(_ context.Context, inv *payments.Invoice, fraction decimal.Decimal) error {
			amount := inv.Due.Amount.Mul(fraction).Round(8)
			if _, err := sb.PayInvoice(inv.ID, amount); err != nil {
				return err
			}
			return sb.ConfirmInvoice(inv.ID)
		},
		PayDeposit: func(_ context.Context, d *payments.Deposit) error {
			txid, err := sb.PayDeposit(d.Address, decimal.RequireFromString("0.001"))
			if err != nil {
				return err
			}
			return sb.Confirm(txid)
		},
		SignatureHeader: cryptopay.HeaderSignature,
	})
}

// TestAdapterStatusFlow takes an invoice through under- and overpayment and
// a withdrawal through a failure that is not final.
func TestAdapterStatusFlow(t *testing.T) {
	t.Parallel()
	c, sb, rec := newRecordedSandbox(t)
	a := newAdapter(t, c, cryptopay.AdapterOptions{})
	ctx := t.Context()

	inv, err := a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("10", "EUR"), Asset: "BTC"})
	require.NoError(t, err)
	assert.Equal(t, payments.StatusPending, inv.Status)
	half := inv.Due.Amount.Div(decimal.NewFromInt(2)).Round(8)
	_, err = sb.PayInvoice(inv.ID, half)
	require.NoError(t, err)
	require.NoError(t, sb.ConfirmInvoice(inv.ID))
	got, err := a.GetInvoice(ctx, inv.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusUnderpaid, got.Status)
	assert.Equal(t, "unresolved:underpaid", got.ProviderStatus)

	// Every callback parses; the keys are distinct.
	keys := map[string]bool{}
	for _, r := range rec.Requests(0) {
		ev, err := a.ParseWebhook(r)
		require.NoError(t, err)
		assert.True(t, ev.BodyAuthenticated)
		assert.False(t, keys[ev.DedupeKey], "two notifications share a key: %s", ev.DedupeKey)
		keys[ev.DedupeKey] = true
	}

	// A failed withdrawal is not final.
	p, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"})
	require.NoError(t, err)
	require.NoError(t, sb.FailPayout(p.ID, "node down"))
	failed, err := a.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, string(cryptopay.CoinWithdrawalStatusFailed), failed.ProviderStatus)
	assert.False(t, failed.Status.IsTerminal(), "failed is %s, which must not be terminal", failed.Status)
	require.NoError(t, sb.CompletePayout(p.ID))
	done, err := a.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusCompleted, payments.Advance(failed.Status, done.Status))

	// Refresh with a verify-only service is unsupported, not a guess.
	v := cryptopay.NewWebhookVerifier(sb.CallbackSecret)
	ev, err := v.Parse(rec.Requests(0)[0])
	require.NoError(t, err)
	_, err = v.Refresh(ctx, ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
}

func TestAdapterDepositIsReused(t *testing.T) {
	t.Parallel()
	c, _ := newSandbox(t, cryptopaytest.Options{})
	a := newAdapter(t, c, cryptopay.AdapterOptions{})
	ctx := t.Context()
	d1, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: "cust-9"})
	require.NoError(t, err)
	d2, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: "cust-9"})
	require.NoError(t, err)
	assert.Equal(t, d1.ID, d2.ID, "the same customer and asset get the same channel")
	assert.Equal(t, d1.Address, d2.Address)
	var cl *cryptopay.Client
	require.True(t, a.As(&cl))
	assert.Same(t, c, cl)
}

func TestAdapterReusedReferenceWithOtherParams(t *testing.T) {
	t.Parallel()
	c, _ := newSandbox(t, cryptopaytest.Options{DuplicateCustomIDStatus: http.StatusUnprocessableEntity})
	a := newAdapter(t, c, cryptopay.AdapterOptions{})
	ctx := t.Context()
	p := payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Reference: "ref-42"}
	first, err := a.CreatePayout(ctx, &p)
	require.NoError(t, err)
	again, err := a.CreatePayout(ctx, &p)
	require.NoError(t, err, "the same call again answers the same payout")
	assert.Equal(t, first.ID, again.ID)
	other := p
	other.Amount = payments.MustMoney("0.005", "BTC")
	_, err = a.CreatePayout(ctx, &other)
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
	var rm *payments.ReferenceMismatchError
	assert.True(t, errors.As(err, &rm))
}

// TestWebhookAdapterVerifyOnly: with the callback secret alone, callbacks
// verify and parse (the body is signed); everything else is unsupported.
func TestWebhookAdapterVerifyOnly(t *testing.T) {
	t.Parallel()
	c, sb, rec := newRecordedSandbox(t)
	ctx := t.Context()
	amount := decimal.RequireFromString("0.001")
	_, err := c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: &amount})
	require.NoError(t, err)

	ev := paymentstest.RunVerifyOnly[cryptopay.Client](t, paymentstest.Harness{Adapter: cryptopay.NewWebhookAdapter(sb.CallbackSecret),
		Webhooks: rec, SignatureHeader: cryptopay.HeaderSignature,
		AdapterAt: func(string) (payments.Adapter, error) { return cryptopay.NewWebhookAdapter(sb.CallbackSecret), nil }})
	assert.Equal(t, payments.EventPayout, ev.Kind)
}

// TestAdapterPayoutShapes: a crypto amount is the received_amount; a fiat
// amount with an asset is the charged_amount converted; a tag travels as
// address?dt=<tag> and comes back split.
func TestAdapterPayoutShapes(t *testing.T) {
	t.Parallel()
	c, _ := newSandbox(t, cryptopaytest.Options{})
	a := newAdapter(t, c, cryptopay.AdapterOptions{NetworkFeeLevel: cryptopay.FeeLevelSlow})
	ctx := t.Context()

	fiat, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("20.00", "EUR"), Asset: "BTC",
		Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"})
	require.NoError(t, err)
	assert.Equal(t, "20 EUR", fiat.Amount.String())
	assert.Equal(t, "BTC", fiat.Asset)
	assert.Equal(t, "BTC", fiat.Sent.Currency)
	assert.True(t, fiat.Sent.Amount.IsPositive())

	xrp, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("25", "XRP"),
		Address: "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY", Tag: "12345"})
	require.NoError(t, err)
	assert.Equal(t, "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY", xrp.Address)
	assert.Equal(t, "12345", xrp.Tag)
	var cl *cryptopay.Client
	require.True(t, a.As(&cl))
	w, err := cl.CoinWithdrawals.Get(ctx, xrp.ID)
	require.NoError(t, err)
	assert.Equal(t, "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?dt=12345", w.Address)
	assert.Equal(t, cryptopay.FeeLevelSlow, w.NetworkFeeLevel)
}

// newAdapter is cryptopay.NewAdapter over a client that is there.
func newAdapter(t testing.TB, c *cryptopay.Client, opts cryptopay.AdapterOptions) *cryptopay.Adapter {
	t.Helper()
	a, err := cryptopay.NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}
