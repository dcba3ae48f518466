package cryptochilltest_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/shopspring/decimal"
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
		if got := str(po, path...); got != want {
			t.Errorf("%v = %s, want %s", path, got, want)
		}
	}
	avail, _, _ := srv.Balance("BTC")
	if !avail.Equal(mustDecimal("1.5").Sub(mustDecimal("0.010664"))) {
		t.Fatalf("BTC balance %s", avail)
	}
	w := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/"+str(po, "wallet_id")+"/", nil)
	if str(w, "name") != "Bitcoin" || str(w, "balances", "available") != avail.String() || w["result"] != nil {
		t.Fatalf("Get Wallet (unwrapped) %v", w)
	}

	// Lists, filters and confirmations.
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", map[string]any{"reference_id": "unique-payout-id-123"})
	if str(l, "pagination", "count") != "1" || str(l, "result", 0, "id") != str(po, "id") {
		t.Fatal(l)
	}
	l = c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", map[string]any{"address": "2MzCZNNDrmUB55LzdXnmdaXH2h2nJJ9EhrL"})
	if str(l, "pagination", "count") != "1" {
		t.Fatal(l)
	}

	// Recipient pays the fee; custom fee; a preset.
	m = c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", map[string]any{
		"profile_id": srv.ProfileID, "network_fee_pays": "recipient", "network_fee_preset": "high",
		"recipients": []any{map[string]any{"amount": "0.001", "currency": "BTC", "address": "tb1qa", "fee_amount": "0.0001"}},
	})
	if str(m, "result", "recipients", 0, "amount", "received", "amount") != "0.00088000" ||
		str(m, "result", "amount", "total") != "0.00090000" || str(m, "result", "network_fee") != "10" ||
		str(m, "result", "recipients", 0, "custom_fee", "amount") != "0.00010000" {
		t.Fatalf("recipient pays %v", m["result"])
	}

	// Insufficient funds.
	if err := srv.SetBalance("BTC", mustDecimal("0.0001")); err != nil {
		t.Fatal(err)
	}
	m = c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", ""))
	if str(m, "reason") != "InsufficientFunds" {
		t.Fatal(m)
	}
	if err := srv.SetBalance("NOPE", decimal.Zero); !errors.Is(err, cryptochilltest.ErrInvalidArgument) {
		t.Fatal(err)
	}
}

func TestPayoutDuplicateReference(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "order-1"))
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "order-1"))
	if str(m, "result") != "error" || str(m, "reason") != "InvalidValue" || str(m, "message") != "Payout with this reference_id already exists." {
		t.Fatal(m)
	}
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", nil)
	if str(l, "pagination", "count") != "1" {
		t.Fatalf("duplicate created a payout: %v", l["pagination"])
	}
}

func TestPayoutLifecycle(t *testing.T) {
	srv, c, rcv := sandbox(t, cryptochilltest.Options{MaxPayout: mustDecimal("100")})
	a := approver(srv)

	// Under Max Payout: new, then pending → confirmed → complete.
	po := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "50", "USD", "a"))["result"]
	id := str(po, "id")
	if err := srv.CompletePayout(id, 0); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "broadcast", rcv.statuses(), []string{"payout_pending"})
	got := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/"+id+"/", nil)["result"]
	if str(got, "status") != "pending" || len(str(got, "txid")) != 64 || str(got, "executed_at") == "<nil>" {
		t.Fatal(got)
	}
	if err := srv.CompletePayout(id, 6); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "complete", rcv.statuses(), []string{"payout_pending", "payout_confirmed", "payout_complete"})
	if st := str(rcv.last(), "payout", "status"); st != "complete" {
		t.Fatal(st)
	}
	conf := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/confirmations/", map[string]any{"id": []any{id}})
	if str(conf, "result", 0, "confirmations") != "6" {
		t.Fatal(conf)
	}
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", map[string]any{"txid": str(got, "txid")})
	if str(l, "pagination", "count") != "1" {
		t.Fatal(l)
	}
	if err := srv.FailPayout(id, "too late"); !errors.Is(err, cryptochilltest.ErrInvalidState) {
		t.Fatal(err)
	}

	// Over Max Payout: draft, no debit; the main key cannot approve, the approver can.
	before, _, _ := srv.Balance("BTC")
	draft := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "500", "USD", "b"))["result"]
	if str(draft, "status") != "draft" {
		t.Fatal(draft)
	}
	if after, _, _ := srv.Balance("BTC"); !after.Equal(before) {
		t.Fatalf("draft debited: %s → %s", before, after)
	}
	if err := srv.CompletePayout(str(draft, "id"), 1); !errors.Is(err, cryptochilltest.ErrInvalidState) {
		t.Fatal(err)
	}
	m := c.must(t, http.StatusForbidden, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": true})
	if str(m, "reason") != "PermissionDenied" {
		t.Fatal(m)
	}
	a.must(t, http.StatusBadRequest, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": "yes"})
	a.must(t, http.StatusBadRequest, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{})
	ok := a.must(t, http.StatusOK, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": true})
	if str(ok, "result", "status") != "new" {
		t.Fatal(ok)
	}
	if after, _, _ := srv.Balance("BTC"); !after.Equal(before.Sub(mustDecimal("0.01001"))) {
		t.Fatalf("approved payout debit: %s → %s", before, after)
	}
	a.must(t, http.StatusBadRequest, http.MethodPut, "/v1/payouts/"+str(draft, "id")+"/", map[string]any{"approve": true})

	// Reject.
	draft2 := c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "500", "USD", "c"))["result"]
	rej := a.must(t, http.StatusOK, http.MethodPut, "/v1/payouts/"+str(draft2, "id")+"/", map[string]any{"approve": false})
	if str(rej, "result", "status") != "rejected" {
		t.Fatal(rej)
	}

	// Fail refunds the wallet.
	rcv.reset()
	before, _, _ = srv.Balance("BTC")
	if err := srv.CompletePayout(str(draft, "id"), 0); err != nil {
		t.Fatal(err)
	}
	if err := srv.FailPayout(str(draft, "id"), "network rejected the transaction"); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "fail", rcv.statuses(), []string{"payout_pending", "payout_failed"})
	if st := str(rcv.last(), "payout", "status"); st != "failed" {
		t.Fatal(st)
	}
	if after, _, _ := srv.Balance("BTC"); !after.Equal(before.Add(mustDecimal("0.01001"))) {
		t.Fatalf("refund: %s → %s", before, after)
	}
	if err := srv.CompletePayout("nope", 1); !errors.Is(err, cryptochilltest.ErrNotFound) {
		t.Fatal(err)
	}
}
