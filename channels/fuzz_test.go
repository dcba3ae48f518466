package channels

import (
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/stretchr/testify/require"
)

// FuzzParseCallback feeds arbitrary bodies to the callback parser: it never
// panics, every error is one of the three webhook sentinels, and a body it
// accepts was hashed with the secret over exactly the fields it reports.
func FuzzParseCallback(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","customerId":"c","amount":"10.50","currency":"tUSDT","type":"deposit","status":"confirmed","hash":"x"}`,
		`{"id":"1","amount":1e999999999,"currency":"BTC","hash":"x"}`,
		`{"id":1,"amount":10.50,"currency":"BTC","hash":null}`,
		`{"info":{"exchangeRate":"N/A"},"fees":[],"eur":{}}`,
		`[]`, `null`, `"x"`, ``, `{"id":"\u0000"}`,
	} {
		f.Add([]byte(seed))
	}
	signed, _, _ := SignTestWebhook("fuzz-secret", []byte(`{"id":"t","amount":"0.10","currency":"ETH","type":"withdrawal","status":"failed"}`))
	f.Add(signed)
	v := NewWebhookVerifier("fuzz-secret")
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := v.ParseBody(body, nil)
		if err != nil {
			providertest.RequireWebhookSentinel(t, err)
			return
		}
		tx := ev.Transaction
		require.False(t, ev.BodyAuthenticated || ev.DedupeKey() != "", "a parsed callback claims an authenticated body")
		want := callbackHash("fuzz-secret", tx.ID, tx.CustomerID, tx.AmountText, string(tx.Currency))
		require.True(t, tx.Hash == want || strings.HasPrefix(want, strings.TrimSpace(tx.Hash)),
			"accepted a body whose hash is not ours: %q", tx.Hash)
	})
}

// FuzzTransactionAmount decodes arbitrary amount tokens through the SDK's
// own path (Transaction.decodeJSON, what answers and callbacks use): exact or
// refused, never a panic, and the text kept as received. Beside the amount,
// an orderId and a customerId that read as hostile numbers in exponent form
// are strings and never make a decode fail.
func FuzzTransactionAmount(f *testing.F) {
	for _, s := range []string{`"10.50"`, `10.50`, `"1e-8"`, `"-0"`, `""`, `null`, `"1e999999999"`, `1E+400`, `"0x10"`, `true`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		tx, err := decodeTransaction([]byte(`{"amount":` + token + `,"orderId":"12e45678","customerId":"1e999999999"}`))
		if err != nil {
			_, plainErr := decodeTransaction([]byte(`{"amount":` + token + `}`))
			require.Error(t, plainErr, "a number-looking orderId or customerId made the decode fail: %v", err)
			return
		}
		require.False(t, tx.AmountText != "" && tx.Amount.String() == "", "amount text without a value")
		require.Equal(t, "12e45678", tx.OrderID, "strings changed")
		require.Equal(t, "1e999999999", tx.CustomerID, "strings changed")
	})
}
