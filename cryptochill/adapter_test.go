package cryptochill_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConformance runs the payments contract against the sandbox.
func TestConformance(t *testing.T) {
	t.Parallel()
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(sb.Close)
	rec := paymentstest.NewWebhookRecorder()
	t.Cleanup(rec.Close)
	sb.SetCallbackURL(rec.URL)
	cfg := cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackToken, ProfileID: sb.ProfileID}
	c, err := cryptochill.New(cfg, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	paymentstest.Run(t, paymentstest.Harness{
		PayInvoicePart: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Div(decimal.NewFromInt(4)).Truncate(8))
			return err
		},
		AdapterAt: func(baseURL string) (payments.Adapter, error) {
			c, err := cryptochill.New(cfg, option.WithBaseURL(baseURL))
			if err != nil {
				return nil, err
			}
			return cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
		},
		Adapter:  adapterFor(t, c),
		Invoice:  payments.InvoiceParams{Amount: payments.MustMoney("10.00", "USD"), Asset: "BTC"},
		Payout:   payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"},
		Deposit:  payments.DepositParams{Asset: "USDT-TRX", Customer: "customer-42"},
		Webhooks: rec,
		PayInvoice: func(_ context.Context, inv *payments.Invoice) error {
			tx, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
			if err != nil {
				return err
			}
			return sb.Confirm(tx)
		},
		CompletePayout: func(_ context.Context, p *payments.Payout) error { return sb.CompletePayout(p.ID) },
		InjectPayoutUnknownOutcome: func() {
			sb.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Path: "/v1/payouts/", Kind: cryptochilltest.FaultErrorAfterWork})
		},
		// CryptoChill's signature lives in the body, beside callback_id.
		BreakSignature: func(body []byte, h http.Header) ([]byte, http.Header) {
			return []byte(replaceJSONString(string(body), "signature", "00")), h
		},
		StripSignature: func(body []byte, h http.Header) ([]byte, http.Header) {
			return []byte(deleteJSONField(string(body), "signature")), h
		},
		PayInvoiceFraction: func(_ context.Context, inv *payments.Invoice, fraction decimal.Decimal) error {
			// Rounded up to the coin's 8 places, so that two halves pay
			// the whole and one half never does.
			tx, err := sb.PayInvoice(inv.ID, inv.Due.Amount.Mul(fraction).RoundCeil(8))
			if err != nil {
				return err
			}
			return sb.Confirm(tx)
		},
		PayDeposit: func(_ context.Context, d *payments.Deposit) error {
			tx, err := sb.PayDeposit(d.Address, decimal.NewFromInt(25))
			if err != nil {
				return err
			}
			return sb.Confirm(tx)
		},
		PayoutsMade: sb.PayoutsMade,
		InjectPayoutLookupFault: func() {
			// Every attempt of the lookup by reference_id fails (the
			// client makes three).
			sb.InjectFault(cryptochilltest.Fault{Method: http.MethodGet, Path: "/v1/payouts/", Kind: cryptochilltest.FaultUnavailable, Times: 3})
		},
	})
}

// deleteJSONField removes a top-level field.
func deleteJSONField(body, field string) string {
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return body
	}
	delete(m, field)
	b, _ := json.Marshal(m)
	return string(b)
}

// replaceJSONString swaps the value of a top-level string field.
func replaceJSONString(body, field, value string) string {
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber() // numbers keep their text, never binary floating point
	if err := dec.Decode(&m); err != nil {
		return body
	}
	m[field] = value
	b, _ := json.Marshal(m)
	return string(b)
}

// TestAdapterStatusesFromSandbox walks an invoice through partial and over
// payment and checks the normalized statuses the adapter reports.
func TestAdapterStatusesFromSandbox(t *testing.T) {
	t.Parallel()
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(sb.Close)
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID},
		option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	a := adapterFor(t, c)
	ctx := t.Context()
	inv, err := a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("100", "USD")})
	require.NoError(t, err)
	half := inv.Due.Amount.Div(decimal.NewFromInt(2))
	tx, err := sb.PayInvoice(inv.ID, half)
	require.NoError(t, err)
	require.NoError(t, sb.SetConfirmations(tx, 1))
	got, err := a.GetInvoice(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, payments.StatusUnderpaid, got.Status, "after half (%s)", got.ProviderStatus)
	require.Equal(t, half.String(), got.Received.Amount.String(), "after half: received")
	// Topping up with more than the rest overpays.
	tx2, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
	require.NoError(t, err)
	require.NoError(t, sb.Confirm(tx2))
	require.NoError(t, sb.Confirm(tx))
	got, err = a.GetInvoice(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, payments.StatusOverpaid, got.Status, "after overpayment (%s), received %s of %s", got.ProviderStatus, got.Received, got.Due)
	assert.Equal(t, payments.StatusOverpaid, payments.Advance(got.Status, payments.StatusConfirming), "a late confirming event downgraded a terminal status")
}

// TestAdapterDraftPayout: a payout over the key's Max Payout becomes a draft,
// reported as awaiting approval, until a key with Approve permission approves it.
func TestAdapterDraftPayout(t *testing.T) {
	t.Parallel()
	sb := cryptochilltest.NewServer(cryptochilltest.Options{MaxPayout: decimal.NewFromInt(10)})
	t.Cleanup(sb.Close)
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID},
		option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	approver, err := cryptochill.New(cryptochill.Config{APIKey: sb.ApproverKey, APISecret: sb.ApproverSecret}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	a := adapterFor(t, c)
	ctx := t.Context()
	p, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"})
	require.NoError(t, err)
	require.Equal(t, payments.StatusAwaitingApproval, p.Status, "provider status %s", p.ProviderStatus)
	_, err = c.Payouts.Approve(ctx, p.ID)
	require.Error(t, err, "the paying key approved its own draft")
	po, err := approver.Payouts.Approve(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, cryptochill.PayoutStatusNew, po.Status, "approved payout status")
}

// adapterFor is the adapter over c with the default options.
func adapterFor(t *testing.T, c *cryptochill.Client) *cryptochill.Adapter {
	t.Helper()
	a, err := cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
	require.NoError(t, err)
	return a
}
