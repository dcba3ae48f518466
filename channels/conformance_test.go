package channels_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConformance runs the payments contract against the sandbox, a
// live-shaped account (its default), with the adapter's default options.
func TestConformance(t *testing.T) {
	t.Parallel()
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	sb.SetCallbackURL(rec.URL)
	c, err := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL),
		option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	require.NoError(t, err)
	a := newAdapter(t, c, channels.AdapterOptions{})
	var adaptersAt atomic.Int64
	paymentstest.Run(t, paymentstest.Harness{
		Adapter:  a,
		Webhooks: rec,
		// Invoice, PayInvoice and PayInvoicePart do not apply: the adapter
		// has no CapInvoices (XGateway's checkout invoices cannot be read
		// back by id, see Adapter), so the suite skips the invoice, the
		// partial-payment and the out-of-order invoice checks. Deposits are
		// paid and confirmed through the sandbox in sandbox_test.go.
		Payout:  payments.PayoutParams{Amount: payments.MustMoney("12.5", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"},
		Deposit: payments.DepositParams{Asset: "tUSDT", Customer: "customer-42"},
		// The suite's parallel check calls GetInvoice/CreateInvoice and
		// FindPayout, none of which channels offers (no CapInvoices, no
		// CapFindPayout): it runs but has nothing to call here.
		// TestOneClientManyGoroutines runs 64 goroutines of channel, withdrawal
		// and transaction calls through one client instead.
		Parallel: 64,
		// A client with the same credentials at baseURL: every call through
		// a redirect fails and the other host receives nothing (no x-api-key,
		// no withdrawal body).
		AdapterAt: func(baseURL string) (payments.Adapter, error) {
			adaptersAt.Add(1)
			c, err := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(baseURL),
				option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
			if err != nil {
				return nil, err
			}
			return channels.NewAdapter(c, channels.AdapterOptions{})
		},
		CompletePayout: func(_ context.Context, p *payments.Payout) error {
			return sb.CompletePayout(p.ID)
		},
		PayoutsMade: sb.PayoutsMade,
		InjectPayoutUnknownOutcome: func() {
			sb.InjectFault(channelstest.Fault{Method: http.MethodPost, Path: "/api/v2/withdrawal", Kind: channelstest.FaultErrorAfterWork})
		},
		// The repeat gets a minimal answer ({"id", "status"}), so the
		// adapter must read the transaction back, and that read fails.
		InjectPayoutLookupFault: func() {
			sb.AnswerMinimalWithdrawals(1)
			sb.InjectFault(channelstest.Fault{Method: http.MethodGet, Path: channelstest.FaultTransactionRead, Kind: channelstest.FaultErrorAfterWork})
		},
		PayDeposit: func(_ context.Context, d *payments.Deposit) error {
			id, err := sb.PayDepositIn(d.Address, d.Asset, decimal.RequireFromString("7.25"))
			if err != nil {
				return err
			}
			return sb.Confirm(id)
		},
		StripSignature: func(body []byte, h http.Header) ([]byte, http.Header) {
			// The hash travels in the body: remove the member.
			var m map[string]json.RawMessage
			if err := json.Unmarshal(body, &m); err != nil {
				return body, h
			}
			delete(m, "hash")
			out, _ := json.Marshal(m)
			return out, h
		},
		BreakSignature: func(body []byte, h http.Header) ([]byte, http.Header) {
			// The hash covers the amount: change it.
			return []byte(replaceOnce(string(body), `"amount":"`, `"amount":"9`)), h
		},
	})
	assert.EqualValues(t, 3, adaptersAt.Load(), "the suite's redirect check ran (307, 308, 302)")
}
