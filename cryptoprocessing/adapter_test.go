package cryptoprocessing_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// payout creates a payout of 0.02 BTC to address, which must succeed.
func payout(t *testing.T, a *cryptoprocessing.Adapter, address string) *payments.Payout {
	t.Helper()
	p, err := a.CreatePayout(t.Context(), &payments.PayoutParams{Amount: payments.MustMoney("0.02", "BTC"), Address: address})
	require.NoError(t, err)
	return p
}

// sandboxClient is a client of a new sandbox started with opts.
func sandboxClient(t *testing.T, opts cryptoprocessingtest.Options) (*cryptoprocessing.Client, *cryptoprocessingtest.Server) {
	t.Helper()
	sb := cryptoprocessingtest.NewServer(opts)
	t.Cleanup(sb.Close)
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	return c, sb
}

// recordingAdapter is newSandboxAdapter delivering to a new recorder.
func recordingAdapter(t *testing.T) (*cryptoprocessing.Adapter, *cryptoprocessingtest.Server, *paymentstest.WebhookRecorder) {
	t.Helper()
	rec := paymentstest.NewWebhookRecorder()
	t.Cleanup(rec.Close)
	a, sb := newSandboxAdapter(t, rec)
	return a, sb, rec
}

// newSandboxAdapter starts a sandbox delivering callbacks to rec and
// returns an adapter talking to it.
func newSandboxAdapter(t *testing.T, rec *paymentstest.WebhookRecorder) (*cryptoprocessing.Adapter, *cryptoprocessingtest.Server) {
	t.Helper()
	opts := cryptoprocessingtest.Options{}
	if rec != nil {
		opts.CallbackURL = rec.URL
	}
	c, sb := sandboxClient(t, opts)
	a, err := cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{
		SuccessURL: "https://shop.example/paid",
		FailureURL: "https://shop.example/failed",
		Email:      "payer@example.com",
	})
	require.NoError(t, err)
	return a, sb
}

func TestConformance(t *testing.T) {
	t.Parallel()
	a, sb, rec := recordingAdapter(t)

	paymentstest.Run(t, paymentstest.Harness{
		Adapter:  a,
		Webhooks: rec,
		PayInvoicePart: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Div(decimal.NewFromInt(4)).Truncate(8))
			return err
		},
		AdapterAt: func(baseURL string) (payments.Adapter, error) {
			c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(baseURL))
			if err != nil {
				return nil, err
			}
			return cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{SuccessURL: "https://shop.example/paid",
				FailureURL: "https://shop.example/failed", Email: "payer@example.com"})
		},
		Invoice: payments.InvoiceParams{Amount: payments.MustMoney("10.00", "EUR"), Asset: "BTC", Description: "Two books"},
		Payout:  payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "bc1qconformancepayoutaddress0000000000000"},
		Deposit: payments.DepositParams{Asset: "BTC", Customer: "customer-1"},
		PayInvoice: func(ctx context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
			return err
		},
		CompletePayout: func(ctx context.Context, p *payments.Payout) error {
			return sb.CompletePayout(p.ID)
		},
		InjectPayoutUnknownOutcome: func() {
			sb.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultErrorAfterWork})
		},
		SignatureHeader: cryptoprocessing.HeaderSignature,
		PayInvoiceFraction: func(_ context.Context, inv *payments.Invoice, fraction decimal.Decimal) error {
			// Rounded up to BTC's 8 places, so that two halves pay the
			// whole and one half never does.
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Mul(fraction).RoundCeil(8))
			return err
		},
		PayDeposit: func(_ context.Context, d *payments.Deposit) error {
			tx, err := sb.PayDeposit(d.Address, decimal.RequireFromString("0.01"))
			if err != nil {
				return err
			}
			return sb.Confirm(tx)
		},
		PayoutsMade: sb.PayoutsMade,
		InjectPayoutLookupFault: func() {
			// Every attempt of the lookup by foreign_id fails (the client
			// makes three).
			sb.InjectFault(cryptoprocessingtest.Fault{Path: "transactions/info", Kind: cryptoprocessingtest.FaultUnavailable, Times: 3})
		},
	})
}

// A deposit arrives at an address, is confirmed, and both callbacks parse
// into payment events for the customer.
func TestAdapterDepositFlow(t *testing.T) {
	t.Parallel()
	a, sb, rec := recordingAdapter(t)
	ctx := t.Context()
	d, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "ETH", Customer: "customer-7", ConvertTo: "EUR"})
	require.NoError(t, err)
	txID, err := sb.PayDeposit(d.Address, decimal.RequireFromString("0.5"))
	require.NoError(t, err)
	require.NoError(t, sb.Confirm(txID))
	var statuses []payments.Status
	for _, r := range rec.Requests(0) {
		ev, err := a.ParseWebhook(r)
		require.NoError(t, err)
		assert.Equal(t, payments.EventPayment, ev.Kind)
		assert.Equal(t, "customer-7", ev.Customer)
		assert.Equal(t, d.Address, ev.DepositAddress)
		assert.Empty(t, ev.Reference, "a deposit carries no order reference")
		assert.Equal(t, cryptoprocessing.TypeDepositExchange, ev.Type)
		assert.Equal(t, "EUR", ev.Amount.Currency)
		assert.True(t, ev.Amount.Amount.IsPositive(), "amount %s", ev.Amount)
		statuses = append(statuses, ev.Status)
	}
	require.Equal(t, []payments.Status{payments.StatusConfirming, payments.StatusPaid}, statuses)
}

// XRP addresses carry a tag, surfaced on the Deposit.
func TestAdapterDepositTag(t *testing.T) {
	t.Parallel()
	a, _ := newSandboxAdapter(t, nil)
	d, err := a.CreateDepositAddress(t.Context(), &payments.DepositParams{Asset: "XRP", Customer: "customer-8"})
	require.NoError(t, err)
	assert.NotEmpty(t, d.Tag)
	assert.NotEmpty(t, d.Address)
	assert.Equal(t, "customer-8", d.Customer)
}

// A payout the sandbox declines ends failed, with the reason kept.
func TestAdapterPayoutDeclined(t *testing.T) {
	t.Parallel()
	a, sb, _ := recordingAdapter(t)
	ctx := t.Context()
	p := payout(t, a, "bc1qdeclinedpayoutaddress00000000000000000")
	require.NoError(t, sb.FailPayout(p.ID, "limit exceeded"))
	got, err := a.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, payments.StatusFailed, got.Status)
	require.Equal(t, "declined", got.ProviderStatus)
	// An invoice id is not a payout id.
	inv, err := a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("15", "EUR")})
	require.NoError(t, err)
	_, err = a.GetPayout(ctx, inv.ID)
	assert.ErrorIs(t, err, payments.ErrNotFound, "GetPayout(invoice id)")
}

// An invoice whose timer runs out is expired; cancelling it afterwards is
// refused with invalid_invoice_state.
func TestAdapterInvoiceExpiredAndCancel(t *testing.T) {
	t.Parallel()
	a, sb := newSandboxAdapter(t, nil)
	ctx := t.Context()
	inv, err := a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("20", "EUR"), Asset: "BTC", Reference: "order-exp"})
	require.NoError(t, err)
	require.Equal(t, "order-exp", inv.Reference)
	require.NotEmpty(t, inv.PaymentURL)
	require.Equal(t, payments.StatusPending, inv.Status)
	require.NoError(t, sb.ExpireInvoice(inv.ID))
	got, err := a.GetInvoice(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, payments.StatusExpired, got.Status, "provider status %s", got.ProviderStatus)
	var c *cryptoprocessing.Client
	require.True(t, a.As(&c), "As(**Client) failed")
	require.NotNil(t, c, "As(**Client) failed")
	_, err = c.Invoices.Cancel(ctx, "order-exp")
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr, "cancel expired invoice")
	require.Equal(t, cryptoprocessing.CodeInvalidInvoiceState, apiErr.Code, "cancel expired invoice")
}

// A verify-only adapter (only the signing secret, no API client) verifies
// and parses the sandbox's genuine callbacks, passes the conformance suite
// with CapWebhooks alone, and answers every API method with ErrUnsupported.
func TestWebhookAdapterVerifyOnly(t *testing.T) {
	t.Parallel()
	a, sb, rec := recordingAdapter(t)
	ctx := t.Context()
	dep, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: "verify-only"})
	require.NoError(t, err)
	_, err = sb.PayDeposit(dep.Address, decimal.RequireFromString("0.01"))
	require.NoError(t, err)

	v := cryptoprocessing.NewWebhookAdapter(sb.APISecret)
	paymentstest.RunVerifyOnly[cryptoprocessing.Client](t, paymentstest.Harness{Adapter: v, Webhooks: rec, SignatureHeader: cryptoprocessing.HeaderSignature,
		// A verify-only adapter makes no request: wherever it would point,
		// it is the same adapter.
		AdapterAt: func(string) (payments.Adapter, error) { return cryptoprocessing.NewWebhookAdapter(sb.APISecret), nil }})
	assert.NotContains(t, fmt.Sprintf("%+v", v), sb.APISecret)
}

// A withdrawal held for approval after the processing answer (pending) is
// shown as on hold, then completed when released: payments.Advance keeps
// every step, through the webhooks as delivered.
func TestAdapterPayoutHold(t *testing.T) {
	t.Parallel()
	a, sb, rec := recordingAdapter(t)
	ctx := t.Context()
	p := payout(t, a, "bc1qholdpayoutaddress000000000000000000000")
	require.Equal(t, payments.StatusProcessing, p.Status)
	from := rec.Len()
	require.NoError(t, sb.HoldPayout(p.ID))
	got, err := a.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusOnHold, got.Status, "provider status %s", got.ProviderStatus)
	require.NoError(t, sb.CompletePayout(p.ID))
	status := p.Status
	var seen []payments.Status
	for _, r := range rec.Requests(from) {
		ev, err := a.ParseWebhook(r)
		require.NoError(t, err)
		status = payments.Advance(status, ev.Status)
		seen = append(seen, status)
	}
	assert.Equal(t, []payments.Status{payments.StatusOnHold, payments.StatusCompleted}, seen)
}

// Refresh of an event whose object the API does not know (transactions/info
// answers 404) matches payments.ErrNotFound, never a retryable outage, so
// the webhooks handler answers a 4xx rather than 503 for ever.
func TestRefreshUnknownObjectIsNotFound(t *testing.T) {
	t.Parallel()
	a, _ := newSandboxAdapter(t, nil)
	for _, id := range []string{"999999999", "not-a-number"} {
		got, err := a.Refresh(t.Context(), &payments.Event{ObjectID: id})
		assert.Nil(t, got, id)
		require.ErrorIs(t, err, payments.ErrNotFound, id)
		assert.NotErrorIs(t, err, payments.ErrProviderUnavailable, id)
	}
}

// An invoice repeated under its foreign_id (the answer to a create whose
// outcome was unknown) while the lookup that would settle it fails is an
// unknown outcome, never ErrDuplicateReference; once the lookup works the
// repeat returns the invoice, and only one was made.
func TestAdapterInvoiceRepeatWhileLookupFails(t *testing.T) {
	t.Parallel()
	a, sb := newSandboxAdapter(t, nil)
	ctx := t.Context()
	params := payments.InvoiceParams{Amount: payments.MustMoney("12", "EUR"), Asset: "BTC", Reference: "order-lookup-fault"}
	first, err := a.CreateInvoice(ctx, &params)
	require.NoError(t, err)
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "transactions/info", Kind: cryptoprocessingtest.FaultUnavailable, Times: 3})
	got, err := a.CreateInvoice(ctx, &params)
	assert.Nil(t, got)
	providertest.OwnUnknownOutcome(t, err, params.Reference)
	again, err := a.CreateInvoice(ctx, &params)
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID)
	// Other parameters under the same foreign_id are someone else's.
	other := params
	other.Amount = payments.MustMoney("99", "EUR")
	_, err = a.CreateInvoice(ctx, &other)
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
}

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, cryptoprocessing.ProviderName, func() (*cryptoprocessing.Adapter, error) {
		return cryptoprocessing.NewAdapter(nil, cryptoprocessing.AdapterOptions{})
	})
}
