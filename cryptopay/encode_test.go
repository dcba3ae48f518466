package cryptopay

import (
	"encoding/json"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestAmountsAreStrings: every request amount goes out as a JSON
// string, whatever decimal.MarshalJSONWithoutQuotes says. It flips a
// process-wide setting and restores it, so it must never call t.Parallel:
// a sequential test runs while every parallel test of the package is
// paused, so no other test sees the flipped setting.
func TestRequestAmountsAreStrings(t *testing.T) {
	// Not parallel: it sets decimal.MarshalJSONWithoutQuotes, which every encoder in the process reads.
	old := decimal.MarshalJSONWithoutQuotes
	t.Cleanup(func() { decimal.MarshalJSONWithoutQuotes = old })
	ten := decimal.RequireFromString("10.50")
	for _, without := range []bool{false, true} {
		decimal.MarshalJSONWithoutQuotes = without
		for name, tc := range map[string]struct {
			params any
			want   map[string]any
		}{
			"invoice": {&InvoiceParams{PriceAmount: ten, PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "r"},
				map[string]any{"price_amount": "10.5"}},
			"coin withdrawal": {(&CoinWithdrawalParams{Address: "a", Tag: "7", ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: dec("0.00100000"), CustomID: "r"}).wire(false),
				map[string]any{"received_amount": "0.001", "address": "a?dt=7"}},
			"coin withdrawal charged": {&CoinWithdrawalParams{Address: "a", ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: &ten, CustomID: "r"},
				map[string]any{"charged_amount_to_send": "10.5"}},
			"exchange transfer": {&ExchangeTransferParams{ChargedCurrency: "EUR", ChargedAmount: &ten, ReceivedCurrency: "BTC", CustomID: "r"},
				map[string]any{"charged_amount": "10.5", "received_amount": nil}},
			"exchange transfer received": {&ExchangeTransferParams{ChargedCurrency: "EUR", ReceivedAmount: &ten, ReceivedCurrency: "BTC", CustomID: "r"},
				map[string]any{"charged_amount": nil, "received_amount": "10.5"}},
			"subscription": {&SubscriptionParams{Name: "n", Amount: ten, Currency: "EUR", Period: PeriodMonth, PeriodQuantity: 1, StartsAt: time.Unix(0, 0).UTC(), PayerEmail: "p@example.com"},
				map[string]any{"amount": "10.5"}},
		} {
			b, err := apicall.JSONBody(tc.params)
			require.NoError(t, err, name)
			var got map[string]any
			require.NoError(t, json.Unmarshal(b, &got), name)
			for k, v := range tc.want {
				val, present := got[k]
				assert.True(t, present, "%s: %s is sent", name, k)
				assert.Equal(t, v, val, "%s (MarshalJSONWithoutQuotes=%v): %s in %s", name, without, k, b)
			}
			_, tag := got["Tag"]
			assert.False(t, tag, "%s: no Tag member", name)
		}
	}
	// Nothing else is sent either: the same members as before, no extra.
	b, err := apicall.JSONBody(&CoinWithdrawalParams{Address: "a", ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: dec("1"), CustomID: "r", ForceCommit: true})
	require.NoError(t, err)
	assert.JSONEq(t, `{"address":"a","charged_currency":"BTC","received_currency":"BTC","received_amount":"1","custom_id":"r","force_commit":true}`, string(b))
}
