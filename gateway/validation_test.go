package gateway_test

import (
	"context"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every invalid call is a *payments.ValidationError naming the API's field,
// and sends nothing.
func TestValidation(t *testing.T) {
	t.Parallel()
	okPay := func() *gateway.PaymentParams {
		return &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC"}
	}
	okWd := func() *gateway.WithdrawalParams {
		return &gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr"}
	}
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name, field string
		call        func(c *gateway.Client) error
	}{
		{"nil ctx", "ctx", func(c *gateway.Client) error { _, err := c.Assets.List(nilCtx()); return err }},
		{"payment nil", "params", func(c *gateway.Client) error { _, err := c.Payments.Create(t.Context(), nil); return err }},
		{"payment zero", "amount", func(c *gateway.Client) error {
			p := okPay()
			p.Amount = dec("0")
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment negative", "amount", func(c *gateway.Client) error {
			p := okPay()
			p.Amount = dec("-1")
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment USD places", "amount", func(c *gateway.Client) error {
			p := okPay()
			p.Amount = dec("1.001")
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment BTC places", "amount", func(c *gateway.Client) error {
			p := okPay()
			p.AssetID, p.Amount = "BTC", dec("0.000000001")
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment USDT.TRC20 places", "amount", func(c *gateway.Client) error {
			p := okPay()
			p.AssetID, p.Amount = "USDT.TRC20", dec("1.0000001")
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment no asset", "asset_id", func(c *gateway.Client) error {
			p := okPay()
			p.AssetID = ""
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment bad asset", "asset_id", func(c *gateway.Client) error {
			p := okPay()
			p.AssetID = "US D"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment no payment asset", "payment_asset_id", func(c *gateway.Client) error {
			p := okPay()
			p.PaymentAssetID = ""
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment type", "payment_type", func(c *gateway.Client) error {
			p := okPay()
			p.PaymentType = "FIXED"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment timeout high", "timeout", func(c *gateway.Client) error {
			p := okPay()
			p.Timeout = 1441
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment timeout negative", "timeout", func(c *gateway.Client) error {
			p := okPay()
			p.Timeout = -1
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment fiat half", "fiat_provider", func(c *gateway.Client) error {
			p := okPay()
			p.FiatProvider = "cwert"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment email", "payer_email", func(c *gateway.Client) error {
			p := okPay()
			p.PayerEmail = "nope"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment lang", "payer_lang", func(c *gateway.Client) error {
			p := okPay()
			p.PayerLang = "de"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment url", "success_url", func(c *gateway.Client) error {
			p := okPay()
			p.SuccessURL = "/ok"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment two references", "custom", func(c *gateway.Client) error {
			p := okPay()
			p.Custom, p.Reference = `{"idempotence":"a"}`, "b"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment reference spaces", "reference", func(c *gateway.Client) error {
			p := okPay()
			p.Reference = " r"
			_, err := c.Payments.Create(t.Context(), p)
			return err
		}},
		{"payment get empty", "payment_id", func(c *gateway.Client) error { _, err := c.Payments.Get(t.Context(), " "); return err }},
		{"payment get dotdot", "payment_id", func(c *gateway.Client) error { _, err := c.Payments.Get(t.Context(), ".."); return err }},
		{"txs empty", "payment_id", func(c *gateway.Client) error { _, err := c.Payments.Transactions(t.Context(), ""); return err }},
		{"list nil", "params", func(c *gateway.Client) error { _, err := c.Payments.List(t.Context(), nil); return err }},
		{"list no from", "from", func(c *gateway.Client) error {
			_, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{To: day})
			return err
		}},
		{"list no to", "to", func(c *gateway.Client) error {
			_, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{From: day})
			return err
		}},
		{"list reversed", "to", func(c *gateway.Client) error {
			_, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{From: day, To: day.AddDate(0, 0, -1)})
			return err
		}},
		{"list status", "status", func(c *gateway.Client) error {
			_, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{From: day, To: day, Status: "PAID"})
			return err
		}},
		{"find empty", "reference", func(c *gateway.Client) error { _, err := c.Payments.FindByReference(t.Context(), ""); return err }},
		{"withdraw nil", "params", func(c *gateway.Client) error { _, err := c.Withdrawals.Create(t.Context(), nil); return err }},
		{"withdraw no address", "address", func(c *gateway.Client) error {
			w := okWd()
			w.Address = ""
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		}},
		{"withdraw address space", "address", func(c *gateway.Client) error {
			w := okWd()
			w.Address = "bc1 q"
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		}},
		{"withdraw zero", "amount", func(c *gateway.Client) error {
			w := okWd()
			w.Amount = dec("0")
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		}},
		{"withdraw places", "amount", func(c *gateway.Client) error {
			w := okWd()
			w.Amount = dec("0.000000001")
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		}},
		{"withdraw timeout", "timeout", func(c *gateway.Client) error {
			w := okWd()
			w.Timeout = 2000
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		}},
		{"withdraw asset", "withdraw_asset_id", func(c *gateway.Client) error {
			w := okWd()
			w.WithdrawAssetID = "B TC"
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		}},
		{"withdraw get", "withdraw_id", func(c *gateway.Client) error { _, err := c.Withdrawals.Get(t.Context(), ""); return err }},
		{"dedicate nil", "params", func(c *gateway.Client) error { _, err := c.Dedicated.Create(t.Context(), nil); return err }},
		{"dedicate asset", "asset_id", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{})
			return err
		}},
		{"dedicate alloc", "address_alloc", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", AddressAlloc: "REUSE"})
			return err
		}},
		{"dedicate type", "dedicate_type", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", DedicateType: "FOREVER"})
			return err
		}},
		{"release empty", "dedicate_id", func(c *gateway.Client) error { _, err := c.Dedicated.Release(t.Context(), ""); return err }},
		{"transfer nil", "params", func(c *gateway.Client) error { _, err := c.Transfers.Create(t.Context(), nil); return err }},
		{"transfer store", "to_store_id", func(c *gateway.Client) error {
			_, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{Amount: dec("1"), AssetID: "BTC"})
			return err
		}},
		{"transfer amount", "amount", func(c *gateway.Client) error {
			_, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{ToStoreID: "s", Amount: dec("-1"), AssetID: "BTC"})
			return err
		}},
		{"convert same", "asset_id", func(c *gateway.Client) error {
			_, err := c.Conversions.Convert(t.Context(), &gateway.ConvertParams{FromAmount: dec("1"), FromAssetID: "BTC", AssetID: "btc"})
			return err
		}},
		{"convert nil", "params", func(c *gateway.Client) error { _, err := c.Conversions.Convert(t.Context(), nil); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMock(t)
			mt.RegisterNoResponder(httpmock.NewStringResponder(599, "must not be called"))
			err := tc.call(c)
			var ve *payments.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.ErrorIs(t, err, payments.ErrValidation)
			assert.Zero(t, mt.GetTotalCallCount(), "no request goes out")
		})
	}
}

// nilCtx hides a nil context from vet.
func nilCtx() context.Context { return nil }

func TestNewValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg   gateway.Config
		field string
	}{
		{gateway.Config{APISecret: "s"}, "APIKey"},
		{gateway.Config{APIKey: "a:b", APISecret: "s"}, "APIKey"},
		{gateway.Config{APIKey: "k"}, "APISecret"},
		// A webhook secret means every genuine webhook is signed: accepting
		// unsigned ones too would accept header-stripped forgeries.
		{gateway.Config{APIKey: "k", APISecret: "s", WebhookSecret: "w", AcceptUnsignedWebhooks: true}, "AcceptUnsignedWebhooks"},
		{gateway.Config{APIKey: "k", APISecret: "s", PreviousWebhookSecrets: []string{"old"}, AcceptUnsignedWebhooks: true}, "AcceptUnsignedWebhooks"},
	} {
		_, err := gateway.New(tc.cfg, option.WithBaseURL(gateway.BucksBusTestBaseURL))
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, "%+v", tc.cfg)
		assert.Equal(t, tc.field, ve.Field)
	}
	// No host is a default: the API is white-label, and the key and secret
	// belong to one operator.
	for _, opts := range [][]option.Option{nil, {option.WithBaseURL("")}, {option.WithBaseURL("  ")}} {
		_, err := gateway.New(gateway.Config{APIKey: "k", APISecret: "s"}, opts...)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "BaseURL", ve.Field)
	}
	c, err := gateway.New(gateway.Config{APIKey: "k", APISecret: "s"}, option.WithBaseURL(gateway.BucksBusTestBaseURL))
	require.NoError(t, err)
	assert.Equal(t, gateway.BucksBusTestBaseURL, c.BaseURL())
	// Unsigned webhooks alone (a store without a secret) stay possible.
	_, err = gateway.New(gateway.Config{APIKey: "k", APISecret: "s", AcceptUnsignedWebhooks: true}, option.WithBaseURL(gateway.BucksBusTestBaseURL))
	require.NoError(t, err)
}

func TestPrecision(t *testing.T) {
	t.Parallel()
	for asset, want := range map[string]int32{"BTC": 8, "USDT.TRC20": 6, "USDT.ERC20": 6, "ETH": 18, "USD": 2, "TRX": 6} {
		got, ok := gateway.Precision(asset)
		assert.True(t, ok, asset)
		assert.Equal(t, want, got, asset)
	}
	_, ok := gateway.Precision("NOPE.X")
	assert.False(t, ok)
}
