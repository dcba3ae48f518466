package cryptochill_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/internal/providertest"
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
	sb, c := sandbox(t, cryptochilltest.Options{})
	rec := paymentstest.NewWebhookRecorder()
	t.Cleanup(rec.Close)
	sb.SetCallbackURL(rec.URL)
	cfg := sandboxConfig(sb)
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
	sb, c := sandbox(t, cryptochilltest.Options{})
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
	sb, c := sandbox(t, cryptochilltest.Options{MaxPayout: decimal.NewFromInt(10)})
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

// sandbox starts a sandbox for the test (closed at its end) and a client of
// it with sandboxConfig.
func sandbox(t testing.TB, opts cryptochilltest.Options) (*cryptochilltest.Server, *cryptochill.Client) {
	t.Helper()
	sb := cryptochilltest.NewServer(opts)
	t.Cleanup(sb.Close)
	c, err := cryptochill.New(sandboxConfig(sb), option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	return sb, c
}

// sandboxConfig is the configuration of the sandbox's paying key, callback
// token and profile.
func sandboxConfig(sb *cryptochilltest.Server) cryptochill.Config {
	return cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackToken, ProfileID: sb.ProfileID}
}

// TestRefreshUnknownObjectIsNotFound: a genuine callback (signed with the
// profile's callback token) whose object the API does not know (404
// ObjectNotFound on the refresh) ends in an error matching
// payments.ErrNotFound, for each kind of object, so the webhooks handler can
// answer a 4xx instead of 503 for ever. It is never ErrProviderUnavailable
// (which the handler retries) nor a success.
func TestRefreshUnknownObjectIsNotFound(t *testing.T) {
	t.Parallel()
	sb, c := sandbox(t, cryptochilltest.Options{})
	a := adapterFor(t, c)
	mac := hmac.New(sha256.New, []byte(sb.CallbackToken))
	mac.Write([]byte("cb-unknown-1"))
	sig := hex.EncodeToString(mac.Sum(nil))
	for status, key := range map[string]string{"invoice_complete": "invoice", "transaction_complete": "transaction", "payout_complete": "payout"} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			body := `{"callback_id":"cb-unknown-1","callback_status":"` + status + `","signature":"` + sig +
				`","` + key + `":{"id":"00000000-0000-4000-8000-000000000000"}}`
			ev, err := a.ParseWebhook(paymentstest.NewRequest([]byte(body), http.Header{}))
			require.NoError(t, err, "a genuine callback parses")
			got, err := a.Refresh(t.Context(), ev)
			assert.Nil(t, got)
			require.ErrorIs(t, err, payments.ErrNotFound, "refresh of an object the API does not know")
			assert.NotErrorIs(t, err, payments.ErrProviderUnavailable)
			assert.True(t, strings.Contains(err.Error(), "404"), "the error says what the API answered: %v", err)
		})
	}
}

// TestOneClientManyGoroutines: 64 goroutines × 50 mixed calls (gets, lists,
// invoice creates, payout creates) through one client against the sandbox,
// which refuses a nonce at or below the last one it saw, as CryptoChill
// does. Requests overtake each other on the way; every refused one is
// resent freshly signed, and no call fails.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	sb, c := sandbox(t, cryptochilltest.Options{})
	sb.SetBalance("BTC", decimal.NewFromInt(1000))
	ctx := t.Context()
	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(10), Currency: "USD"})
	require.NoError(t, err)

	providertest.Concurrently(t, 64, 50, func(g, i int) error {
		var err error
		switch (g + i) % 4 {
		case 0:
			_, err = c.Invoices.Get(ctx, inv.ID)
		case 1:
			_, err = c.Invoices.List(ctx, &cryptochill.InvoiceListParams{})
		case 2:
			_, err = c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(5), Currency: "USD"})
		case 3:
			_, err = c.Payouts.Create(ctx, &cryptochill.PayoutParams{ProfileID: sb.ProfileID, Kind: "BTC",
				ReferenceID: fmt.Sprintf("conc-%d-%d", g, i),
				Recipients: []cryptochill.Recipient{{Amount: decimal.RequireFromString("0.0001"), Currency: "BTC",
					Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"}}})
		}
		return err
	})
}

// TestInvoicesAllWhileTheListGrows walks the sandbox's newest-first invoice
// list (25 a page) while it gains exactly one full page between the fetches
// of pages 1 and 2, so that page 2 answers what page 1 held. The walk goes
// on to the end: every invoice that existed when it started is yielded,
// none twice, and there is no error (it was ErrMalformed).
func TestInvoicesAllWhileTheListGrows(t *testing.T) {
	t.Parallel()
	sb, c := sandbox(t, cryptochilltest.Options{})
	ctx := t.Context()
	create := func(n int) []string {
		var ids []string
		for range n {
			inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(5), Currency: "USD", Kind: "BTC"})
			require.NoError(t, err)
			ids = append(ids, inv.ID)
		}
		return ids
	}
	before := create(30)
	seen := map[string]int{}
	n := 0
	for inv, err := range c.Invoices.All(ctx, nil) {
		require.NoError(t, err, "a list that grows while walked is walked to its end")
		seen[inv.ID]++
		if n++; n == 25 {
			create(25) // one full page, before page 2 is fetched
		}
		require.Less(t, n, 200, "the walk must end")
	}
	for id, k := range seen {
		assert.Equal(t, 1, k, "invoice %s yielded %d times", id, k)
	}
	for _, id := range before {
		assert.Contains(t, seen, id, "an invoice listed from the start was skipped")
	}
}
