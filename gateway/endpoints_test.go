package gateway_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestAssetsList(t *testing.T) {
	t.Parallel()
	c := serving(t, http.MethodGet, "/assets", "assets.json")
	assets, err := c.Assets.List(t.Context())
	require.NoError(t, err)
	require.Len(t, assets, 1)
	a := assets[0]
	assert.Equal(t, "BTC", a.AssetID)
	assert.Equal(t, "0.00000001", a.MinSize.String(), "min_size 1e-08")
	assert.Equal(t, 8, a.Precision)
	assert.Equal(t, "0.0001", a.MinWithdrawalAmount.String())
	assert.Equal(t, "2400", a.MaxWithdrawalAmount.String())
	assert.Equal(t, 6, a.CryptoNetworkConfirmations)
	assert.NotEmpty(t, a.Raw)
}

func TestAccountsGet(t *testing.T) {
	t.Parallel()
	c := serving(t, http.MethodGet, "/accounts", "accounts.json")
	b, err := c.Accounts.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "281.34", b.Balance.String())
	require.Len(t, b.Accounts, 2)
	assert.Equal(t, "0.009821214514536778", b.Accounts[1].Balance.String())
	assert.Equal(t, "26046.990234375", b.Accounts[0].Rate.String())
	assert.Equal(t, "201.2", b.Accounts[0].BaseBalance.String())
	assert.Equal(t, time.Date(2023, 8, 22, 14, 3, 52, 0, time.UTC), b.Accounts[0].RateDate)
}

func TestConvert(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/convert", fixtureEcho(t, "convert.json", func(m map[string]any) {
		assert.Equal(t, json.Number("100.5"), m["from_amount"], "a JSON number from the decimal's text")
		assert.Equal(t, "USD", m["from_asset_id"])
		assert.Equal(t, "BTC", m["asset_id"])
	}))
	conv, err := c.Conversions.Convert(t.Context(), &gateway.ConvertParams{FromAmount: dec("100.5"), FromAssetID: "USD", AssetID: "BTC"})
	require.NoError(t, err)
	assert.Equal(t, "0.00369555", conv.Amount.String())
	assert.Equal(t, "0.00003695550182251254", conv.Rate.String(), "exponent form, every digit")
}

func TestPaymentCreateCrypto(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	var sent map[string]any
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", checked(t, func(req *http.Request) (*http.Response, error) {
		sent = requestBody(t, req)
		// Echo the payment with what was sent, as the service does.
		var p map[string]any
		require.NoError(t, json.Unmarshal(fixture(t, "payment.json"), &p))
		p["custom"], p["amount"], p["asset_id"] = sent["custom"], "0.00000001", "BTC"
		b, _ := json.Marshal(p)
		return jsonResponder(200, b)(req)
	}))
	p, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{
		Amount: dec("0.00000001"), AssetID: "BTC", PaymentAssetID: "BTC", PayerEmail: "a@b.example", PayerLang: "en",
		Description: "d", Reference: "order-1", Timeout: 60, DedicateID: "ded-1",
		CustomFields: gateway.CustomFields{Custom: `{"client_id":"c1","org_id":3}`, Custom1: "v1"},
		WebhookURL:   "https://shop.example/wh", SuccessURL: "https://shop.example/ok", CancelURL: "https://shop.example/ko",
	})
	require.NoError(t, err)
	assert.Equal(t, json.Number("0.00000001"), sent["amount"], "the decimal's text, never 1e-08 through binary floating point")
	assert.Equal(t, "FIXED_AMOUNT", sent["payment_type"])
	assert.Equal(t, `{"idempotence":"order-1","client_id":"c1","org_id":3}`, sent["custom"], "merchant's keys kept byte for byte")
	assert.Equal(t, "v1", sent["custom1"])
	assert.Equal(t, json.Number("60"), sent["timeout"])
	assert.Equal(t, "ded-1", sent["dedicate_id"])
	for _, k := range []string{"payer_email", "payer_lang", "description", "webhook_url", "success_url", "cancel_url"} {
		assert.NotEmpty(t, sent[k], k)
	}
	assert.Equal(t, "order-1", p.Reference())
	assert.Equal(t, "0.00003708847905797581", p.Rate.String())
	assert.Equal(t, " some value 1", p.Custom1, `key "custom1 " read`)
	assert.Equal(t, "some value 2", p.Custom2, `key " custom2 " read`)
	assert.Equal(t, gateway.PaymentStatusOpen, p.Status)
}

func TestPaymentCreateFiatOpenAmount(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", checked(t, func(req *http.Request) (*http.Response, error) {
		sent := requestBody(t, req)
		assert.Equal(t, "OPEN_AMOUNT", sent["payment_type"])
		assert.NotContains(t, sent, "amount", "an open amount without one sends none")
		assert.Equal(t, "cmoonpay", sent["fiat_provider"])
		assert.Equal(t, "EUR", sent["fiat_asset_id"])
		ref := sent["custom"].(string)
		b, _ := json.Marshal(map[string]any{"payment_id": "p1", "payment_type": "OPEN_AMOUNT", "status_type": "OPEN", "custom": ref, "amount": "0", "asset_id": "USD"})
		return jsonResponder(200, b)(req)
	}))
	p, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{PaymentType: gateway.PaymentTypeOpen, AssetID: "USD",
		PaymentAssetID: "BTC", FiatProvider: "cmoonpay", FiatAssetID: "EUR"})
	require.NoError(t, err)
	assert.NotEmpty(t, p.Reference(), "a UUID filled in")
	assert.Equal(t, gateway.PaymentStatusOpen, p.Status, "status_type read")
}

func TestPaymentGetListTransactions(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/payment/a%20b%2Fc", checked(t, jsonResponder(200, fixture(t, "payment.json"))))
	p, err := c.Payments.Get(t.Context(), "a b/c")
	require.NoError(t, err, "an id with a space and a slash is escaped once")
	assert.Equal(t, "341ba962-6ebf-4f3a-ae9-41c835a1dc26", p.Reference(), "the documentation's idempotence key")

	mt.RegisterResponder(http.MethodGet, testBase+"/payment/f2a/txs", checked(t, jsonResponder(200, fixture(t, "txs.json"))))
	txs, err := c.Payments.Transactions(t.Context(), "f2a")
	require.NoError(t, err)
	require.Len(t, txs, 1)
	assert.Equal(t, "0.0008", txs[0].Amount.String())
	assert.Equal(t, gateway.TransactionStatusComplete, txs[0].Status)

	var list []byte = append(append([]byte("["), fixture(t, "payment.json")...), ']')
	mt.RegisterResponder(http.MethodGet, testBase+"/payments", checked(t, func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		assert.Equal(t, "2021-01-31", q.Get("from"))
		assert.Equal(t, "2025-01-31", q.Get("to"))
		assert.Equal(t, "COMPLETE", q.Get("status"))
		assert.Equal(t, "USDT.TRC20", q.Get("asset_id"))
		assert.Equal(t, "0c1c57ac", q.Get("dedicate_id"))
		return jsonResponder(200, list)(req)
	}))
	got, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{From: time.Date(2021, 1, 31, 0, 0, 0, 0, time.UTC),
		To: time.Date(2025, 1, 31, 23, 0, 0, 0, time.UTC), Status: "COMPLETE", AssetID: "USDT.TRC20", DedicateID: "0c1c57ac"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "f2a681c0-34e6-4668-8cb4-f76bac6b81c3", got[0].PaymentID)
}

func TestWithdrawalCreateGet(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", fixtureEcho(t, "withdraw.json", func(sent map[string]any) {
		assert.Equal(t, json.Number("0.00333202"), sent["amount"])
		assert.Equal(t, true, sent["reallocate"])
		assert.Equal(t, true, sent["consolidate"])
		assert.NotContains(t, sent, "auto_realloc", "the field list, not the example")
		assert.Equal(t, "123456", sent["totp_code"])
	}, "custom", "address"))
	w, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.00333202"), AssetID: "BTC",
		Address: "bc1qec0djsvjhh0dg8mvsxc4u0tvk49t9jh7vd7gzp", Reference: "payout-7", Reallocate: true, Consolidate: true,
		TOTPCode: "123456", Timeout: 30})
	require.NoError(t, err)
	assert.Equal(t, "payout-7", w.Reference())
	assert.Equal(t, "0.0001", w.Fee.String())
	assert.Equal(t, gateway.WithdrawalStatusComplete, w.Status)

	mt.RegisterResponder(http.MethodGet, testBase+"/withdraw/6e50", checked(t, jsonResponder(200, fixture(t, "withdraw.json"))))
	got, err := c.Withdrawals.Get(t.Context(), "6e50")
	require.NoError(t, err)
	assert.Equal(t, "6e50075a-333e-43ba-ab1c-74f4fbaa783f", got.WithdrawID)
	assert.Equal(t, "some value 1", got.Custom1)
}

func TestDedicatedCreateRelease(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/dedicate", fixtureEcho(t, "dedicate.json", func(sent map[string]any) {
		assert.Equal(t, "POOL", sent["address_alloc"])
		assert.Equal(t, "ASSIGN", sent["dedicate_type"])
	}, "custom"))
	d, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", AddressAlloc: gateway.AddressAllocPool,
		DedicateType: gateway.DedicateTypeAssign, Reference: "cust-9"})
	require.NoError(t, err)
	assert.Equal(t, "cust-9", d.Reference())
	assert.Equal(t, "bc1qv2pqpdf3qq5q96djfgnlehn92a7e7n67wrcnqe", d.Address)
	assert.Equal(t, " some value 1", d.Custom1)

	mt.RegisterResponder(http.MethodPost, testBase+"/dedicate/f2a/release", checked(t, jsonResponder(200, fixture(t, "dedicate.json"))))
	rel, err := c.Dedicated.Release(t.Context(), "f2a")
	require.NoError(t, err)
	assert.Equal(t, "f2a681c0-34e6-4668-8cb4-f76bac6b81c3", rel.DedicateID)
}

func TestTransferCreate(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/transfer", fixtureEcho(t, "transfer.json", func(sent map[string]any) {
		assert.Equal(t, json.Number("30"), sent["amount"])
		assert.Equal(t, "daee91ff-d4b7-4bb1-8c4a-855f57f9af6b", sent["to_store_id"])
	}))
	tr, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{ToStoreID: "daee91ff-d4b7-4bb1-8c4a-855f57f9af6b",
		Amount: dec("30"), AssetID: "USDT.ERC20", Description: "api transfer"})
	require.NoError(t, err)
	assert.Equal(t, gateway.TransferStatusComplete, tr.Status, "status_type read")
	assert.Equal(t, "30", tr.Amount.String())
}

func TestEmptyListsAsNull(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/payment/p/txs", checked(t, jsonResponder(200, []byte("null"))))
	txs, err := c.Payments.Transactions(t.Context(), "p")
	require.NoError(t, err)
	assert.Empty(t, txs)
	mt.RegisterResponder(http.MethodGet, testBase+"/assets", checked(t, jsonResponder(200, []byte("{}"))))
	_, err = c.Assets.List(t.Context())
	assert.ErrorIs(t, err, payments.ErrMalformed, "an object where a list is due")
}

func TestMockTransportSeesNoOtherCalls(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(599, "unexpected"))
	_, err := c.Payments.Get(t.Context(), "")
	require.Error(t, err)
	assert.Equal(t, 0, mt.GetTotalCallCount(), "validation sends nothing")
}

// FindByReference walks the week a day at a time (bounded pages: the API
// has no pagination, so a day is a page), newest first, keeps only the
// matches, and reads every day so a duplicate on an older day is seen.
func TestFindByReferenceWalksDays(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	c, mt := newMock(t, option.WithClock(func() time.Time { return now }))
	payment := func(id, ref string) string {
		return `{"payment_id":"` + id + `","status":"OPEN","custom":"{\"idempotence\":\"` + ref + `\"}"}`
	}
	var days []string
	answers := map[string]string{}
	mt.RegisterResponder(http.MethodGet, testBase+"/payments", func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		assert.Equal(t, q.Get("from"), q.Get("to"), "one day per request")
		days = append(days, q.Get("from"))
		return jsonResponder(200, []byte("["+answers[q.Get("from")]+"]"))(req)
	})
	answers["2026-03-05"] = payment("p-old", "order-1") + "," + payment("p-other", "order-2")
	p, err := c.Payments.FindByReference(t.Context(), "order-1")
	require.NoError(t, err)
	assert.Equal(t, "p-old", p.PaymentID)
	assert.Equal(t, []string{"2026-03-11", "2026-03-10", "2026-03-09", "2026-03-08", "2026-03-07", "2026-03-06",
		"2026-03-05", "2026-03-04", "2026-03-03"}, days, "newest day first, ReferenceWindow through tomorrow")

	answers["2026-03-09"] = payment("p-new", "order-1")
	_, err = c.Payments.FindByReference(t.Context(), "order-1")
	require.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.NotErrorIs(t, err, payments.ErrMalformed)

	days = nil
	_, err = c.Payments.FindByReference(t.Context(), "order-3")
	require.ErrorIs(t, err, payments.ErrNotFound)
	assert.Len(t, days, 9)

	_, err = c.Payments.FindByReferenceBetween(t.Context(), "order-1", now.AddDate(-1, 0, 0), now)
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve, "a year is more than MaxReferenceDays requests")
}
