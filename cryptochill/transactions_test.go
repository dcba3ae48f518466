package cryptochill

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

func TestTransactionsGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/transactions/9094fefe-3ac2-49b3-99ec-9b719331316c/",
		respond(t, 200, fixture(t, "transaction.json"), nil))
	tx, err := c.Transactions.Get(context.Background(), "9094fefe-3ac2-49b3-99ec-9b719331316c")
	if err != nil {
		t.Fatal(err)
	}
	if tx.ID != "9094fefe-3ac2-49b3-99ec-9b719331316c" || tx.Status != TransactionComplete || tx.Confirmations != 6 {
		t.Fatalf("transaction = %+v", tx)
	}
	if tx.Invoice == nil || tx.Invoice.ID != "47ad5fa7-0754-4ba8-bc2d-1cdd0dbcddaa" || tx.Invoice.Amount.Requested.Amount.String() != "10" {
		t.Errorf("invoice summary = %+v", tx.Invoice)
	}
	if got := tx.Amount.Paid.Amount.String(); got != "0.00293528" {
		t.Errorf("paid = %s", got)
	}
	if got := tx.Amount.Paid.Quotes["USD"].StringFixed(2); got != "10.00" {
		t.Errorf("paid quote = %s", got)
	}
	if got := tx.CurrencyRates["BTC"]["USD"].String(); got != "3406.83001280968" {
		t.Errorf("rate = %s", got)
	}
	if tx.ExecutedAt == nil || tx.ConfirmedAt == nil || tx.ConfirmedAt.Nanosecond() != 983230000 {
		t.Errorf("times = %v %v", tx.ExecutedAt, tx.ConfirmedAt)
	}
	if tx.ZeroConfStatus != nil || tx.Amount.PaidTotal != nil || len(tx.Raw) == 0 {
		t.Errorf("zero_conf_status %v, paid_total %v, raw %d bytes", tx.ZeroConfStatus, tx.Amount.PaidTotal, len(tx.Raw))
	}
}

func TestTransactionsGetCustomFee(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/transactions/x/", respond(t, 200, fixture(t, "transaction_custom_fee.json"), nil))
	tx, err := c.Transactions.Get(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if tx.Amount.PaidTotal == nil || tx.Amount.PaidTotal.Amount.String() != "0.02967564" || tx.Amount.PaidTotal.Quotes["USD"].String() != "101.71" {
		t.Errorf("paid_total = %+v", tx.Amount.PaidTotal)
	}
	if tx.ExecutedAt != nil || tx.ConfirmedAt != nil {
		t.Errorf("null times decoded as %v %v", tx.ExecutedAt, tx.ConfirmedAt)
	}
	if tx.Invoice.CustomFee == nil || tx.Invoice.CustomFee.Amount.String() != "0.0005" {
		t.Errorf("custom fee = %+v", tx.Invoice.CustomFee)
	}
}

func TestTransactionsListFilters(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	// Page 2 of 2, as asked (the pager refuses a page other than the one asked).
	page2 := strings.NewReplacer(`"num_pages": 1`, `"num_pages": 2`, `"page": 1`, `"page": 2`).Replace(fixture(t, "transactions_list.json"))
	mt.RegisterResponder("GET", testBase+"/v1/transactions/", respond(t, 200, page2,
		func(r *http.Request, p map[string]any) {
			for k, v := range map[string]string{"txid": "abc", "address": "3Q2s", "invoice_id": "inv-1", "p": "2"} {
				if r.URL.Query().Get(k) != v || p[k] != v {
					t.Errorf("%s: query %q payload %v", k, r.URL.Query().Get(k), p[k])
				}
			}
		}))
	page, err := c.Transactions.List(context.Background(), &TransactionListParams{Page: 2, TxID: "abc", Address: "3Q2s", InvoiceID: "inv-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.HasNext() || page.Pagination.Count != 12 || page.Items[0].TxID == "" {
		t.Fatalf("page = %+v", page)
	}
	n := 0
	for tx, err := range c.Transactions.All(context.Background(), &TransactionListParams{Page: 2, TxID: "abc", Address: "3Q2s", InvoiceID: "inv-1"}) {
		if err != nil {
			t.Fatal(err)
		}
		if len(tx.Raw) == 0 {
			t.Error("listed transaction has no Raw")
		}
		n++
	}
	if n != 1 {
		t.Errorf("All yielded %d", n)
	}
	for _, err := range c.Transactions.All(context.Background(), &TransactionListParams{Page: -1}) {
		if !errors.Is(err, payments.ErrValidation) {
			t.Errorf("negative page: %v", err)
		}
	}
}

func TestTransactionsConfirmations(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/transactions/confirmations/", respond(t, 200, fixture(t, "confirmations.json"),
		func(r *http.Request, p map[string]any) {
			ids, ok := p["id"].([]any)
			if !ok || len(ids) != 2 || ids[0] != "9094fefe-3ac2-49b3-99ec-9b719331316c" {
				t.Errorf("payload id = %#v", p["id"])
			}
		}))
	got, err := c.Transactions.Confirmations(context.Background(), "9094fefe-3ac2-49b3-99ec-9b719331316c", "47ad5fa7-0754-4ba8-bc2d-1cdd0dbcddaa")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Confirmations != 2 || got[1] != (Confirmation{ID: "47ad5fa7-0754-4ba8-bc2d-1cdd0dbcddaa", Confirmations: 7}) {
		t.Fatalf("confirmations = %+v", got)
	}
	if _, err := c.Transactions.Confirmations(context.Background()); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("no ids: %v", err)
	}
	if _, err := c.Transactions.Confirmations(context.Background(), "a", " "); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("empty id: %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// A confirmations query is a POST that changes nothing: its 5xx is a plain
// failure, not an unknown outcome.
func TestConfirmationsFailureIsNotUnknownOutcome(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/transactions/confirmations/", respond(t, 500, `{"result":"error","reason":"ServerError","message":"boom"}`, nil))
	_, err := c.Transactions.Confirmations(context.Background(), "a")
	if errors.Is(err, payments.ErrUnknownOutcome) || !errors.Is(err, payments.ErrProviderUnavailable) {
		t.Fatalf("err = %v", err)
	}
}
