package channels_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/require"
)

// TestConformance runs the payments contract against the sandbox.
func TestConformance(t *testing.T) {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	sb.SetCallbackURL(rec.URL)
	c, err := channels.New(channels.Config{APIKey: sb.APIKey, SecretKey: sb.SecretKey}, option.WithBaseURL(sb.URL),
		option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	require.NoError(t, err)
	a := channels.NewAdapter(c, channels.AdapterOptions{DemoAccount: true})
	paymentstest.Run(t, paymentstest.Harness{
		Adapter:  a,
		Webhooks: rec,
		Payout:   payments.PayoutParams{Amount: payments.MustMoney("12.5", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"},
		Deposit:  payments.DepositParams{Asset: "tUSDT", Customer: "customer-42"},
		CompletePayout: func(_ context.Context, p *payments.Payout) error {
			return sb.CompletePayout(p.ID)
		},
		InjectPayoutUnknownOutcome: func() {
			sb.InjectFault(channelstest.Fault{Method: http.MethodPost, Path: "/api/v2/withdrawal", Kind: channelstest.FaultErrorAfterWork})
		},
		BreakSignature: func(body []byte, h http.Header) ([]byte, http.Header) {
			// The hash covers the amount: change it.
			return []byte(replaceOnce(string(body), `"amount":"`, `"amount":"9`)), h
		},
	})
}
