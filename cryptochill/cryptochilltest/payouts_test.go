package cryptochilltest_test

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// payoutParams is a one-recipient BTC payout request.
func payoutParams(profileID, amount, currency, ref string) map[string]any {
	p := map[string]any{
		"profile_id": profileID,
		"recipients": []any{map[string]any{"amount": amount, "currency": currency, "address": "tb1qrecipient", "notes": "n"}},
	}
	if ref != "" {
		p["reference_id"] = ref
	}
	return p
}

func TestPayoutCreateShapeAndDebit(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	// The documentation's example: 20 USD, 10 GBP and 0.01 BTC with the normal fee preset.
	m := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", map[string]any{
		"profile_id": srv.ProfileID, "passthrough": `{"user_id": 123}`, "reference_id": "unique-payout-id-123",
		"recipients": []any{
			map[string]any{"amount": "20", "currency": "USD", "address": "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ", "notes": "Notes 1"},
			map[string]any{"amount": "10", "currency": "GBP", "address": "2MzCZNNDrmUB55LzdXnmdaXH2h2nJJ9EhrL", "notes": "Notes 2"},
			map[string]any{"amount": "0.01", "currency": "BTC", "address": "2NC3zgngjjRWR7kbKzKYYPR2jpWh3QZHRML", "notes": "Notes 3"},
		},
	})
	po := m["result"]
	// 20/50000 = 0.0004, 12.70/50000 = 0.000254, + 0.01, + 0.00001 network fee.
	for want, path := range map[string][]any{
		"new":                  {"status"},
		"BTC":                  {"kind"},
		"<nil>":                {"txid"},
		"0":                    {"confirmations"},
		"testnet":              {"network"},
		"0.01066400":           {"amount", "total"},
		"0.00001000":           {"amount", "network_fee"},
		"merchant":             {"network_fee_pays"},
		"normal":               {"network_fee_preset"},
		"5":                    {"network_fee"},
		"unique-payout-id-123": {"reference_id"},
		"20.00000000":          {"recipients", 0, "amount", "requested", "amount"},
		"0.00040000":           {"recipients", 0, "amount", "received", "amount"},
		"0.00025400":           {"recipients", 1, "amount", "received", "amount"},
		"Notes 3":              {"recipients", 2, "notes"},
	} {
		assert.EqualValues(t, want, str(po, path...))
	}
	avail := srv.Balance("BTC")
	require.True(t, avail.Equal(mustDecimal("1.5").Sub(mustDecimal("0.010664"))), "BTC balance %s", avail)
	w := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/"+str(po, "wallet_id")+"/", nil)
	require.EqualValues(t, "Bitcoin", str(w, "name"), "Get Wallet (unwrapped) %v", w)
	require.EqualValues(t, avail.String(), str(w, "balances", "available"), "Get Wallet (unwrapped) %v", w)
	require.Nil(t, w["result"], "Get Wallet (unwrapped) %v", w)

	// Lists, filters and confirmations.
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", map[string]any{"reference_id": "unique-payout-id-123"})
	require.EqualValues(t, "1", str(l, "pagination", "count"), l)
	require.EqualValues(t, str(po, "id"), str(l, "result", 0, "id"), l)
	l = c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", map[string]any{"address": "2MzCZNNDrmUB55LzdXnmdaXH2h2nJJ9EhrL"})
	require.EqualValues(t, "1", str(l, "pagination", "count"), l)

	// Recipient pays the fee; custom fee; a preset.
	m = c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", map[string]any{
		"profile_id": srv.ProfileID, "network_fee_pays": "recipient", "network_fee_preset": "high",
		"recipients": []any{map[string]any{"amount": "0.001", "currency": "BTC", "address": "tb1qa", "fee_amount": "0.0001"}},
	})
	require.EqualValues(t, "0.00088000", str(m, "result", "recipients", 0, "amount", "received", "amount"), "recipient pays %v", m["result"])
	require.EqualValues(t, "0.00090000", str(m, "result", "amount", "total"), "recipient pays %v", m["result"])
	require.EqualValues(t, "10", str(m, "result", "network_fee"), "recipient pays %v", m["result"])
	require.EqualValues(t, "0.00010000", str(m, "result", "recipients", 0, "custom_fee", "amount"), "recipient pays %v", m["result"])

	// Insufficient funds.
	srv.SetBalance("BTC", mustDecimal("0.0001"))
	m = c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", ""))
	require.EqualValues(t, "InsufficientFunds", str(m, "reason"), m)
	srv.SetBalance("NOPE", mustDecimal("5"))
	assert.True(t, srv.Balance("NOPE").IsZero(), "an unknown currency has no balance")
	srv.SetBalance("BTC", mustDecimal("-1"))
	assert.True(t, srv.Balance("BTC").Equal(mustDecimal("0.0001")), "a negative balance is not set")
}

func TestPayoutDuplicateReference(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "order-1"))
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "order-1"))
	require.EqualValues(t, "error", str(m, "result"), m)
	require.EqualValues(t, "InvalidValue", str(m, "reason"), m)
	require.EqualValues(t, "Payout with this reference_id already exists.", str(m, "message"), m)
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", nil)
	require.EqualValues(t, "1", str(l, "pagination", "count"), "duplicate created a payout: %v", l["pagination"])
}

func TestPayoutLifecycle(t *testing.T) {
	t.Parallel()
	srv, c, rcv := sandbox(t, cryptochilltest.Options{MaxPayout: mustDecimal("100")})
	a := approver(srv)

	// Under Max Payout: new, then pending → confirmed → complete.
	po := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "50", "USD", "a"))["result"]
	id := str(po, "id")
	require.Nil(t, srv.SetPayoutConfirmations(id, 0))
	equalStrings(t, "broadcast", rcv.statuses(), []string{"payout_pending"})
	got := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/"+id+"/", nil)["result"]
	require.EqualValues(t, "pending", str(got, "status"), got)
	require.Len(t, str(got, "txid"), 64, got)
	require.NotEqualValues(t, "<nil>", str(got, "executed_at"), got)
	require.Nil(t, srv.CompletePayout(id))
	equalStrings(t, "complete", rcv.statuses(), []string{"payout_pending", "payout_confirmed", "payout_complete"})
	require.EqualValues(t, "complete", str(rcv.last(), "payout", "status"))
	conf := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/confirmations/", map[string]any{"id": []any{id}})
	require.EqualValues(t, "6", str(conf, "result", 0, "confirmations"), conf)
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", map[string]any{"txid": str(got, "txid")})
	require.EqualValues(t, "1", str(l, "pagination", "count"), l)
	require.ErrorIs(t, srv.FailPayout(id, "too late"), cryptochilltest.ErrInvalidState)

	// Over Max Payout: draft, no debit; the main key cannot approve, the approver can.
	before := srv.Balance("BTC")
	draft := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "500", "USD", "b"))["result"]
	require.EqualValues(t, "draft", str(draft, "status"), draft)
	after := srv.Balance("BTC")
	require.True(t, after.Equal(before), "draft debited: %s → %s", before, after)
	require.ErrorIs(t, srv.SetPayoutConfirmations(str(draft, "id"), 1), cryptochilltest.ErrInvalidState)
	m := c.must(t, http.StatusForbidden, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": true})
	require.EqualValues(t, "PermissionDenied", str(m, "reason"), m)
	a.must(t, http.StatusBadRequest, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": "yes"})
	a.must(t, http.StatusBadRequest, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{})
	ok := a.must(t, http.StatusOK, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": true})
	require.EqualValues(t, "new", str(ok, "result", "status"), ok)
	after = srv.Balance("BTC")
	require.True(t, after.Equal(before.Sub(mustDecimal("0.01001"))), "approved payout debit: %s → %s", before, after)
	a.must(t, http.StatusBadRequest, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": true})

	// Reject.
	draft2 := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "500", "USD", "c"))["result"]
	rej := a.must(t, http.StatusOK, http.MethodPut, "/v1/payouts/"+str(draft2, "id")+"/", map[string]any{"approve": false})
	require.EqualValues(t, "rejected", str(rej, "result", "status"), rej)

	// Fail refunds the wallet.
	rcv.reset()
	before = srv.Balance("BTC")
	require.Nil(t, srv.SetPayoutConfirmations(str(draft, "id"), 0))
	require.Nil(t, srv.FailPayout(str(draft, "id"), "network rejected the transaction"))
	equalStrings(t, "fail", rcv.statuses(), []string{"payout_pending", "payout_failed"})
	require.EqualValues(t, "failed", str(rcv.last(), "payout", "status"))
	after = srv.Balance("BTC")
	require.True(t, after.Equal(before.Add(mustDecimal("0.01001"))), "refund: %s → %s", before, after)
	require.ErrorIs(t, srv.SetPayoutConfirmations("nope", 1), cryptochilltest.ErrNotFound)

	// Hold: a new payout becomes a draft and is refunded; cancel rejects it.
	before = srv.Balance("BTC")
	held := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "50", "USD", "d"))["result"]
	require.NoError(t, srv.HoldPayout(str(held, "id")))
	got = c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/"+str(held, "id")+"/", nil)["result"]
	require.EqualValues(t, "draft", str(got, "status"), got)
	require.True(t, srv.Balance("BTC").Equal(before), "held payout refunded: %s → %s", before, srv.Balance("BTC"))
	require.ErrorIs(t, srv.HoldPayout(str(held, "id")), cryptochilltest.ErrInvalidState)
	require.NoError(t, srv.CancelPayout(str(held, "id"), "compliance"))
	got = c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/"+str(held, "id")+"/", nil)["result"]
	require.EqualValues(t, "rejected", str(got, "status"), got)
	require.ErrorIs(t, srv.CancelPayout(str(held, "id"), ""), cryptochilltest.ErrInvalidState)
	require.ErrorIs(t, srv.CancelPayout("nope", ""), cryptochilltest.ErrNotFound)

	// Cancel a new payout: rejected and refunded, no callback.
	rcv.reset()
	fresh := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "50", "USD", "e"))["result"]
	require.NoError(t, srv.CancelPayout(str(fresh, "id"), "merchant cancelled"))
	require.True(t, srv.Balance("BTC").Equal(before), "cancelled payout refunded: %s → %s", before, srv.Balance("BTC"))
	assert.Empty(t, rcv.statuses(), "a rejected payout sends no callback")
	assert.Equal(t, 5, srv.PayoutsMade(), "every payout made (a to e), whatever its status")
}
