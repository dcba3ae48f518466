package channels

import (
	"encoding/json"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// publishedTransaction lists the transaction's (callback-shaped) field names
// as channels-notes.md publishes them; nested objects as "info.x", "fees.x".
var publishedTransaction = []string{"callbackType", "id", "type", "status", "amount", "currency", "customerId", "orderId",
	"invoiceId", "applicationId", "network", "transactionHash", "hash",
	"info", "info.exchangeRate", "info.referenceAmount", "info.referenceCurrency", "info.referenceExchangeRate",
	"info.transactionAmount", "info.transactionCurrency",
	"fees", "fees.processing", "fees.technical", "eur", "usd", "senderDetails", "additionalParams"}

// jsonNames returns the JSON names of t's fields (prefix. for nested ones).
func jsonNames(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, prefix+name)
		ft := t.Field(i).Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft == reflect.TypeOf(TransactionInfo{}) || ft == reflect.TypeOf(Fees{}) || ft == reflect.TypeOf(wireInfo{}) || ft == reflect.TypeOf(wireFees{}) {
			out = append(out, jsonNames(ft, prefix+name+".")...)
		}
	}
	return out
}

// Every name the models decode is a published one (a guessed name is a
// defect), and every published name is decoded: the public model and the
// wire type alike.
func TestTransactionFieldNamesArePublished(t *testing.T) {
	t.Parallel()
	want := append([]string(nil), publishedTransaction...)
	sort.Strings(want)
	for name, typ := range map[string]reflect.Type{"Transaction": reflect.TypeOf(Transaction{}), "wireTransaction": reflect.TypeOf(wireTransaction{})} {
		got := jsonNames(typ, "")
		sort.Strings(got)
		assert.Equal(t, want, got, "%s's JSON names", name)
	}
}

// A callback carrying every published field decodes each of them.
func TestTransactionDecodesEveryPublishedField(t *testing.T) {
	t.Parallel()
	body, _, err := SignTestWebhook(testSecret, []byte(`{"callbackType":"transaction","id":"tx-9","type":"deposit","status":"confirmed",
		"amount":"10.50","currency":"tUSDT","customerId":"c-9","orderId":"o-9","invoiceId":"i-9","applicationId":"a-9","network":"TRON",
		"transactionHash":"0xh","info":{"exchangeRate":"1.01","referenceAmount":"10.4","referenceCurrency":"USD",
		"referenceExchangeRate":"0.99","transactionAmount":"10.50","transactionCurrency":"tUSDT"},
		"fees":{"processing":"0.1","technical":"0.2"},"eur":"9.7","usd":"10.4","senderDetails":{"name":"x"},"additionalParams":{"k":"v"}}`))
	require.NoError(t, err)
	ev, err := NewWebhookVerifier(testSecret).ParseBody(body, nil)
	require.NoError(t, err)
	tx := ev.Transaction
	d := func(n decimal.NullDecimal) string {
		require.True(t, n.Valid)
		return n.Decimal.String()
	}
	assert.Equal(t, []string{"transaction", "tx-9", "deposit", "confirmed", "10.50", "tUSDT", "c-9", "o-9", "i-9", "a-9", "TRON", "0xh"},
		[]string{tx.CallbackType, tx.ID, tx.Type, string(tx.Status), tx.AmountText, string(tx.Currency), tx.CustomerID, tx.OrderID, tx.InvoiceID,
			tx.ApplicationID, tx.Network, tx.TransactionHash})
	assert.NotEmpty(t, tx.Hash)
	assert.Equal(t, []string{"1.01", "10.4", "USD", "0.99", "10.5", "tUSDT", "0.1", "0.2", "9.7", "10.4"},
		[]string{d(tx.Info.ExchangeRate), d(tx.Info.ReferenceAmount), tx.Info.ReferenceCurrency, d(tx.Info.ReferenceExchangeRate),
			d(tx.Info.TransactionAmount), tx.Info.TransactionCurrency, d(tx.Fees.Processing), d(tx.Fees.Technical), d(tx.EUR), d(tx.USD)})
	assert.JSONEq(t, `{"name":"x"}`, string(tx.SenderDetails))
	assert.JSONEq(t, `{"k":"v"}`, string(tx.AdditionalParams))
}

// The sandbox answers and calls back with published names only.
func TestSandboxTransactionNamesArePublished(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, err := New(Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL), providertest.NoSleep())
	require.NoError(t, err)
	ch, err := c.Channels.Create(ctx, &ChannelParams{Currency: TUSDT, CustomerID: "c-1"})
	require.NoError(t, err)
	id, err := sb.PayDeposit(ch.Address, decimal.RequireFromString("3"))
	require.NoError(t, err)
	require.NoError(t, sb.Confirm(id))
	w, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: decimal.RequireFromString("1"), Currency: TUSDT, CustomerID: "c-1",
		Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"})
	require.NoError(t, err)
	published := map[string]bool{}
	for _, n := range publishedTransaction {
		published[n] = true
	}
	check := func(what string, raw []byte) {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &m), what)
		for k, v := range m {
			assert.True(t, published[k], "%s: %q is not a published name", what, k)
			if k == "info" || k == "fees" {
				var sub map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(v, &sub))
				for kk := range sub {
					assert.True(t, published[k+"."+kk], "%s: %q is not a published name", what, k+"."+kk)
				}
			}
		}
	}
	for _, txID := range []string{id, w.ID} {
		tx, err := c.Transactions.Get(ctx, txID)
		require.NoError(t, err)
		check("GET transaction "+tx.Type, tx.Raw)
	}
	check("withdrawal answer", w.Raw)
	for _, d := range sb.Deliveries() {
		check("callback", d.Body)
	}
	require.NotEmpty(t, sb.Deliveries())
}
